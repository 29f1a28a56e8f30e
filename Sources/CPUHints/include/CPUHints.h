#ifndef REASONINGROUTER_CPUHINTS_H
#define REASONINGROUTER_CPUHINTS_H
// Cache prefetch hints for the embedding table's random row accesses (Swift has no prefetch builtin).
// Static inline: Swift imports them through clang and inlines them into the loops that call them.

/// Hints that the cache lines at `p` will be read soon (kept in all cache levels).
static inline void rr_prefetch_read(const void *p) { __builtin_prefetch(p, 0, 3); }

/// Hints that the cache lines at `p` will be written soon (fetched for ownership).
static inline void rr_prefetch_write(const void *p) { __builtin_prefetch(p, 1, 3); }

#endif
