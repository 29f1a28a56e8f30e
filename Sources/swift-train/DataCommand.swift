import ArgumentParser

/// Data tools: import the public corpus, validate and describe spectrum JSONL files.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "data", abstract: "Import, validate and describe labeled spectrum data.")
}
