import Foundation

/// A graph under construction (`GraphProto`): inputs, outputs, constant initializers and nodes in order.
///
/// Nodes must be added in topological order (each input already produced, an initializer or a graph
/// input); `validate()` checks this and that every output is produced.
public struct ONNXGraph: Sendable {
    /// The graph name.
    public var name: String
    /// Graph inputs (fed at run time).
    public private(set) var inputs: [ONNXValueInfo] = []
    /// Graph outputs.
    public private(set) var outputs: [ONNXValueInfo] = []
    /// Optional shape annotations for intermediate values.
    public private(set) var valueInfo: [ONNXValueInfo] = []
    /// Constant tensors (weights, axes, scalars).
    public private(set) var initializers: [ONNXTensor] = []
    /// Nodes in topological order.
    public private(set) var nodes: [ONNXNode] = []

    /// Creates an empty graph.
    public init(name: String) { self.name = name }

    /// Declares a graph input, e.g. `addInput("ids", .int64, shape: [.batch, .symbolic("length")])`.
    public mutating func addInput(_ name: String, _ elementType: ONNXElementType, shape: [ONNXDim]) {
        inputs.append(ONNXValueInfo(name: name, elementType: elementType, shape: shape))
    }

    /// Declares a graph output (it must be produced by some node).
    public mutating func addOutput(_ name: String, _ elementType: ONNXElementType, shape: [ONNXDim]) {
        outputs.append(ONNXValueInfo(name: name, elementType: elementType, shape: shape))
    }

    /// Annotates an intermediate value's type and shape (optional; helps viewers and shape inference).
    public mutating func addValueInfo(_ name: String, _ elementType: ONNXElementType, shape: [ONNXDim]) {
        valueInfo.append(ONNXValueInfo(name: name, elementType: elementType, shape: shape))
    }

    /// Adds a float32 constant `dims` (row-major values).
    public mutating func addInitializer(_ name: String, floats: [Float], dims: [Int]) {
        initializers.append(ONNXTensor(name: name, floats: floats, dims: dims))
    }

    /// Adds an int64 constant `dims` (row-major values).
    public mutating func addInitializer(_ name: String, int64s: [Int64], dims: [Int]) {
        initializers.append(ONNXTensor(name: name, int64s: int64s, dims: dims))
    }

    /// Appends a node; the node name defaults to `<op>_<index>`. Returns the first output name.
    @discardableResult
    public mutating func addNode(_ opType: String, inputs: [String], outputs: [String],
                                 attributes: [ONNXAttribute] = [], name: String? = nil) -> String {
        nodes.append(ONNXNode(opType: opType, inputs: inputs, outputs: outputs,
                              name: name ?? "\(opType)_\(nodes.count)", attributes: attributes))
        return outputs[0]
    }

    /// Checks that names are unique, nodes are topologically ordered and every output is produced.
    public func validate() throws {
        var defined = Set<String>()
        for v in inputs {
            guard defined.insert(v.name).inserted else { throw ONNXExportError.duplicateName(v.name) }
        }
        for t in initializers {
            guard defined.insert(t.name).inserted else { throw ONNXExportError.duplicateName(t.name) }
        }
        for n in nodes {
            for i in n.inputs where !i.isEmpty && !defined.contains(i) {
                throw ONNXExportError.undefinedValue(i, node: n.name)
            }
            for o in n.outputs {
                guard defined.insert(o).inserted else { throw ONNXExportError.duplicateName(o) }
            }
        }
        for o in outputs where !defined.contains(o.name) {
            throw ONNXExportError.undefinedValue(o.name, node: "graph output")
        }
    }

    /// Encodes the `GraphProto`.
    public func encode() -> ProtobufWriter {
        var w = ProtobufWriter()
        for n in nodes { w.message(1, n.encode()) }          // node = 1
        w.string(2, name)                                     // name = 2
        for t in initializers { w.message(5, t.encode()) }   // initializer = 5
        for v in inputs { w.message(11, v.encode()) }        // input = 11
        for v in outputs { w.message(12, v.encode()) }       // output = 12
        for v in valueInfo { w.message(13, v.encode()) }     // value_info = 13
        return w
    }
}

