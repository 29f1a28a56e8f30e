// Submitter: writes a rendered batch script next to the run's outputs and hands it to `sbatch --parsable`.

import Foundation

/// Submits batch scripts with Slurm's `sbatch`.
public struct Submitter: Sendable {
    /// The `sbatch` to run: a path, or a name looked up on PATH.
    public var sbatch: String
    /// Extra environment for `sbatch` (added to this process's environment, which sbatch exports to the job).
    public var environment: [String: String]

    /// Creates a submitter using `sbatch` (default: found on PATH).
    public init(sbatch: String = "sbatch", environment: [String: String] = [:]) {
        self.sbatch = sbatch
        self.environment = environment
    }

    /// Where `submit` writes the script: `<runDirectory>/job.sbatch`.
    public static func scriptPath(_ spec: JobSpec) -> String {
        URL(fileURLWithPath: spec.runDirectory).appendingPathComponent("job.sbatch").path
    }

    /// Renders `spec`, writes it to `<runDirectory>/job.sbatch` (creating the log folder) and returns the path.
    @discardableResult
    public static func writeScript(_ spec: JobSpec) throws -> String {
        let script = try BatchScript.render(spec)
        let fm = FileManager.default
        try fm.createDirectory(atPath: spec.runDirectory, withIntermediateDirectories: true)
        let logDir = URL(fileURLWithPath: spec.outputPath).deletingLastPathComponent().path
        try fm.createDirectory(atPath: logDir, withIntermediateDirectories: true)  // Slurm does not create it
        let path = scriptPath(spec)
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    /// Writes the script and submits it; returns the Slurm job id.
    public func submit(_ spec: JobSpec) throws -> String {
        let exe = try Self.resolve(sbatch)
        let path = try Self.writeScript(spec)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["--parsable", path]
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let stdout = String(decoding: outData, as: UTF8.self)
        guard p.terminationStatus == 0 else {
            throw ClusterJobsError.sbatchFailed(status: p.terminationStatus, stderr: String(decoding: errData, as: UTF8.self))
        }
        return try Self.parseJobID(stdout)
    }

    /// The job id in `sbatch --parsable` output ("123" or "123;cluster").
    public static func parseJobID(_ output: String) throws -> String {
        let line = output.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        let id = line.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else { throw ClusterJobsError.unparsableJobID(output: output) }
        return id
    }

    /// `name` itself if it contains a "/", else the first executable `name` on PATH.
    public static func resolve(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) throws -> String {
        if name.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: name) else { throw ClusterJobsError.sbatchNotFound(searched: name) }
            return name
        }
        let dirs = (path ?? "").split(separator: ":").map(String.init)
        for dir in dirs {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ClusterJobsError.sbatchNotFound(searched: "PATH=\(path ?? "")")
    }
}
