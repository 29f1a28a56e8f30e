import ArgumentParser
import Foundation
import SpectrumData

/// Data tools: import the public corpus, validate and describe spectrum JSONL files.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Import, validate and describe labeled spectrum data.",
        subcommands: [DataImportCommand.self, DataValidateCommand.self, DataStatsCommand.self, DataSplitCommand.self])
}

/// Writes `text` to `path` (UTF-8), with a clear error.
func writeText(_ text: String, to path: String) throws {
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
        throw ValidationError("cannot write \(path): \(error.localizedDescription)")
    }
}

/// `<dir>/<stem>` of a path, without a `.jsonl` extension.
func pathStem(_ path: String) -> String {
    path.hasSuffix(".jsonl") ? String(path.dropLast(6)) : path
}

/// `swift-train data import`: reads the raw public corpus and writes spectrum JSONL plus an import report.
struct DataImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the public corpus (raw/ in original formats) into spectrum JSONL.",
        discussion: "Sources: " + corpusImporters.map(\.name).joined(separator: ", "))

    @Option(help: "The raw/ directory of the public corpus (e.g. ../shared/data/raw).")
    var raw: String

    @Option(help: "Output JSONL file.")
    var out: String

    @Option(name: .customLong("source"), help: "Import only this source (repeatable).")
    var sources: [String] = []

    @Option(help: "Import report (Markdown); default: <out stem>.report.md")
    var report: String?

    @Option(help: "Also write a hash split to <prefix>.train.jsonl and <prefix>.val.jsonl.")
    var splitOut: String?

    @Option(help: "Validation fraction of --split-out.")
    var valFraction: Double = 0.1

    @Option(help: "Seed of --split-out's hash.")
    var seed: UInt64 = 0

    func run() throws {
        let result = try importCorpus(rawRoot: raw, sources: sources.isEmpty ? nil : sources)
        try writeSpectrumJSONL(result.records, to: out)
        let md = "# Import report\n\nraw: `\(raw)`  \nout: `\(out)` (\(result.records.count) records)\n\n" + result.report.markdown
        let reportPath = report ?? pathStem(out) + ".report.md"
        try writeText(md, to: reportPath)
        print(result.report.markdown)
        print("wrote \(result.records.count) records to \(out); report: \(reportPath)")
        if let prefix = splitOut {
            let s = hashSplit(result.records, validationFraction: valFraction, seed: seed)
            try writeSpectrumJSONL(s.train, to: prefix + ".train.jsonl")
            try writeSpectrumJSONL(s.validation, to: prefix + ".val.jsonl")
            print("hash split: \(s.train.count) train -> \(prefix).train.jsonl, \(s.validation.count) val -> \(prefix).val.jsonl")
        }
    }
}

/// `swift-train data validate`: checks every line of a spectrum JSONL file.
struct DataValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Validate a spectrum JSONL file (stops at the first error by default).")

    @Argument(help: "The JSONL file.")
    var file: String

    @Flag(help: "Skip invalid lines and report how many were skipped and why.")
    var skipInvalid = false

    @Option(help: "Maximum line length in bytes.")
    var maxLineBytes: Int = 4 << 20

    func run() throws {
        let summary = try readSpectrumJSONL(path: file, onInvalid: skipInvalid ? .skip : .stop,
                                            maxLineBytes: maxLineBytes) { _ in }
        print("\(file): " + summary.text)
        if summary.skippedTotal > 0 { throw ExitCode(1) }
    }
}

/// `swift-train data stats`: counts, quantiles and per-label surface traits.
struct DataStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts per source and label, budget/length quantiles, surface traits per label.")

    @Argument(help: "The JSONL file.")
    var file: String

    func run() throws {
        var stats = DatasetStats()
        try readSpectrumJSONL(path: file) { stats.add($0) }
        print("# Stats of \(file)\n")
        print(stats.markdown)
    }
}

/// `swift-train data split`: hash or source-holdout train/validation split.
struct DataSplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split", abstract: "Split into train/validation by text hash or by held-out sources.")

    enum Method: String, ExpressibleByArgument, CaseIterable { case hash, source }

    @Argument(help: "The JSONL file.")
    var file: String

    @Option(help: "hash: stable hash of the normalized text; source: whole sources held out.")
    var by: Method = .hash

    @Option(help: "Sources to hold out (comma-separated; --by source). Default: a seeded choice keeping every label value on both sides.")
    var holdout: String?

    @Option(help: "Validation fraction (--by hash).")
    var valFraction: Double = 0.1

    @Option(help: "Largest validation share of a seeded source choice (--by source without --holdout).")
    var maxValFraction: Double = 0.3

    @Option(help: "Seed (hash mixing, or the choice of held-out sources).")
    var seed: UInt64 = 0

    @Option(help: "Training output JSONL.")
    var trainOut: String

    @Option(help: "Validation output JSONL.")
    var valOut: String

    func run() throws {
        let records = try loadSpectrumJSONL(path: file)
        let split: DataSplit
        switch by {
        case .hash:
            guard valFraction > 0, valFraction < 1 else { throw ValidationError("--val-fraction must be in (0, 1)") }
            split = hashSplit(records, validationFraction: valFraction, seed: seed)
        case .source:
            if let holdout {
                let names = holdout.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                split = try sourceHoldoutSplit(records, holdout: names)
            } else {
                split = try seededSourceHoldout(records, seed: seed, maxValidationFraction: maxValFraction)
            }
            print("held out: \(split.heldOutSources.joined(separator: ", "))")
            let (tv, vv) = (labelValues(split.train), labelValues(split.validation))
            let all = tv.union(vv)
            for v in LabelValue.allCases where all.contains(v) {
                if !tv.contains(v) { print("warning: no \(v.rawValue) record in train") }
                if !vv.contains(v) { print("warning: no \(v.rawValue) record in validation") }
            }
        }
        try writeSpectrumJSONL(split.train, to: trainOut)
        try writeSpectrumJSONL(split.validation, to: valOut)
        print("\(split.train.count) train -> \(trainOut), \(split.validation.count) validation -> \(valOut)")
    }
}
