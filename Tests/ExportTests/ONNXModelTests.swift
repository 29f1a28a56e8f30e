import XCTest
@testable import Export

/// Structural tests: a serialized model parses back (tiny decoder) into the expected top-level fields.
final class ONNXModelTests: XCTestCase {
    static let spec = ONNXRouterSpec(
        embeddingRows: 20, embeddingDim: 4, denseFeatures: 3,
        hidden: [.init(size: 6, activation: .relu, layerNorm: true), .init(size: 5, activation: .gelu)],
        budgetQuantiles: 3, complexityTemperature: 1.5, safetyTemperature: 0.7)

    func testModelTopLevelFields() throws {
        let model = try ONNXRouterGraph.model(spec: Self.spec, weights: randomWeights(Self.spec, seed: 1),
                                              producerVersion: "0.1", extraMetadata: [(key: "run", value: "abc")])
        let top = try decodeFields(Array(try model.serialized()))
        XCTAssertEqual(top.filter { $0.field == 1 }.map(\.int64), [8])                  // ir_version
        XCTAssertEqual(top.first { $0.field == 2 }?.string, "ReasoningRouter")          // producer_name
        XCTAssertEqual(top.first { $0.field == 3 }?.string, "0.1")                      // producer_version

        let opsets = try top.filter { $0.field == 8 }.map { try decodeFields($0.payload) }   // opset_import
        XCTAssertEqual(opsets.count, 1)
        XCTAssertEqual(opsets[0].first { $0.field == 1 }?.string, "")
        XCTAssertEqual(opsets[0].first { $0.field == 2 }?.int64, 17)

        let meta = try top.filter { $0.field == 14 }.map { try decodeFields($0.payload) }    // metadata_props
        let pairs = meta.map { ($0.first { $0.field == 1 }!.string, $0.first { $0.field == 2 }!.string) }
        XCTAssertEqual(pairs.map(\.0), ["router_spec", "run"])
        let described = try JSONSerialization.jsonObject(with: Data(pairs[0].1.utf8)) as? [String: Any]
        XCTAssertEqual((described?["names"] as? [String: String])?["hidden.1.weight"], "trunk.hidden.1.weight")

        let graphs = top.filter { $0.field == 7 }
        XCTAssertEqual(graphs.count, 1)
        let graph = try decodeFields(graphs[0].payload)
        XCTAssertEqual(graph.first { $0.field == 2 }?.string, "reasoning_router")
        let opTypes = try graph.filter { $0.field == 1 }.map { try decodeFields($0.payload).first { $0.field == 4 }!.string }
        XCTAssertEqual(Array(opTypes.prefix(5)), ["Gather", "Unsqueeze", "Mul", "ReduceSum", "Concat"])
        XCTAssertTrue(opTypes.contains("LayerNormalization") && opTypes.contains("Erf"))
        XCTAssertFalse(opTypes.contains("Gelu"), "Gelu is opset 20; opset 17 must spell it out")

        // Initializers carry the checkpoint names, shapes and data.
        let inits = try graph.filter { $0.field == 5 }.map { try decodeFields($0.payload) }
        let byName = Dictionary(uniqueKeysWithValues: inits.map { ($0.first { $0.field == 8 }!.string, $0) })
        let table = try XCTUnwrap(byName["trunk.embedding.weight"])
        XCTAssertEqual(table.filter { $0.field == 1 }.map(\.int64), [20, 4])
        XCTAssertEqual(table.first { $0.field == 2 }?.int64, 1)
        XCTAssertEqual(table.first { $0.field == 9 }?.payload.count, 20 * 4 * 4)
        let firstValue = randomWeights(Self.spec, seed: 1)["trunk.embedding.weight"]!.values[0]
        let raw = table.first { $0.field == 9 }!.payload
        XCTAssertEqual(Float(bitPattern: UInt32(raw[0]) | UInt32(raw[1]) << 8 | UInt32(raw[2]) << 16 | UInt32(raw[3]) << 24),
                       firstValue)
        XCTAssertEqual(byName["const.axes_1"]?.first { $0.field == 2 }?.int64, 7)

        // Inputs: ids [batch, length] int64, id_weights, dense [batch, 3].
        let inputs = try graph.filter { $0.field == 11 }.map { try decodeFields($0.payload) }
        XCTAssertEqual(inputs.map { $0.first { $0.field == 1 }!.string }, ["ids", "id_weights", "dense"])
        XCTAssertEqual(try shape(of: inputs[0]), ["batch", "length"])
        XCTAssertEqual(try elemType(of: inputs[0]), 7)
        XCTAssertEqual(try shape(of: inputs[2]), ["batch", "3"])
        let outputs = try graph.filter { $0.field == 12 }.map { try decodeFields($0.payload) }
        XCTAssertEqual(outputs.map { $0.first { $0.field == 1 }!.string }, ONNXRouterGraph.outputNames)
        XCTAssertEqual(try shape(of: outputs[4]), ["batch", "3"])
    }

    /// Dims of a ValueInfoProto as strings ("batch" for dim_param, "3" for dim_value).
    private func shape(of valueInfo: [WireField]) throws -> [String] {
        let type = try decodeFields(valueInfo.first { $0.field == 2 }!.payload)
        let tensor = try decodeFields(type.first { $0.field == 1 }!.payload)
        let shape = try decodeFields(tensor.first { $0.field == 2 }!.payload)
        return try shape.filter { $0.field == 1 }.map { d in
            let f = try decodeFields(d.payload)[0]
            return f.field == 2 ? f.string : String(f.int64)
        }
    }

