import RouterModel

/// Runs a trained model over labeled queries and collects what the report needs.
public enum Evaluate {
    /// One labeled query to evaluate.
    public struct Query: Sendable {
        public var text: String
        public var source: String
        public var tier: Int?
        public var risky: Bool?
        public var budget: Int?
        public init(text: String, source: String, tier: Int?, risky: Bool?, budget: Int?) {
            self.text = text; self.source = source; self.tier = tier; self.risky = risky; self.budget = budget
        }
    }

    /// Routes `queries` with `model` under `policy` (the model's own policy when nil), in batches.
    public static func run(_ model: TrainedModel, queries: [Query], policy: RoutingPolicy? = nil, batchSize: Int = 512) -> [EvalExample] {
        run(outputs: model.outputs, queries: queries, policy: policy ?? model.description.policy, batchSize: batchSize)
    }

    /// Routes `queries` with an ensemble's averaged outputs under `policy`, in batches.
    public static func run(_ ensemble: RouterEnsemble, queries: [Query], policy: RoutingPolicy, batchSize: Int = 512) -> [EvalExample] {
        run(outputs: ensemble.outputs, queries: queries, policy: policy, batchSize: batchSize)
    }

    /// Routes `queries` with any output function under `policy`, in batches.
    public static func run(outputs: ([String]) -> [RouterOutput], queries: [Query], policy p: RoutingPolicy, batchSize: Int = 512) -> [EvalExample] {
        var out: [EvalExample] = []
        out.reserveCapacity(queries.count)
        var start = 0
        while start < queries.count {
            let chunk = queries[start..<min(start + batchSize, queries.count)]
            let outs = outputs(chunk.map(\.text))
            for (q, o) in zip(chunk, outs) {
                out.append(EvalExample(source: q.source, tier: q.tier, risky: q.risky, budget: q.budget, output: o, decision: p.decide(o)))
            }
            start += batchSize
        }
        return out
    }
}
