import Synchronization

/// The one process-wide lock around every libical call.
///
/// libical's builtin time-zone cache, its ring buffers' owners and its error switches are
/// process-wide and unlocked, and Swift Testing runs tests in parallel, so every function in this
/// module that touches libical does it inside ``run(_:)``. The lock is not recursive: code that
/// already runs inside it calls the `…Locked` helpers, never a public entry point.
enum LibicalLock {
    /// Guards all of libical. Holds no value.
    static let mutex = Mutex(())

    /// Runs `body` with the lock held. libical handles created in `body` must not escape it, so
    /// their owners' `deinit` also runs with the lock held.
    static func run<R: Sendable, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        try mutex.withLock { (_: inout ()) throws(E) -> R in try body() }
    }
}
