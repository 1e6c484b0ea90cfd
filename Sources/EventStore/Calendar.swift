import Memberwise

/// A calendar date with no time zone (an effective date in the books), printed as `YYYY-MM-DD`.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A date from its parts; `nil` if there is no such day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CivilDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        // Fast path for the canonical form every row carries: ten ASCII bytes, YYYY-MM-DD.
        var text = text
        if let parsed = text.withUTF8({ Self.parseCanonical($0) }) {
            self.init(year: parsed.year, month: parsed.month, day: parsed.day)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2,
            parts[2].count == 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    private static func parseCanonical(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? { decimal(bytes, range) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return (year, month, day)
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `days` days after 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    public var description: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        self = try decoder.decodeText(expecting: "YYYY-MM-DD") { CivilDate($0) }
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeText(description)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// An instant with microsecond precision (PostgreSQL's `timestamptz`), printed in UTC as
/// `YYYY-MM-DDTHH:MM:SS.ffffffZ`, the form the hash chain uses.
@PublicMemberwiseInit
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public let microsecondsSinceEpoch: Int64

    /// Parses `YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z` (UTC only).
    public init?(_ text: String) {
        // Fast path for the form every stored row carries: `YYYY-MM-DDTHH:MM:SS.ffffffZ`, 27 ASCII bytes.
        var text = text
        if let micros = text.withUTF8({ Self.parseCanonical($0) }) {
            self.microsecondsSinceEpoch = micros
            return
        }
        let utf8 = Array(text.utf8)
        guard utf8.count >= 20, utf8.last == UInt8(ascii: "Z"), utf8[10] == UInt8(ascii: "T"),
            let date = CivilDate(String(decoding: utf8[0..<10], as: UTF8.self))
        else { return nil }
        let time = String(decoding: utf8[11..<(utf8.count - 1)], as: UTF8.self)
        let hms = time.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let clock = hms[0].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var micros = 0
        if hms.count == 2 {
            let fraction = hms[1]
            guard (1...6).contains(fraction.count), fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(fraction)
            else { return nil }
            micros = value * Int(pow10(6 - fraction.count))
        }
        let seconds = Int64(date.daysSinceEpoch) * 86400 + Int64(hour * 3600 + minute * 60 + second)
        self.microsecondsSinceEpoch = seconds * 1_000_000 + Int64(micros)
    }

    private static func parseCanonical(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count == 27, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "."), bytes[26] == UInt8(ascii: "Z"),
            let date = CivilDate(String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<10]), as: UTF8.self))
        else { return nil }
        func number(_ range: Range<Int>) -> Int? { decimal(bytes, range) }
        guard let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            let micros = number(20..<26), hour < 24, minute < 60, second < 60
        else { return nil }
        let seconds = Int64(date.daysSinceEpoch) * 86400 + Int64(hour * 3600 + minute * 60 + second)
        return seconds * 1_000_000 + Int64(micros)
    }

    /// The civil date of this instant in UTC.
    public var utcDate: CivilDate {
        CivilDate(daysSinceEpoch: Int(floorDiv(microsecondsSinceEpoch, 86_400_000_000)))
    }

    public var description: String {
        let days = floorDiv(microsecondsSinceEpoch, 86_400_000_000)
        let inDay = microsecondsSinceEpoch - days * 86_400_000_000
        let date = CivilDate(daysSinceEpoch: Int(days))
        let seconds = Int(inDay / 1_000_000)
        let micros = Int(inDay % 1_000_000)
        return "\(date)T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(micros, 6))Z"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    public init(from decoder: any Decoder) throws {
        self = try decoder.decodeText(expecting: "a UTC timestamp") { Timestamp($0) }
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeText(description)
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

private func pow10(_ exponent: Int) -> Int64 {
    (0..<exponent).reduce(1) { result, _ in result * 10 }
}

private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// The ASCII decimal digits of `bytes[range]` as a number; `nil` if any byte is not a digit.
func decimal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
    var value = 0
    for index in range {
        let digit = Int(bytes[index]) - 48
        guard (0...9).contains(digit) else { return nil }
        value = value * 10 + digit
    }
    return value
}
