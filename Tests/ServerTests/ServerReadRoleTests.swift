import Foundation
import FundLedger
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import PostgresEventStore
@testable import Server
import Testing
import TestSupport

/// Reads under the read-only role (issue 15): every read of a user's request runs as `fundledger_auditor`,
/// so the database — not the server — refuses whatever a read might try to write.
@Suite("The server reads under a read-only database role")
struct ServerReadRoleTests {
    @Test("a read that would save a state snapshot is refused by the database; the server's login saves the same one")
    func readsCannotWrite() async throws {
        try await ServerFixture.with { fixture in
            var settings = ServerSettings()
            settings.keepSnapshots = false
            try await fixture.test(.router, settings: settings) { client in
                #expect(try await fixture.recordTomelilla(client).status == .created)
                try await fixture.contribute(300, client)
                try await fixture.deleteSnapshots()
                for user in ["aud", "rita", "ada"] {
                    try await client.execute(uri: "/v1/funds/tomelilla/initiatives", method: .get, headers: fixture.auth(user, contentType: nil)) {
                        #expect($0.status == .ok, "\($0.text)")
                    }
                    try await client.execute(uri: "/v1/funds", method: .get, headers: fixture.auth(user, contentType: nil)) {
                        #expect($0.status == .ok, "\($0.text)")
                    }
                }
                // Each read folded 300 and more events and tried to keep the state: refused as fundledger_auditor.
                #expect(try await fixture.snapshotVersion("fund-tomelilla") == nil, "a read wrote a snapshot")
            }
            // The same fold under the login's own rights (a superuser here) saves it: only the role stopped the reads.
            _ = try await LedgerService(store: fixture.db.store).loadState(streams: ["fund-tomelilla"])
            #expect(try await fixture.snapshotVersion("fund-tomelilla") != nil)
        }
    }

    @Test("within a user's request each borrowed connection is fundledger_auditor and refuses writes; the next borrower is the login")
    func theRoleTravelsAndIsReset() async throws {
        try await ServerFixture.with { fixture in
            let pool = ConnectionPool(conninfo: fixture.db.conninfo, connectionCountMax: 1)
            defer { Task { await pool.closeAll() } }
            let user = ServerUser(name: "aud", role: .auditor, disabled: false, createdAt: "")
            let currentUser: @Sendable () async throws -> String = {
                try await pool.withConnection { try await $0.query("SELECT current_user::text")[0].decode(String.self, at: 0) }
            }
            let login = try await currentUser()
            #expect(try await ReadingAsUser.run(user) { try await currentUser() } == "fundledger_auditor")
            for statement in ["DELETE FROM event_store.state_snapshots", "INSERT INTO read_models.projection_checkpoints (projection, code_version, position, hash) VALUES ('x', 1, 0, '')"] {
                let error = await #expect(throws: PostgresError.self) {
                    try await ReadingAsUser.run(user) { try await pool.withConnection { _ = try await $0.execute(PostgresQuery(unsafeSQL: statement)) } }
                }
                #expect(error?.isPermissionDenied == true, "\(String(describing: error))")
            }
            #expect(try await currentUser() == login, "a connection lent again outside a request has the login's rights back")
            // The server's own tables are read with the login's rights even inside a request.
            let sessions = try await ReadingAsUser.run(user) {
                try await pool.withLoginConnection { try await $0.query("SELECT count(*) FROM server.sessions")[0].decode(Int64.self, at: 0) }
            }
            #expect(sessions == 0)
        }
    }
}

extension ServerFixture {
    /// Records `count` contributions of 1 kr, 2 kr, … to `fund` (Tomelilla) as `ada`, in one body.
    func contribute(_ count: Int, _ client: any TestClientProtocol, from first: Int = 1, fund: String = "tomelilla") async throws {
        let commands = (first..<(first + count)).map {
            #"{"command": "contribute", "fund": "\#(fund)", "amount": "\#($0) kr", "source": "KF"}"#
        }
        let response = try await client.execute(
            uri: "/v1/commands", method: .post, headers: auth("ada"), body: ByteBuffer(string: "[" + commands.joined(separator: ",") + "]"))
        #expect(response.status == .created, "\(response.text.prefix(400))")
    }

    func deleteSnapshots() async throws {
        try await db.withConnection { _ = try await $0.execute("DELETE FROM event_store.state_snapshots") }
    }

    /// The stream version of `stream`'s ledger snapshot, nil without one.
    func snapshotVersion(_ stream: String) async throws -> Int64? {
        try await db.withConnection { connection in
            try await connection.query("""
                SELECT stream_version FROM event_store.state_snapshots WHERE stream_id = \(stream) AND format = \(LedgerState.snapshotFormat)
                """).first?.decode(Int64.self, at: 0)
        }
    }
}
