// The labeled record of the spectrum data (docs/data.md, ../shared/data/LABELING.md).

/// Where a query sits on the reasoning spectrum; ordered simple < moderate < high.
public enum Complexity: String, Codable, CaseIterable, Comparable, Sendable {
    case simple, moderate, high

    /// The class index used by the model: simple 0, moderate 1, high 2.
    public var index: Int {
        switch self {
        case .simple: return 0
        case .moderate: return 1
        case .high: return 2
        }
    }

    /// The tier of class index `index` (0, 1, 2), or nil.
    public init?(index: Int) {
        guard index >= 0, index < Self.allCases.count else { return nil }
        self = Self.allCases[index]
    }

    public static func < (a: Complexity, b: Complexity) -> Bool { a.index < b.index }
}

/// Whether a query needs deliberate safety reasoning.
public enum Safety: String, Codable, CaseIterable, Sendable {
    case safe, risky

    /// The class index used by the model: safe 0, risky 1.
    public var index: Int { self == .safe ? 0 : 1 }
}

/// One labeled query. `nil` labels are unknown and masked out of the corresponding loss.
public struct SpectrumRecord: Codable, Hashable, Sendable {
    /// Unique id, `<source>:<original id or line number>`.
    public var id: String
    /// The user query, non-empty.
    public var text: String
    /// The complexity tier, or nil if unknown.
    public var complexity: Complexity?
    /// The safety label, or nil if unknown.
    public var safety: Safety?
    /// A finer safety category where the source gives one (e.g. HarmBench's semantic category).
    public var safetyCategory: String?
    /// Reasoning tokens the query needs (>= 0), or nil if unknown.
    public var budgetTokens: Int?
    /// Short source name (a raw/ directory name, or the project's own source name).
    public var source: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, text, complexity, safety
        case safetyCategory = "safety_category"
        case budgetTokens = "budget_tokens"
        case source
    }

    /// Creates a record.
    public init(id: String, text: String, complexity: Complexity? = nil, safety: Safety? = nil,
                safetyCategory: String? = nil, budgetTokens: Int? = nil, source: String) {
        self.id = id
        self.text = text
        self.complexity = complexity
        self.safety = safety
        self.safetyCategory = safetyCategory
        self.budgetTokens = budgetTokens
        self.source = source
    }

    /// Encodes every key, writing `null` for unknown labels (the JSONL format always has all seven keys).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(text, forKey: .text)
        try c.encode(complexity, forKey: .complexity)
        try c.encode(safety, forKey: .safety)
        try c.encode(safetyCategory, forKey: .safetyCategory)
        try c.encode(budgetTokens, forKey: .budgetTokens)
        try c.encode(source, forKey: .source)
    }

    /// True when complexity, safety and budget are all unknown (such a record teaches nothing).
    public var hasNoLabel: Bool { complexity == nil && safety == nil && budgetTokens == nil }

    /// The record as one JSONL line (no trailing newline), keys in the documented order.
    public func jsonLine() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + id.utf8.count + 120)
        func key(_ k: String) { appendJSONString(k, to: &out); out.append(UInt8(ascii: ":")) }
        func optional(_ s: String?) {
            if let s { appendJSONString(s, to: &out) } else { out.append(contentsOf: Array("null".utf8)) }
        }
        out.append(UInt8(ascii: "{"))
        key("id"); appendJSONString(id, to: &out); out.append(UInt8(ascii: ","))
        key("text"); appendJSONString(text, to: &out); out.append(UInt8(ascii: ","))
        key("complexity"); optional(complexity?.rawValue); out.append(UInt8(ascii: ","))
        key("safety"); optional(safety?.rawValue); out.append(UInt8(ascii: ","))
        key("safety_category"); optional(safetyCategory); out.append(UInt8(ascii: ","))
        key("budget_tokens")
        if let b = budgetTokens { out.append(contentsOf: Array(String(b).utf8)) } else { out.append(contentsOf: Array("null".utf8)) }
        out.append(UInt8(ascii: ","))
        key("source"); appendJSONString(source, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
