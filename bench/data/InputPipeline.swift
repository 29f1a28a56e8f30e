// Input pipeline throughput: what the trainer does before its first step (read + validate the JSONL splits,
// featurize every text), against a read-the-bytes baseline measured in the same run. Prints digests of the
// records and features so two builds can be compared for identical output.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Featurizer
import SpectrumData

/// Runs the input benchmark. Args: `[FILE.jsonl ...] [--reps R] [--parse-only] [--bench-config-only]` (default: the trainer bench's splits).
public func runInputBenchmark(args: [String]) throws {
    var files: [String] = [], reps = 5, parseOnly = false, benchOnly = false
    var i = 0
    while i < args.count {
        if args[i] == "--reps", i + 1 < args.count { reps = Int(args[i + 1]) ?? reps; i += 2; continue }
        if args[i] == "--parse-only" { parseOnly = true; i += 1; continue }
        if args[i] == "--bench-config-only" { benchOnly = true; i += 1; continue }
        files.append(args[i]); i += 1
    }
    if files.isEmpty { files = ["/tmp/rr-bench-train/train.jsonl", "/tmp/rr-bench-train/val.jsonl"] }
    var bytes = 0
    let tRead = best(reps) { bytes = files.reduce(0) { $0 + readAll($1) } }
    var records: [SpectrumRecord] = []
    var tParse = Double.infinity
    for _ in 0..<reps {  // the previous rep's records are freed outside the timed region
        records = []
        var parts: [[SpectrumRecord]] = []
        let t0 = now()
        for f in files { parts.append(try loadSpectrumJSONL(path: f)) }
        tParse = min(tParse, now() - t0)
        records = parts.flatMap { $0 }
    }
    if parseOnly { print("\(records.count) records in \(tParse) s"); return }
    let mb = Double(bytes) / 1e6
    print("input: \(files.joined(separator: " ")): \(records.count) records, \(String(format: "%.1f", mb)) MB, best of \(reps)")
    print(String(format: "  read() 1 MiB chunks (baseline)  %7.1f ms  %7.0f MB/s", tRead * 1e3, mb / tRead))
    print(String(format: "  read_jsonl                      %7.1f ms  %7.0f MB/s   %.1fx baseline", tParse * 1e3, mb / tParse, tParse / tRead))
    var h = StableHash.offsetBasis
    for r in records { h = StableHash.fnv1a64(r.jsonLine(), start: h) }
    print(String(format: "  records digest %016llx", h))
    let texts = records.map(\.text)
    let configs: [(String, FeaturizerConfig)] = [
        ("bench (buckets 262144, bigrams, no char n-grams)", FeaturizerConfig(buckets: 262_144, wordNgrams: 2, charNgramMin: 0)),
        ("default (char 3-5)", FeaturizerConfig()),
    ]
    for (name, config) in configs.prefix(benchOnly ? 1 : 2) {
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

/// Reads a file in 1 MiB chunks into one reused buffer (the I/O any reader must do); returns its size.
func readAll(_ path: String) -> Int {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return 0 }
    defer { close(fd) }
    var buf = [UInt8](repeating: 0, count: 1 << 20), total = 0
    while true {
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { return total }
        total += n
    }
}
