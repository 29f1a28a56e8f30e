import ArgumentParser
import Dispatch
import Foundation
import Logging
import NIOCore
import RouteServer
import RouterModel
import RouterRuntime

/// The runtime's router as the server's `QueryRouting`.
struct RuntimeRouting: QueryRouting {
    let router: QueryRouter
    func route(_ texts: [String]) -> [Decision] { router.route(texts) }
    var description: String { router.summary }
}

/// `swift-route serve`: the HTTP server. SIGTERM/SIGINT drain in-flight requests; SIGHUP reloads the bundle.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve POST /v1/route, GET /healthz, GET /metrics, POST /admin/reload (loopback only).",
        discussion: "SIGTERM or SIGINT: stop accepting, finish requests in flight, exit. SIGHUP: reload the bundle from --bundle (the old one keeps serving if the new one fails to load).")

    @OptionGroup var model: ModelOptions
    @Option(name: .long, help: "Address to bind.") var host = "127.0.0.1"
    @Option(name: .long, help: "Port (0 picks a free one; the chosen port is printed).") var port = 8080
    @Option(name: .long, help: "Largest request body in bytes.") var maxBodyBytes = 1 << 20
    @Option(name: .long, help: "Most queries in one request.") var maxQueries = 256
    @Option(name: .long, help: "Longest query in characters.") var maxQueryChars = 32_768

    func run() async throws {
        let model = self.model
        let router = try ReloadableRouter { RuntimeRouting(router: try model.load()) }
        var config = ServerConfiguration()
        config.host = host; config.port = port
        config.maxBodyBytes = maxBodyBytes; config.maxQueries = maxQueries; config.maxQueryCharacters = maxQueryChars
        let server = RouteServer(router: router, config: config)
        var logger = Logger(label: "swift-route")
        logger.logLevel = .info
        let log = logger

        // SIGHUP -> reload, handled on a dispatch queue (the default action, exit, is disabled first).
        signal(SIGHUP, SIG_IGN)
        let hup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue(label: "swift-route.sighup"))
        hup.setEventHandler {
            do {
                try server.reloadBundle()
                log.info("SIGHUP: reloaded \(router.snapshot().description)")
            } catch {
                log.error("SIGHUP: reload failed, previous bundle kept: \(error)")
            }
        }
        hup.resume()
        defer { hup.cancel() }

        log.info("loaded \(router.snapshot().description)")
        let app = server.makeApplication(logger: logger) { channel in
            let addr = channel.localAddress.map { "\($0)" } ?? "?"
            log.info("listening on \(addr)")
            let line = "swift-route: listening on \(channel.localAddress?.ipAddress ?? host):\(channel.localAddress?.port ?? port)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        try await app.runService()   // SIGTERM / SIGINT: graceful shutdown (drains in-flight requests)
        log.info("shut down")
    }
}
