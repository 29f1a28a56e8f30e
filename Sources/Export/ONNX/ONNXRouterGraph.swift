import Foundation

/// Builds the router network as an ONNX graph from plain weight arrays.
///
/// Inputs (featurized, padded):
///   `ids`        int64 `[batch, length]`  hashed n-gram ids (padding id any valid row, e.g. 0)
///   `id_weights` float `[batch, length]`  per-id weights, 0 for padding (mean bags pre-divided: sum == mean)
///   `dense`      float `[batch, F]`       structural features (absent when F == 0)
/// Outputs:
///   `complexity_logits` `[batch, 3]`, `complexity_probs` = softmax(logits / Tc) `[batch, 3]`,
///   `risky_logit` `[batch, 1]`, `risky_prob` = sigmoid(logit / Ts) `[batch, 1]`,
///   `budget_quantiles` `[batch, K]` (log1p tokens, raw head output; with `budgetSkip`, plus `dense W_s^T`).
public enum ONNXRouterGraph {
    /// Graph input names.
    public static let idsInput = "ids", idWeightsInput = "id_weights", denseInput = "dense"
    /// Graph output names, in output order.
    public static let outputNames = ["complexity_logits", "complexity_probs", "risky_logit", "risky_prob",
                                     "budget_quantiles"]
    /// The symbolic name of the padded id-list length.
    public static let lengthDim = ONNXDim.symbolic("length")

    /// A weight as exported from a checkpoint: shape and row-major float32 values.
    public typealias Weight = (shape: [Int], values: [Float])

    /// Builds the graph; throws naming the first missing or mis-shaped weight.
    public static func build(spec: ONNXRouterSpec, weights: [String: Weight]) throws -> ONNXGraph {
        try spec.validate()
        var g = ONNXGraph(name: "reasoning_router")
        // Weights become initializers under their checkpoint names.
        for (p, shape) in spec.parameterShapes() {
            let n = spec.name(p)
            guard let w = weights[n] else { throw ONNXExportError.missingWeight(n) }
            guard w.shape == shape, w.values.count == shape.reduce(1, *) else {
                throw ONNXExportError.badWeightShape(n, expected: shape, actual: w.shape)
            }
            g.addInitializer(n, floats: w.values, dims: shape)
        }
        let f = spec.denseFeatures
        g.addInput(idsInput, .int64, shape: [.batch, lengthDim])
        g.addInput(idWeightsInput, .float, shape: [.batch, lengthDim])
        if f > 0 { g.addInput(denseInput, .float, shape: [.batch, .fixed(f)]) }

        // Constants (opset 13+ takes axes as an input tensor).
        g.addInitializer("const.axes_2", int64s: [2], dims: [1])
        g.addInitializer("const.axes_1", int64s: [1], dims: [1])

        // Embedding bag: rows [B, L, E] * weights [B, L, 1] summed over L -> [B, E].
        g.addNode("Gather", inputs: [spec.name(.embedding), idsInput], outputs: ["bag.rows"],
                  attributes: [.int("axis", 0)])
        g.addNode("Unsqueeze", inputs: [idWeightsInput, "const.axes_2"], outputs: ["bag.scale"])
        g.addNode("Mul", inputs: ["bag.rows", "bag.scale"], outputs: ["bag.weighted"])
        var x = g.addNode("ReduceSum", inputs: ["bag.weighted", "const.axes_1"], outputs: ["bag.sum"],
                          attributes: [.int("keepdims", 0)])
        g.addValueInfo(x, .float, shape: [.batch, .fixed(spec.embeddingDim)])
        if f > 0 {  // [B, E + F]
            x = g.addNode("Concat", inputs: [x, denseInput], outputs: ["trunk.input"], attributes: [.int("axis", 1)])
        }

        // Hidden layers: Gemm(x, W^T) + b -> activation -> optional LayerNorm.
        for (i, layer) in spec.hidden.enumerated() {
            let p = "hidden.\(i)"
            x = g.addNode("Gemm", inputs: [x, spec.name(.hiddenWeight(i)), spec.name(.hiddenBias(i))],
                          outputs: ["\(p).linear"], attributes: [.int("transB", 1)])
            x = addActivation(&g, layer.activation, input: x, prefix: p)
            if layer.layerNorm {
                x = g.addNode("LayerNormalization",
                              inputs: [x, spec.name(.normScale(i)), spec.name(.normBias(i))], outputs: ["\(p).norm"],
                              attributes: [.int("axis", -1), .float("epsilon", spec.layerNormEpsilon)])
            }
            g.addValueInfo(x, .float, shape: [.batch, .fixed(layer.size)])
        }

        // Heads.
        func head(_ h: ONNXRouterSpec.Head, _ out: String) {
            g.addNode("Gemm", inputs: [x, spec.name(.headWeight(h)), spec.name(.headBias(h))], outputs: [out],
                      attributes: [.int("transB", 1)])
        }
        head(.complexity, "complexity_logits")
        head(.safety, "risky_logit")
        if spec.budgetSkip {  // budget = Gemm(h, W_b^T) + b_b + MatMul(dense, W_s^T): [B, K]
            head(.budget, "budget.trunk")
            g.addNode("Gemm", inputs: [denseInput, spec.name(.budgetSkipWeight)], outputs: ["budget.skip"],
                      attributes: [.int("transB", 1)])
            g.addNode("Add", inputs: ["budget.trunk", "budget.skip"], outputs: ["budget_quantiles"])
        } else {
            head(.budget, "budget_quantiles")
        }
        g.addInitializer("const.complexity_temperature", floats: [spec.complexityTemperature], dims: [])
        g.addInitializer("const.safety_temperature", floats: [spec.safetyTemperature], dims: [])
        g.addNode("Div", inputs: ["complexity_logits", "const.complexity_temperature"], outputs: ["complexity.scaled"])
        if spec.complexityOrdinal {
            // s = sigmoid(logits / T) [B, 2]; probs = [1 - s1, s1 - min(s1, s2), min(s1, s2)] [B, 3].
            g.addNode("Sigmoid", inputs: ["complexity.scaled"], outputs: ["complexity.cum"])
            g.addNode("Split", inputs: ["complexity.cum"], outputs: ["complexity.s1", "complexity.s2raw"],
                      attributes: [.int("axis", 1)])
            g.addNode("Min", inputs: ["complexity.s1", "complexity.s2raw"], outputs: ["complexity.s2"])
            if !g.initializers.contains(where: { $0.name == "const.one" }) { g.addInitializer("const.one", floats: [1], dims: []) }
            g.addNode("Sub", inputs: ["const.one", "complexity.s1"], outputs: ["complexity.p0"])
            g.addNode("Sub", inputs: ["complexity.s1", "complexity.s2"], outputs: ["complexity.p1"])
            g.addNode("Concat", inputs: ["complexity.p0", "complexity.p1", "complexity.s2"], outputs: ["complexity_probs"],
                      attributes: [.int("axis", 1)])
        } else {
            g.addNode("Softmax", inputs: ["complexity.scaled"], outputs: ["complexity_probs"], attributes: [.int("axis", -1)])
        }
        g.addNode("Div", inputs: ["risky_logit", "const.safety_temperature"], outputs: ["safety.scaled"])
        g.addNode("Sigmoid", inputs: ["safety.scaled"], outputs: ["risky_prob"])

        let k = ONNXRouterSpec.complexityClasses
        for (name, width) in zip(outputNames, [spec.headWidth(.complexity), k, 1, 1, spec.budgetQuantiles]) {
            g.addOutput(name, .float, shape: [.batch, .fixed(width)])
        }
        return g
    }

