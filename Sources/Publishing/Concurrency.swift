import Dispatch
import Foundation

/// Work started on another thread now, whose value is waited for later: the registration list
/// is read while the public feeds are built and checked.
final class Background<T: Sendable>: @unchecked Sendable {
    // Written once by the worker before `done` is signalled; read only after waiting on it.
    private var result: Result<T, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> T) {
        DispatchQueue.global().async {
            self.result = Result { try work() }
            self.done.signal()
        }
    }

    /// Waits for the work and returns its value, or throws its error.
    func value() throws -> T {
        done.wait()
        done.signal()
        return try result!.get()
    }

    /// Waits for the work and hands its value over: this object no longer holds it, so the
    /// caller's copy is the only one (an array can then be changed in place, not copied).
    func take() throws -> T {
        done.wait()
        defer { result = nil }
        return try result!.get()
    }
}

/// Runs `body` on `count` contiguous parts of `0..<total`, one thread each (the calling thread
/// takes the first), and returns their results in part order (so output built from them stays
/// deterministic).
func inParts<T: Sendable>(_ total: Int, parts count: Int, _ body: @escaping @Sendable (Range<Int>, Int) throws -> T) throws -> [T] {
    let parts = max(1, min(count, total))
    let bounds = (0...parts).map { $0 * total / parts }
    let slots = Slots<T>(parts)
    defer { slots.release() }
    // One thread per part, all started at once (concurrentPerform would run only as many as there
    // are cores, and parts that wait on the kernel would leave a core idle). Each writes only its
    // own slot; the semaphore is signalled once per part.
    let done = DispatchSemaphore(value: 0)
    for i in 1..<parts {
        let thread = Thread {
            slots.set(i, Result { try body(bounds[i]..<bounds[i + 1], i) })
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    slots.set(0, Result { try body(bounds[0]..<bounds[1], 0) })
    for _ in 1..<parts { done.wait() }
    return try (0..<parts).map { try slots.get($0) }
}

/// One result slot per part; each thread writes only its own (raw memory: no exclusivity check
/// on a shared array, which concurrent writes to different elements would trip).
private final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Result<T, any Error>?>
    private let count: Int
    init(_ n: Int) {
        count = n
        storage = .allocate(capacity: n)
        storage.initialize(repeating: nil, count: n)
    }
    func set(_ i: Int, _ r: Result<T, any Error>) { storage[i] = r }
    func get(_ i: Int) throws -> T { try storage[i]!.get() }
    func release() {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
}
