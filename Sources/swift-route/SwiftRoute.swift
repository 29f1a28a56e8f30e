import ArgumentParser

/// `swift-route`: routes queries with a trained bundle (CLI, JSONL and HTTP server).
@main
struct SwiftRoute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swift-route",
        abstract: "Route queries with a trained ReasoningRouter bundle."
    )

    func run() throws {
        print(SwiftRoute.helpMessage())
    }
}