    /// Builds the full model (opset 17, IR 8) with `router_spec` JSON and `extraMetadata` in `metadata_props`.
    public static func model(spec: ONNXRouterSpec, weights: [String: Weight], producerVersion: String = "1",
                             extraMetadata: [(key: String, value: String)] = []) throws -> ONNXModel {
        let graph = try build(spec: spec, weights: weights)
        let meta = [(key: "router_spec", value: try spec.jsonDescription())] + extraMetadata
        return ONNXModel(graph: graph, producer: "ReasoningRouter", producerVersion: producerVersion, metadata: meta)
    }

    /// Appends the activation nodes for `input` and returns the output name.
    ///
    /// Opset 17 has no Gelu op (added in 20), so GELU is spelled out with the same formulas as Layers:
    /// exact `0.5 x (1 + erf(x * 0.70710678))`, tanh `0.5 x (1 + tanh(0.79788456 (x + 0.044715 x^3)))`.
    static func addActivation(_ g: inout ONNXGraph, _ a: ONNXRouterSpec.Activation, input x: String,
                              prefix p: String) -> String {
        func scalar(_ name: String, _ v: Float) -> String {
            let n = "const.\(name)"
            if !g.initializers.contains(where: { $0.name == n }) { g.addInitializer(n, floats: [v], dims: []) }
            return n
        }
        switch a {
        case .relu:
            return g.addNode("Relu", inputs: [x], outputs: ["\(p).act"])
        case .gelu:
            let s = g.addNode("Mul", inputs: [x, scalar("inv_sqrt2", 0.707_106_78)], outputs: ["\(p).gelu.scaled"])
            let e = g.addNode("Erf", inputs: [s], outputs: ["\(p).gelu.erf"])
            let one = g.addNode("Add", inputs: [e, scalar("one", 1)], outputs: ["\(p).gelu.cdf2"])
            let half = g.addNode("Mul", inputs: [x, scalar("half", 0.5)], outputs: ["\(p).gelu.halfx"])
            return g.addNode("Mul", inputs: [half, one], outputs: ["\(p).act"])
        case .geluTanh:
            let x2 = g.addNode("Mul", inputs: [x, x], outputs: ["\(p).gelu.x2"])
            let x3 = g.addNode("Mul", inputs: [x2, x], outputs: ["\(p).gelu.x3"])
            let cx3 = g.addNode("Mul", inputs: [x3, scalar("gelu_c", 0.044715)], outputs: ["\(p).gelu.cx3"])
            let inner = g.addNode("Add", inputs: [x, cx3], outputs: ["\(p).gelu.inner"])
            let kin = g.addNode("Mul", inputs: [inner, scalar("sqrt_2_over_pi", 0.797_884_56)], outputs: ["\(p).gelu.kin"])
            let t = g.addNode("Tanh", inputs: [kin], outputs: ["\(p).gelu.tanh"])
            let one = g.addNode("Add", inputs: [t, scalar("one", 1)], outputs: ["\(p).gelu.t1"])
            let half = g.addNode("Mul", inputs: [x, scalar("half", 0.5)], outputs: ["\(p).gelu.halfx"])
            return g.addNode("Mul", inputs: [half, one], outputs: ["\(p).act"])
        }
    }
}
