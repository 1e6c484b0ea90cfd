import Foundation
import Postgres
import Testing
import TestSupport

/// Issue 17, migration 0015: organisations of a network sharing one database see only their own rows, by
/// every path — the CLI's read, funds, report, status, verify and export, SQL on the events and the read
/// models — and record only for themselves; an event shared with another organisation is visible to both.
@Suite("Organisations isolated by row-level security", .serialized)
struct OrganisationAccessTests {
    static let tomelilla = "212000-0886"
    static let region = "232100-0255"
    static let eslov = "212000-1173"
    static let malmo = "212000-1124"

    /// A login of the test server, in `group`, whose conninfo on `db` is returned.
    static func login(_ name: String, in group: String, on db: TestDatabase) async throws -> String {
        try await db.withConnection { admin in
            try await admin.executeScript(unsafeSQL: """
                DROP ROLE IF EXISTS \(name); CREATE ROLE \(name) LOGIN PASSWORD 'pw' IN ROLE \(group)
                """)
        }
        var options = try ConnectionString.parse(db.conninfo)
        options["user"] = name
        options["password"] = "pw"
        return ConnectionString.render(options)
    }

    static func dropRoles(_ names: [String]) async {
        _ = try? await TestServer.admin { admin in
            try await admin.executeScript(unsafeSQL: names.map { "DROP ROLE IF EXISTS \($0);" }.joined())
        }
    }

    /// `fundledger words…` connected as `conninfo`.
    static func run(_ words: [String], as conninfo: String, stdin: String = "") async throws -> CLIResult {
        try await FundLedgerCLI.run(words + ["--database", conninfo], stdin: stdin)
    }

