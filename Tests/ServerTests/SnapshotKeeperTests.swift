import Foundation
import FundLedger
import Logging
import Postgres
@testable import Server
import Synchronization
import Testing
import TestSupport

/// `SnapshotKeeper` (docs/server.md, "Funds from the state snapshots"): a snapshot the database refuses to
/// save is tried again at the keeper's next pass, not only after the stream's next append; then after 2, 4, 8 …
/// passes, so a save that keeps failing does not spin; and the failure is logged once, without the login's secrets.
@Suite("The snapshot keeper tries a refused save again at its next pass", .serialized)
struct SnapshotKeeperTests {
    @Test("a refused save is tried again with a doubling wait, logged once, and lands at its next turn after the database takes it")
    func refusedSaveIsRetried() async throws {
        try await ServerFixture.with { fixture in
            try await Self.recordFundDueForASnapshot(fixture)
            try await fixture.db.withConnection { try await $0.executeScript(unsafeSQL: Self.refuseSaves) }
            // The keeper's login with a password in its conninfo (ignored by the private cluster's trust), which the log must never show.
            var options = try ConnectionString.parse(fixture.db.conninfo)
            options["password"] = "keeper-secret-4711"
            let pool = ConnectionPool(conninfo: ConnectionString.render(options), connectionCountMax: 2)
            let log = RecordedLog()
            let keeper = SnapshotKeeper(pool: pool, logger: Logger(label: "keeper") { _ in log.handler })
            try await withCleanup({
                // Tried at passes 1, 2, 4 and 8: each failure doubles the wait.
                for (pass, attempts) in [1, 2, 2, 3, 3, 3, 3, 4].enumerated() {
                    _ = try await keeper.keep()
                    #expect(try await Self.refusals(fixture) == attempts, "\(attempts) attempts by pass \(pass + 1)")
                }
                #expect(try await fixture.snapshotVersion("fund-tomelilla") == nil)
                let warnings = log.lines.filter { $0.level >= .warning }
                #expect(warnings.count == 1, "the refusal is logged once: \(warnings)")
                #expect(warnings.first?.text.contains("fund-tomelilla") == true, "\(warnings)")
                #expect(!log.lines.contains { $0.text.contains("keeper-secret-4711") }, "\(log.lines)")
                // The database takes snapshots again: the next pass saves it, with no append in between.
                try await fixture.db.withConnection { try await $0.executeScript(unsafeSQL: "DROP TRIGGER refuse_snapshot_save ON event_store.state_snapshots") }
                var passes = 1
                while try await keeper.keep() != ["fund-tomelilla"], passes < 20 { passes += 1 }
                #expect(passes == 8, "saved at its next turn, pass 16")
                let head = try await fixture.db.withConnection {
                    try await $0.query("SELECT max(stream_version) FROM event_store.events WHERE stream_id = 'fund-tomelilla'")[0].decode(Int64.self, at: 0)
                }
                #expect(try await fixture.snapshotVersion("fund-tomelilla") == head)
                #expect(try await keeper.keep().isEmpty, "nothing left to try once it is saved")
                #expect(try await Self.refusals(fixture) == 4)
            }, then: { await pool.closeAll() })
        }
    }

    /// The demo and 300 contributions to Tomelilla, through a server without a keeper, and no snapshots.
    static func recordFundDueForASnapshot(_ fixture: ServerFixture) async throws {
        try await DemoLedger.record(on: fixture.db)
        var withoutKeeper = ServerSettings()
        withoutKeeper.keepSnapshots = false
        try await fixture.test(.router, settings: withoutKeeper) { client in try await fixture.contribute(300, client) }
        try await fixture.deleteSnapshots()
    }

    /// A trigger that refuses every save of fund-tomelilla's snapshot and counts the attempts in a sequence
    /// (which the refusal's rollback does not undo).
    static let refuseSaves = """
        CREATE SEQUENCE public.snapshot_saves_refused;
        CREATE FUNCTION public.refuse_snapshot_save() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM nextval('public.snapshot_saves_refused');
            RAISE EXCEPTION 'the test refuses this snapshot';
        END
        $$;
        CREATE TRIGGER refuse_snapshot_save BEFORE INSERT OR UPDATE ON event_store.state_snapshots
            FOR EACH ROW WHEN (NEW.stream_id = 'fund-tomelilla') EXECUTE FUNCTION public.refuse_snapshot_save();
        """

    static func refusals(_ fixture: ServerFixture) async throws -> Int {
        try await fixture.db.withConnection { connection in
            Int(try await connection.query("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM public.snapshot_saves_refused")[0]
                .decode(Int64.self, at: 0))
        }
    }
}

/// Every line a `Logger` made with `handler` logs, with its level, message and metadata.
final class RecordedLog: Sendable {
    private let recorded = Mutex<[(level: Logger.Level, text: String)]>([])

    var lines: [(level: Logger.Level, text: String)] { recorded.withLock { $0 } }
    var handler: Handler { Handler(log: self) }

    struct Handler: LogHandler {
        let log: RecordedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let text = "\(event.message) \(metadata.merging(event.metadata ?? [:]) { $1 })"
            log.recorded.withLock { $0.append((event.level, text)) }
        }
    }
}
