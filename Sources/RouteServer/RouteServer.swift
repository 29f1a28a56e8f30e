import Foundation
import Hummingbird
import Logging
import NIOCore
import RouterModel

/// The request context: Hummingbird's core storage plus the client's address (for loopback-only admin).
public struct RouteRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The HTTP router service: POST /v1/route, GET /healthz, GET /metrics, POST /admin/reload (loopback only).
public struct RouteServer: Sendable {
    public let router: ReloadableRouter
    public let config: ServerConfiguration
    public let metrics: ServerMetrics

    public init(router: ReloadableRouter, config: ServerConfiguration, metrics: ServerMetrics = ServerMetrics()) {
        self.router = router; self.config = config; self.metrics = metrics
    }

    /// The route table (also used directly by tests).
    public func makeRouter() -> Router<RouteRequestContext> {
        let r = Router(context: RouteRequestContext.self)
        r.post("/v1/route") { request, _ in try await self.route(request) }
        r.get("/healthz") { _, _ in
            self.json(200, ["status": "ok", "model": self.router.snapshot().description, "reloads": self.router.reloadCount])
        }
        r.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(string: self.metrics.render())))
        }
        r.post("/admin/reload") { _, context in
            guard Self.isLoopback(context.remoteAddress) else {
                return self.error(APIError(status: 403, message: "/admin/reload is accepted from loopback only"))
            }
            do {
                try self.reloadBundle()
                return self.json(200, ["status": "reloaded", "model": self.router.snapshot().description])
            } catch {
                return self.error(APIError(status: 500, message: "reload failed, previous bundle kept: \(error)"))
            }
        }
        return r
    }

    /// Loads the bundle again and swaps it in (admin endpoint, SIGHUP); on error the old one keeps serving.
    /// Counts successes and failures in the metrics.
    public func reloadBundle() throws {
        do {
            try router.reload()
            metrics.reloads.increment()
        } catch {
            metrics.reloadFailures.increment()
            throw error
        }
    }

    /// Builds the Hummingbird application bound to the configured address; `onServerRunning` gets the
    /// listening channel (its local address tells the port when the configured port is 0).
    public func makeApplication(logger: Logger = Logger(label: "swift-route"),
                                onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: makeRouter(), configuration: .init(address: .hostname(config.host, port: config.port), serverName: "swift-route"),
                    onServerRunning: onServerRunning, logger: logger)
    }

    func route(_ request: Request) async throws -> Response {
        var request = request
        let start = ContinuousClock.now
        metrics.routeRequests.increment()
        defer { metrics.latency.record(ContinuousClock.now - start) }
        do {
            let buffer: ByteBuffer
            do { buffer = try await request.collectBody(upTo: config.maxBodyBytes) } catch {
                throw APIError(status: 413, message: "request body is larger than \(config.maxBodyBytes) bytes")
            }
            let (texts, batch) = try parseRouteRequest(Data(buffer.readableBytesView), config: config)
            let decisions = router.snapshot().route(texts)
            metrics.queries.increment(by: Int64(texts.count))
            for d in decisions { metrics.decided(d.mode.rawValue) }
            let records = decisions.map { DecisionRecord($0) }
            let body = batch ? RouteResponseBody(decisions: records) : RouteResponseBody(decision: records[0])
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys]
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try enc.encode(body))))
        } catch let e as APIError {
            return error(e)
        }
    }

    func error(_ e: APIError) -> Response {
        metrics.error(status: e.status)
        return Response(status: .init(code: e.status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: e.json)))
    }

    func json(_ status: Int, _ obj: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])) ?? Data()
        return Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func isLoopback(_ a: SocketAddress?) -> Bool {
        guard let ip = a?.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}