    /// The organisation of each event `read` prints for `conninfo`.
    static func organisationsRead(as conninfo: String) async throws -> [String?] {
        let result = try await run(["read"], as: conninfo)
        try #require(result.status == 0, "\(result)")
        return try result.stdout.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return object["organisation_id"] as? String
        }
    }

    /// Demo recorded and projected by the network login, then three organisation logins with their grants.
    static func withNetwork(_ body: (TestDatabase, _ tomelilla: String, _ region: String, _ eslov: String) async throws -> Void) async throws {
        let suffix = UUID().uuidString.prefix(6).lowercased()
        let names = ["tom_\(suffix)", "reg_\(suffix)", "esl_\(suffix)"]
        try await TestDatabase.withMigrated { db in
            try #require(try await FundLedgerCLI.invoke(["demo"], on: db).status == 0)
            try #require(try await FundLedgerCLI.invoke(["project"], on: db).status == 0)
            let tom = try await login(names[0], in: "fundledger_auditor", on: db)
            let reg = try await login(names[1], in: "fundledger_auditor", on: db)
            let esl = try await login(names[2], in: "fundledger_writer", on: db)
            for (name, organisation, role) in [(names[0], tomelilla, "auditor"), (names[1], region, "auditor"), (names[2], eslov, "recorder")] {
                let granted = try await FundLedgerCLI.invoke(["access", "grant", name, "--organisation", organisation, "--role", role], on: db)
                #expect(granted.status == 0 && granted.stdout.contains("granted"), "\(granted)")
            }
            try await withCleanup({ try await body(db, tom, reg, esl) }, then: { await dropRoles(names) })
        }
    }

    @Test("read shows a login only its organisation's events, and the region the saving Tomelilla shared with it")
    func readIsIsolated() async throws {
        try await Self.withNetwork { db, tom, reg, _ in
            let all = try await Self.organisationsRead(as: db.conninfo)
            let tomelillaSees = try await Self.organisationsRead(as: tom)
            #expect(!tomelillaSees.isEmpty)
            #expect(tomelillaSees.allSatisfy { $0 == Self.tomelilla })
            #expect(tomelillaSees.count == all.filter { $0 == Self.tomelilla }.count)
            let regionSees = try await Self.organisationsRead(as: reg)
            #expect(regionSees.filter { $0 == Self.region }.count == all.filter { $0 == Self.region }.count)
            // The demo's saving at the region's health care (RSHS) is Tomelilla's event, shared with the region.
            let shared = try await Self.run(["read"], as: reg).stdout.split(separator: "\n").filter { $0.contains(#""organisation_id":"212000-0886""#) }
            #expect(shared.count == 1)
            #expect(shared.first?.contains("SavingRealised") == true && shared.first?.contains(#""shared_with""#) == true)
            #expect(!Set(regionSees.compactMap { $0 }).contains(Self.eslov))
        }
    }

    @Test("funds, initiatives, reports and the read-model tables show only the login's organisation")
    func readModelsAndReportsAreIsolated() async throws {
        try await Self.withNetwork { db, tom, _, _ in
            let funds = try await Self.run(["funds", "--json"], as: tom)
            #expect(funds.status == 0)
            #expect(funds.stdout.contains(#""fund_id":"tomelilla""#) && !funds.stdout.contains("eslov") && !funds.stdout.contains("skane"))
            #expect(try await Self.run(["report", "fund-statement", "--fund", "tomelilla"], as: tom).status == 0)
            let other = try await Self.run(["report", "fund-statement", "--fund", "eslov"], as: tom)
            #expect(other.status != 0 && !other.stdout.contains("Eslöv"))
            let portfolio = try await Self.run(["report", "portfolio", "--fund", "tomelilla", "--format", "csv"], as: tom)
            #expect(portfolio.status == 0 && !portfolio.stdout.contains("eslov") && !portfolio.stdout.contains("malmo"))
            let connection = try await PostgresConnection(conninfo: tom)
            try await closing(connection) { connection in
                for table in ["funds", "initiatives", "department_flows", "department_pair_flows", "postings", "trial_balance"] {
                    let others = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM read_models.\(table) WHERE fund_id <> 'tomelilla'"))
                    #expect(try others[0].decode(Int64.self, at: 0) == 0, "\(table)")
                    let own = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM read_models.\(table) WHERE fund_id = 'tomelilla'"))
                    #expect(try own[0].decode(Int64.self, at: 0) > 0, "\(table)")
                }
                let foreign = try await connection.query("SELECT count(*) FROM event_store.events WHERE organisation_id IS DISTINCT FROM '212000-0886'")
                #expect(try foreign[0].decode(Int64.self, at: 0) == 0)
                let snapshots = try await connection.query("SELECT count(*) FROM event_store.state_snapshots")
                #expect(try snapshots[0].decode(Int64.self, at: 0) == 0)
                await #expect(throws: PostgresError.self) { try await connection.execute("TRUNCATE read_models.funds") }
                await #expect(throws: PostgresError.self) { try await connection.execute("SELECT * FROM event_store.organisation_access") }
            }
            #expect(try await FundLedgerCLI.funds(of: db).count == 6, "the network login still sees every fund")
        }
    }

    @Test("whole-log commands refuse a restricted login instead of reporting a broken chain; status says what it reads")
    func wholeLogCommandsRefuse() async throws {
        try await Self.withNetwork { db, tom, _, _ in
            for words in [["verify"], ["export"], ["project"], ["replay"]] {
                let result = try await Self.run(words, as: tom)
                result.expect(status: 5, saying: "needs the whole log, and this login reads only the events of 212000-0886")
                #expect(result.stderr.split(separator: "\n").count <= 2, "\(result)")
            }
            #expect(try await FundLedgerCLI.invoke(["verify"], on: db).status == 0)
            let status = try await Self.run(["status"], as: tom)
            #expect(status.status == 0 && status.stdout.contains("reads only      212000-0886"), "\(status)")
            let evidence = try await Self.run(["proof", "organisation", "--organisation", Self.tomelilla, "--tree-size", "10"], as: tom)
            #expect(evidence.status == 0, "\(evidence)")
        }
    }

    @Test("a recorder records for its organisation only: others' funds are unknown to it and the database refuses the rest")
    func recordingIsIsolated() async throws {
        try await Self.withNetwork { db, tom, reg, esl in
            let before = try await FundLedgerCLI.invoke(["status", "--json"], on: db).stdout
            let contribute = ["fund", "contribute", "--amount", "1 kr", "--source", "test"]
            let own = try await Self.run(contribute + ["--fund", "eslov", "--share-with", Self.region], as: esl)
            #expect(own.status == 0, "\(own)")
            try await Self.run(contribute + ["--fund", "tomelilla"], as: esl).expectRefused(6, "fund tomelilla does not exist")
            let raw = #"{"stream_id":"fund-tomelilla","event_type":"Noted","payload":{},"organisation_id":"212000-0886"}"#
            try await Self.run(["append", "--raw"], as: esl, stdin: raw + "\n")
                .expectRefused(5, "records only for 212000-1173, not for organisation 212000-0886")
            let intoOthers = #"{"stream_id":"fund-tomelilla","event_type":"Noted","payload":{},"organisation_id":"212000-1173"}"#
            try await Self.run(["append", "--raw"], as: esl, stdin: intoOthers + "\n").expectRefused(5, "stream fund-tomelilla is not one of the streams")
            try await Self.run(["append", "--raw"], as: tom, stdin: raw + "\n").expectRefused(5, "permission denied for function append_events")
            let after = try await FundLedgerCLI.invoke(["status", "--json"], on: db).stdout
            #expect(before != after, "the recorder's own contribution was written")
            // The contribution Eslöv shared with the region is visible there; Tomelilla still sees none of Eslöv's.
            #expect(try await Self.organisationsRead(as: reg).contains(Self.eslov))
            #expect(!(try await Self.organisationsRead(as: tom).contains(Self.eslov)))
        }
    }

    @Test("a recorder cannot take another organisation's future fund stream, nor name another organisation in a fund it establishes")
    func fundStreamsCannotBeTaken() async throws {
        try await Self.withNetwork { db, _, _, esl in
            // An adversarial probe's sequence: Eslöv appended a note to Malmö's future fund stream, owned it, and
            // read (and wrote) what was later recorded there for Malmö.
            let squat = #"{"stream_id":"fund-malmo-ny","event_type":"Noted","payload":{},"organisation_id":"212000-1173"}"#
            try await Self.run(["append"], as: esl, stdin: squat + "\n").expectRefused(5, "must start with the FundEstablished of fund malmo-ny")
            let forged = #"{"stream_id":"fund-tomelilla-extra","event_type":"FundEstablished","payload":{"fund_id":"tomelilla-extra","organisation_id":"212000-0886","name":"X","currency":"SEK","policy":{}},"organisation_id":"212000-1173"}"#
            try await Self.run(["append", "--raw"], as: esl, stdin: forged + "\n").expectRefused(5, "must name its own organisation")
            // A stream that holds events (here the network's own note) establishes no fund: its first writer owns it.
            let note = #"{"stream_id":"fund-malmo-ny","event_type":"Noted","payload":{},"organisation_id":"212000-1173"}"#
            #expect(try await FundLedgerCLI.invoke(["append"], on: db, stdin: note + "\n").status == 0)
            let establish = try await FundLedgerCLI.invoke(
                ["fund", "establish", "--id", "malmo-ny", "--organisation", Self.malmo, "--name", "Malmö ny fond"], on: db)
            establish.expectRefused(6, "stream fund-malmo-ny is not empty (version 1) but establishes no fund")
        }
    }

    /// `event_store.command_id_namespace(organisations)` as `conninfo`: nil, the namespace, or the refusal's SQLSTATE.
    static func namespace(_ conninfo: String, for organisations: [String]) async throws -> String? {
        let connection = try await PostgresConnection(conninfo: conninfo)
        defer { Task { await connection.close() } }
        let list = "{" + organisations.joined(separator: ",") + "}"
        do {
            return try await connection.query("SELECT event_store.command_id_namespace(\(list)::text[])")[0].decodeIfPresent(String.self, at: 0)
        } catch let error as PostgresError {
            return "refused \(error.sqlState ?? "")"
        }
    }

    /// A command file for Eslöv's fund, written to a temporary file.
    static func eslovFile(_ amount: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString.prefix(6)).json")
        try #"[{"command":"contribute","fund":"eslov","amount":"\#(amount)","source":"KF 2026/12","effective_date":"2026-05-01"}]"#
            .write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("content-derived ids are keyed with the namespace of the organisations the commands are for: no other organisation computes them, everyone who may record them does")
    func commandIDsAreNamespaced() async throws {
        try await Self.withNetwork { db, _, _, esl in
            let suffix = UUID().uuidString.prefix(6).lowercased()
            let (colleagueName, regionName) = ("esl2_\(suffix)", "regrec_\(suffix)")
            let colleague = try await Self.login(colleagueName, in: "fundledger_writer", on: db)
            let regionRecorder = try await Self.login(regionName, in: "fundledger_writer", on: db)
            try await withCleanup({
                for (name, organisation) in [(colleagueName, Self.eslov), (regionName, Self.region)] {
                    #expect(try await FundLedgerCLI.invoke(["access", "grant", name, "--organisation", organisation, "--role", "recorder"], on: db).status == 0)
                }
                let eslov = try await Self.namespace(esl, for: [Self.eslov])
                #expect(eslov != nil && eslov?.hasPrefix("refused") == false)
                #expect(try await Self.namespace(colleague, for: [Self.eslov]) == eslov, "a colleague of the same organisation")
                #expect(try await Self.namespace(db.conninfo, for: [Self.eslov]) == eslov, "the network, which may record for Eslöv")
                #expect(try await Self.namespace(regionRecorder, for: [Self.eslov]) == "refused 42501", "the region may not have Eslöv's")
                #expect(try await Self.namespace(regionRecorder, for: [Self.region]) != eslov)
                let file = try Self.eslovFile("777 000 kr")
                defer { try? FileManager.default.removeItem(at: file) }
                #expect(try await Self.run(["apply", file.path], as: esl).status == 0)
                for (who, conninfo) in [("a colleague", colleague), ("the network", db.conninfo)] {
                    let again = try await FundLedgerCLI.run(["apply", file.path, "--database", conninfo])
                    #expect(again.status == 0 && again.stdout.contains("already recorded"), "\(who)'s rerun is a retry: \(again)")
                }
                // The id is not the plain content-derived one anyone could compute (the probe's guess).
                let stored = try await db.withConnection { admin in
                    try await admin.query("SELECT event_id FROM event_store.events WHERE payload ->> 'source' = 'KF 2026/12'").map { try $0.decode(UUID.self, at: 0) }
                }
                #expect(stored.count == 1)
                do {
                    let connection = try await PostgresConnection(conninfo: esl)
                    _ = try await connection.query("SELECT key FROM event_store.command_id_key")
                    Issue.record("a recorder read the key")
                } catch let error as PostgresError {
                    #expect(error.isPermissionDenied, "\(error)")
                }
            }, then: { await Self.dropRoles([colleagueName, regionName]) })
        }
    }

    @Test("a file recorded before the database had grants is still a retry after: its plain id is looked up")
    func filesRecordedBeforeNamespacesStayRetries() async throws {
        try await TestDatabase.withMigrated { db in
            try #require(try await FundLedgerCLI.invoke(["demo"], on: db).status == 0)
            let file = try Self.eslovFile("12 345 kr")
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(try await FundLedgerCLI.invoke(["apply", file.path], on: db).status == 0)
            #expect(try await Self.namespace(db.conninfo, for: [Self.eslov]) == nil, "no grants: no namespace")
            let name = "esl3_\(UUID().uuidString.prefix(6).lowercased())"
            let esl = try await Self.login(name, in: "fundledger_writer", on: db)
            try await withCleanup({
                #expect(try await FundLedgerCLI.invoke(["access", "grant", name, "--organisation", Self.eslov, "--role", "recorder"], on: db).status == 0)
                #expect(try await Self.namespace(db.conninfo, for: [Self.eslov]) != nil)
                for conninfo in [db.conninfo, esl] {
                    let again = try await FundLedgerCLI.run(["apply", file.path, "--database", conninfo])
                    #expect(again.status == 0 && again.stdout.contains("already recorded"), "\(again)")
                }
            }, then: { await Self.dropRoles([name]) })
        }
    }

    /// A third probe: the look-up of plain ids let a recorder plant an event under a file's guessed plain id
    /// in its own stream, and the victim's first run of the file then failed "already stored … with
    /// different content". Only a plain id found in the stream the command writes counts as a retry now.
    @Test("an event planted under a file's plain id in another stream does not make the file's first run fail")
    func aPlantedPlainIDIsNotARetry() async throws {
        let file = try Self.eslovFile("55 555 kr")
        defer { try? FileManager.default.removeItem(at: file) }
        // The plain id, as the probe got it: the same file recorded in a database without grants.
        let plain = try await TestDatabase.withMigrated { scratch in
            try #require(try await FundLedgerCLI.invoke(["demo"], on: scratch).status == 0)
            #expect(try await FundLedgerCLI.invoke(["apply", file.path], on: scratch).status == 0)
            return try await scratch.withConnection { admin in
                try await admin.query("SELECT event_id::text FROM event_store.events WHERE payload ->> 'source' = 'KF 2026/12'")[0].decode(String.self, at: 0)
            }
        }
        try await Self.withNetwork { db, _, _, esl in
            let planted = #"{"event_id":"\#(plain)","stream_id":"eslov-notes","event_type":"Noted","payload":{},"organisation_id":"212000-1173"}"#
            #expect(try await Self.run(["append"], as: esl, stdin: planted + "\n").status == 0)
            let first = try await FundLedgerCLI.invoke(["apply", file.path], on: db)
            #expect(first.status == 0 && first.stdout.contains("recorded") && !first.stdout.contains("already"), "\(first)")
        }
    }

    @Test("revoking the last grant leaves a login reading nothing, not everything; the list keeps the history")
    func revokeLeavesNothing() async throws {
        try await Self.withNetwork { db, tom, _, _ in
            let name = try #require(try ConnectionString.parse(tom)["user"])
            let revoked = try await FundLedgerCLI.invoke(["access", "revoke", name, "--organisation", Self.tomelilla], on: db)
            #expect(revoked.status == 0 && revoked.stdout.contains("revoked"))
            #expect(try await Self.organisationsRead(as: tom).isEmpty)
            let list = try await FundLedgerCLI.invoke(["access", "list", "--all", "--json"], on: db)
            #expect(list.stdout.contains(#""login":"\#(name)""#) && list.stdout.contains(#""revoked_at":"#))
            #expect(!(try await FundLedgerCLI.invoke(["access", "list"], on: db)).stdout.contains(name))
            let again = try await FundLedgerCLI.invoke(["access", "revoke", name, "--organisation", Self.tomelilla], on: db)
            #expect(again.status == 0 && again.stdout.contains("had no access"))
        }
    }

    @Test("serve refuses a database login that is not a delegate: it could neither record nor read as its users")
    func serveNeedsADelegateLogin() async throws {
        try await Self.withNetwork { _, _, _, esl in
            let result = try await Self.run(["serve", "--port", "0"], as: esl)
            #expect(result.status == 5, "\(result)")
            #expect(result.stderr.contains("is not a member of fundledger_delegate") && result.stderr.split(separator: "\n").count <= 2, "\(result)")
        }
    }

    @Test("bad grants are refused naming the argument, and nothing is written")
    func badGrantsAreRefused() async throws {
        try await TestDatabase.withMigrated { db in
            try await FundLedgerCLI.invoke(["access", "grant", "no_such_login", "--organisation", Self.tomelilla, "--role", "auditor"], on: db)
                .expectRefused(65, "LOGIN: no login \"no_such_login\"")
            try await FundLedgerCLI.invoke(["access", "grant", "postgres", "--organisation", "a\u{1}b", "--role", "auditor"], on: db)
                .expectRefused(65, "--organisation")
            try await FundLedgerCLI.invoke(["access", "grant", "a/b/c", "--organisation", Self.tomelilla, "--role", "auditor"], on: db)
                .expectRefused(65, "LOGIN:")
            let role = try await FundLedgerCLI.invoke(["access", "grant", "postgres", "--organisation", Self.tomelilla, "--role", "owner"], on: db)
            #expect(role.status == 64 && role.stderr.contains("--role"), "\(role)")
            // Logins that escape row-level security, by themselves or through a role they belong to.
            let suffix = UUID().uuidString.prefix(6).lowercased()
            let (group, bypass, viaGroup, viaBypass) = ("grp_\(suffix)", "byp_\(suffix)", "ing_\(suffix)", "inb_\(suffix)")
            try await db.withConnection { admin in
                try await admin.executeScript(unsafeSQL: """
                    CREATE ROLE \(group) NOLOGIN; CREATE ROLE \(bypass) NOLOGIN BYPASSRLS;
                    CREATE ROLE \(viaGroup) LOGIN IN ROLE \(group); CREATE ROLE \(viaBypass) LOGIN IN ROLE \(bypass);
                    """)
            }
            try await withCleanup({
                for (login, says) in [(group, "group role"), (bypass, "BYPASSRLS"), (viaBypass, "may become"), ("fundledger_auditor", "group role")] {
                    try await FundLedgerCLI.invoke(["access", "grant", login, "--organisation", Self.tomelilla, "--role", "auditor"], on: db)
                        .expectRefused(65, says)
                }
                #expect(try await FundLedgerCLI.invoke(["access", "grant", viaGroup, "--organisation", Self.tomelilla, "--role", "auditor"], on: db).status == 0,
                        "a login in an ordinary role is restricted as any login")
            }, then: { await Self.dropRoles([viaGroup, viaBypass, group, bypass]) })
            #expect(try await FundLedgerCLI.invoke(["access", "list", "--all", "--json"], on: db).stdout.split(separator: "\n").count == 1)
        }
    }
}
