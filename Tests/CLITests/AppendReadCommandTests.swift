import Foundation
import Testing
import TestSupport

/// `fundledger append` and `read`: JSON lines in, positions out; bad input and conflicts write nothing.
@Suite struct AppendReadCommandTests {
    static let threeEvents = """
        {"stream_id":"fund-1","event_type":"FundEstablished","payload":{"amount_ore":1000000000,"name":"Socialförvaltningen"},"effective_date":"2026-01-31","organisation_id":"212000-1124"}
        {"stream_id":"fund-1","event_type":"FundsDisbursed","payload":{"amount_ore":250000}}

        {"stream_id":"fund-2","event_type":"FundEstablished","payload":{}}

        """

    @Test func appendFromStdinPrintsPositionsAndReadShowsThem() async throws {
        try await TestDatabase.withMigrated { db in
            let append = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: Self.threeEvents)
            #expect(append.status == 0, "\(append)")
            let appended = try decodeLines(AppendedLine.self, append.stdout)
            #expect(appended.map(\.globalPosition) == [1, 2, 3])
            #expect(appended.map(\.streamVersion) == [1, 2, 1])
            #expect(appended.allSatisfy { $0.hash.count == 64 && UUID(uuidString: $0.eventId) != nil })
            #expect(Set(appended.map(\.hash)).count == 3)

            let read = try await FundLedgerCLI.run("read", on: db)
            #expect(read.status == 0, "\(read)")
            let events = try decodeLines(ReadLine.self, read.stdout)
            #expect(events.map(\.globalPosition) == [1, 2, 3])
            #expect(events.map(\.streamId) == ["fund-1", "fund-1", "fund-2"])
            #expect(events.map(\.eventType) == ["FundEstablished", "FundsDisbursed", "FundEstablished"])
            #expect(events.map(\.eventId) == appended.map(\.eventId))
            #expect(events.map(\.hash) == appended.map(\.hash))
            #expect(events.first?.payload == .init(amountOre: 1_000_000_000, name: "Socialförvaltningen"))
            #expect(events.first?.effectiveDate == "2026-01-31")
            #expect(events.first?.organisationId == "212000-1124")
            #expect(events.last?.organisationId == nil)

            let stream = try await FundLedgerCLI.run("read", on: db, ["--stream", "fund-1", "--from-version", "2"])
            #expect(try decodeLines(ReadLine.self, stream.stdout).map(\.globalPosition) == [2])
            let page = try await FundLedgerCLI.run("read", on: db, ["--after", "1", "--limit", "1"])
            #expect(try decodeLines(ReadLine.self, page.stdout).map(\.globalPosition) == [2])

            let status = try await FundLedgerCLI.status(of: db)
            #expect(status.eventCount == 3)
            #expect(status.headPosition == 3)
            #expect(status.headHash == appended.last?.hash)
        }
    }

    @Test func appendReadsAFileArgumentToo() async throws {
        try await TestDatabase.withMigrated { db in
            try await FundLedgerCLI.withTemporaryFolder("append-file") { folder in
                let file = folder.appendingPathComponent("events.jsonl")
                try Self.threeEvents.write(to: file, atomically: true, encoding: .utf8)
                let append = try await FundLedgerCLI.run("append", on: db, [file.path, "--raw"])
                #expect(append.status == 0, "\(append)")
                #expect(append.lines.count == 3)
                #expect(try await FundLedgerCLI.status(of: db).eventCount == 3)
            }
        }
    }

    @Test(arguments: [
        ("{\"stream_id\":\"fund-1\",\"event_type\":\"A\",\"payload\":{}}\n{\"stream_id\":\"fund-1\",\"event_type\":\"B\",\"payload\":{\"a\":1}\n", 2),
        ("{\"stream_id\":\"fund-1\",\"event_type\":\"A\",\"payload\":{}}\n\nnot json at all\n", 3),
        ("{\"stream_id\":\"fund-1\",\"event_type\":\"A\",\"payload\":[1,2]}\n", 1),
        ("{\"stream_id\":\"fund-1\",\"event_type\":\"A\",\"payload\":{},\"surprise\":1}\n", 1),
    ])
    func malformedLineExits65NamingTheLineAndWritesNothing(input: String, badLine: Int) async throws {
        try await TestDatabase.withMigrated { db in
            let first = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: #"{"stream_id":"fund-0","event_type":"Seed","payload":{}}"#)
            #expect(first.status == 0, "\(first)")
            let before = try await FundLedgerCLI.status(of: db)

            let result = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: input)
            result.expectRefused(65, "line \(badLine):")
            #expect(result.stdout.isEmpty)
            #expect(try await FundLedgerCLI.status(of: db) == before)
            #expect(before.eventCount == 1)
        }
    }

    @Test(arguments: ["5", "\"no_stream\"", "0"])
    func wrongExpectedVersionExits4AndWritesNothing(expected: String) async throws {
        try await TestDatabase.withMigrated { db in
            let seed = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: #"{"stream_id":"fund-1","event_type":"Seed","payload":{}}"#)
            #expect(seed.status == 0, "\(seed)")
            let before = try await FundLedgerCLI.status(of: db)

            let input = """
                {"stream_id":"fund-2","event_type":"Other","payload":{}}
                {"stream_id":"fund-1","event_type":"Next","payload":{},"expected_version":\(expected)}
                """
            let result = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: input)
            result.expectRefused(4, "wrong expected version for stream fund-1")
            #expect(result.stdout.isEmpty)
            #expect(try await FundLedgerCLI.status(of: db) == before)
            let other = try await FundLedgerCLI.run("read", on: db, ["--stream", "fund-2"])
            #expect(other.status == 0)
            #expect(other.stdout.isEmpty)
        }
    }

    @Test func rightExpectedVersionAppends() async throws {
        try await TestDatabase.withMigrated { db in
            _ = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: #"{"stream_id":"fund-1","event_type":"Seed","payload":{}}"#)
            let result = try await FundLedgerCLI.run(
                "append", on: db, ["--raw"], stdin: #"{"stream_id":"fund-1","event_type":"Next","payload":{},"expected_version":1}"#)
            #expect(result.status == 0, "\(result)")
            #expect(try decodeLines(AppendedLine.self, result.stdout).map(\.streamVersion) == [2])
        }
    }

    @Test func reappendingTheSameEventIDsReturnsTheSamePositions() async throws {
        try await TestDatabase.withMigrated { db in
            let input = """
                {"event_id":"6f1c2a9e-3b7d-4c1e-9a55-0d2f8e7b6a41","stream_id":"fund-1","event_type":"FundEstablished","payload":{"amount_ore":10}}
                {"event_id":"0b8e4d3c-2a1f-4e6d-8c7b-5a4f3e2d1c0b","stream_id":"fund-1","event_type":"FundsDisbursed","payload":{"amount_ore":3}}
                """
            let first = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: input)
            let second = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: input)
            #expect(first.status == 0, "\(first)")
            #expect(second.status == 0, "\(second)")
            let appended = try decodeLines(AppendedLine.self, first.stdout)
            #expect(appended.map(\.globalPosition) == [1, 2])
            #expect(appended.map(\.eventId) == ["6f1c2a9e-3b7d-4c1e-9a55-0d2f8e7b6a41", "0b8e4d3c-2a1f-4e6d-8c7b-5a4f3e2d1c0b"])
            #expect(try decodeLines(AppendedLine.self, second.stdout) == appended)
            #expect(try await FundLedgerCLI.status(of: db).eventCount == 2)

            // The same id with other content is a conflict, not a retry.
            let changed = input.replacingOccurrences(of: #"{"amount_ore":3}"#, with: #"{"amount_ore":4}"#)
            let conflict = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: changed)
            #expect(conflict.status == 4, "\(conflict)")
            #expect(conflict.stderr.contains("0b8e4d3c-2a1f-4e6d-8c7b-5a4f3e2d1c0b"))
            #expect(try await FundLedgerCLI.status(of: db).eventCount == 2)
        }
    }

    @Test func emptyInputExits65() async throws {
        try await TestDatabase.withMigrated { db in
            let result = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: "\n\n")
            #expect(result.status == 65, "\(result)")
            #expect(result.stderr.contains("no events"))
            #expect(try await FundLedgerCLI.status(of: db).eventCount == 0)
        }
    }

    @Test func largeAppendAndReadCompleteInBatches() async throws {
        try await TestDatabase.withMigrated { db in
            let count = 3000
            let input = (1...count).map {
                #"{"stream_id":"fund-\#($0 % 7)","event_type":"FundsDisbursed","payload":{"amount_ore":\#($0),"name":"Socialförvaltningen"}}"#
            }.joined(separator: "\n")
            let append = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: input)
            #expect(append.status == 0, "exit \(append.status): \(append.stderr)")
            #expect(append.lines.count == count)

            // Far more output than a pipe buffer holds, fetched in several round trips.
            let read = try await FundLedgerCLI.run("read", on: db, ["--batch-size", "700"])
            #expect(read.status == 0, "exit \(read.status): \(read.stderr)")
            let events = try decodeLines(ReadLine.self, read.stdout)
            #expect(events.map(\.globalPosition) == (1...Int64(count)).map { $0 })
            #expect(events.map(\.payload.amountOre) == (1...Int64(count)).map { $0 })
            let limited = try await FundLedgerCLI.run("read", on: db, ["--batch-size", "700", "--after", "100", "--limit", "1500"])
            #expect(try decodeLines(ReadLine.self, limited.stdout).map(\.globalPosition) == (101...1600).map { $0 })
        }
    }

    @Test(
        .bug(id: "invalid-event-exit-1", "append exits 1 instead of 65 for events PostgreSQL rejects as invalid data"),
        arguments: [
            #"{"stream_id":"fund-1","event_type":"X","payload":{"note":"nul \u0000 byte"}}"#,
            #"{"stream_id":"fund-1","event_type":"X","payload":{},"effective_date":"1899-12-31"}"#,
        ])
    func invalidEventContentExits65AndWritesNothing(line: String) async throws {
        try await TestDatabase.withMigrated { db in
            let result = try await FundLedgerCLI.run("append", on: db, ["--raw"], stdin: line)
            #expect(result.status != 0)
            #expect(try await FundLedgerCLI.status(of: db).eventCount == 0)
            #expect(result.status == 65, "\(result)")
        }
    }
}

