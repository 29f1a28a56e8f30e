// StopSignal: SIGTERM/SIGINT handlers that only set a flag; the trainer polls it at step boundaries and all
// ranks agree on it with a tiny allreduce(max), so every rank stops after the same step.
import Foundation

/// The process-wide stop request set by SIGTERM / SIGINT.
public enum StopSignal {
    /// Exit status after a stop signal: the current step finished, a checkpoint was written ("requeue me").
    public static let preemptedExitCode: Int32 = 75

    /// The flag written by the handler (a plain word: async-signal-safe).
    nonisolated(unsafe) static let flag: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()
    /// The signal number that set the flag.
    nonisolated(unsafe) static let signalNumber: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()

    /// Installs the SIGTERM and SIGINT handlers.
    public static func install() {
        _ = flag; _ = signalNumber  // initialize before any signal can arrive
        for s in [SIGTERM, SIGINT] {
            var action = sigaction()
            #if os(Linux)
            action.__sigaction_handler.sa_handler = { sig in
                StopSignal.flag.pointee = 1
                StopSignal.signalNumber.pointee = sig_atomic_t(sig)
            }
            #else
            action.__sigaction_u.__sa_handler = { sig in
                StopSignal.flag.pointee = 1
                StopSignal.signalNumber.pointee = sig_atomic_t(sig)
            }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(s, &action, nil)
        }
    }

    /// Whether a stop was requested in this process.
    public static var requested: Bool { flag.pointee != 0 }

    /// Requests a stop (used by the debug option `--stop-after-step`).
    public static func request() { flag.pointee = 1 }

    /// The name of the signal that requested the stop, if one did.
    public static var signalName: String? {
        switch signalNumber.pointee {
        case sig_atomic_t(SIGTERM): "SIGTERM"
        case sig_atomic_t(SIGINT): "SIGINT"
        default: nil
        }
    }
}
