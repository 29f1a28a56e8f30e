// TrainingLog: rank 0's progress display (live bar on a terminal, a line every N steps otherwise) and the
// metrics JSONL file (per-step and per-epoch records).
import Foundation
import RouterModel

/// Appends JSON records to `metrics.jsonl` (one object per line).
public final class MetricsFile {
    let handle: FileHandle
    public let url: URL

    /// Opens `url` for appending; on resume keeps only records with `step <= keepThroughStep`, else truncates.
    public init(url: URL, keepThroughStep: Int?) throws {
        self.url = url
        var kept = Data()
        if let k = keepThroughStep, let old = FileManager.default.contents(atPath: url.path) {
            for line in old.split(separator: UInt8(ascii: "\n")) {
                if let obj = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                   let s = obj["step"] as? Int, s <= k {
                    kept.append(Data(line)); kept.append(UInt8(ascii: "\n"))
                }
            }
        }
        try kept.write(to: url)
        handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
    }

    /// Records not yet written to the file.
    var pending = Data()
    /// Monotonic time of the last write to the file.
    var lastFlush = now()

    /// Appends one record; the file is written at most every `flushSeconds` (and by `flush()`, at epoch ends,
    /// checkpoints and exit), so a per-step record costs no system call.
    public func write(_ record: [String: Any]) {
        var text = ""
        if Self.appendJSON(record, to: &text) {
            pending.append(contentsOf: text.utf8)
        } else {
            guard let d = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]) else { return }
            pending.append(d)
        }
        pending.append(UInt8(ascii: "\n"))
        if now() - lastFlush >= Self.flushSeconds { flush() }
    }

    /// One per-step record, written by `write(step:)` without building a dictionary.
    public struct StepRecord: Sendable {
        public var step: Int, epoch: Int
        /// Loss per head (`complexity`, `safety`, `budget`, `total`).
        public var loss: (complexity: Double, safety: Double, budget: Double, total: Double)
        public var lr: Double, embeddingLr: Double, gradNorm: Double, examplesPerSecond: Double
        public var commShare: Double, sparseSumShare: Double, sparsePath: String, workBalance: Double, seconds: Double

        public init(step: Int, epoch: Int, loss: (complexity: Double, safety: Double, budget: Double, total: Double), lr: Double,
                    embeddingLr: Double, gradNorm: Double, examplesPerSecond: Double, commShare: Double, sparseSumShare: Double,
                    sparsePath: String, workBalance: Double, seconds: Double) {
            self.step = step; self.epoch = epoch; self.loss = loss; self.lr = lr; self.embeddingLr = embeddingLr
            self.gradNorm = gradNorm; self.examplesPerSecond = examplesPerSecond; self.commShare = commShare
            self.sparseSumShare = sparseSumShare; self.sparsePath = sparsePath; self.workBalance = workBalance; self.seconds = seconds
        }

        /// The same record as a dictionary (what `write(_:)` takes; the bytes of both writes are equal).
        public var dictionary: [String: Any] {
            ["type": "step", "step": step, "epoch": epoch,
             "loss": ["complexity": loss.complexity, "safety": loss.safety, "budget": loss.budget, "total": loss.total],
             "lr": lr, "embedding_lr": embeddingLr, "grad_norm": gradNorm, "examples_per_second": examplesPerSecond,
             "comm_share": commShare, "sparse_sum_share": sparseSumShare, "sparse_path": sparsePath, "work_balance": workBalance,
             "seconds": seconds]
        }
    }

    /// Appends a per-step record: the bytes `write(record.dictionary)` would append (keys in sorted order), without
    /// the dictionary, its boxed values and the key sort. Rank 0 writes one every step while the other ranks wait
    /// for it at the next synchronization: with the dictionary it cost about 3.5% of a 2-rank bench step.
    public func write(step r: StepRecord) {
        var t = "{\"comm_share\":"
        t.reserveCapacity(400)
        t += jsonNumber(r.commShare)
        t += ",\"embedding_lr\":" + jsonNumber(r.embeddingLr)
        t += ",\"epoch\":" + String(r.epoch)
        t += ",\"examples_per_second\":" + jsonNumber(r.examplesPerSecond)
        t += ",\"grad_norm\":" + jsonNumber(r.gradNorm)
        t += ",\"loss\":{\"budget\":" + jsonNumber(r.loss.budget)
        t += ",\"complexity\":" + jsonNumber(r.loss.complexity)
        t += ",\"safety\":" + jsonNumber(r.loss.safety)
        t += ",\"total\":" + jsonNumber(r.loss.total)
        t += "},\"lr\":" + jsonNumber(r.lr)
        t += ",\"seconds\":" + jsonNumber(r.seconds)
        t += ",\"sparse_path\":" + jsonString(r.sparsePath)
        t += ",\"sparse_sum_share\":" + jsonNumber(r.sparseSumShare)
        t += ",\"step\":" + String(r.step)
        t += ",\"type\":\"step\",\"work_balance\":" + jsonNumber(r.workBalance)
        t += "}\n"
        pending.append(contentsOf: t.utf8)
        if now() - lastFlush >= Self.flushSeconds { flush() }
    }

    /// Appends `value` as compact JSON with sorted keys (numbers in shortest round-trip form, non-finite as null);
    /// false for a type it does not handle (the caller then uses JSONSerialization). JSONSerialization cost
    /// ~30% of rank 0's step time on the small bench model, which the other ranks then waited for.
    static func appendJSON(_ value: Any, to out: inout String) -> Bool {
        switch value {
        case let x as Int: out += String(x)
        case let x as Double: out += jsonNumber(x)
        case let x as Float: out += jsonNumber(Double(x))
        case let x as Bool: out += x ? "true" : "false"
        case let x as String: out += jsonString(x)
        case let d as [String: Any]:
            out += "{"
            for (i, k) in d.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                out += jsonString(k) + ":"
                if !appendJSON(d[k]!, to: &out) { return false }
            }
            out += "}"
        case let a as [Double]:
            out += "[" + a.map(jsonNumber).joined(separator: ",") + "]"
        default: return false
        }
        return true
    }

    /// Seconds between writes of buffered records.
    public static let flushSeconds = 1.0

    /// Writes the buffered records.
    public func flush() {
        if !pending.isEmpty { handle.write(pending); pending.removeAll(keepingCapacity: true) }
        lastFlush = now()
    }

    deinit { flush(); try? handle.close() }
}

