import Foundation

// ONNX protobuf messages as plain Swift values, each with an `encode` that writes the wire format.
// Field numbers are the official ones from onnx/onnx.proto (proto2); each is noted next to its use.

/// An ONNX tensor element type (`TensorProto.DataType`).
public enum ONNXElementType: Int64, Sendable {
    /// float32 (`FLOAT = 1`).
    case float = 1
    /// int64 (`INT64 = 7`).
    case int64 = 7
}

/// One dimension of a value's shape: a fixed size or a symbolic name (`dim_param`).
public enum ONNXDim: Sendable, Equatable {
    /// A known size (`dim_value`, field 1 of `TensorShapeProto.Dimension`).
    case fixed(Int)
    /// A named, runtime-sized dimension (`dim_param`, field 2).
    case symbolic(String)

    /// The batch dimension, `dim_param: "batch"`.
    public static let batch = ONNXDim.symbolic("batch")
}

/// A constant tensor (`TensorProto`): float32 or int64 data, row-major.
public struct ONNXTensor: Sendable {
    /// How float data is laid out on the wire.
    public enum FloatEncoding: Sendable {
        /// `raw_data` (field 9): little-endian bytes; compact and fast for large tables.
        case raw
        /// `float_data` (field 4, packed).
        case typed
    }

    /// Element values of either type.
    public enum Values: Sendable {
        /// float32 values.
        case float([Float])
        /// int64 values.
        case int64([Int64])
    }

    /// The tensor name (the value name in the graph).
    public var name: String
    /// The shape; `[]` is a scalar.
    public var dims: [Int]
    /// The elements, `dims.product` of them.
    public var values: Values
    /// The float wire layout (ignored for int64, always `int64_data`).
    public var floatEncoding: FloatEncoding

    /// Creates a float tensor; stops if the value count does not match `dims`.
    public init(name: String, floats: [Float], dims: [Int], encoding: FloatEncoding = .raw) {
        precondition(floats.count == dims.reduce(1, *),
                     "ONNXTensor \(name): \(floats.count) values for dims \(dims)")
        self.name = name
        self.dims = dims
        self.values = .float(floats)
        self.floatEncoding = encoding
    }

    /// Creates an int64 tensor; stops if the value count does not match `dims`.
    public init(name: String, int64s: [Int64], dims: [Int]) {
        precondition(int64s.count == dims.reduce(1, *),
                     "ONNXTensor \(name): \(int64s.count) values for dims \(dims)")
        self.name = name
        self.dims = dims
        self.values = .int64(int64s)
        self.floatEncoding = .typed
    }

    /// The element type.
    public var elementType: ONNXElementType {
        switch values {
        case .float: return .float
        case .int64: return .int64
        }
    }

    /// Encodes the `TensorProto`.
    public func encode() -> ProtobufWriter {
        var w = ProtobufWriter()
        w.repeatedInt64s(1, dims.map(Int64.init))      // dims = 1 (repeated int64, unpacked in proto2)
        w.int64(2, elementType.rawValue)                // data_type = 2
        w.string(8, name)                               // name = 8
        switch values {
        case .float(let v) where floatEncoding == .typed:
            w.packedFloats(4, v)                        // float_data = 4 [packed]
        case .float(let v):
            #if _endian(little)                         // raw_data = 9, little-endian IEEE-754
            w.bytes(9, v.withUnsafeBytes { Array($0) })
            #else
            var raw = [UInt8]()
            raw.reserveCapacity(v.count * 4)
            for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { raw.append(contentsOf: $0) } }
            w.bytes(9, raw)
            #endif
        case .int64(let v):
            w.packedInt64s(7, v)                        // int64_data = 7 [packed]
        }
        return w
    }
}

/// A node attribute (`AttributeProto`) with its type discriminator.
public struct ONNXAttribute: Sendable {
    /// The attribute payload; the case decides `type` (field 20) and the value field.
    public enum Value: Sendable {
        /// `f = 2`, type FLOAT (1).
        case float(Float)
        /// `i = 3`, type INT (2).
        case int(Int64)
        /// `s = 4`, type STRING (3).
        case string(String)
        /// `t = 5`, type TENSOR (4).
        case tensor(ONNXTensor)
        /// `floats = 7`, type FLOATS (6).
        case floats([Float])
        /// `ints = 8`, type INTS (7).
        case ints([Int64])
    }

