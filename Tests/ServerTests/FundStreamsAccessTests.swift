import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import PostgresEventStore
@testable import Server
import Testing
import TestSupport

/// The fund streams `/v1/funds` and the web view fold (`FundStates.fundStreams`, migration 0019) cost a
/// restricted user about one probe per stream, however many events other organisations have: before, row-level
/// security filtered every probe of the loose index scan, which walked past every event the user may not read.
/// The rows a listing looks at are counted in the transaction's own statistics (`pg_stat_get_xact_*`), which
/// include those the SECURITY DEFINER function reads as the owner.
@Suite("A restricted user's fund streams cost the streams, not the log", .serialized)
struct FundStreamsAccessTests {
    @Test("2 000 more events of another organisation's fund cost a restricted listing nothing; what each user is shown is unchanged")
    func listingCostsTheStreams() async throws {
        try await ServerAccessTests.with { fixture, pool, login in
            var tokens: [String: String] = [:]
            let access = OrganisationAccess(pool: fixture.db.pool)
            // Tomelilla, Region Skåne (which Tomelilla shares a saving with), and a user whose only grant is revoked.
            for (user, organisation) in [("tove", "212000-0886"), ("rut", "232100-0255"), ("gun", "212000-1173")] {
                tokens[user] = try await UserDirectory(pool: fixture.db.pool).add(name: user, role: .auditor)
                _ = try await access.grant(login: "\(login)/\(user)", organisation: organisation, role: .auditor)
            }
            _ = try await access.revoke(login: "\(login)/gun", organisation: "212000-1173")
            let users = ["tove", "rut", "gun", "rita"]
            var before: [String: (streams: [String], rows: Int64)] = [:]
            for user in users { before[user] = try await Self.listing(pool, as: user) }
            #expect(before["tove"]?.streams == ["fund-tomelilla"])
            #expect(before["rut"]?.streams == ["fund-skane"], "the saving shared with the region does not make Tomelilla's fund the region's")
            #expect(before["gun"]?.streams == [], "a user whose every grant is revoked reads nothing")
            #expect(before["rita"]?.streams.count == 6, "a network user lists every fund: \(before["rita"]?.streams ?? [])")
            try await fixture.test(.router) { client in try await fixture.contribute(2000, client, fund: "eslov") }
            for user in users {
                let after = try await Self.listing(pool, as: user)
                #expect(after.streams == before[user]?.streams, "\(user)")
                let grown = after.rows - (before[user]?.rows ?? 0)
                #expect(grown < 100, "\(user)'s listing looked at \(grown) more rows after 2 000 events of Eslöv's (before: \(before[user]?.rows ?? 0))")
            }
            try await ServerFixture.application(pool: pool).test(.router) { [tokens] client in
                for (user, funds) in [("tove", ["tomelilla"]), ("rut", ["skane"]), ("gun", [])] {
                    let response = try await client.execute(uri: "/v1/funds", method: .get, headers: [.authorization: "Bearer \(tokens[user]!)"])
                    let listed = (response.json("funds") as? [[String: Any]])?.compactMap { $0["id"] as? String }
                    #expect(listed == funds, "\(user): \(response.text)")
                }
            }
        }
    }

    /// The fund streams `user` may read, listed as the server lists them for its request (as
    /// `fundledger_auditor`, acting for the user), and the rows of `event_store.events` and its indexes the
    /// listing looked at.
    static func listing(_ pool: ConnectionPool, as user: String) async throws -> (streams: [String], rows: Int64) {
        try await ConnectionPool.$taskSessionParameters.withValue([ReadingAsUser.parameter: user, "role": ReadingAsUser.readerRole]) {
            try await pool.withConnection { connection in
                _ = try await connection.execute("BEGIN")
                let start = try await rowsLookedAt(connection)
                let streams = try await FundStates.fundStreams(on: connection)
                let rows = try await rowsLookedAt(connection) - start
                _ = try await connection.execute("COMMIT")
                return (streams, rows)
            }
        }
    }

    static func rowsLookedAt(_ connection: PostgresConnection) async throws -> Int64 {
        try await connection.query("""
            SELECT coalesce(sum(pg_stat_get_xact_tuples_returned(c.oid) + pg_stat_get_xact_tuples_fetched(c.oid)), 0)::bigint
            FROM pg_class c
            WHERE c.oid = 'event_store.events'::regclass
               OR c.oid IN (SELECT i.indexrelid FROM pg_index i WHERE i.indrelid = 'event_store.events'::regclass)
            """)[0].decode(Int64.self, at: 0)
    }
}