    private func elemType(of valueInfo: [WireField]) throws -> Int64? {
        let type = try decodeFields(valueInfo.first { $0.field == 2 }!.payload)
        return try decodeFields(type.first { $0.field == 1 }!.payload).first { $0.field == 1 }?.int64
    }

    func testMissingAndMisshapedWeightsAreNamed() {
        var w = randomWeights(Self.spec, seed: 2)
        w["trunk.hidden.1.bias"] = nil
        XCTAssertThrowsError(try ONNXRouterGraph.build(spec: Self.spec, weights: w)) {
            XCTAssertEqual($0 as? ONNXExportError, .missingWeight("trunk.hidden.1.bias"))
        }
        w = randomWeights(Self.spec, seed: 2)
        w["heads.budget.weight"] = ([5, 3], [Float](repeating: 0, count: 15))
        XCTAssertThrowsError(try ONNXRouterGraph.build(spec: Self.spec, weights: w)) {
            XCTAssertEqual($0 as? ONNXExportError, .badWeightShape("heads.budget.weight", expected: [3, 5], actual: [5, 3]))
        }
    }

    func testCustomNamesAndInvalidSpec() throws {
        var spec = Self.spec
        spec.name = { "model." + ONNXRouterSpec.key($0) }
        let w = Dictionary(uniqueKeysWithValues: randomWeights(Self.spec, seed: 3).map { (k, v) -> (String, ONNXRouterGraph.Weight) in
            let p = Self.spec.parameterShapes().first { Self.spec.name($0.0) == k }!.0
            return ("model." + ONNXRouterSpec.key(p), v)
        })
        let g = try ONNXRouterGraph.build(spec: spec, weights: w)
        XCTAssertTrue(g.initializers.contains { $0.name == "model.heads.safety.bias" })
        XCTAssertEqual(g.nodes[0].inputs, ["model.embedding", "ids"])

        spec.safetyTemperature = 0
        XCTAssertThrowsError(try ONNXRouterGraph.build(spec: spec, weights: w)) { err in
            XCTAssertTrue("\(err)".contains("safetyTemperature"), "\(err)")
        }
    }

    /// budgetSkip adds the `[K, F]` skip initializer and a Gemm(dense) + Add before `budget_quantiles`.
    func testBudgetSkipNodesAndValidation() throws {
        var spec = Self.spec
        spec.budgetSkip = true
        XCTAssertEqual(spec.parameterShapes().last.map { spec.name($0.0) }, "heads.budget.skip.weight")
        XCTAssertEqual(spec.parameterShapes().last?.1, [3, 3])
        let g = try ONNXRouterGraph.build(spec: spec, weights: randomWeights(spec, seed: 4))
        XCTAssertTrue(g.initializers.contains { $0.name == "heads.budget.skip.weight" })
        let add = try XCTUnwrap(g.nodes.first { $0.outputs == ["budget_quantiles"] })
        XCTAssertEqual(add.opType, "Add")
        XCTAssertEqual(add.inputs, ["budget.trunk", "budget.skip"])
        XCTAssertEqual(g.nodes.first { $0.outputs == ["budget.skip"] }?.inputs, ["dense", "heads.budget.skip.weight"])
        let described = try JSONSerialization.jsonObject(with: Data(try spec.jsonDescription().utf8)) as! [String: Any]
        XCTAssertEqual(described["budgetSkip"] as? Bool, true)
        XCTAssertEqual((described["names"] as? [String: String])?["heads.budget.skip.weight"], "heads.budget.skip.weight")

        // Without the flag the graph is unchanged: budget_quantiles comes straight from the head's Gemm.
        let plain = try ONNXRouterGraph.build(spec: Self.spec, weights: randomWeights(Self.spec, seed: 4))
        XCTAssertEqual(plain.nodes.first { $0.outputs == ["budget_quantiles"] }?.opType, "Gemm")
        XCTAssertFalse(plain.initializers.contains { $0.name == "heads.budget.skip.weight" })

        // Missing skip weight is named; a skip without dense features is an invalid spec.
        var w = randomWeights(spec, seed: 4)
        w["heads.budget.skip.weight"] = nil
        XCTAssertThrowsError(try ONNXRouterGraph.build(spec: spec, weights: w)) {
            XCTAssertEqual($0 as? ONNXExportError, .missingWeight("heads.budget.skip.weight"))
        }
        spec.denseFeatures = 0
        XCTAssertThrowsError(try spec.validate()) { XCTAssertTrue("\($0)".contains("budgetSkip"), "\($0)") }
    }

    func testGraphValidationCatchesOrderingErrors() {
        var g = ONNXGraph(name: "bad")
        g.addInput("x", .float, shape: [.batch, .fixed(2)])
        g.addNode("Relu", inputs: ["y"], outputs: ["z"], name: "relu")
        g.addNode("Relu", inputs: ["x"], outputs: ["y"], name: "relu2")
        g.addOutput("z", .float, shape: [.batch, .fixed(2)])
        XCTAssertThrowsError(try ONNXModel(graph: g).serialized()) {
            XCTAssertEqual($0 as? ONNXExportError, .undefinedValue("y", node: "relu"))
        }
    }
}