    /// The attribute name (e.g. `axis`).
    public var name: String
    /// The value.
    public var value: Value

    /// Creates an attribute.
    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }

    /// An INT attribute.
    public static func int(_ name: String, _ v: Int) -> ONNXAttribute { .init(name, .int(Int64(v))) }
    /// A FLOAT attribute.
    public static func float(_ name: String, _ v: Float) -> ONNXAttribute { .init(name, .float(v)) }
    /// An INTS attribute.
    public static func ints(_ name: String, _ v: [Int]) -> ONNXAttribute { .init(name, .ints(v.map(Int64.init))) }
    /// A STRING attribute.
    public static func string(_ name: String, _ v: String) -> ONNXAttribute { .init(name, .string(v)) }

    /// Encodes the `AttributeProto`.
    public func encode() -> ProtobufWriter {
        var w = ProtobufWriter()
        w.string(1, name)                               // name = 1
        switch value {
        case .float(let f): w.float(2, f); w.int64(20, 1)           // f = 2, type = 20 (FLOAT)
        case .int(let i): w.int64(3, i); w.int64(20, 2)             // i = 3, INT
        case .string(let s): w.string(4, s); w.int64(20, 3)         // s = 4, STRING
        case .tensor(let t): w.message(5, t.encode()); w.int64(20, 4) // t = 5, TENSOR
        case .floats(let v): w.repeatedFloats(7, v); w.int64(20, 6) // floats = 7, FLOATS
        case .ints(let v): w.repeatedInt64s(8, v); w.int64(20, 7)   // ints = 8, INTS
        }
        return w
    }
}

/// A graph node (`NodeProto`): one operator application.
public struct ONNXNode: Sendable {
    /// The operator, e.g. `Gemm`.
    public var opType: String
    /// Input value names (`""` marks an omitted optional input).
    public var inputs: [String]
    /// Output value names.
    public var outputs: [String]
    /// The node name (unique in the graph, for debugging).
    public var name: String
    /// Attributes.
    public var attributes: [ONNXAttribute]
    /// The operator-set domain; `""` is the default ONNX domain.
    public var domain: String

    /// Creates a node.
    public init(opType: String, inputs: [String], outputs: [String], name: String,
                attributes: [ONNXAttribute] = [], domain: String = "") {
        self.opType = opType
        self.inputs = inputs
        self.outputs = outputs
        self.name = name
        self.attributes = attributes
        self.domain = domain
    }

    /// Encodes the `NodeProto`.
    public func encode() -> ProtobufWriter {
        var w = ProtobufWriter()
        for i in inputs { w.string(1, i) }              // input = 1
        for o in outputs { w.string(2, o) }             // output = 2
        w.string(3, name)                               // name = 3
        w.string(4, opType)                             // op_type = 4
        for a in attributes { w.message(5, a.encode()) } // attribute = 5
        if !domain.isEmpty { w.string(7, domain) }      // domain = 7
        return w
    }
}

/// A typed, shaped graph value (`ValueInfoProto` with a tensor `TypeProto`).
public struct ONNXValueInfo: Sendable {
    /// The value name.
    public var name: String
    /// The element type.
    public var elementType: ONNXElementType
    /// The shape; symbolic dims are allowed.
    public var shape: [ONNXDim]

    /// Creates a value description.
    public init(name: String, elementType: ONNXElementType, shape: [ONNXDim]) {
        self.name = name
        self.elementType = elementType
        self.shape = shape
    }

    /// Encodes the `ValueInfoProto`.
    public func encode() -> ProtobufWriter {
        var w = ProtobufWriter()
        w.string(1, name)                               // ValueInfoProto.name = 1
        w.message(2) { type in                          // ValueInfoProto.type = 2 (TypeProto)
            type.message(1) { tensor in                 // TypeProto.tensor_type = 1
                tensor.int64(1, elementType.rawValue)   // Tensor.elem_type = 1
                tensor.message(2) { shp in              // Tensor.shape = 2 (TensorShapeProto)
                    for d in shape {
                        shp.message(1) { dim in         // TensorShapeProto.dim = 1
                            switch d {
                            case .fixed(let n): dim.int64(1, Int64(n))   // dim_value = 1
                            case .symbolic(let s): dim.string(2, s)     // dim_param = 2
                            }
                        }
                    }
                }
            }
        }
        return w
    }
}
