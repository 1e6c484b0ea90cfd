import Foundation

/// A serial executor that runs every job on one thread of its own.
///
/// libpq calls block (network round trips, `poll` on the socket). Running them on Swift's cooperative
/// pool (two threads on a two-core machine) would stall every other task; a connection therefore owns a
/// thread, and its actor runs there, so a blocking call only ever blocks the connection that made it.
final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
    // @unchecked Sendable is safe: `pendingJobs` and `isStopped` are only touched with `condition` held.
    private let condition = NSCondition()
    private var pendingJobs: [UnownedJob] = []
    private var isStopped = false

    init(name: String) {
        let thread = Thread { [self] in self.runLoop() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        pendingJobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread finish the jobs already queued, then end.
    func shutdown() {
        condition.lock()
        isStopped = true
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        let executor = asUnownedSerialExecutor()
        while true {
            condition.lock()
            while pendingJobs.isEmpty && !isStopped { condition.wait() }
            if pendingJobs.isEmpty && isStopped {
                condition.unlock()
                return
            }
            let batch = pendingJobs
            pendingJobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: executor) }
        }
    }
}
