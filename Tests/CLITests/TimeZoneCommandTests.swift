import EventStore
import Foundation
import Testing
import TestSupport

/// Recording without --effective-date books today in the organisation's time zone, and reports show the
/// recorded time in it (issue 11, item 7). Stored recorded_at stays UTC.
@Suite struct TimeZoneCommandTests {
    @Test func theDefaultEffectiveDateIsTodayInTheConfiguredZone() async throws {
        try await TestDatabase.withMigrated { db in
            try await RecordingFixture.fund(on: db)
            // UTC+14 and UTC-11: on every day, at least one of them is on another date than UTC.
            for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago"] {
                let result = try await FundLedgerCLI.run(
                    ["fund", "contribute", "--fund", "tomelilla", "--amount", "1 kr", "--source", "KF", "--json", "--database", db.conninfo],
                    environment: ["FUNDLEDGER_TIME_ZONE": zone])
                try #require(result.status == 0, "\(result)")
                let recorded = try decodeLines(RecordedLine.self, result.stdout)[0]
                let today = OrganisationTime.today(in: TimeZone(identifier: zone)!)
                #expect(recorded.effectiveDate == today.description, "\(zone): \(result)")
            }
            let bad = try await FundLedgerCLI.run(
                ["fund", "contribute", "--fund", "tomelilla", "--amount", "1 kr", "--source", "KF", "--database", db.conninfo],
                environment: ["FUNDLEDGER_TIME_ZONE": "Mars/Olympus"])
            #expect(bad.status == 64 && bad.stderr.contains("FUNDLEDGER_TIME_ZONE"), "\(bad)")
        }
    }

    @Test func theAuditTrailShowsLocalTimesToTheSecondAndCSVKeepsUTC() async throws {
        try await TestDatabase.withMigrated { db in
            try await RecordingFixture.fund(on: db)
            let stored = try await FundLedgerCLI.run("read", on: db, ["--limit", "1"])
            let recordedAt = try #require(try decodeLines(ReadLineWithTime.self, stored.stdout).first?.recordedAt)
            let instant = try #require(Timestamp(recordedAt))
            let zone = "America/St_Johns"  // UTC−3:30: a half-hour offset shows the conversion
            let local = OrganisationTime.local(instant, in: TimeZone(identifier: zone)!)
            let table = try await FundLedgerCLI.run(
                ["report", "audit-trail", "--fund", "tomelilla", "--database", db.conninfo], environment: ["FUNDLEDGER_TIME_ZONE": zone])
            #expect(table.status == 0, "\(table)")
            #expect(table.stdout.contains(local), "\(local) in \(table.stdout.prefix(1500))")
            let csv = try await FundLedgerCLI.run(
                ["report", "audit-trail", "--fund", "tomelilla", "--format", "csv", "--database", db.conninfo], environment: ["FUNDLEDGER_TIME_ZONE": zone])
            #expect(csv.stdout.contains(recordedAt), "CSV keeps the stored UTC time")
        }
    }
}

private struct ReadLineWithTime: Decodable {
    var recordedAt: String
}
