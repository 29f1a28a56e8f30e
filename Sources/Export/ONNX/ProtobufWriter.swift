import Foundation

/// A minimal protobuf wire-format encoder: varints, length-delimited fields, fixed32 and packed repeated.
///
/// Only encoding is provided (ONNX files are written, never read, by this project). Fields are appended
/// in call order; the caller decides presence (proto2 `optional` fields are written whenever set, even
/// when zero, so `keepdims = 0` survives). Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32.
public struct ProtobufWriter: Sendable {
    /// Protobuf wire types used by this encoder.
    public enum WireType: UInt64, Sendable {
        /// int32, int64, uint64, bool, enum.
        case varint = 0
        /// fixed64, double (not used by ONNX writers here, listed for completeness).
        case fixed64 = 1
        /// string, bytes, embedded messages, packed repeated fields.
        case lengthDelimited = 2
        /// fixed32, float.
        case fixed32 = 5
    }

    /// The encoded bytes so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer.
    public init() {}

    // MARK: Primitives

    /// Appends `value` as a base-128 varint (7 bits per byte, least significant group first).
    public mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Appends a field key: `(field << 3) | wireType`.
    public mutating func writeTag(_ field: Int, _ wireType: WireType) {
        precondition(field > 0 && field < (1 << 29), "ProtobufWriter: invalid field number \(field)")
        writeVarint(UInt64(field) << 3 | wireType.rawValue)
    }

    /// Appends a little-endian IEEE-754 float (4 bytes).
    public mutating func writeFixed32(_ value: Float) {
        let b = value.bitPattern
        bytes.append(contentsOf: [UInt8(b & 0xff), UInt8(b >> 8 & 0xff), UInt8(b >> 16 & 0xff), UInt8(b >> 24)])
    }

    // MARK: Fields

    /// Writes an int64 / int32 / enum field as a varint. Negative values take 10 bytes (two's complement).
    public mutating func int64(_ field: Int, _ value: Int64) {
        writeTag(field, .varint)
        writeVarint(UInt64(bitPattern: value))
    }

    /// Writes a float field (wire type 5).
    public mutating func float(_ field: Int, _ value: Float) {
        writeTag(field, .fixed32)
        writeFixed32(value)
    }

    /// Writes a bytes field (length-delimited).
    public mutating func bytes(_ field: Int, _ value: [UInt8]) {
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Writes a string field as UTF-8 bytes.
    public mutating func string(_ field: Int, _ value: String) {
        bytes(field, Array(value.utf8))
    }

    /// Writes an embedded message field from an already-encoded writer.
    public mutating func message(_ field: Int, _ value: ProtobufWriter) {
        bytes(field, value.bytes)
    }

    /// Writes an embedded message field built by `build`.
    public mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        build(&inner)
        message(field, inner)
    }

    /// Writes a packed repeated float field: one key, the byte length, then 4 bytes per value.
    public mutating func packedFloats(_ field: Int, _ values: [Float]) {
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(values.count * 4))
        bytes.reserveCapacity(bytes.count + values.count * 4)
        for v in values { writeFixed32(v) }
    }

    /// Writes a packed repeated int64 field: one key, the byte length, then one varint per value.
    public mutating func packedInt64s(_ field: Int, _ values: [Int64]) {
        var payload = ProtobufWriter()
        for v in values { payload.writeVarint(UInt64(bitPattern: v)) }
        bytes(field, payload.bytes)
    }

    /// Writes an unpacked repeated int64 field: one key + varint per value (proto2 default encoding).
    public mutating func repeatedInt64s(_ field: Int, _ values: [Int64]) {
        for v in values { int64(field, v) }
    }

    /// Writes an unpacked repeated float field: one key + fixed32 per value (proto2 default encoding).
    public mutating func repeatedFloats(_ field: Int, _ values: [Float]) {
        for v in values { float(field, v) }
    }
}
