import Foundation
import RouterModel

/// The JSONL mode of `swift-route`: one JSON decision (or error) per input line, in input order.
///
/// Input lines are JSON objects with `text` (a non-empty string) and an optional `id` (string or number).
/// Output per line: the `DecisionRecord` wire form with the input's `id` (null when absent), or
/// `{"line": n, "id": ..., "error": "..."}` for a line that cannot be routed; the run goes on.
public enum JSONLRouting {
    /// Counts of a run.
    public struct Summary: Sendable, Equatable {
        public var lines = 0
        public var routed = 0
        public var errors = 0
    }

    /// A parsed input line: its id as a JSON fragment ("null" when absent) and its text.
    struct Item { var idJSON: String; var text: String }

    /// Routes `lines` in batches of `batchSize`, calling `write` with each output line (no newline) in order.
    @discardableResult
    public static func run(router: QueryRouter, lines: some Sequence<String>, batchSize: Int = 64,
                           write: (String) -> Void) -> Summary {
        precondition(batchSize > 0, "batchSize must be > 0")
        var summary = Summary()
        var pending: [(line: Int, parsed: Result<Item, LineError>)] = []
        func flush() {
            let ok = pending.compactMap { try? $0.parsed.get() }
            var decisions = router.route(ok.map(\.text)).makeIterator()
            for p in pending {
                switch p.parsed {
                case .success(let item):
                    write(encode(decisions.next()!, idJSON: item.idJSON))
                    summary.routed += 1
                case .failure(let e):
                    write(errorLine(line: p.line, idJSON: e.idJSON, message: e.message))
                    summary.errors += 1
                }
            }
            pending.removeAll(keepingCapacity: true)
        }
        for line in lines {
            summary.lines += 1
            pending.append((summary.lines, parse(line)))
            if pending.count == batchSize { flush() }
        }
        if !pending.isEmpty { flush() }
        return summary
    }

    /// Why one input line was not routed.
    struct LineError: Error { var idJSON: String; var message: String }

    /// Parses one input line into an item or a line error.
    static func parse(_ line: String) -> Result<Item, LineError> {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failure(LineError(idJSON: "null", message: "empty line: expected a JSON object with \"text\""))
        }
        guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) else {
            return .failure(LineError(idJSON: "null", message: "invalid JSON"))
        }
        guard let dict = obj as? [String: Any] else {
            return .failure(LineError(idJSON: "null", message: "expected a JSON object with \"text\", got \(type(of: obj))"))
        }
        var idJSON = "null"
        if let id = dict["id"], !(id is NSNull) {
            guard id is String || id is NSNumber,
                  let d = try? JSONSerialization.data(withJSONObject: id, options: [.fragmentsAllowed]) else {
                return .failure(LineError(idJSON: "null", message: "field \"id\": expected a string or a number"))
            }
            idJSON = String(decoding: d, as: UTF8.self)
        }
        guard let raw = dict["text"] else { return .failure(LineError(idJSON: idJSON, message: "missing field \"text\"")) }
        guard let text = raw as? String else { return .failure(LineError(idJSON: idJSON, message: "field \"text\": expected a string")) }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .failure(LineError(idJSON: idJSON, message: "field \"text\" is empty"))
        }
        return .success(Item(idJSON: idJSON, text: text))
    }

    /// `{"id": <idJSON>, ...DecisionRecord fields}` on one line.
    static func encode(_ d: Decision, idJSON: String) -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = String(decoding: (try? enc.encode(DecisionRecord(d))) ?? Data("{}".utf8), as: UTF8.self)
        return "{\"id\":\(idJSON)," + body.dropFirst()
    }

    /// `{"line": n, "id": ..., "error": "..."}`.
    static func errorLine(line: Int, idJSON: String, message: String) -> String {
        let msg = (try? JSONSerialization.data(withJSONObject: message, options: [.fragmentsAllowed]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "\"error\""
        return "{\"line\":\(line),\"id\":\(idJSON),\"error\":\(msg)}"
    }
}
