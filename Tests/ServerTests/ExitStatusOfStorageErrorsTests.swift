@testable import EventStore
import Foundation
import Postgres
@testable import PostgresEventStore
import Projections
import Recording
import Reporting
import Testing
@testable import Transparency

@testable import Server

/// The exit codes the command line gives the errors of storage, read models, reports and transparency
/// (docs/exit-codes.md), each said by the error itself.
@Suite struct ExitStatusOfStorageErrorsTests {
    @Test func postgresErrorsByConnectionAndSQLState() throws {
        let lost = PostgresError(kind: .connectionLost, message: "server closed the connection")
        #expect(ExitStatus.reported(lost)?.status == ExitStatus.unavailable)
        #expect(ExitStatus.reported(lost)?.message.hasSuffix("appends with the same event ids are safe to retry)") == true)
        #expect(try #require(ExitStatus.reported(PostgresError(kind: .connectionFailed, sqlState: "FL090", message: "login refused")))
            == ("login refused", ExitStatus.refused))
        let unmigrated = PostgresError(kind: .server, sqlState: "42P01", message: "relation \"events\" does not exist")
        #expect(try #require(ExitStatus.reported(unmigrated))
            == ("this database has no FundLedger schema, or an older one than this fundledger needs (relation \"events\" does not exist); run `fundledger migrate` first", ExitStatus.refused))
        let value = PostgresError(kind: .server, sqlState: "22001", message: "value too long", hint: "shorten it")
        #expect(try #require(ExitStatus.reported(value)) == ("value too long; nothing was written", ExitStatus.badInput))
        let huge = PostgresError(kind: .server, sqlState: "54000", message: "string too long to represent as jsonb string")
        #expect(try #require(ExitStatus.reported(huge)) == ("string too long to represent as jsonb string; nothing was written", ExitStatus.badInput))
        let readOnly = PostgresError(kind: .server, sqlState: "25006", message: "read-only transaction", hint: "h")
        #expect(try #require(ExitStatus.reported(readOnly)) == ("read-only transaction; nothing was written", ExitStatus.refused))
        let denied = PostgresError(kind: .server, sqlState: "42501", message: "permission denied", hint: "grant it")
        #expect(try #require(ExitStatus.reported(denied)) == ("permission denied; nothing was written\ngrant it", ExitStatus.refused))
        let other = PostgresError(kind: .server, sqlState: "XX000", message: "internal")
        #expect(try #require(ExitStatus.reported(other)) == (other.description, ExitStatus.failure))
    }

    @Test func readModelsReportsAndReplicas() {
        #expect(ExitStatus.reported(ReadModelError.anotherProjectorRunning)?.status == ExitStatus.conflict)
        #expect(ExitStatus.reported(ReadModelError.unknownReadModel("x", known: ["balances"]))?.status == ExitStatus.usage)
        #expect(ExitStatus.reported(ReportError.unknownPlugin(id: "x", known: []))?.status == ExitStatus.usage)
        #expect(ExitStatus.reported(ReportError.plugin(id: "x", message: "no fund"))?.status == ExitStatus.badInput)
        #expect(ExitStatus.reported(ReplayError.negativePosition(-1))?.status == ExitStatus.usage)
        let behind = ReplicaBehindError(requested: 9, replicaHead: 5, waited: .seconds(5))
        #expect(ExitStatus.reported(behind)?.status == ExitStatus.notYet)
        #expect(ExitStatus.reported(behind)?.message.hasSuffix("\nwait longer with --replica-wait SECONDS, or read from the primary (leave out --read-database)") == true)
        #expect(ExitStatus.reported(OrganisationAccessError(description: "no such login"))?.status == ExitStatus.badInput)
    }

    @Test func checkpointsAndTheirFiles() {
        #expect(ExitStatus.reported(CheckpointError.emptyLog)?.status == ExitStatus.badInput)
        #expect(ExitStatus.reported(CheckpointError.notSignedBy("k"))?.status == ExitStatus.chainBroken)
        #expect(ExitStatus.reported(NoteError(description: "malformed"))?.status == ExitStatus.badInput)
        #expect(ExitStatus.reported(CheckpointError.chainBroken(ChainBreak(position: 4, reason: "changed")))?.status == ExitStatus.chainBroken)
        #expect(ExitStatus.reported(CheckpointError.storedTreeDiffers(size: 3, tree: "a", log: "b"))?.status == ExitStatus.chainBroken)
        #expect(ExitStatus.reported(LedgerExportError.refusedByTable(position: 2, reason: "rule"))?.status == ExitStatus.badInput)
        #expect(ExitStatus.reported(LedgerExportError.chainBroken(ChainBreak(position: 2, reason: "jsonb")))?.status == ExitStatus.chainBroken)
        #expect(ExitStatus.reported(TimestampError(description: "no answer"))?.status == ExitStatus.unavailable)
        #expect(ExitStatus.reported(MerkleRangeError(description: "--tree-size 9 is beyond"))?.status == ExitStatus.usage)
        #expect(ExitStatus.reported(FileAccessError(description: "exists", cannotCreate: true))?.status == ExitStatus.cannotCreate)
    }

    @Test func aUsersLineNeverHoldsItsToken() {
        let user = ServerUser(name: "anna.svensson", role: .recorder, disabled: false, createdAt: "2026-01-01T09:00:00Z")
        #expect(user.jsonLine == #"{"name":"anna.svensson","role":"recorder","disabled":false,"created_at":"2026-01-01T09:00:00Z"}"#)
    }

    @Test func aPasswordIsTheFirstLineOfItsInputChecked() throws {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("correct horse battery staple\nignored\n".utf8))
        try pipe.fileHandleForWriting.close()
        #expect(try Password.readLine(from: pipe.fileHandleForReading) == "correct horse battery staple")
        let short = Pipe()
        short.fileHandleForWriting.write(Data("short\n".utf8))
        try short.fileHandleForWriting.close()
        #expect(throws: (any Error).self) { try Password.readLine(from: short.fileHandleForReading) }
    }
}
