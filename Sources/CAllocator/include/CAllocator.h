#ifndef REASONINGROUTER_CALLOCATOR_H
#define REASONINGROUTER_CALLOCATOR_H
// glibc's malloc tunables (mallopt), which Swift's Glibc module does not export. See Tensors/AllocatorPolicy.swift.
#if defined(__linux__)
#include <malloc.h>  // defines __GLIBC__ on glibc systems (through features.h)
#endif

/// Serves allocations below `mmap_threshold` bytes from the heap and keeps up to `trim_threshold` bytes of freed
/// memory at the heap's top instead of returning it to the kernel. Returns 1 when both were set (glibc), else 0.
static inline int rr_allocator_keep_freed_memory(int mmap_threshold, int trim_threshold) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1 && mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1;
#else
    (void)mmap_threshold; (void)trim_threshold;
    return 0;
#endif
}
#endif
