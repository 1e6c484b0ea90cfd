import Crypto
import EventStore
import Foundation
import Postgres
import PostgresEventStore
import Testing
import TestSupport

/// `PostgresEventStore`'s state snapshots keep their bytes exactly: saved as a binary `bytea` parameter and
/// loaded from a binary row, every byte value and a state of megabytes come back as they went in, and the
/// server's own `sha256` of the stored column matches the client's.
@Suite("State snapshots in PostgreSQL")
struct SnapshotStorageTests {
    /// 0…255, then `count - 256` deterministic pseudo-random bytes.
    static func state(count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { $0 < 256 ? UInt8($0) : UInt8(truncatingIfNeeded: generator.next()) }
    }

    @Test("a saved snapshot loads byte for byte", arguments: [0, 256, 5 * 1024 * 1024 + 3])
    func snapshotRoundTrips(size: Int) async throws {
        try await TestDatabase.withMigrated { db in
            let saved = StateSnapshot(
                streamID: "fund-ö", format: 3, streamVersion: 41, lastEventID: UUID(), state: Self.state(count: size, seed: 14))
            try await db.store.save(saved)
            #expect(try await db.store.snapshot(of: "fund-ö", format: 3) == saved)
            #expect(try await db.store.snapshot(of: "fund-ö", format: 4) == nil)
            let stored = try await db.withConnection { connection in
                try await connection.query("""
                    SELECT octet_length(state), encode(sha256(state), 'hex') FROM event_store.state_snapshots
                    WHERE stream_id = 'fund-ö' AND format = 3
                    """)[0]
            }
            #expect(try stored.decode(Int.self, at: 0) == size)
            #expect(try stored.decode(String.self, at: 1) == Hex.encode(SHA256.hash(data: Data(saved.state))))
        }
    }

    @Test("a newer snapshot replaces the state, an older one does not")
    func newerReplacesOlderDoesNot() async throws {
        try await TestDatabase.withMigrated { db in
            var snapshot = StateSnapshot(
                streamID: "s", format: 1, streamVersion: 10, lastEventID: UUID(), state: Self.state(count: 1000, seed: 1))
            try await db.store.save(snapshot)
            let newer = StateSnapshot(
                streamID: "s", format: 1, streamVersion: 11, lastEventID: UUID(), state: Self.state(count: 300, seed: 2))
            try await db.store.save(newer)
            #expect(try await db.store.snapshot(of: "s", format: 1) == newer)
            snapshot.state = []
            try await db.store.save(snapshot)
            #expect(try await db.store.snapshot(of: "s", format: 1) == newer)
        }
    }
}
