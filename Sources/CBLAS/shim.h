#ifndef REASONINGROUTER_CBLAS_SHIM_H
#define REASONINGROUTER_CBLAS_SHIM_H
// OpenBLAS's CBLAS interface (Debian: libopenblas-dev, pkg-config `openblas`).
#include <cblas.h>

/// Number of threads OpenBLAS uses for its kernels.
static inline int rr_openblas_get_num_threads(void) { return openblas_get_num_threads(); }
/// Sets the number of OpenBLAS threads (the trainer sets cores-per-node / ranks-per-node).
static inline void rr_openblas_set_num_threads(int n) { openblas_set_num_threads(n); }
#endif
