import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import RouterModel
import Synchronization
import XCTest
@testable import RouteServer

/// A deterministic stand-in for a loaded bundle: simple for short texts, high for long ones; `version` tags reloads.
struct FakeRouter: QueryRouting {
    let version: Int
    var description: String { "fake-v\(version)" }
    func route(_ texts: [String]) -> [Decision] {
        texts.map { t in
            let out = t.count < 20 ? RouterOutput(complexity: [0.9, 0.05, 0.05], risky: 0.01, budgetQuantiles: [0.5: 0, 0.9: 0])
                                   : RouterOutput(complexity: [0.05, 0.15, 0.8], risky: 0.02, budgetQuantiles: [0.5: 900, 0.9: Double(1000 + version)])
            return RoutingPolicy().decide(out)
        }
    }
}

final class RouteServerTests: XCTestCase {
    final class FailFlag: Sendable { let on = Atomic<Bool>(false) }
    final class Counter: Sendable { let n = Atomic<Int>(0) }

    func makeServer(_ config: ServerConfiguration = ServerConfiguration(), fail: FailFlag = FailFlag()) throws -> RouteServer {
        let counter = Counter()
        let r = try ReloadableRouter {
            if fail.on.load(ordering: .relaxed) { throw CocoaError(.fileReadCorruptFile) }
            return FakeRouter(version: counter.n.add(1, ordering: .relaxed).newValue)
        }
        return RouteServer(router: r, config: config)
    }

    func app(_ s: RouteServer) -> some ApplicationProtocol {
        Application(router: s.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func post(_ client: some TestClientProtocol, _ body: String) async throws -> (Int, [String: Any]) {
        try await client.execute(uri: "/v1/route", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { res in
            let obj = (try? JSONSerialization.jsonObject(with: Data(res.body.readableBytesView))) as? [String: Any] ?? [:]
            return (Int(res.status.code), obj)
        }
    }

    func testSingleAndBatchQueries() async throws {
        let s = try makeServer()
        try await app(s).test(.router) { client in
            let (code, obj) = try await Self.post(client, #"{"query": "hi"}"#)
            XCTAssertEqual(code, 200)
            let d = try XCTUnwrap(obj["decision"] as? [String: Any])
            XCTAssertEqual(d["mode"] as? String, "instant")
            XCTAssertEqual(d["budget_tokens"] as? Int, 0)
            XCTAssertNotNil((d["complexity"] as? [String: Any])?["moderate"])
            XCTAssertNotNil((d["budget_quantiles"] as? [String: Any])?["p90"])
            let (c2, o2) = try await Self.post(client, #"{"queries": ["hi", "plan a two week trip to japan with a budget and constraints"]}"#)
            XCTAssertEqual(c2, 200)
            let ds = try XCTUnwrap(o2["decisions"] as? [[String: Any]])
            XCTAssertEqual(ds.map { $0["mode"] as? String }, ["instant", "deliberate"])
        }
    }

    func testClientErrorsAre4xxWithJSON() async throws {
        var cfg = ServerConfiguration()
        cfg.maxBodyBytes = 200
        cfg.maxQueries = 3
        cfg.maxQueryCharacters = 50
        let s = try makeServer(cfg)
        try await app(s).test(.router) { client in
            let cases: [(String, Int, String)] = [
                ("{not json", 400, "not valid JSON"),
                (#"{"q": "x"}"#, 400, "missing field"),
                (#"{"query": 5}"#, 400, "field \"query\""),
                (#"{"query": "a", "queries": ["b"]}"#, 400, "not both"),
                (#"{"queries": []}"#, 400, "empty"),
                (#"{"queries": ["a","b","c","d"]}"#, 413, "limit is 3"),
                (#"{"query": "   "}"#, 422, "query is empty"),
                (#"{"query": "\#(String(repeating: "x", count: 60))"}"#, 422, "limit is 50"),
                (#"{"query": "\#(String(repeating: "x", count: 300))"}"#, 413, "larger than 200 bytes"),
            ]
            for (body, status, msg) in cases {
                let (code, obj) = try await Self.post(client, body)
                XCTAssertEqual(code, status, body)
                let e = obj["error"] as? [String: Any]
                XCTAssertTrue((e?["message"] as? String ?? "").contains(msg), "\(body): \(String(describing: e))")
            }
            // The server still answers after every error.
            let (ok, _) = try await Self.post(client, #"{"query": "hi"}"#)
            XCTAssertEqual(ok, 200)
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            XCTAssertTrue(metrics.contains(#"router_errors_total{status="413"} 2"#), metrics)
            XCTAssertTrue(metrics.contains(#"router_decisions_total{mode="instant"} 1"#), metrics)
            XCTAssertTrue(metrics.contains("router_request_duration_seconds_bucket"), metrics)
            for help in ["# HELP router_requests_total Route requests received.", "# HELP router_errors_total Requests answered with an error.",
                         "# HELP router_request_duration_seconds Latency of /v1/route requests.", "# TYPE router_queries_total counter"] {
                XCTAssertTrue(metrics.contains(help), help)
            }
        }
    }

    func testHealthzAndReloadUnderConcurrentLoad() async throws {
        let fail = FailFlag()
        let s = try makeServer(fail: fail)
        try await app(s).test(.live) { client in
            let health = try await client.execute(uri: "/healthz", method: .get) { String(buffer: $0.body) }
            XCTAssertTrue(health.contains("fake-v1"))
            // 8 concurrent clients x 40 requests while the bundle is reloaded 5 times: every request succeeds.
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        var codes: [Int] = []
                        for i in 0..<40 {
                            let (c, _) = try await RouteServerTests.post(client, #"{"queries": ["hi", "a long query about planning a trip number \#(i)"]}"#)
                            codes.append(c)
                        }
                        return codes
                    }
                }
                group.addTask {
                    for _ in 0..<5 {
                        let c = try await client.execute(uri: "/admin/reload", method: .post) { Int($0.status.code) }
                        XCTAssertEqual(c, 200)
                    }
                    return []
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            XCTAssertEqual(statuses.count, 320)
            XCTAssertTrue(statuses.allSatisfy { $0 == 200 })
            XCTAssertEqual(s.router.reloadCount, 5)
            // A failing reload keeps the previous model serving.
            fail.on.store(true, ordering: .relaxed)
            let c = try await client.execute(uri: "/admin/reload", method: .post) { Int($0.status.code) }
            XCTAssertEqual(c, 500)
            let after = try await client.execute(uri: "/healthz", method: .get) { String(buffer: $0.body) }
            XCTAssertTrue(after.contains("fake-v6"), after)
        }
    }

    func testAdminReloadRefusesNonLoopback() {
        XCTAssertTrue(RouteServer.isLoopback(try! SocketAddress(ipAddress: "127.0.0.1", port: 1)))
        XCTAssertTrue(RouteServer.isLoopback(try! SocketAddress(ipAddress: "::1", port: 1)))
        XCTAssertFalse(RouteServer.isLoopback(try! SocketAddress(ipAddress: "10.1.2.3", port: 1)))
        XCTAssertFalse(RouteServer.isLoopback(nil))
    }
}
