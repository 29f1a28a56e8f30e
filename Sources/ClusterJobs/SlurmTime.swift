// Slurm time-limit strings ("30", "1:00:00", "2-12", "0-00:10:00") parsed to seconds.

/// Parses Slurm `--time` values.
public enum SlurmTime {
    /// Seconds in `text`, 0 for "UNLIMITED"/"INFINITE", nil if `text` is not a Slurm time.
    ///
    /// Formats: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S`.
    public static func seconds(_ text: String) -> Int? {
        if ["UNLIMITED", "INFINITE"].contains(text.uppercased()) { return 0 }
        var days = 0
        var rest = Substring(text)
        if let dash = text.firstIndex(of: "-") {
            guard let d = Int(text[..<dash]), d >= 0 else { return nil }
            days = d
            rest = text[text.index(after: dash)...]
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.count <= 3, parts.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
        let p = parts.map { $0! }
        let hasDays = text.contains("-")
        switch (hasDays, p.count) {
        case (false, 1): return p[0] * 60
        case (false, 2): return p[0] * 60 + p[1]
        case (_, 3): return days * 86400 + p[0] * 3600 + p[1] * 60 + p[2]
        case (true, 1): return days * 86400 + p[0] * 3600
        case (true, 2): return days * 86400 + p[0] * 3600 + p[1] * 60
        default: return nil
        }
    }
}
