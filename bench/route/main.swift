// bench-route: in-process routing latency and throughput of the default router, with onnxruntime on the
// same exported network as the in-run reference.
//
//   swift build -c release --product bench-route
//   taskset -c 1 .build/release/bench-route [--iters 20000] [--no-ort]
//   .build/release/bench-route --write-run DIR     (saves the default model as a training run, for export/HTTP benches)
//   taskset -c 1 .build/release/bench-route --bundle DIR [--iters N]   (latency of a real bundle or run, e.g. the
//                                                  release ensemble; then exits)
//
// Prints p50/p99 single-query latency (end to end: text -> Decision; and split into featurize vs forward),
// batch throughput (queries/s), the shipped options' latency against the default model, a seed ensemble of three against one model, then runs scripts/interop/bench_onnxruntime.py (onnxruntime, 1 thread) on
// the same featurized inputs and prints ours/ort ratios. Weights are random (latency does not depend on them).
import Checkpointing
import Export
import Featurizer
import Foundation
import RouterModel
import RouterRuntime
import SeededRandom

let args = CommandLine.arguments
func option(_ name: String, _ def: Int) -> Int {
    if let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) { return v }
    return def
}
let iters = option("--iters", 20_000)
let runORT = !args.contains("--no-ort")

/// `--bundle DIR`: single-query latency of that bundle (or run/checkpoint) on the short/medium and pasted-text
/// query sets, then exit (before the sections on the default router).
let bundleArg: String? = args.firstIndex(of: "--bundle").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }

/// 200 varied queries: short facts, math, code, long multi-part prompts.
let queries: [String] = (0..<200).map { i in
    let subjects = ["the Pythagorean theorem", "a binary heap", "photosynthesis", "the French revolution", "TCP slow start",
                    "Bayes' rule", "a red-black tree", "inflation", "the halting problem", "CRISPR"]
    let forms = ["What is %@?", "Explain %@ to a child.", "Prove a non-trivial property of %@, step by step, and discuss edge cases.",
                 "Write Python code that demonstrates %@ with tests, handling errors and empty input carefully.",
                 "Summarize %@ in one sentence.", "Compare %@ with its closest alternative; give 3 numbered points with examples.",
                 "If x = 12 and y = 7, how does %@ relate to x*y - 3?", "Translate 'I like %@' into German.", "%@?",
                 "I am preparing for an exam tomorrow. Could you walk me through %@, including its history, the key formulas, two worked examples, and the most common mistakes students make?"]
    return String(format: forms[i % 10], subjects[(i / 10 + i) % 10])
}

/// Nanoseconds of `body`, per call.
@inline(never) func timeNs(_ body: () -> Void) -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0)
}

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s[min(s.count - 1, Int((p * Double(s.count - 1)).rounded()))]
}

func us(_ ns: Double) -> String { String(format: "%.1f µs", ns / 1000) }

/// ~100-170-word queries: a pasted note, then a request (segment scoring applies).
let pasted: [String] = (0..<50).map { i in
    let body = (0..<(8 + i % 8)).map { k in "Sentence \(k) of the pasted note mentions item \(i * 7 + k) and the meeting on day \(k % 5 + 1)." }
    return "Hi team,\n\n" + body.joined(separator: " ") + "\n\nThanks,\nAna\n\n" + ["Summarize this in two sentences.", "Write a polite reply.", "What day is the meeting?"][i % 3]
}

if let bundleArg {  // the latency of a real bundle, on the same query sets
    let real = try QueryRouter(contentsOf: URL(fileURLWithPath: bundleArg))
    print("bundle \(bundleArg)")
    for (name, qs) in [("short/medium queries", queries), ("pasted-text queries", pasted)] {
        for q in qs { _ = real.route(q) }
        let t = (0..<iters).map { i in timeNs { _ = real.route(qs[i % qs.count]) } }
        print("\(name): p50 \(us(percentile(t, 0.5))) p99 \(us(percentile(t, 0.99)))   (target p50 < 50 µs)")
    }
    exit(0)
}

