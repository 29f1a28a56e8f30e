import XCTest
@testable import Export

/// Wire-format unit tests against hand-computed bytes (see the protobuf encoding spec).
final class ProtobufWriterTests: XCTestCase {
    private func varint(_ v: UInt64) -> [UInt8] {
        var w = ProtobufWriter()
        w.writeVarint(v)
        return w.bytes
    }

    func testVarints() {
        XCTAssertEqual(varint(0), [0x00])
        XCTAssertEqual(varint(1), [0x01])
        XCTAssertEqual(varint(127), [0x7f])
        XCTAssertEqual(varint(128), [0x80, 0x01])
        XCTAssertEqual(varint(150), [0x96, 0x01])
        XCTAssertEqual(varint(300), [0xac, 0x02])
        XCTAssertEqual(varint(UInt64.max), [UInt8](repeating: 0xff, count: 9) + [0x01])
    }

    func testNegativeInt64IsTenByteVarint() {
        var w = ProtobufWriter()
        w.int64(1, -1)
        XCTAssertEqual(w.bytes, [0x08] + [UInt8](repeating: 0xff, count: 9) + [0x01])
        var w2 = ProtobufWriter()
        w2.int64(3, -2)  // two's complement 0xffff_ffff_ffff_fffe
        XCTAssertEqual(w2.bytes, [0x18, 0xfe] + [UInt8](repeating: 0xff, count: 8) + [0x01])
    }

    func testTagsStringsFloats() {
        var w = ProtobufWriter()
        w.string(2, "hi")        // key (2 << 3 | 2) = 0x12
        w.float(2, 1.0)          // key (2 << 3 | 5) = 0x15, 1.0f = 0x3f800000 LE
        w.int64(20, 7)           // key 160 = varint a0 01
        XCTAssertEqual(w.bytes, [0x12, 0x02, 0x68, 0x69, 0x15, 0x00, 0x00, 0x80, 0x3f, 0xa0, 0x01, 0x07])
    }

    func testNestedMessage() {
        var w = ProtobufWriter()
        w.message(7) { $0.int64(1, 150) }   // 3a 03 | 08 96 01
        XCTAssertEqual(w.bytes, [0x3a, 0x03, 0x08, 0x96, 0x01])
        var outer = ProtobufWriter()
        outer.message(1, w)                 // 0a 05 | 3a 03 08 96 01
        XCTAssertEqual(outer.bytes, [0x0a, 0x05, 0x3a, 0x03, 0x08, 0x96, 0x01])
    }

    func testPackedAndUnpackedRepeated() {
        var w = ProtobufWriter()
        w.packedFloats(4, [1, -2])   // 22 08 | 0000803f | 000000c0
        XCTAssertEqual(w.bytes, [0x22, 0x08, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0])
        var p = ProtobufWriter()
        p.packedInt64s(7, [1, 300])  // 3a 03 | 01 ac 02
        XCTAssertEqual(p.bytes, [0x3a, 0x03, 0x01, 0xac, 0x02])
        var u = ProtobufWriter()
        u.repeatedInt64s(1, [2, 3])  // 08 02 08 03
        XCTAssertEqual(u.bytes, [0x08, 0x02, 0x08, 0x03])
        var e = ProtobufWriter()
        e.packedFloats(4, [])        // empty packed field still carries its key and length 0
        XCTAssertEqual(e.bytes, [0x22, 0x00])
    }

    func testValueInfoWithSymbolicBatch() {
        let v = ONNXValueInfo(name: "x", elementType: .float, shape: [.batch, .fixed(3)]).encode().bytes
        let dims: [UInt8] = [0x0a, 0x07, 0x12, 0x05] + Array("batch".utf8) + [0x0a, 0x02, 0x08, 0x03]  // 13 bytes
        let tensor: [UInt8] = [0x08, 0x01, 0x12, UInt8(dims.count)] + dims
        let type: [UInt8] = [0x0a, UInt8(tensor.count)] + tensor
        XCTAssertEqual(v, [0x0a, 0x01, 0x78, 0x12, UInt8(type.count)] + type)
    }

    func testAttributeAndTensorEncodings() {
        let a = ONNXAttribute.int("axis", -1).encode().bytes
        XCTAssertEqual(a, [0x0a, 0x04] + Array("axis".utf8) + [0x18] + [UInt8](repeating: 0xff, count: 9) + [0x01, 0xa0, 0x01, 0x02])
        let f = ONNXAttribute.float("epsilon", 0.5).encode().bytes  // 0.5f = 0x3f000000
        XCTAssertEqual(f, [0x0a, 0x07] + Array("epsilon".utf8) + [0x15, 0x00, 0x00, 0x00, 0x3f, 0xa0, 0x01, 0x01])
        let ints = ONNXAttribute.ints("perm", [1, 0]).encode().bytes
        XCTAssertEqual(ints, [0x0a, 0x04] + Array("perm".utf8) + [0x40, 0x01, 0x40, 0x00, 0xa0, 0x01, 0x07])

        let raw = ONNXTensor(name: "w", floats: [1], dims: [1]).encode().bytes
        XCTAssertEqual(raw, [0x08, 0x01, 0x10, 0x01, 0x42, 0x01, 0x77, 0x4a, 0x04, 0x00, 0x00, 0x80, 0x3f])
        let typed = ONNXTensor(name: "w", floats: [1], dims: [1], encoding: .typed).encode().bytes
        XCTAssertEqual(typed, [0x08, 0x01, 0x10, 0x01, 0x42, 0x01, 0x77, 0x22, 0x04, 0x00, 0x00, 0x80, 0x3f])
        let i64 = ONNXTensor(name: "a", int64s: [2], dims: []).encode().bytes  // scalar: no dims
        XCTAssertEqual(i64, [0x10, 0x07, 0x42, 0x01, 0x61, 0x3a, 0x01, 0x02])
    }

    func testNodeEncoding() {
        let n = ONNXNode(opType: "Relu", inputs: ["x"], outputs: ["y"], name: "r").encode().bytes
        XCTAssertEqual(n, [0x0a, 0x01, 0x78, 0x12, 0x01, 0x79, 0x1a, 0x01, 0x72, 0x22, 0x04] + Array("Relu".utf8))
    }
}
