// PolicyOverride: changing a bundle's routing policy at inference time (CLI and server), strictly checked.
import Foundation
import RouterModel

/// A change of a bundle's `RoutingPolicy` at inference time: a JSON object with any subset of the policy's
/// fields (the others keep the bundle's values), then single fields from the command line.
///
/// Strict like the training config: an unknown key is an error naming it, and every value is range-checked
/// (`validate`), so a typo cannot silently leave the bundle's threshold in place.
public enum PolicyOverride {
    /// Why an override is refused.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// `policy` with the fields of the JSON object `json` (from `source`, named in errors) replaced.
    public static func merging(_ json: Data, from source: String, into policy: RoutingPolicy) throws -> RoutingPolicy {
        guard let patch = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw Failure("\(source): expected a JSON object with routing-policy fields")
        }
        let base = try JSONSerialization.jsonObject(with: JSONEncoder().encode(policy)) as? [String: Any] ?? [:]
        let known = Set(base.keys).union(["fit"])
        var merged = base
        for (key, value) in patch {
            guard known.contains(key) else {
                let hint = KeySuggestion.closest(to: key, in: Array(known)).map { "; did you mean \"\($0)\"?" } ?? ""
                throw Failure("\(source): unknown policy field \"\(key)\"\(hint) (fields: \(known.sorted().joined(separator: ", ")))")
            }
            merged[key] = value
        }
        let result: RoutingPolicy
        do {
            result = try JSONDecoder().decode(RoutingPolicy.self, from: JSONSerialization.data(withJSONObject: merged))
        } catch {
            throw Failure("\(source): \(error)")
        }
        try validate(result, fields: Set(patch.keys), source: source)
        return result
    }

    /// Throws a `Failure` naming the first of `fields` out of its range. Only the overridden fields are checked: a
    /// fitted bundle may hold a threshold just above 1 (`nextUp` of a probability of 1), which is its own business.
    public static func validate(_ p: RoutingPolicy, fields: Set<String>, source: String) throws {
        func check(_ field: String, _ ok: Bool, _ range: String, _ value: Any) throws {
            if fields.contains(field) && !ok { throw Failure("\(source): policy field \(field) must be \(range), got \(value)") }
        }
        try check("safetyThreshold", (0...1).contains(p.safetyThreshold), "in [0, 1]", p.safetyThreshold)
        try check("instantThreshold", (0...1).contains(p.instantThreshold), "in [0, 1]", p.instantThreshold)
        try check("confidenceLevel", (0...1).contains(p.confidenceLevel), "in [0, 1]", p.confidenceLevel)
        try check("budgetQuantile", p.budgetQuantile > 0 && p.budgetQuantile < 1, "in (0, 1)", p.budgetQuantile)
        try check("budgetScale", p.budgetScale > 0 && p.budgetScale.isFinite, "> 0", p.budgetScale)
        try check("safetyBudgetFloor", p.safetyBudgetFloor >= 0, ">= 0", p.safetyBudgetFloor)
        for (name, r) in [("briefRange", p.briefRange), ("deliberateRange", p.deliberateRange)] {
            try check(name, r.min >= 0 && r.min <= r.max, "{min, max} with 0 <= min <= max", "{\(r.min), \(r.max)}")
        }
    }
}