let model = try TrainedModel(description: ModelDescription(model: ModelConfig(), featurizer: FeaturizerConfig()),
                             seed: SeededGenerator(seed: 7))
let router = QueryRouter(model: model)
if let i = args.firstIndex(of: "--write-run"), i + 1 < args.count {
    let store = CheckpointStore(root: URL(fileURLWithPath: args[i + 1]).appendingPathComponent("checkpoints"))
    let folder = try store.save(step: 1, epoch: 0, files: try ModelFiles.files(model))
    try store.markBest(folder, metric: "none", value: 0)
    print("wrote \(folder.path) (random default model, seed 7)")
    exit(0)
}
let c = model.description.model
print("bench-route: default router: buckets \(model.description.featurizer.buckets), E \(c.embeddingDim), hidden \(c.hidden.map(\.size)) \(c.hidden.map(\.activation)), heads \(c.heads), iters \(iters)")
print("machine: \(ProcessInfo.processInfo.processorCount) logical CPUs visible; run under taskset -c N for one core")

// Warm-up.
for q in queries { _ = router.route(q) }

// 1. End-to-end single query.
var e2e: [Double] = [], feat: [Double] = [], fwd: [Double] = []
e2e.reserveCapacity(iters)
for i in 0..<iters {
    let q = queries[i % queries.count]
    e2e.append(timeNs { _ = router.route(q) })
}
// 2. Split: featurize vs forward (+ calibration + policy) from featurized input.
let inputs = queries.map { model.input([$0]) }
for i in 0..<iters {
    let q = queries[i % queries.count]
    feat.append(timeNs { _ = model.featurizer.featurize(q) })
    let x = inputs[i % inputs.count]
    fwd.append(timeNs {
        let h = model.network.apply(x, params: model.store)
        _ = model.network.outputs(h, calibration: model.description.calibration).map { router.policy.decide($0) }
    })
}
let p50 = percentile(e2e, 0.5), p99 = percentile(e2e, 0.99)
print("single query, text -> Decision: p50 \(us(p50))  p99 \(us(p99))   (target p50 < 50 µs)")
print("  featurize only:               p50 \(us(percentile(feat, 0.5)))  p99 \(us(percentile(feat, 0.99)))")
print("  forward+policy (featurized):  p50 \(us(percentile(fwd, 0.5)))  p99 \(us(percentile(fwd, 0.99)))")

// 3. Batch throughput.
var batchQPS: [Int: Double] = [:]
for bs in [1, 16, 64, 256] {
    let batches = stride(from: 0, to: queries.count, by: bs).map { Array(queries[$0..<min($0 + bs, queries.count)]) }
    let total = max(2_000, iters / 2)
    var done = 0
    let ns = timeNs {
        var k = 0
        while done < total { let b = batches[k % batches.count]; _ = router.route(b); done += b.count; k += 1 }
    }
    batchQPS[bs] = Double(done) / (ns / 1e9)
    print(String(format: "batch %3d: %9.0f queries/s", bs, batchQPS[bs]!))
}

// 4. The options configs/public.json ships (request group, segment scoring of long queries with first and last
//    segments, budget length calibration) against the default model, same weights' shape, same run: short
//    queries, and pasted-text queries long enough for segment scoring (each scored three times).
var shippedDescription = model.description
shippedDescription.featurizer.requestTokens = 32
shippedDescription.featurizerFingerprint = shippedDescription.featurizer.fingerprint
shippedDescription.model.safetySegments = 32
shippedDescription.model.safetyFirstSegment = true
shippedDescription.calibration.budgetLengthExponent = 1
shippedDescription.calibration.budgetLengthReference = 25
let shipped = QueryRouter(model: try TrainedModel(description: shippedDescription, seed: SeededGenerator(seed: 7)))
for (name, qs) in [("short/medium queries", queries), ("pasted-text queries (~100-170 words)", pasted)] {
    for q in qs { _ = router.route(q); _ = shipped.route(q) }
    var td: [Double] = [], ts: [Double] = []  // interleaved query by query, so drift hits both alike
    for i in 0..<iters {
        let q = qs[i % qs.count]
        td.append(timeNs { _ = router.route(q) })
        ts.append(timeNs { _ = shipped.route(q) })
    }
    let (d50, d99, s50, s99) = (percentile(td, 0.5), percentile(td, 0.99), percentile(ts, 0.5), percentile(ts, 0.99))
    print("\(name): default p50 \(us(d50)) p99 \(us(d99)); shipped options p50 \(us(s50)) p99 \(us(s99)); ratio shipped/default p50 "
          + String(format: "%.2fx", s50 / d50))
}

