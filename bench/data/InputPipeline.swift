// Input pipeline throughput: what the trainer does before its first step (read + validate the JSONL splits,
// featurize every text), against a read-the-bytes baseline measured in the same run. Prints digests of the
// records and features so two builds can be compared for identical output.
import Featurizer
import SpectrumData

/// Runs the input benchmark. Args: `[FILE.jsonl ...] [--reps R]` (default: the trainer bench's splits).
public func runInputBenchmark(args: [String]) throws {
    var files: [String] = [], reps = 5
    var i = 0
    while i < args.count {
        if args[i] == "--reps", i + 1 < args.count { reps = Int(args[i + 1]) ?? reps; i += 2; continue }
        files.append(args[i]); i += 1
    }
    if files.isEmpty { files = ["/tmp/rr-bench-train/train.jsonl", "/tmp/rr-bench-train/val.jsonl"] }
    var bytes = 0
    let tRead = best(reps) { bytes = files.reduce(0) { $0 + ((try? readFileBytes($1).count) ?? 0) } }
    var records: [SpectrumRecord] = []
    let tParse = best(reps) {
        records = []
        for f in files { records += try! loadSpectrumJSONL(path: f) }
    }
    let mb = Double(bytes) / 1e6
    print("input: \(files.joined(separator: " ")): \(records.count) records, \(String(format: "%.1f", mb)) MB, best of \(reps)")
    print(String(format: "  read bytes (baseline)  %7.1f ms  %7.0f MB/s", tRead * 1e3, mb / tRead))
    print(String(format: "  read_jsonl             %7.1f ms  %7.0f MB/s   %.1fx baseline", tParse * 1e3, mb / tParse, tParse / tRead))
    var h = StableHash.offsetBasis
    for r in records { h = StableHash.fnv1a64(r.jsonLine(), start: h) }
    print(String(format: "  records digest %016llx", h))
    let texts = records.map(\.text)
    let configs: [(String, FeaturizerConfig)] = [
        ("bench (buckets 262144, bigrams, no char n-grams)", FeaturizerConfig(buckets: 262_144, wordNgrams: 2, charNgramMin: 0)),
        ("default (char 3-5)", FeaturizerConfig()),
    ]
    for (name, config) in configs {
        let fz = try Featurizer(config: config)
        var f = fz.featurize(batch: [])
        let t = best(reps) { f = fz.featurize(batch: texts) }
        var d = StableHash.offsetBasis
        for id in f.ids { d = StableHash.fnv1a64(withUnsafeBytes(of: id) { Array($0) }, start: d) }
        for w in f.weights + f.dense { d = StableHash.fnv1a64(withUnsafeBytes(of: w.bitPattern) { Array($0) }, start: d) }
        for o in f.offsets { d = StableHash.fnv1a64(withUnsafeBytes(of: o) { Array($0) }, start: d) }
        print(String(format: "  featurize %@: %7.1f ms  %8.0f texts/s  digest %016llx", name, t * 1e3, Double(texts.count) / t, d))
    }
}