/// `append` writes raw events; fund-ledger events go through the ledger's rules unless `--raw` says otherwise,
/// and are refused outside the ledger's streams, where no fold would read them.
@Suite struct AppendGuardTests {
    @Test func aLedgerEventInALedgerStreamNeedsRaw() async throws {
        try await TestDatabase.withMigrated { db in
            let line = #"{"stream_id":"fund-x","event_type":"FundsDisbursed","payload":{"initiative_id":"i","amount":{"ore":1,"currency":"SEK"},"department":"BUN","voucher":"V"}}"#
            let refused = try await FundLedgerCLI.run("append", on: db, stdin: line)
            refused.expect(status: 65, saying: "--raw")
            #expect(try await FundLedgerCLI.status(of: db).eventCount == 0)
            let catalogue = #"{"stream_id":"valuation-212000-0886","event_type":"FinancialProxyRecorded","payload":{}}"#
            let refusedCatalogue = try await FundLedgerCLI.run("append", on: db, stdin: catalogue)
            #expect(refusedCatalogue.status == 65 && refusedCatalogue.stderr.contains("--raw"), "\(refusedCatalogue)")
            #expect(try await FundLedgerCLI.status(of: db).eventCount == 0)
            // Elsewhere the ledger would not read it: refused with or without --raw (it once stopped every fold).
            for extra in [[], ["--raw"]] {
                let other = try await FundLedgerCLI.run("append", on: db, extra, stdin: #"{"stream_id":"audit-notes","event_type":"FundsDisbursed","payload":{}}"#)
                other.expect(status: 65, saying: "fund-, organisation- and valuation- streams")
            }
            #expect(try await FundLedgerCLI.status(of: db).eventCount == 0)
        }
    }
}
