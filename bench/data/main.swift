// bench-data: data-pipeline benchmarks (release builds).
//
//   swift run -c release bench-data import [raw-dir]   time the import of the whole public corpus
//   swift run -c release bench-data featurize [args]   featurization queries/s against a tokenize-only loop
//   swift run -c release bench-data input [files]      read_jsonl MB/s and featurize texts/s of the trainer's splits
//
// Modes are dispatched on the first argument so other data benchmarks (e.g. `featurize`) can be added in
// their own files. Timings print a ratio against a baseline measured in the same run (machine speed drifts).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpectrumData

/// Seconds of a monotonic clock.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Peak resident set size of this process, in MiB (getrusage ru_maxrss, KiB on Linux).
func peakRSSMiB() -> Double {
    var u = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &u)
    #else
    getrusage(RUSAGE_SELF, &u)
    #endif
    return Double(u.ru_maxrss) / 1024
}

/// Locates ../shared/data/raw from the current directory upwards.
func defaultRawDir() -> String? {
    var dir = String(cString: getcwd(nil, 0))
    for _ in 0..<6 {
        let candidate = dir + "/../shared/data/raw"
        if access(candidate, F_OK) == 0 { return candidate }
        dir += "/.."
    }
    return nil
}

/// Baseline: read every byte of every raw file (what any importer must at least do), plus the JSONL write.
func rawBytesBaseline(_ root: String) throws -> Int {
    var total = 0
    func walk(_ dir: String) throws {
        guard let d = opendir(dir) else { return }
        defer { closedir(d) }
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name == "." || name == ".." { continue }
            let path = dir + "/" + name
            if e.pointee.d_type == UInt8(DT_DIR) { try walk(path) } else { total += try readFileBytes(path).count }
        }
    }
    try walk(root)
    return total
}

func benchImport(_ args: [String]) throws {
    guard let raw = args.first ?? defaultRawDir() else {
        print("bench-data import: raw corpus not found (pass the raw/ directory, e.g. ../shared/data/raw)")
        exit(2)
    }
    let t0 = now()
    let bytes = try rawBytesBaseline(raw)
    let tBase = now() - t0
    let t1 = now()
    let result = try importCorpus(rawRoot: raw)
    let tImport = now() - t1
    let out = "/tmp/bench-data-import-\(getpid()).jsonl"
    let t2 = now()
    try writeSpectrumJSONL(result.records, to: out)
    let tWrite = now() - t2
    var n = 0
    let t3 = now()
    try readSpectrumJSONL(path: out) { _ in n += 1 }
    let tRead = now() - t3
    unlink(out)
    let rssImport = peakRSSMiB()
    // Where the import time goes: each source importer alone, then dedupe (normalization + hashing).
    var perSource: [(String, Double)] = []
    var all: [SpectrumRecord] = []
    for imp in corpusImporters {
        let t = now()
        all += try imp.importSource(rawRoot: raw).records
        perSource.append((imp.name, now() - t))
    }
    let t4 = now()
    var d = Deduplicator()
    for rec in all { d.add(rec) }
    let tDedupe = now() - t4
    func f(_ x: Double) -> String { String(Int((x * 1000).rounded())) + " ms" }
    func r(_ x: Double) -> String { String(Int((x / tBase * 10).rounded()) / 10) + "." + String(Int((x / tBase * 10).rounded()) % 10) + "x" }
    print("raw corpus: \(raw)")
    print("baseline (read all \(bytes / 1024) KiB of raw files): \(f(tBase))")
    print("import (parse, label, dedupe):  \(f(tImport))  = \(r(tImport)) baseline  -> \(result.records.count) records")
    print("write JSONL:                    \(f(tWrite))  = \(r(tWrite)) baseline")
    print("validate+read JSONL back:       \(f(tRead))  = \(r(tRead)) baseline  (\(n) records)")
    for (name, t) in perSource.sorted(by: { $0.1 > $1.1 }).prefix(6) { print("  source \(name): \(f(t))") }
    print("  dedupe of \(all.count) records: \(f(tDedupe))")
    print("total import+write: \(f(tImport + tWrite)) (target < 10 s); peak RSS after import+write+read: \(Int(rssImport)) MiB, after the breakdown: \(Int(peakRSSMiB())) MiB")
}

let args = Array(CommandLine.arguments.dropFirst())
switch args.first ?? "import" {
case "import": try benchImport(Array(args.dropFirst()))
case "featurize": runFeaturizeBenchmark(args: Array(args.dropFirst()))
case "input": try runInputBenchmark(args: Array(args.dropFirst()))
default:
    print("usage: bench-data import [raw-dir] | bench-data featurize [args] | bench-data input [files]")
    exit(2)
}
