import ArgumentParser

/// `swift-train`: trains, evaluates and exports ReasoningRouter models.
///
/// `swift-train config.json` is the short form of `swift-train train config.json`, so that
/// `mpirun -n 8 swift-train config.json` works as written.
@main
struct SwiftTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swift-train",
        abstract: "Train, evaluate and export ReasoningRouter models (data-parallel under mpirun).",
        subcommands: [TrainCommand.self, DataCommand.self, EvalCommand.self, ExportCommand.self, SubmitCommand.self],
        defaultSubcommand: TrainCommand.self
    )
}
