// The stable feature hash: FNV-1a 64 over UTF-8 bytes, finalized by the SplitMix64 mixer, reduced to buckets
// by multiply-shift.
// The exact definition is in docs/featurizer.md; tests pin values computed by an independent Python version.

/// The stable 64-bit hash used for every hashed feature (FNV-1a 64, then the SplitMix64 finalizer).
///
/// `bucket(key) = (mix64(fnv1a64(key)) * buckets) >> 64`, where `key` is a one-byte feature-type tag followed by
/// the feature's UTF-8 bytes (see `FeatureTag`). No per-process seed: the same text gives the same ids on
/// every machine, in every process, forever (changing it is an algorithm-version bump).
public enum StableHash {
    /// FNV-1a 64 offset basis.
    public static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    /// FNV-1a 64 prime.
    public static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// One FNV-1a step: xor the byte in, multiply by the prime (mod 2^64).
    @inline(__always)
    public static func step(_ h: UInt64, _ byte: UInt8) -> UInt64 {
        (h ^ UInt64(byte)) &* prime
    }

    /// FNV-1a 64 of a byte sequence, starting from `start` (the offset basis by default).
    @inlinable
    public static func fnv1a64<S: Sequence>(_ bytes: S, start: UInt64 = offsetBasis) -> UInt64 where S.Element == UInt8 {
        var h = start
        for b in bytes { h = (h ^ UInt64(b)) &* prime }
        return h
    }

    /// The SplitMix64 finalizer (a bijection with full avalanche), applied to the FNV value before reduction.
    @inline(__always)
    public static func mix64(_ z0: UInt64) -> UInt64 {
        var z = z0
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The bucket id of a finished FNV-1a value: `(mix64(h) * buckets) >> 64` (Lemire's multiply-shift
    /// range reduction: the high 64 bits of the 128-bit product; uniform like `mod`, without a division).
    @inline(__always)
    public static func bucket(_ h: UInt64, buckets: Int) -> Int32 {
        Int32(truncatingIfNeeded: mix64(h).multipliedFullWidth(by: UInt64(truncatingIfNeeded: buckets)).high)
    }

    /// The bucket id of a feature given as its type tag and text (reference path; the hot loop hashes in place).
    public static func bucket(tag: FeatureTag, _ text: String, buckets: Int) -> Int32 {
        bucket(fnv1a64(text.utf8, start: step(offsetBasis, tag.rawValue)), buckets: buckets)
    }
}

/// The one-byte prefix that separates the hash spaces of the feature types.
public enum FeatureTag: UInt8, Sendable, CaseIterable {
    /// A word unigram (`W` + token; number tokens appear as the shape token `<num>`).
    case word = 0x57
    /// The literal digits of a number token (`D` + digits).
    case digits = 0x44
    /// A word n-gram, n >= 2 (`N`, then the byte n, then the tokens joined by one space).
    case wordNgram = 0x4E
    /// A character n-gram inside one word padded as `<word>` (`C` + the n scalars).
    case charNgram = 0x43
}
