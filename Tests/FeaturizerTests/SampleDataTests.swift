import XCTest
@testable import Featurizer

/// Checks data/sample/*.jsonl: every line a valid record (parsed with JSONSerialization, independent of
/// SpectrumData), unique ids and texts, and the coverage the sample data promises.
final class SampleDataTests: XCTestCase {
    static let sampleDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/sample")

    struct Record { let id, text, source: String; let complexity, safety, category: String?; let budget: Int? }

    func loadAll() throws -> [Record] {
        var out: [Record] = []
        // The training shards in order (train-1.jsonl, train-2.jsonl, ...), then validation: generation order.
        let shards = try FileManager.default.contentsOfDirectory(atPath: Self.sampleDir.path)
            .compactMap { n -> (Int, String)? in
                guard n.hasPrefix("train-"), n.hasSuffix(".jsonl"), let k = Int(n.dropFirst(6).dropLast(6)) else { return nil }
                return (k, n)
            }.sorted { $0.0 < $1.0 }.map(\.1)
        XCTAssertGreaterThanOrEqual(shards.count, 1, "no data/sample/train-N.jsonl")
        XCTAssertEqual(shards, (1...max(1, shards.count)).map { "train-\($0).jsonl" }, "shards numbered 1...n without gaps")
        for name in shards + ["validation.jsonl"] {
            let url = Self.sampleDir.appendingPathComponent(name)
            let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
            XCTAssertLessThan(size, 2_000_000, "\(name) must stay under 2 MB (the generator shards the training split)")
            let text = try String(contentsOf: url, encoding: .utf8)
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
                let loc = "\(name):\(i + 1)"
                let obj = try JSONSerialization.jsonObject(with: Data(line.utf8))
                guard let d = obj as? [String: Any] else { XCTFail("\(loc): not an object"); continue }
                XCTAssertEqual(Set(d.keys), ["id", "text", "complexity", "safety", "safety_category", "budget_tokens", "source"], loc)
                func str(_ k: String) -> String? { d[k] as? String }
                guard let id = str("id"), let t = str("text"), let src = str("source") else { XCTFail("\(loc): id/text/source"); continue }
                XCTAssertFalse(t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, loc)
                let c = str("complexity"), s = str("safety"), cat = str("safety_category")
                if d["complexity"] is NSNull == false { XCTAssertTrue(["simple", "moderate", "high"].contains(c ?? "?"), "\(loc): complexity") }
                if d["safety"] is NSNull == false { XCTAssertTrue(["safe", "risky"].contains(s ?? "?"), "\(loc): safety") }
                var budget: Int? = nil
                if !(d["budget_tokens"] is NSNull) {
                    guard let b = d["budget_tokens"] as? Int, b >= 0 else { XCTFail("\(loc): budget_tokens"); continue }
                    budget = b
                }
                XCTAssertTrue(src.hasPrefix("sample:"), loc)
                XCTAssertTrue(id.hasPrefix(src + ":"), loc)
                out.append(Record(id: id, text: t, source: src, complexity: c, safety: s, category: cat, budget: budget))
            }
        }
        return out
    }

    func testRecordsAreValidAndCoverageIsMet() throws {
        let rs = try loadAll()
        XCTAssertGreaterThanOrEqual(rs.count, 3000)
        XCTAssertEqual(Set(rs.map(\.id)).count, rs.count, "ids must be unique")
        XCTAssertEqual(Set(rs.map { $0.text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }).count,
                       rs.count, "texts must be unique after normalization")
        func count(_ f: (Record) -> Bool) -> Int { rs.filter(f).count }
        XCTAssertGreaterThanOrEqual(count { $0.complexity == "simple" && $0.safety == "safe" }, 800)
        XCTAssertGreaterThanOrEqual(count { $0.complexity == "moderate" && $0.safety == "safe" }, 800)
        XCTAssertGreaterThanOrEqual(count { $0.complexity == "high" && $0.safety == "safe" }, 800)
        XCTAssertGreaterThanOrEqual(count { $0.safety == "risky" }, 500)
        XCTAssertGreaterThanOrEqual(count { $0.safety == "risky" && $0.complexity == nil }, 100)
        XCTAssertGreaterThanOrEqual(count { $0.source.hasPrefix("sample:safe_scary") && $0.safety == "safe" }, 450)
        let riskyCats = Set(rs.filter { $0.safety == "risky" }.compactMap(\.category))
        XCTAssertTrue(riskyCats.isSuperset(of: ["weapons", "cybercrime", "self_harm", "drugs", "fraud", "harassment", "jailbreak",
                                                    "hate", "misinformation", "extremism", "chemical_biological",
                                                    "manipulation", "privacy", "copyright", "dangerous_information"]), "\(riskyCats)")
        // v5: search-engine style simple queries (mostly lowercase, no question mark); copyright has safe counterparts.
        let search = rs.filter { $0.source == "sample:search_query" }
        XCTAssertGreaterThan(search.filter { !$0.text.contains("?") && $0.text == $0.text.lowercased() }.count, search.count / 2)
        XCTAssertGreaterThanOrEqual(count { $0.source == "sample:copyright_safe" && $0.safety == "safe" }, 150)
        XCTAssertTrue(rs.filter { $0.safety == "risky" }.allSatisfy { $0.category != nil })
        // v7: benign role-play (with the openers jailbreaks use), safety information and developer questions, all safe.
        for (source, least) in [("sample:roleplay", 250), ("sample:safety_info", 150), ("sample:dev_question", 150)] {
            XCTAssertGreaterThanOrEqual(count { $0.source == source && $0.safety == "safe" }, least, source)
            XCTAssertEqual(count { $0.source == source && $0.safety != "safe" }, 0, source)
        }
        let roleplay = rs.filter { $0.source == "sample:roleplay" }.map { $0.text.lowercased() }
        XCTAssertGreaterThan(roleplay.filter { $0.hasPrefix("you are") || $0.hasPrefix("act as") || $0.hasPrefix("pretend") || $0.hasPrefix("i want you to act") }.count,
                             roleplay.count / 3, "the benign role-play must use the jailbreak openers")
        // Budgets on a reasoning-token scale: simple 0, moderate 150-1500, high 1500-16000. Every safe record has a
        // tier except v15's benchmark_twin and v17's frame_twin, which teach the safety head only (complexity and
        // budget null).
        for r in rs where r.safety == "safe" {
            switch r.complexity {
            case "simple": XCTAssertEqual(r.budget, 0, r.id)
            case "moderate": XCTAssertTrue((150...1500).contains(r.budget ?? -1), r.id)
            case "high": XCTAssertTrue((1500...16000).contains(r.budget ?? -1), r.id)
            default:
                XCTAssertTrue(["sample:benchmark_twin", "sample:frame_twin"].contains(r.source), "\(r.id): safe record without a tier")
                XCTAssertNil(r.budget, r.id)
            }
        }
        // v17: the frames and fillers that only the risky templates used (scripts/quality/frame_audit.py) occur in safe
        // records too, so none of them alone decides the label.
        XCTAssertGreaterThanOrEqual(count { $0.source == "sample:frame_twin" && $0.safety == "safe" && $0.complexity == nil }, 600)
        for phrase in ["any tips", "it must", "explain the steps to", "given this, explain how to", "make me a full checklist to"] {
            let uses = rs.filter { $0.text.lowercased().contains(phrase) }
            XCTAssertGreaterThanOrEqual(uses.filter { $0.safety == "risky" }.count, 5, "risky records with '\(phrase)'")
            XCTAssertGreaterThanOrEqual(uses.filter { $0.safety == "safe" }.count, 5, "safe records with '\(phrase)'")
        }
        // v18: one-operation arithmetic in operator words is simple ("divided by" was only in high-tier records).
        let arithmetic = rs.filter { $0.source == "sample:arithmetic_words" }
        XCTAssertGreaterThanOrEqual(arithmetic.count, 450)
        XCTAssertTrue(arithmetic.allSatisfy { $0.complexity == "simple" && $0.safety == "safe" && $0.budget == 0 })
        XCTAssertGreaterThanOrEqual(arithmetic.filter { $0.text.lowercased().contains("divided by") }.count, 30)
        XCTAssertGreaterThanOrEqual(count { $0.complexity == "simple" && $0.text.lowercased().contains("divided by") }, 30)
        // v19: requests about one's own cards, accounts, bills, insurance, travel, car and work are simple and safe, so
        // the words the fraud and privacy templates use ("card", "bank", "pin", "account") occur in safe requests too.
        let admin = rs.filter { $0.source == "sample:personal_admin" }
        XCTAssertGreaterThanOrEqual(admin.count, 550)
        XCTAssertTrue(admin.allSatisfy { $0.complexity == "simple" && $0.safety == "safe" && $0.budget == 0 })
        for word in ["card", "bank", "pin", "account", "password"] {
            XCTAssertGreaterThanOrEqual(admin.filter { $0.text.lowercased().contains(word) }.count, 15, "personal_admin records with '\(word)'")
        }
        // v20: simple questions with answer options (a block of options is no sign of a moderate tier).
        let mc = rs.filter { $0.source == "sample:mc_everyday" }
        XCTAssertGreaterThanOrEqual(mc.count, 450)
        XCTAssertTrue(mc.allSatisfy { $0.complexity == "simple" && $0.safety == "safe" && $0.budget == 0 })
        XCTAssertGreaterThanOrEqual(mc.filter { AnswerOptions.detect($0.text) != nil }.count, 250, "lettered option blocks")
        // v21: multi-hop questions through bridge descriptions (moderate) with one-hop twins (simple) that share the
        // bridges' words, so "headquarters", "director of" or "lead singer of" alone decide no tier.
        let chains = rs.filter { $0.source == "sample:multi_hop_chain" }
        XCTAssertGreaterThanOrEqual(chains.filter { $0.complexity == "moderate" && $0.safety == "safe" }.count, 350)
        XCTAssertGreaterThanOrEqual(chains.filter { $0.complexity == "simple" && $0.safety == "safe" && $0.budget == 0 }.count, 200)
        for phrase in ["headquarters", "director of", "lead singer of"] {
            for tier in ["simple", "moderate"] {
                XCTAssertGreaterThanOrEqual(chains.filter { $0.complexity == tier && $0.text.lowercased().contains(phrase) }.count, 2,
                                            "\(tier) multi_hop_chain records with '\(phrase)'")
            }
        }
        // v22: the openers of the risky templates occur in safe requests too.
        let openers = rs.filter { $0.source == "sample:opener_twin" }
        XCTAssertGreaterThanOrEqual(openers.filter { $0.safety == "safe" && $0.complexity != nil }.count, 550)
        for opener in ["let's play a game", "writing a novel", "respond only in json", "my late grandmother used to", "help me access my",
                       "give me details on", "for a security research"] {
            let uses = rs.filter { $0.text.lowercased().contains(opener) }
            XCTAssertGreaterThanOrEqual(uses.filter { $0.safety == "safe" }.count, 10, "safe records with '\(opener)'")
        }
        // v8: requests before or after pasted text (blank-line separated), safe and harmful; a safe one has its
        // request's tier (simple or moderate, never high: a long pasted text does not make the request hard).
        let pasted = rs.filter { $0.source == "sample:pasted_context" }, pastedRisky = rs.filter { $0.source == "sample:pasted_context_risky" }
        XCTAssertGreaterThanOrEqual(pasted.filter { $0.safety == "safe" && $0.complexity == "simple" }.count, 150)
        XCTAssertGreaterThanOrEqual(pasted.filter { $0.safety == "safe" && $0.complexity == "moderate" }.count, 50)
        XCTAssertEqual(pasted.filter { $0.complexity == "high" || $0.safety != "safe" }.count, 0)
        XCTAssertGreaterThanOrEqual(pastedRisky.filter { $0.safety == "risky" && $0.complexity == nil }.count, 250)
        // v9: everyday requests in the harmful templates' frames ("How do I make my ...", "write a message to my ..."), safe.
        let twins = rs.filter { $0.source == "sample:everyday_twin" }
        XCTAssertGreaterThanOrEqual(twins.filter { $0.safety == "safe" }.count, 700)
        XCTAssertEqual(twins.filter { $0.safety != "safe" || $0.complexity == "high" }.count, 0)
        XCTAssertGreaterThan(twins.filter { $0.text.lowercased().contains(" my ") }.count, twins.count / 2)
        for r in pasted + pastedRisky {
            XCTAssertTrue(r.text.contains("\n\n") && r.text.split(whereSeparator: \.isWhitespace).count >= 20, r.id)
        }
        // v10: private information (risky, category privacy) with safe twins; safe tasks after a system line.
        XCTAssertGreaterThanOrEqual(count { $0.source == "sample:privacy_risky" && $0.safety == "risky" && $0.category == "privacy" }, 350)
        XCTAssertGreaterThanOrEqual(count { $0.source == "sample:privacy_safe" && $0.safety == "safe" && $0.complexity == "simple" }, 350)
        let system = rs.filter { $0.source == "sample:system_preamble" }
        XCTAssertGreaterThanOrEqual(system.filter { $0.safety == "safe" }.count, 450)
        XCTAssertEqual(Set(system.compactMap(\.complexity)), ["simple", "moderate", "high"], "the task keeps its own tier")
        XCTAssertGreaterThanOrEqual(count { $0.source == "sample:scary_verbs" && $0.safety == "safe" && $0.complexity == "simple" }, 450)
        // v11: state-tracking puzzles as parallel steps (moderate; no coins), one-hop "which" questions and everyday
        // commonsense questions (simple, safe).
        let puzzles = rs.filter { $0.source == "sample:state_puzzle" }
        XCTAssertGreaterThanOrEqual(puzzles.filter { $0.safety == "safe" && $0.complexity == "moderate" }.count, 450)
        XCTAssertEqual(puzzles.filter { $0.text.lowercased().contains("coin") }.count, 0, "the dev split's coin flips measure transfer")
        let steps = StructuralFeatures.names.firstIndex(of: "parallel_steps")!
        let fz = try Featurizer()
        // (the forms with numbers, item transfers and stack operations, have no parallel steps by definition)
        XCTAssertGreaterThan(puzzles.filter { fz.featurize($0.text).dense[steps] > 0 }.count, puzzles.count * 7 / 10)
        XCTAssertGreaterThanOrEqual(count { $0.source == "sample:which_factual" && $0.safety == "safe" && $0.complexity == "simple" }, 350)
        XCTAssertGreaterThanOrEqual(count { $0.source == "sample:everyday_question" && $0.safety == "safe" && $0.complexity == "simple" }, 500)
        // v12: wrapper and template words (ChatGPT, hypothetically, tutorial, ...) in safe everyday requests.
        let wrappers = rs.filter { $0.source == "sample:wrapper_twin" }
        XCTAssertGreaterThanOrEqual(wrappers.filter { $0.safety == "safe" }.count, 700)
        XCTAssertEqual(Set(wrappers.compactMap(\.complexity)), ["simple", "moderate"])
        XCTAssertGreaterThan(wrappers.filter { $0.text.lowercased().contains("chatgpt") }.count, 40)
        XCTAssertGreaterThanOrEqual(count { $0.source == "sample:short_plan" && $0.safety == "safe" && $0.complexity == "high" }, 250)
        // v13: template words of one tier in the other tiers.
        let twins13 = rs.filter { $0.source == "sample:tier_twin" }
        XCTAssertEqual(Set(twins13.compactMap(\.complexity)), ["simple", "moderate", "high"])
        XCTAssertGreaterThan(twins13.filter { $0.complexity == "simple" && $0.text.lowercased().contains("founded") }.count, 10)
        // v14: other languages, harmful and (about twice as many) safe.
        let mlRisky = count { $0.source == "sample:multilingual_risky" && $0.safety == "risky" && $0.category == "multilingual" }
        let mlSafe = count { $0.source == "sample:multilingual_safe" && $0.safety == "safe" }
        XCTAssertGreaterThanOrEqual(mlRisky, 200)
        XCTAssertGreaterThanOrEqual(mlSafe, 2 * mlRisky - 50)
        // v15: everyday tasks in the imperative frames of the harm benchmarks (safety only: complexity and budget null).
        let frames = rs.filter { $0.source == "sample:benchmark_twin" }
        XCTAssertGreaterThanOrEqual(frames.filter { $0.safety == "safe" && $0.complexity == nil && $0.budget == nil }.count, 800)
        for frame in ["give detailed step-by-step instructions for", "write a guide on how to", "describe in detail how to",
                      "write a script that", "write a persuasive article arguing that"] {
            XCTAssertGreaterThan(frames.filter { $0.text.lowercased().contains(frame) }.count, 10, frame)
        }
        // v16: date and time arithmetic (moderate), with one-step date facts (simple).
        let dates = rs.filter { $0.source == "sample:date_reasoning" }
        XCTAssertGreaterThanOrEqual(dates.filter { $0.safety == "safe" && $0.complexity == "moderate" }.count, 250)
        XCTAssertGreaterThanOrEqual(dates.filter { $0.complexity == "simple" }.count, 40)
        XCTAssertGreaterThan(system.filter { ["you are", "act as", "system", "[system]", "instructions"].contains(where: $0.text.lowercased().hasPrefix) }.count,
                             system.count * 9 / 10)
        // Styles: each tier appears in lowercase-only and with a question mark and without one.
        for tier in ["simple", "moderate", "high"] {
            let texts = rs.filter { $0.complexity == tier }.map(\.text)
            XCTAssertGreaterThan(texts.filter { $0 == $0.lowercased() }.count, texts.count / 10, tier)
            XCTAssertGreaterThan(texts.filter { $0 != $0.lowercased() }.count, texts.count / 10, tier)
            XCTAssertGreaterThan(texts.filter { $0.contains("?") }.count, texts.count / 20, tier)
            XCTAssertGreaterThan(texts.filter { !$0.contains("?") }.count, texts.count / 10, tier)
        }
        XCTAssertGreaterThan(count { $0.text.contains("\\frac") || $0.text.contains("$x") || $0.text.contains("\\gcd") }, 20)
        XCTAssertTrue(Set(rs.map { $0.source }).count >= 20)
    }

    /// The configs that train on the sample list every training shard, in order (the generator opens a new shard
    /// when the last one would pass 1.5 MB; a shard missing from a config would silently drop its categories).
    func testConfigsListEveryTrainingShard() throws {
        let shards = try FileManager.default.contentsOfDirectory(atPath: Self.sampleDir.path)
            .filter { $0.hasPrefix("train-") && $0.hasSuffix(".jsonl") }
            .sorted { Int($0.dropFirst(6).dropLast(6))! < Int($1.dropFirst(6).dropLast(6))! }
        let configs = Self.sampleDir.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("configs")
        var checked = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: configs.path) where name.hasSuffix(".json") {
            let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: configs.appendingPathComponent(name)))
            guard let data = (obj as? [String: Any])?["data"] as? [String: Any],
                  let train = data["train"] as? [String], train.contains(where: { $0.contains("data/sample/") }) else { continue }
            XCTAssertEqual(train.map { String($0.split(separator: "/").last!) }, shards, "configs/\(name): data.train")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 0, "configs/default.json trains on the sample")
    }

    /// No hand-written probe (scripts/quality/probes*/*.txt, one query per line) is a sample text: the probes measure
    /// transfer to unseen wording, so the generator must not reproduce them (compared after lowercasing, collapsing
    /// whitespace and dropping the final punctuation).
    func testNoHandWrittenProbeIsASampleText() throws {
        func norm(_ s: String) -> String {
            var t = s.replacingOccurrences(of: "\\n", with: "\n").lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            while let last = t.last, ".?!".contains(last) { t.removeLast() }
            return t
        }
        let sample = Set(try loadAll().map { norm($0.text) })
        let quality = Self.sampleDir.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/quality")
        var probes = 0
        for dir in ["probes", "probes_risky", "probes_tiers"] {
            let folder = quality.appendingPathComponent(dir)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".txt") {
                let lines = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
                // (a tier probe's first line, "# tier: ...", is a header, not a probe)
                for line in lines where !line.trimmingCharacters(in: .whitespaces).isEmpty && !line.hasPrefix("# tier:") {
                    XCTAssertFalse(sample.contains(norm(String(line))), "\(dir)/\(name): \"\(line)\" is a sample text")
                    probes += 1
                }
            }
        }
        XCTAssertGreaterThan(probes, 100)
    }

    func testFeaturizerRunsOnAllSampleTexts() throws {
        let fz = try Featurizer()
        let rs = try loadAll()
        let batch = fz.featurize(batch: rs.map(\.text))
        XCTAssertEqual(batch.count, rs.count)
        XCTAssertTrue(batch.dense.allSatisfy { $0 >= 0 && $0 <= 1 })
        XCTAssertTrue(batch.ids.allSatisfy { $0 >= 0 && $0 < Int32(fz.config.buckets) })
        // Structure separates the tiers on average (log_words and constraints grow with the tier).
        let F = fz.denseWidth
        func mean(_ tier: String, _ name: String) -> Float {
            let f = StructuralFeatures.names.firstIndex(of: name)!
            let rows = rs.indices.filter { rs[$0].complexity == tier }
            return rows.map { batch.dense[$0 * F + f] }.reduce(0, +) / Float(rows.count)
        }
        for name in ["log_words", "constraints", "conjunctions"] {
            XCTAssertLessThan(mean("simple", name), mean("moderate", name), name)
            XCTAssertLessThan(mean("moderate", name), mean("high", name), name)
        }
    }

    /// Every feature of every sample text (ids, weights, dense bit patterns, offsets) is pinned by a digest
    /// computed with the featurizer before its speed-ups (same algorithm version, bit-identical output);
    /// the same digest is printed by `bench-data input data/sample/*.jsonl`.
    func testSampleFeaturesArePinned() throws {
        // The v6 records (later versions append categories; every v6 record stays byte-identical and in order).
        let later = Set(["sample:roleplay", "sample:safety_info", "sample:dev_question",  // v7
                         "sample:pasted_context", "sample:pasted_context_risky",             // v8
                         "sample:everyday_twin",                                             // v9
                         "sample:privacy_risky", "sample:privacy_safe", "sample:system_preamble",  // v10
                         "sample:scary_verbs",
                         "sample:state_puzzle", "sample:which_factual", "sample:everyday_question",  // v11
                         "sample:wrapper_twin", "sample:short_plan",  // v12
                         "sample:tier_twin",  // v13
                         "sample:multilingual_risky", "sample:multilingual_safe",  // v14
                         "sample:benchmark_twin",  // v15
                         "sample:date_reasoning",  // v16
                         "sample:frame_twin",  // v17
                         "sample:arithmetic_words",  // v18
                         "sample:personal_admin",  // v19
                         "sample:mc_everyday",  // v20
                         "sample:multi_hop_chain",  // v21
                         "sample:opener_twin"])  // v22
        let texts = try loadAll().filter { !later.contains($0.source) }.map(\.text)
        XCTAssertEqual(texts.count, 10_940)
        func digest(_ f: FeatureBatch) -> String {
            var d = StableHash.offsetBasis
            for id in f.ids { d = StableHash.fnv1a64(withUnsafeBytes(of: id) { Array($0) }, start: d) }
            for w in f.weights + f.dense { d = StableHash.fnv1a64(withUnsafeBytes(of: w.bitPattern) { Array($0) }, start: d) }
            for o in f.offsets { d = StableHash.fnv1a64(withUnsafeBytes(of: o) { Array($0) }, start: d) }
            return String(d, radix: 16)
        }
        let bench = try Featurizer(config: FeaturizerConfig(buckets: 262_144, wordNgrams: 2, charNgramMin: 0))
        // Featurizer v3 (parallel_steps); v2 gave 2250c0baad4f89ab and ac440b09d1cddfca.
        XCTAssertEqual(digest(bench.featurize(batch: texts)), "721993b6f57cdca7")
        XCTAssertEqual(digest(try Featurizer().featurize(batch: texts)), "8c0409c21dad763a")
        // Single-query featurization equals the batch rows.
        let batch = try Featurizer().featurize(batch: texts)
        for b in stride(from: 0, to: texts.count, by: 97) { XCTAssertEqual(try Featurizer().featurize(texts[b]), batch.row(b)) }
    }
}