// 4b. A seed ensemble of three shipped-option models (RouterEnsemble, averaged outputs) against one, interleaved.
let ensemble = QueryRouter(ensemble: try RouterEnsemble([shipped.model] + (8...9).map {
    try TrainedModel(description: shippedDescription, seed: SeededGenerator(seed: UInt64($0)))
}), policy: shipped.policy)
for (name, qs) in [("short/medium queries", queries), ("pasted-text queries", pasted)] {
    for q in qs { _ = shipped.route(q); _ = ensemble.route(q) }
    var t1: [Double] = [], t3: [Double] = []
    for i in 0..<iters {
        let q = qs[i % qs.count]
        t1.append(timeNs { _ = shipped.route(q) })
        t3.append(timeNs { _ = ensemble.route(q) })
    }
    print("\(name): one model p50 \(us(percentile(t1, 0.5))); ensemble of 3 p50 \(us(percentile(t3, 0.5))) p99 \(us(percentile(t3, 0.99))); ratio ensemble/one p50 "
          + String(format: "%.2fx", percentile(t3, 0.5) / percentile(t1, 0.5)))
}

// 5. onnxruntime on the same network and the same featurized inputs.
guard runORT else { exit(0) }
let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-route-\(getpid())")
defer { try? FileManager.default.removeItem(at: dir) }
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
let onnxURL = dir.appendingPathComponent("model.onnx")
try BundleExporter.onnxModel(model).write(to: onnxURL)
struct Feeds: Encodable { var ids: [[Int64]]; var id_weights: [[Float]]; var dense: [[Float]] }
let fq = queries.map { model.featurizer.featurize($0) }
try JSONEncoder().encode(Feeds(ids: fq.map { $0.ids.map(Int64.init) }, id_weights: fq.map(\.weights), dense: fq.map(\.dense)))
    .write(to: dir.appendingPathComponent("inputs.json"))
let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scripts/interop/bench_onnxruntime.py").path
let p = Process()
p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
p.arguments = ["python3", script, onnxURL.path, dir.appendingPathComponent("inputs.json").path, "--iters", "\(iters)"]
let pipe = Pipe()
p.standardOutput = pipe
try p.run()
let out = pipe.fileHandleForReading.readDataToEndOfFile()
p.waitUntilExit()
guard p.terminationStatus == 0, let ort = try JSONSerialization.jsonObject(with: out) as? [String: Any],
      let oP50 = ort["single_p50_ns"] as? Double, let oP99 = ort["single_p99_ns"] as? Double else {
    print("onnxruntime reference failed (status \(p.terminationStatus)): \(String(decoding: out, as: UTF8.self))")
    exit(1)
}
print("onnxruntime \(ort["version"] ?? "?") (1 thread), forward on featurized inputs: p50 \(us(oP50))  p99 \(us(oP99))")
print(String(format: "ratio ort/ours (forward+policy vs ort forward): p50 %.1fx  p99 %.1fx", oP50 / percentile(fwd, 0.5), oP99 / percentile(fwd, 0.99)))
print(String(format: "ratio ort/ours (ours end to end incl. featurize vs ort forward only): p50 %.1fx", oP50 / p50))
if let oq = ort["batch_qps"] as? [String: Double] {
    for bs in [16, 64, 256] {
        if let o = oq["\(bs)"] { print(String(format: "batch %3d: ort %9.0f queries/s (forward only); ours/ort %.2fx (ours incl. featurize)", bs, o, batchQPS[bs]! / o)) }
    }
}
