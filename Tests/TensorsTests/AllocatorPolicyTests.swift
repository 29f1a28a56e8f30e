import Tensors
import XCTest

/// The trainer's allocator policy applies on glibc (bench/layers measures what it is for).
final class AllocatorPolicyTests: XCTestCase {
    func testKeepFreedMemoryAppliesOnGlibc() throws {
        #if os(Linux) && canImport(Glibc)
        XCTAssertTrue(AllocatorPolicy.keepFreedMemory(), "mallopt(M_MMAP_THRESHOLD / M_TRIM_THRESHOLD) refused")
        // Buffers still allocate and free normally under it (a tensor the size of a layer's output, many times).
        for _ in 0..<64 { let t = Tensor(shape: [256, 128], repeating: 1); XCTAssertEqual(t.scalars.reduce(0, +), 256 * 128) }
        #else
        throw XCTSkip("glibc only")
        #endif
    }
}
