/// Bounds how many test databases are open at once.
///
/// Swift Testing runs every test concurrently; each storage test opens a database with a pool, and the
/// CLI tests start processes with pools of their own. Unbounded, a loaded machine (tests slower, so more
/// of them overlap) ran the private cluster out of connections ("sorry, too many clients already").
/// A test that opens a second database while it holds one (an export restored elsewhere) takes no
/// second slot, so slots cannot deadlock.
actor DatabaseSlots {
    static let shared = DatabaseSlots(count: 12)

    @TaskLocal static var held = false

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) {
        free = count
    }

    /// Runs `body` holding a slot (or the one this task holds already).
    static func withSlot<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        if held { return try await body() }
        await shared.acquire()
        do {
            let result = try await $held.withValue(true) { try await body() }
            await shared.release()
            return result
        } catch {
            await shared.release()
            throw error
        }
    }

    private func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
