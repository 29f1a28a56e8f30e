import Foundation
import RouterModel
import Synchronization

/// Anything that routes batches of query texts: the runtime's loaded bundle, or a test double.
public protocol QueryRouting: Sendable {
    /// Decisions for `texts`, in order.
    func route(_ texts: [String]) -> [Decision]
    /// A short description of what is loaded (bundle path, model hash), shown by /healthz.
    var description: String { get }
}

/// Holds the current router and swaps in a newly loaded one without failing requests in flight.
///
/// A request takes the current router once, at its start, and keeps that reference to its end; `reload`
/// loads the replacement completely (and verifies it) before swapping, so a failed load leaves the old
/// router serving.
public final class ReloadableRouter: Sendable {
    private let current: Mutex<any QueryRouting>
    private let loader: @Sendable () throws -> any QueryRouting
    private let reloads = Atomic<Int>(0)

    /// Loads the first router with `loader`; `reload()` calls it again.
    public init(loader: @escaping @Sendable () throws -> any QueryRouting) throws {
        self.loader = loader
        self.current = Mutex(try loader())
    }

    /// The router to use for one request.
    public func snapshot() -> any QueryRouting { current.withLock { $0 } }

    /// Loads a new router and swaps it in; on error the old one stays and the error is rethrown.
    public func reload() throws {
        let next = try loader()
        current.withLock { $0 = next }
        reloads.add(1, ordering: .relaxed)
    }

    /// Successful reloads since start.
    public var reloadCount: Int { reloads.load(ordering: .relaxed) }
}