/// A complete ONNX model (`ModelProto`): IR version, opset imports, producer, graph and metadata.
public struct ONNXModel: Sendable {
    /// The IR version written (8 = ONNX 1.10+, the one matching opset 17 tooling).
    public static let defaultIRVersion: Int64 = 8
    /// The default-domain opset written (17: the first with LayerNormalization).
    public static let defaultOpset: Int64 = 17

    /// The graph.
    public var graph: ONNXGraph
    /// The default-domain (`""`) opset version.
    public var opset: Int64
    /// The IR version.
    public var irVersion: Int64
    /// The producing tool's name.
    public var producerName: String
    /// The producing tool's version.
    public var producerVersion: String
    /// Free-form key/value metadata (`metadata_props`), written in insertion order.
    public var metadata: [(key: String, value: String)]

    /// Creates a model around `graph`.
    public init(graph: ONNXGraph, opset: Int64 = ONNXModel.defaultOpset, irVersion: Int64 = ONNXModel.defaultIRVersion,
                producer: String = "ReasoningRouter", producerVersion: String = "1",
                metadata: [(key: String, value: String)] = []) {
        self.graph = graph
        self.opset = opset
        self.irVersion = irVersion
        self.producerName = producer
        self.producerVersion = producerVersion
        self.metadata = metadata
    }

    /// Validates the graph and returns the serialized `ModelProto` bytes (the content of a `.onnx` file).
    public func serialized() throws -> Data {
        try graph.validate()
        var w = ProtobufWriter()
        w.int64(1, irVersion)                                 // ir_version = 1
        w.string(2, producerName)                             // producer_name = 2
        w.string(3, producerVersion)                          // producer_version = 3
        w.message(7, graph.encode())                          // graph = 7
        w.message(8) { op in                                  // opset_import = 8 (OperatorSetIdProto)
            op.string(1, "")                                  //   domain = 1 ("" = ai.onnx)
            op.int64(2, opset)                                //   version = 2
        }
        for (k, v) in metadata {
            w.message(14) { e in                              // metadata_props = 14 (StringStringEntryProto)
                e.string(1, k)                                //   key = 1
                e.string(2, v)                                //   value = 2
            }
        }
        // Protobuf (and so onnxruntime) cannot parse messages of 2 GiB or more.
        guard w.bytes.count < Int(Int32.max) else { throw ONNXExportError.modelTooLarge(bytes: w.bytes.count) }
        return Data(w.bytes)
    }

    /// Serializes and writes the model atomically to `url`.
    public func write(to url: URL) throws {
        try serialized().write(to: url, options: .atomic)
    }
}

/// Errors raised while building or exporting an ONNX graph; each names the offending value.
public enum ONNXExportError: Error, CustomStringConvertible, Equatable {
    /// A value name is defined twice.
    case duplicateName(String)
    /// A node input or graph output refers to a value nothing defines.
    case undefinedValue(String, node: String)
    /// A weight the architecture needs is absent from the weights dictionary.
    case missingWeight(String)
    /// A weight has the wrong shape or value count.
    case badWeightShape(String, expected: [Int], actual: [Int])
    /// The architecture description is invalid.
    case invalidSpec(String)
    /// The serialized model would exceed protobuf's 2 GiB message limit.
    case modelTooLarge(bytes: Int)

    /// A human-readable message.
    public var description: String {
        switch self {
        case .duplicateName(let n): return "ONNX graph: value name '\(n)' is defined twice"
        case .undefinedValue(let n, let node): return "ONNX graph: '\(n)' used by \(node) is not defined before use"
        case .missingWeight(let n): return "ONNX export: weight '\(n)' is missing from the weights"
        case .badWeightShape(let n, let e, let a): return "ONNX export: weight '\(n)' has shape \(a), expected \(e)"
        case .invalidSpec(let m): return "ONNX export: invalid router spec: \(m)"
        case .modelTooLarge(let n): return "ONNX export: model is \(n) bytes, over protobuf's 2 GiB limit"
        }
    }
}
