// Errors of job rendering and submission.

import Foundation

/// What went wrong while rendering or submitting a job.
public enum ClusterJobsError: Error, CustomStringConvertible, Equatable {
    /// A `JobSpec` field is invalid.
    case invalidSpec(field: String, reason: String)
    /// `sbatch` is not on PATH.
    case sbatchNotFound(searched: String)
    /// `sbatch` ran and failed.
    case sbatchFailed(status: Int32, stderr: String)
    /// `sbatch --parsable` printed something that is not a job id.
    case unparsableJobID(output: String)

    /// A one-line, actionable message.
    public var description: String {
        switch self {
        case let .invalidSpec(field, reason): return "invalid job field '\(field)': \(reason)"
        case let .sbatchNotFound(searched):
            return "sbatch not found on PATH (\(searched)): install Slurm's client (Debian: apt-get install slurm-client) or use --dry-run to print the script"
        case let .sbatchFailed(status, stderr):
            return "sbatch exited with status \(status): \(stderr.trimmingCharacters(in: .whitespacesAndNewlines))"
        case let .unparsableJobID(output): return "sbatch --parsable printed no job id: \"\(output)\""
        }
    }
}
