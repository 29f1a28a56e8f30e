// The allocator policy of processes that build tensors step after step (training, the layer benchmarks).
import CAllocator

/// How the process's allocator treats the short-lived buffers of a training step.
public enum AllocatorPolicy {
    /// Largest block still served from the heap (32 MiB, glibc's upper limit for this setting).
    public static let mmapThreshold = 32 << 20
    /// Freed memory kept at the heap's top before it is returned to the kernel (256 MiB).
    public static let trimThreshold = 256 << 20

    /// Keeps freed tensor buffers for reuse instead of returning them to the kernel; returns whether it applied.
    ///
    /// A training step allocates and frees the same tensors every step (a layer's output and input gradient). With
    /// glibc's defaults a freed 80-256 KB buffer at the heap's top is returned to the kernel (or was mmap'ed to begin
    /// with), and the next step's buffer is page-faulted in again: the `Linear` layer ran at 74-83% of raw
    /// `cblas_sgemm` for batch 256 with 80-256 features (bench/layers, docs/benchmarks-layers.md), 96-99% with this.
    /// Call once at process start, before buffers exist. No effect on other C libraries (returns false).
    @discardableResult
    public static func keepFreedMemory() -> Bool {
        rr_allocator_keep_freed_memory(Int32(mmapThreshold), Int32(trimThreshold)) == 1
    }
}
