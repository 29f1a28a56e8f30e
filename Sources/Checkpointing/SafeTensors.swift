import Foundation

/// Reads and writes the safetensors format exactly to its spec.
///
/// Layout: 8 bytes little-endian u64 `N`; `N` bytes of UTF-8 JSON header; then the data buffer.
/// The header maps each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to
/// the start of the data buffer, row-major, little-endian) plus an optional `"__metadata__"` map of strings.
/// The header is padded with spaces to a multiple of 8 bytes; tensors are stored back to back in name order,
/// with no holes, so the buffer is fully indexed.
public enum SafeTensors {
    /// Element types this project stores.
    public enum DType: String, Codable, Sendable {
        case F32, F64, I32, I64, U8
        /// Bytes per element.
        public var size: Int { switch self { case .F32, .I32: 4; case .F64, .I64: 8; case .U8: 1 } }
    }

    /// One tensor: its dtype, shape and raw little-endian bytes.
    public struct Tensor: Sendable, Equatable {
        public var dtype: DType
        public var shape: [Int]
        public var bytes: Data

        /// A float32 tensor from values (row-major).
        public init(float32 values: [Float], shape: [Int]) {
            precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
            self.dtype = .F32
            self.shape = shape
            self.bytes = values.withUnsafeBufferPointer { Data(buffer: $0) }
        }

        /// Creates a tensor from raw bytes.
        public init(dtype: DType, shape: [Int], bytes: Data) {
            self.dtype = dtype; self.shape = shape; self.bytes = bytes
        }

        /// The values of an F32 tensor.
        public func floats() -> [Float] {
            precondition(dtype == .F32, "tensor is \(dtype), not F32")
            var out = [Float](repeating: 0, count: bytes.count / 4)
            _ = out.withUnsafeMutableBytes { bytes.copyBytes(to: $0) }
            return out
        }
    }

    /// Serializes tensors and metadata to safetensors bytes.
    public static func serialize(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> Data {
        serialize(layout: tensors.mapValues { ($0.dtype, $0.shape, $0.bytes.count) }, metadata: metadata) { name, out in
            out.append(tensors[name]!.bytes)
        }
    }

    /// Serializes tensors whose bytes `append(name, &out)` appends (exactly `byteCount` of them, in the order of the
    /// sorted names), so callers holding the values elsewhere copy them once, straight into the output.
    public static func serialize(layout: [String: (dtype: DType, shape: [Int], byteCount: Int)], metadata: [String: String] = [:],
                                 append: (String, inout Data) -> Void) -> Data {
        let names = layout.keys.sorted()
        let head = header(layout: layout, metadata: metadata)
        var out = Data(capacity: head.count + layout.values.reduce(0) { $0 + $1.byteCount })
        out.append(head)
        for name in names {
            let before = out.count
            append(name, &out)
            precondition(out.count - before == layout[name]!.byteCount, "SafeTensors.serialize: \(name) appended \(out.count - before) bytes, expected \(layout[name]!.byteCount)")
        }
        return out
    }

    /// The bytes before the data buffer of a file with `layout`: the 8-byte length and the JSON header padded to a
    /// multiple of 8. The tensors' bytes follow in the order of the sorted names (what `serialize` appends).
    public static func header(layout: [String: (dtype: DType, shape: [Int], byteCount: Int)], metadata: [String: String] = [:]) -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for name in layout.keys.sorted() {
            let t = layout[name]!
            header[name] = ["dtype": t.dtype.rawValue, "shape": t.shape, "data_offsets": [offset, offset + t.byteCount]] as [String: Any]
            offset += t.byteCount
        }
        var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while (8 + json.count) % 8 != 0 { json.append(0x20) }
        var out = Data(capacity: 8 + json.count)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        return out
    }

    /// Parses safetensors bytes, validating the header against the buffer; `path` names the file in errors.
    public static func parse(_ data: Data, path: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        func bad(_ w: String) -> CheckpointError { .malformed(path: path, what: w) }
        guard data.count >= 8 else { throw bad("shorter than the 8-byte header length") }
        let n = data.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard n <= UInt64(data.count - 8) else { throw bad("header length \(n) exceeds file size \(data.count)") }
        let headerBytes = data.subdata(in: 8..<(8 + Int(n)))
        guard let obj = try? JSONSerialization.jsonObject(with: headerBytes), let header = obj as? [String: Any] else {
            throw bad("header is not a JSON object")
        }
        let base = 8 + Int(n)
        let bufferSize = data.count - base
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        var ranges: [(Int, Int)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: String] else { throw bad("__metadata__ must map strings to strings") }
                metadata = m
                continue
            }
            guard let info = value as? [String: Any],
                  let dt = (info["dtype"] as? String).flatMap(DType.init(rawValue:)),
                  let shape = info["shape"] as? [Int], shape.allSatisfy({ $0 >= 0 }),
                  let offs = info["data_offsets"] as? [Int], offs.count == 2
            else { throw bad("tensor \"\(name)\": needs dtype (F32/F64/I32/I64/U8), shape and data_offsets") }
            let (b, e) = (offs[0], offs[1])
            guard b >= 0, b <= e, e <= bufferSize else { throw bad("tensor \"\(name)\": data_offsets [\(b), \(e)] outside the \(bufferSize)-byte buffer") }
            guard e - b == shape.reduce(1, *) * dt.size else { throw bad("tensor \"\(name)\": \(e - b) bytes do not match shape \(shape) of \(dt)") }
            tensors[name] = Tensor(dtype: dt, shape: shape, bytes: data.subdata(in: (base + b)..<(base + e)))
            ranges.append((b, e))
        }
        ranges.sort { $0.0 < $1.0 }
        var cursor = 0
        for (b, e) in ranges {
            guard b == cursor else { throw bad("data buffer has a hole or overlap at byte \(cursor)") }
            cursor = e
        }
        guard cursor == bufferSize else { throw bad("data buffer is \(bufferSize) bytes but tensors cover \(cursor) (truncated or padded)") }
        return (tensors, metadata)
    }
}
