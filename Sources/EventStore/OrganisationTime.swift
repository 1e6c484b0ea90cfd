import Foundation

/// The time zone people in the organisation live in: Europe/Stockholm unless `FUNDLEDGER_TIME_ZONE` names
/// another (an IANA name). Stored times (`recorded_at`) stay UTC; this zone decides what "today" is for a
/// default effective date, how `--as-of` reads a local time, and how reports show times to people.
public enum OrganisationTime {
    public static let defaultZoneName = "Europe/Stockholm"
    public static let environmentVariable = "FUNDLEDGER_TIME_ZONE"

    /// Why the configured zone cannot be used.
    public struct UnknownZone: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            "\(OrganisationTime.environmentVariable) \(Identifier.quoted(name)) is not a time zone; use an IANA name such as \(OrganisationTime.defaultZoneName)"
        }
    }

    /// The configured zone; throws for a name the system does not know.
    public static func zone(environment: [String: String] = ProcessInfo.processInfo.environment) throws(UnknownZone) -> TimeZone {
        let name = environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultZoneName
        guard let zone = TimeZone(identifier: name) else { throw UnknownZone(name: name) }
        return zone
    }

    /// The date it is now in `zone`.
    public static func today(in zone: TimeZone, now: Date = Date()) -> CivilDate {
        let local = now.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: now))
        return CivilDate(daysSinceEpoch: Int((local / 86_400).rounded(.down)))
    }

    /// `instant` as a wall-clock time in `zone`, to the second: `2026-12-02 12:40:26`.
    public static func local(_ instant: Timestamp, in zone: TimeZone) -> String {
        let date = Date(timeIntervalSince1970: Double(instant.microsecondsSinceEpoch) / 1_000_000)
        let offsetMicros = Int64(zone.secondsFromGMT(for: date)) * 1_000_000
        let shifted = Timestamp(microsecondsSinceEpoch: instant.microsecondsSinceEpoch + offsetMicros).description
        // `YYYY-MM-DDTHH:MM:SS.ffffffZ` → `YYYY-MM-DD HH:MM:SS`
        return shifted.prefix(10) + " " + shifted.dropFirst(11).prefix(8)
    }

    /// The instant a wall-clock time in `zone` names (`2026-03-15T12:00[:SS]`); `nil` if malformed.
    public static func instant(localDate date: CivilDate, hour: Int, minute: Int, second: Int, in zone: TimeZone) -> Timestamp? {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        let wall = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        // The zone's offset at that wall time: first guess with the offset at the wall time read as UTC.
        let guess = Date(timeIntervalSince1970: Double(wall))
        let offset = Int64(zone.secondsFromGMT(for: guess.addingTimeInterval(-Double(zone.secondsFromGMT(for: guess)))))
        return Timestamp(microsecondsSinceEpoch: (wall - offset) * 1_000_000)
    }

    /// A moment as a person writes it (`report --as-of`): `YYYY-MM-DD` (the end of that day),
    /// `YYYY-MM-DDTHH:MM[:SS]` in the organisation's time zone, or `…Z` in UTC; `nil` for anything else.
    public static func instant(parsing text: String) -> Timestamp? {
        if let utc = Timestamp(text) { return utc }
        guard let zone = try? OrganisationTime.zone() else { return nil }
        if let date = CivilDate(text) {
            // The last microsecond of that day, local time.
            let next = CivilDate(daysSinceEpoch: date.daysSinceEpoch + 1)
            return OrganisationTime.instant(localDate: next, hour: 0, minute: 0, second: 0, in: zone)
                .map { Timestamp(microsecondsSinceEpoch: $0.microsecondsSinceEpoch - 1) }
        }
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let date = CivilDate(String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let hour = Int(clock[0]), let minute = Int(clock[1])
        else { return nil }
        return OrganisationTime.instant(localDate: date, hour: hour, minute: minute, second: clock.count == 3 ? Int(clock[2])! : 0, in: zone)
    }
}
