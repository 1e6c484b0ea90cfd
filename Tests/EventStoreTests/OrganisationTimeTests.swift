import EventStore
import Foundation
import Testing

/// The organisation's time zone (Europe/Stockholm unless configured): today's date, local times to the
/// second, and wall-clock times read back as instants, across midnight and daylight-saving changes.
@Suite struct OrganisationTimeTests {
    let stockholm = TimeZone(identifier: "Europe/Stockholm")!

    @Test func todayIsTheLocalDateNotUTCs() {
        // 23:30 UTC on New Year's Eve is 00:30 on 1 January in Stockholm (UTC+1 in winter).
        let evening = Date(timeIntervalSince1970: Double(Timestamp("2026-12-31T23:30:00.000000Z")!.microsecondsSinceEpoch) / 1_000_000)
        #expect(OrganisationTime.today(in: stockholm, now: evening) == CivilDate("2027-01-01"))
        #expect(OrganisationTime.today(in: TimeZone(identifier: "UTC")!, now: evening) == CivilDate("2026-12-31"))
        // 22:30 UTC on Midsummer's Eve is 00:30 the next day in summer time (UTC+2).
        let summer = Date(timeIntervalSince1970: Double(Timestamp("2026-06-19T22:30:00.000000Z")!.microsecondsSinceEpoch) / 1_000_000)
        #expect(OrganisationTime.today(in: stockholm, now: summer) == CivilDate("2026-06-20"))
    }

    @Test func localTimesToTheSecond() {
        #expect(OrganisationTime.local(Timestamp("2026-12-02T10:40:26.784806Z")!, in: stockholm) == "2026-12-02 11:40:26")
        #expect(OrganisationTime.local(Timestamp("2026-07-01T22:15:00.000001Z")!, in: stockholm) == "2026-07-02 00:15:00")
    }

    @Test func wallClockTimesReadBackAsInstants() {
        let winter = OrganisationTime.instant(localDate: CivilDate("2026-03-15")!, hour: 12, minute: 0, second: 0, in: stockholm)
        #expect(winter == Timestamp("2026-03-15T11:00:00.000000Z"))
        let summer = OrganisationTime.instant(localDate: CivilDate("2026-08-15")!, hour: 12, minute: 0, second: 0, in: stockholm)
        #expect(summer == Timestamp("2026-08-15T10:00:00.000000Z"))
        #expect(OrganisationTime.instant(localDate: CivilDate("2026-08-15")!, hour: 24, minute: 0, second: 0, in: stockholm) == nil)
    }

    @Test func theZoneComesFromTheEnvironmentAndAnUnknownOneIsRefused() throws {
        #expect(try OrganisationTime.zone(environment: [:]).identifier == "Europe/Stockholm")
        #expect(try OrganisationTime.zone(environment: ["FUNDLEDGER_TIME_ZONE": "America/St_Johns"]).identifier == "America/St_Johns")
        #expect(throws: OrganisationTime.UnknownZone.self) { try OrganisationTime.zone(environment: ["FUNDLEDGER_TIME_ZONE": "Mars/Olympus"]) }
    }
}
