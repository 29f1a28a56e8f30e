import ArgumentParser

/// Trains a model from a JSON config (single process, or one rank of an mpirun job).
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Train from a JSON config.")

    @Argument(help: "The training config (JSON).")
    var config: String

    func run() throws {
        throw ValidationError("training is not implemented yet (issue: distributed trainer)")
    }
}
