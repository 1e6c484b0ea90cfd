import EventStore
import Foundation
import Postgres
import Projections
import Recording

/// Reads from a streaming replica (`--read-database`, docs/replicas.md): a report asked for at a position
/// the replica has not replayed yet waits for it, a bounded time, instead of failing at once or, worse,
/// being made from a shorter log.
///
/// A replica holds a prefix of the primary's log (physical replication replays whole transactions in
/// commit order, and positions are gap-free and commit-ordered), so "the replica has reached position P"
/// is "its head is at P or later", and a report at P made there is the report at P made on the primary.
public struct ReplicaReads: Sendable {
    /// The replica's store, where the reads go.
    public let replica: any EventStore
    /// The primary's, asked only when the replica is behind, to tell "not replayed yet" from "beyond the
    /// ledger's head"; nil (or unreachable) when not known, and then the wait decides.
    public let primary: (any EventStore)?
    /// How long to wait for the replica to reach a position.
    public let wait: Duration
    /// The longest pause between two looks at the replica's head (the first is 10 ms, doubling).
    public static let pollPauseMax = Duration.milliseconds(200)
    /// The default wait (`--replica-wait`, the serve setting `replica-wait`), in seconds.
    public static let defaultWaitSeconds = 5.0
    /// The longest wait one may ask for, in seconds.
    public static let waitSecondsMax = 3600.0

    public init(replica: any EventStore, primary: (any EventStore)?, wait: Duration) {
        self.replica = replica
        self.primary = primary
        self.wait = wait
    }

    /// Returns once the replica's head is at `position` or later; throws `ReplicaBehindError` when it is
    /// still behind after the wait, and `ReplayError.positionBeyondHead` at once when the primary's head
    /// is before `position` too (no wait would help).
    @discardableResult
    public func awaitPosition(_ position: Int64) async throws -> LedgerHead {
        let started = ContinuousClock.now
        var head = try await replica.head()
        guard head.position < position else { return head }
        if let primary, let primaryHead = try? await primary.head().position, primaryHead < position {
            throw ReplayError.positionBeyondHead(requested: position, head: primaryHead)
        }
        var pause = Duration.milliseconds(10)
        while head.position < position {
            let left = wait - (ContinuousClock.now - started)
            guard left > .zero else {
                throw ReplicaBehindError(requested: position, replicaHead: head.position, waited: ContinuousClock.now - started)
            }
            try await Task.sleep(for: min(pause, left))
            pause = min(pause * 2, Self.pollPauseMax)
            head = try await replica.head()
        }
        return head
    }

    /// Why `conninfo` cannot name a read database (empty, or what libpq's parser says); nil when it can.
    public static func problem(with conninfo: String) -> String? {
        guard !conninfo.isEmpty else { return "must not be empty: give the replica's conninfo or URI" }
        do {
            _ = try ConnectionString.parse(conninfo)
            return nil
        } catch let error as PostgresError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    /// A pool on the read database `conninfo`, once it answers; one that does not is exit 69 (a `UserError`
    /// naming `option`), so the message says which of the two databases is missing.
    public static func connect(_ conninfo: String, option: String, connectionCountMax: Int) async throws -> ConnectionPool {
        let pool = ConnectionPool(conninfo: conninfo, connectionCountMax: connectionCountMax)
        do {
            try await pool.withConnection { _ = try await $0.query("SELECT 1") }
        } catch let error as PostgresError where error.kind == .connectionFailed {
            throw UserError(description: "\(option): \(error.message)", exitCode: ExitStatus.unavailable)
        }
        return pool
    }

    /// `seconds` as a wait, if it is one: finite, 0 to `waitSecondsMax`.
    public static func wait(seconds: Double) -> Duration? {
        guard seconds.isFinite, (0...waitSecondsMax).contains(seconds) else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

extension ExitStatus {
    /// A read replica has not replayed the position asked for yet: try again (EX_TEMPFAIL, docs/exit-codes.md).
    public static let notYet: Int32 = 75
}

/// A read replica that has not replayed the position asked for within the wait (replica lag).
public struct ReplicaBehindError: Error, Sendable, Equatable, CustomStringConvertible {
    public var requested: Int64
    public var replicaHead: Int64
    public var waited: Duration

    public var description: String {
        let seconds = Double(waited.components.seconds) + Double(waited.components.attoseconds) / 1e18
        return "the read database has replayed the ledger to position \(replicaHead), not yet to \(requested) (waited "
            + String(format: "%.1f", seconds) + " s); it is a replica behind its primary: try again shortly"
    }
}
