import Foundation
@testable import Export

/// One decoded protobuf field (tests only).
struct WireField {
    var field: Int
    var wireType: UInt64
    var varint: UInt64 = 0
    var payload: [UInt8] = []
    var fixed32: UInt32 = 0

    var string: String { String(decoding: payload, as: UTF8.self) }
    var int64: Int64 { Int64(bitPattern: varint) }
}

enum WireDecodeError: Error { case truncated(at: Int), badWireType(UInt64, at: Int) }

/// A tiny protobuf decoder for tests: the top-level fields of one message (nested messages stay as bytes).
func decodeFields(_ bytes: [UInt8]) throws -> [WireField] {
    var i = 0
    func readVarint() throws -> UInt64 {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard i < bytes.count, shift < 64 else { throw WireDecodeError.truncated(at: i) }
            let b = bytes[i]; i += 1
            result |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }
    var out: [WireField] = []
    while i < bytes.count {
        let key = try readVarint()
        var f = WireField(field: Int(key >> 3), wireType: key & 7)
        switch key & 7 {
        case 0: f.varint = try readVarint()
        case 2:
            let n = Int(try readVarint())
            guard i + n <= bytes.count else { throw WireDecodeError.truncated(at: i) }
            f.payload = Array(bytes[i..<(i + n)]); i += n
        case 5:
            guard i + 4 <= bytes.count else { throw WireDecodeError.truncated(at: i) }
            f.fixed32 = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            i += 4
        default: throw WireDecodeError.badWireType(key & 7, at: i)
        }
        out.append(f)
    }
    return out
}

/// A deterministic SplitMix64 stream for test weights (the test target does not link SeededRandom).
struct TestRNG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    /// Uniform in [-scale, scale).
    mutating func uniform(_ scale: Float) -> Float {
        Float(Double(next() >> 11) / Double(UInt64(1) << 53) * 2 - 1) * scale
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Random weights for every parameter of `spec` (LayerNorm gammas around 1).
func randomWeights(_ spec: ONNXRouterSpec, seed: UInt64, scale: Float = 0.5) -> [String: ONNXRouterGraph.Weight] {
    var rng = TestRNG(state: seed)
    var w: [String: ONNXRouterGraph.Weight] = [:]
    for (p, shape) in spec.parameterShapes() {
        let n = shape.reduce(1, *)
        var values = (0..<n).map { _ in rng.uniform(scale) }
        if case .normScale = p { values = values.map { 1 + $0 } }
        w[spec.name(p)] = (shape, values)
    }
    return w
}
