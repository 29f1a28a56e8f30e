// Featurizer throughput: queries/s on one core over the sample-data texts, against a tokenize-only baseline
// (count whitespace-separated tokens over the UTF-8 bytes) measured in the same run.
import Foundation
import Featurizer

/// Runs the featurize benchmark. Args: `[--data DIR] [--queries N] [--reps R]`.
public func runFeaturizeBenchmark(args: [String]) {
    var dir = "data/sample", target = 300_000, reps = 3
    var i = 0
    while i < args.count {
        let v = i + 1 < args.count ? args[i + 1] : ""
        switch args[i] {
        case "--data": dir = v; i += 1
        case "--queries": target = Int(v) ?? target; i += 1
        case "--reps": reps = Int(v) ?? reps; i += 1
        default: print("featurize: unknown argument \(args[i])"); return
        }
        i += 1
    }
    var texts: [String] = []
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
    for name in names {  // train-1.jsonl, train-2.jsonl, ..., validation.jsonl
        guard let s = try? String(contentsOfFile: dir + "/" + name, encoding: .utf8) else { continue }
        for line in s.split(separator: "\n") {
            if let d = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let t = d["text"] as? String {
                texts.append(t)
            }
        }
    }
    guard !texts.isEmpty else { print("featurize: no texts found in \(dir)/*.jsonl (run from the repo root or pass --data)"); return }
    let fz = try! Featurizer()
    let short = texts.filter { $0.split(whereSeparator: \.isWhitespace).count <= 20 }
    let typical = texts.filter { (10...20).contains($0.split(whereSeparator: \.isWhitespace).count) }
    let avgWords = Double(texts.map { $0.split(whereSeparator: \.isWhitespace).count }.reduce(0, +)) / Double(texts.count)
    let shortWords = Double(short.map { $0.split(whereSeparator: \.isWhitespace).count }.reduce(0, +)) / Double(max(1, short.count))
    print("featurizer \(fz.fingerprint), \(texts.count) texts (mean \(String(format: "%.1f", avgWords)) words); "
          + "short subset \(short.count) texts (mean \(String(format: "%.1f", shortWords)) words)")
    print("typical subset (10-20 words): \(typical.count) texts")
    for (label, set) in [("all sample texts", texts), ("short (<= 20 words)", short), ("typical (10-20 words)", typical)] {
        let passes = max(1, target / set.count)
        let n = passes * set.count
        var sink = 0
        let base = best(reps) {
            for _ in 0..<passes { for t in set { sink &+= whitespaceTokens(t) } }
        }
        let feat = best(reps) {
            for _ in 0..<passes { for t in set { sink &+= fz.featurize(t).ids.count } }
        }
        let chunks = stride(from: 0, to: set.count, by: 256).map { Array(set[$0..<min($0 + 256, set.count)]) }
        let batchTime = best(reps) {  // minibatches of 256, as the trainer uses them
            for _ in 0..<passes { for c in chunks { sink &+= fz.featurize(batch: c).ids.count } }
        }
        let qb = Double(n) / base, qf = Double(n) / feat, qbatch = Double(n) / batchTime
        print("\(label): \(n) queries x \(reps) reps (best)  sink=\(sink % 10)")
        print(String(format: "  tokenize-only baseline  %12.0f q/s", qb))
        print(String(format: "  featurize (single)      %12.0f q/s   ratio %.3f of baseline", qf, qf / qb))
        print(String(format: "  featurize (batch 256)   %12.0f q/s   ratio %.3f of baseline", qbatch, qbatch / qb))
    }
}

/// Whitespace-separated token count over the UTF-8 bytes (the baseline).
@inline(never)
func whitespaceTokens(_ t: String) -> Int {
    var n = 0, inTok = false
    for b in t.utf8 {
        let space = b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
        if !space && !inTok { n += 1 }
        inTok = !space
    }
    return n
}

/// Best wall time in seconds of `reps` runs.
func best(_ reps: Int, _ body: () -> Void) -> Double {
    var bestT = Double.infinity
    for _ in 0..<reps {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        bestT = min(bestT, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    return bestT
}
