// Strict config loading: JSON -> unknown-key check (did-you-mean) -> merge over defaults -> decode -> validate.
import Foundation
import RouterModel

/// Command-line overrides of the common config fields (nil = keep the file's value).
public struct ConfigOverrides: Sendable {
    public var epochs: Int?
    public var lr: Double?
    public var batchSize: Int?
    public var seed: Int?
    public var out: String?
    public init(epochs: Int? = nil, lr: Double? = nil, batchSize: Int? = nil, seed: Int? = nil, out: String? = nil) {
        self.epochs = epochs; self.lr = lr; self.batchSize = batchSize; self.seed = seed; self.out = out
    }
}

extension TrainingConfig {
    /// Loads, strictly decodes and validates a config file; relative data paths become absolute
    /// (resolved against the file's folder). Errors name the file and the field.
    public static func load(path: String, overrides: ConfigOverrides = ConfigOverrides()) throws -> TrainingConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(field: "(file)", reason: "cannot read the config file", file: path)
        }
        do {
            var c = try decode(data)
            if let v = overrides.epochs { c.training.epochs = v }
            if let v = overrides.lr { c.optimizer.lr = v }
            if let v = overrides.batchSize { c.training.batchSize = v }
            if let v = overrides.seed { c.training.seed = v }
            if let v = overrides.out { c.training.out = v }
            try c.validate()
            let base = URL(fileURLWithPath: path).deletingLastPathComponent()
            c.data.train = c.data.train.map { resolve($0, against: base) }
            c.data.validation = resolve(c.data.validation, against: base)
            return c
        } catch var e as ConfigError {
            e.file = path
            throw e
        }
    }

    /// Strictly decodes config JSON (no path resolution, no validation).
    public static func decode(_ data: Data) throws -> TrainingConfig {
        let any: Any
        do { any = try JSONSerialization.jsonObject(with: data) } catch {
            throw ConfigError(field: "(json)", reason: "not valid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error)")
        }
        guard let user = any as? [String: Any] else { throw ConfigError(field: "(json)", reason: "the top level must be a JSON object") }
        for req in [["data", "train"], ["data", "validation"]] {
            guard let sec = user[req[0]] as? [String: Any], sec[req[1]] != nil else {
                throw ConfigError(field: req.joined(separator: "."), reason: "is required but missing")
            }
        }
        let defaults = try JSONSerialization.jsonObject(with: TrainingConfig().jsonData()) as! [String: Any]
        let merged = try merge(user, over: defaults, path: "")
        do {
            return try JSONDecoder().decode(TrainingConfig.self, from: JSONSerialization.data(withJSONObject: merged))
        } catch let e as DecodingError {
            throw ConfigError(decoding: e)
        }
    }

    /// Keys accepted although absent from the encoded defaults (optional fields whose default is nil).
    static let optionalKeys: [String: [String]] = ["model": ["complexityClassWeights"]]
    /// Objects whose keys are free (validated by their owner), not a fixed schema.
    static let freeMaps: Set<String> = ["model.headWeights"]

    /// Deep-merges `user` over `defaults`, refusing keys the defaults do not have.
    static func merge(_ user: [String: Any], over defaults: [String: Any], path: String) throws -> [String: Any] {
        var out = defaults
        let known = Array(defaults.keys) + (optionalKeys[path] ?? [])
        for (k, v) in user {
            let field = path.isEmpty ? k : "\(path).\(k)"
            guard known.contains(k) else {
                let hint = didYouMean(k, known).map { "; did you mean \"\($0)\"?" } ?? ""
                throw ConfigError(field: field, reason: "unknown key\(hint) (allowed: \(known.sorted().joined(separator: ", ")))")
            }
            if freeMaps.contains(field) {
                out[k] = v
            } else if let d = defaults[k] as? [String: Any] {
                guard let u = v as? [String: Any] else { throw ConfigError(field: field, reason: "must be a JSON object") }
                out[k] = try merge(u, over: d, path: field)
            } else if field == "model.hidden" {
                guard let layers = v as? [Any] else { throw ConfigError(field: field, reason: "must be a list of {size, activation, layerNorm}") }
                let hDefault = try JSONSerialization.jsonObject(with: JSONEncoder().encode(ModelConfig.Hidden(size: 0))) as! [String: Any]
                out[k] = try layers.enumerated().map { i, layer -> [String: Any] in
                    guard let l = layer as? [String: Any] else { throw ConfigError(field: "\(field)[\(i)]", reason: "must be a JSON object") }
                    guard l["size"] != nil else { throw ConfigError(field: "\(field)[\(i)].size", reason: "is required but missing") }
                    return try merge(l, over: hDefault, path: "\(field)[\(i)]")
                }
            } else {
                out[k] = v
            }
        }
        return out
    }

    /// The closest known key within a small edit distance, if any (`KeySuggestion`).
    static func didYouMean(_ key: String, _ known: [String]) -> String? { KeySuggestion.closest(to: key, in: known) }

    static func resolve(_ p: String, against base: URL) -> String {
        p.hasPrefix("/") ? p : base.appendingPathComponent(p).standardizedFileURL.path
    }
}

extension ConfigError {
    /// A decoding error as a config error naming the dotted field path.
    init(decoding e: DecodingError) {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch e {
        case let .typeMismatch(t, ctx): self.init(field: path(ctx.codingPath), reason: "has the wrong type: expected \(Self.typeName(t))")
        case let .valueNotFound(t, ctx): self.init(field: path(ctx.codingPath), reason: "must not be null (expected \(Self.typeName(t)))")
        case let .keyNotFound(k, ctx): self.init(field: path(ctx.codingPath + [k]), reason: "is required but missing")
        case let .dataCorrupted(ctx): self.init(field: path(ctx.codingPath), reason: "invalid value: \(ctx.debugDescription)")
        @unknown default: self.init(field: "(config)", reason: "\(e)")
        }
    }

    static func typeName(_ t: Any.Type) -> String {
        switch t {
        case is Int.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: "\(t)"
        }
    }
}
