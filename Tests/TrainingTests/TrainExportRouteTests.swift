import Checkpointing
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RouterModel
import RouterRuntime
import SpectrumData
import XCTest

/// The whole path a user takes: train with `swift-train`, export a bundle, route with the runtime, the
/// `swift-route` CLI and the `swift-route serve` HTTP server (SIGHUP reload, SIGTERM exit).
final class TrainExportRouteTests: XCTestCase {
    static var swiftRoute: String { URL(fileURLWithPath: Harness.binary).deletingLastPathComponent().appendingPathComponent("swift-route").path }

    func trainAndExport() throws -> (ws: URL, bundle: URL, texts: [String]) {
        let (ws, config) = try Harness.workspace("e2e", epochs: 2)
        let r = try Harness.train(config, [])
        XCTAssertEqual(r.status, 0, r.err)
        let bundle = ws.appendingPathComponent("bundle")
        let e = try Harness.shell(Harness.binary, ["export", "--checkpoint", ws.appendingPathComponent("out").path, "--out", bundle.path])
        XCTAssertEqual(e.status, 0, e.err + e.out)
        let texts = try loadSpectrumJSONL(path: ws.appendingPathComponent("val.jsonl").path).map(\.text)
        return (ws, bundle, texts)
    }

    func testTrainExportLoadGivesIdenticalDecisions() throws {
        let (ws, bundle, texts) = try trainAndExport()
        defer { try? FileManager.default.removeItem(at: ws) }
        let folder = try CheckpointLocator.resolve(ws.appendingPathComponent("out").path)
        let trained = try ModelFiles.load(CheckpointStore.load(folder).files, folder: folder.path)
        let router = try QueryRouter(contentsOf: bundle)
        XCTAssertEqual(router.route(texts), trained.route(texts), "bundle and best checkpoint decide alike")
        // The CLI's JSONL mode: one record per line, in order, the same modes.
        let input = ws.appendingPathComponent("q.jsonl")
        try texts.prefix(20).enumerated().map { #"{"id": "q\#($0.offset)", "text": \#(String(decoding: try JSONEncoder().encode($0.element), as: UTF8.self))}"# }
            .joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let out = try Harness.shell(Self.swiftRoute, ["--bundle", bundle.path, "--jsonl", input.path])
        XCTAssertEqual(out.status, 0, out.err)
        let lines = out.out.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(lines.map { $0["id"] as? String }, (0..<20).map { "q\($0)" })
        XCTAssertEqual(lines.map { $0["mode"] as? String }, router.route(Array(texts.prefix(20))).map(\.mode.rawValue))
    }

    /// `swift-route --policy FILE`, `--safety-threshold` and `--budget-scale` change the bundle's policy for that
    /// run; a misspelt field is refused with its name.
    func testRoutePolicyOverridesFromTheCommandLine() throws {
        let (ws, bundle, texts) = try trainAndExport()
        defer { try? FileManager.default.removeItem(at: ws) }
        let input = ws.appendingPathComponent("q.jsonl")
        try texts.prefix(30).map { #"{"text": \#(String(decoding: try JSONEncoder().encode($0), as: UTF8.self))}"# }
            .joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        func route(_ extra: [String]) throws -> [[String: Any]] {
            let r = try Harness.shell(Self.swiftRoute, ["--bundle", bundle.path, "--jsonl", input.path] + extra)
            XCTAssertEqual(r.status, 0, r.err)
            return r.out.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        }
        let plain = try route([])
        XCTAssertTrue(plain.contains { $0["rule"] as? String != "risky" }, "the test needs queries the bundle does not flag")
        // Threshold 0: every query is flagged (P(risky) >= 0).
        let pol = ws.appendingPathComponent("policy.json")
        try #"{"safetyThreshold": 0}"#.write(to: pol, atomically: true, encoding: .utf8)
        XCTAssertEqual(Set(try route(["--policy", pol.path]).map { $0["rule"] as? String }), ["risky"])
        // The threshold flag wins over the file (applied after it), and the budget scale doubles unclamped budgets.
        let unflagged = try route(["--policy", pol.path, "--safety-threshold", "1"])
        XCTAssertFalse(unflagged.contains { $0["rule"] as? String == "risky" && ($0["risky"] as? Double ?? 0) < 1 })
        // The budget scale multiplies the predicted p90 (clamps opened by the file, so the tiny model's budgets show).
        let wide = ws.appendingPathComponent("wide.json")
        try #"{"briefRange": {"min": 0, "max": 1000000}, "deliberateRange": {"min": 0, "max": 1000000}, "safetyBudgetFloor": 0}"#
            .write(to: wide, atomically: true, encoding: .utf8)
        let one = try route(["--policy", wide.path]), two = try route(["--policy", wide.path, "--budget-scale", "2"])
        var compared = 0
        for (a, b) in zip(one, two) where a["mode"] as? String != "instant" {
            let q = a["budget_quantiles"] as! [String: Double], ta = a["budget_tokens"] as! Int, tb = b["budget_tokens"] as! Int
            XCTAssertEqual(Double(ta), q["p90"]!, accuracy: 1, "\(a)")
            XCTAssertEqual(Double(tb), 2 * q["p90"]!, accuracy: 2, "\(a) \(b)")
            compared += 1
        }
        XCTAssertGreaterThan(compared, 0, "the test needs queries given reasoning")
        // A misspelt field: refused, named, with the suggestion.
        try #"{"budgetScael": 2}"#.write(to: pol, atomically: true, encoding: .utf8)
        let bad = try Harness.shell(Self.swiftRoute, ["--bundle", bundle.path, "--policy", pol.path, "hello"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.err.contains("budgetScael") && bad.err.contains(#"did you mean "budgetScale""#), bad.err)
        let range = try Harness.shell(Self.swiftRoute, ["--bundle", bundle.path, "--safety-threshold", "2", "hello"])
        XCTAssertNotEqual(range.status, 0)
        XCTAssertTrue(range.err.contains("safetyThreshold must be in [0, 1], got 2"), range.err)
    }

    /// Two seeds of one config exported as an ensemble with the CLI: the bundle routes with the averaged outputs
    /// under the policy refitted on them, `swift-route` and `swift-train eval` use it, and a missing --validation is
    /// refused before anything is read.
    func testEnsembleExportRouteAndEvalFromTheCommandLine() throws {
        let (ws, config) = try Harness.workspace("ens", epochs: 1)
        defer { try? FileManager.default.removeItem(at: ws) }
        let runs = [ws.appendingPathComponent("s1"), ws.appendingPathComponent("s2")]
        for (i, run) in runs.enumerated() {
            let r = try Harness.train(config, ["--seed", "\(i + 1)", "--out", run.path])
            XCTAssertEqual(r.status, 0, r.err)
        }
        let val = ws.appendingPathComponent("val.jsonl").path
        let bundle = ws.appendingPathComponent("ens")
        let noVal = try Harness.shell(Harness.binary, ["export", "--checkpoint", runs[0].path, "--checkpoint", runs[1].path, "--out", bundle.path])
        XCTAssertNotEqual(noVal.status, 0)
        XCTAssertTrue(noVal.err.contains("--validation"), noVal.err)
        let e = try Harness.shell(Harness.binary, ["export", "--checkpoint", runs[0].path, "--checkpoint", runs[1].path,
                                                   "--validation", val, "--out", bundle.path, "--no-onnx"])
        XCTAssertEqual(e.status, 0, e.err + e.out)
        XCTAssertTrue(e.out.contains("ensemble of 2"), e.out)

        let members = try runs.map { try QueryRouter(contentsOf: $0).model }
        let records = try loadSpectrumJSONL(path: val)
        let texts = records.map(\.text)
        let router = try QueryRouter(contentsOf: bundle)
        XCTAssertEqual(router.outputs(texts), try RouterEnsemble(members).outputs(texts))
        XCTAssertEqual(router.policy.fit?.examples, records.count, "thresholds fitted on the validation file")

        let input = ws.appendingPathComponent("q.jsonl")
        try texts.prefix(10).enumerated().map { #"{"id": "q\#($0.offset)", "text": \#(String(decoding: try JSONEncoder().encode($0.element), as: UTF8.self))}"# }
            .joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let out = try Harness.shell(Self.swiftRoute, ["--bundle", bundle.path, "--jsonl", input.path])
        XCTAssertEqual(out.status, 0, out.err)
        let modes = out.out.split(separator: "\n").map { (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["mode"] as? String }
        XCTAssertEqual(modes, router.route(Array(texts.prefix(10))).map(\.mode.rawValue))

        // PATH:heads keeps only some heads of a member: safety from the second seed, complexity and budget from the first.
        let mixed = ws.appendingPathComponent("mixed")
        let m = try Harness.shell(Harness.binary, ["export", "--checkpoint", runs[0].path + ":complexity,budget", "--checkpoint", runs[1].path + ":safety",
                                                   "--validation", val, "--out", mixed.path, "--no-onnx"])
        XCTAssertEqual(m.status, 0, m.err + m.out)
        let mr = try QueryRouter(contentsOf: mixed)
        XCTAssertEqual(mr.ensemble.members.map(\.description.model.heads), [["complexity", "budget"], ["safety"]])
        XCTAssertEqual(mr.outputs(texts).map(\.risky), members[1].outputs(texts).map(\.risky))
        XCTAssertEqual(mr.outputs(texts).map(\.complexity), members[0].outputs(texts).map(\.complexity))

        let report = ws.appendingPathComponent("eval")
        let ev = try Harness.shell(Harness.binary, ["eval", "--checkpoint", bundle.path, "--data", val, "--out", report.path])
        XCTAssertEqual(ev.status, 0, ev.err)
        let md = try String(contentsOf: report.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("ensemble bundle (2 models)"), "the report names the ensemble")
    }

    func get(_ url: String) async throws -> (Int, String) {
        let (data, res) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((res as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    func testServeReloadsOnSIGHUPAndExitsCleanlyOnSIGTERM() async throws {
        let (ws, bundle, _) = try trainAndExport()
        defer { try? FileManager.default.removeItem(at: ws) }
        let port = 20_000 + Int(getpid() % 20_000)
        // Started directly (not under timeout(1), which would turn SIGHUP into SIGTERM); killed in the defer.
        let server = (process: Process(), log: ws.appendingPathComponent("serve.log"))
        server.process.executableURL = URL(fileURLWithPath: Self.swiftRoute)
        server.process.arguments = ["serve", "--bundle", bundle.path, "--host", "127.0.0.1", "--port", "\(port)"]
        FileManager.default.createFile(atPath: server.log.path, contents: nil)
        server.process.standardOutput = FileHandle(forWritingAtPath: server.log.path)
        server.process.standardError = server.process.standardOutput
        try server.process.run()
        defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }
        var up = false
        for _ in 0..<100 where !up {
            up = (try? await get("http://127.0.0.1:\(port)/healthz"))?.0 == 200
            if !up { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        XCTAssertTrue(up, "server did not come up: \((try? String(contentsOf: ws.appendingPathComponent("serve.log"), encoding: .utf8)) ?? "")")
        var req = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/route")!)
        req.httpMethod = "POST"
        req.httpBody = Data(#"{"queries": ["what is 2 + 2?", "plan a 3-day trip to rome with a $900 budget, vegetarian food and no early mornings"]}"#.utf8)
        let (data, res) = try await URLSession.shared.data(for: req)
        XCTAssertEqual((res as? HTTPURLResponse)?.statusCode, 200)
        let decisions = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["decisions"] as? [[String: Any]]
        XCTAssertEqual(decisions?.count, 2)
        // SIGHUP: reload the bundle from disk; /healthz counts the reload and the server keeps answering.
        kill(server.process.processIdentifier, SIGHUP)
        var reloaded = false
        for _ in 0..<50 where !reloaded {
            reloaded = (try? await get("http://127.0.0.1:\(port)/healthz"))?.1.contains(#""reloads":1"#) == true
            if !reloaded { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        XCTAssertTrue(reloaded, "SIGHUP did not reload")
        // SIGTERM: graceful shutdown, exit 0.
        kill(server.process.processIdentifier, SIGTERM)
        let t0 = Date()
        while server.process.isRunning && Date().timeIntervalSince(t0) < 20 { try await Task.sleep(nanoseconds: 100_000_000) }
        XCTAssertFalse(server.process.isRunning, "server still running 20 s after SIGTERM")
        XCTAssertEqual(server.process.terminationStatus, 0)
    }
}