/// Progress output of rank 0.
public struct ProgressPrinter {
    public let interactive: Bool
    public let every: Int

    /// `interactive: nil` = a live bar when stdout is a terminal (under mpirun stdout is a pseudo-terminal even
    /// when redirected, so the trainer passes false there); `RR_PROGRESS=bar|lines` overrides.
    public init(every: Int, interactive: Bool? = nil) {
        switch ProcessInfo.processInfo.environment["RR_PROGRESS"] {
        case "bar": self.interactive = true
        case "lines": self.interactive = false
        default: self.interactive = interactive ?? (isatty(STDOUT_FILENO) != 0)
        }
        self.every = every
    }

    /// Shows step progress: a redrawn bar on a terminal, one line every `every` steps otherwise.
    public func step(epoch: Int, epochs: Int, stepInEpoch: Int, stepsPerEpoch: Int, step: Int, totalSteps: Int,
                     loss: HeadLosses, examplesPerSecond: Double, eta: Double) {
        guard interactive || step % every == 0 || stepInEpoch == stepsPerEpoch else { return }  // nothing to format
        let text = String(format: "epoch %d/%d step %d/%d (global %d/%d) loss %.4f [c %.4f s %.4f b %.4f] %.0f ex/s ETA %@",
                          epoch + 1, epochs, stepInEpoch, stepsPerEpoch, step, totalSteps, loss.total, loss.complexity,
                          loss.safety, loss.budget, examplesPerSecond, formatDuration(eta))
        if interactive {
            let width = 24, filled = stepsPerEpoch == 0 ? 0 : width * stepInEpoch / stepsPerEpoch
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardOutput.write(Data("\r\u{1B}[K[\(bar)] \(text)".utf8))
        } else if step % every == 0 || stepInEpoch == stepsPerEpoch {
            print(text)
            fflush(nil)
        }
    }

    /// Ends a live bar line before regular output.
    public func endLine() {
        if interactive { print("") }
    }
}

/// "1m05s" style duration.
func formatDuration(_ s: Double) -> String {
    guard s.isFinite, s >= 0 else { return "?" }
    let t = Int(s.rounded())
    return t >= 60 ? "\(t / 60)m\(String(format: "%02d", t % 60))s" : "\(t)s"
}
