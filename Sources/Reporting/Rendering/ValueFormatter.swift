import EventStore
import Foundation

/// Writes report values as text for people (Swedish or plain) and for machines (CSV). The one place that
/// knows how an amount or a share looks, so every format agrees.
///
/// Swedish (`.swedish` style, language sv): `1 500 000,00 kr`, `8,39 %`, digits grouped by a space: U+0020
/// in the terminal and Markdown (what people type and paste back into `--amount`), U+00A0 (no-break space)
/// in HTML, there also before the unit, so an amount never breaks across lines. English (language en): `1,500,000.00 SEK`, `8.39%`.
/// Plain (`--plain-numbers`): `1500000.00 SEK`, `8.39 %`, in either language.
struct ValueFormatter: Sendable {
    var style: NumberStyle
    var language: ReportLanguage = .default
    /// Between groups of three digits in Swedish: a space, or a no-break space in HTML.
    var swedishGroupSeparator = " "
    /// The zone people read times in (`OrganisationTime`); UTC when the configured one is unknown.
    var timeZone: TimeZone = (try? OrganisationTime.zone()) ?? TimeZone(identifier: "UTC")!

    /// The value as a person reads it: `1 500 000,00 kr`, `8,39 %`, `1,436`, `2026-03-31`.
    func human(_ value: ReportValue) -> String {
        switch value {
        case .text(let text): text
        case .money(let ore, let currency): money(ore, currency: currency)
        case .integer(let number): style == .swedish ? sign(number) + groupDigits(String(number.magnitude)) : String(number)
        case .decimal(let text): style == .swedish && language == .sv ? text.replacingOccurrences(of: ".", with: ",") : text
        case .percent(let fraction): percent(fraction)
        case .date(let text): text
        case .timestamp(let text): Timestamp(text).map { OrganisationTime.local($0, in: timeZone) } ?? text
        case .empty: ""
        }
    }

    /// An amount in öre: `1 500 000,00 kr` (SEK), `1 500 000,00 EUR`, or plain `1500000.00 SEK`.
    func money(_ ore: Int64, currency: String) -> String {
        switch (style, language) {
        case (.swedish, .sv):
            let suffix = swedishGroupSeparator + (currency == "SEK" ? "kr" : currency)
            return Self.sign(ore) + groupDigits(String(ore.magnitude / 100)) + "," + Self.twoDigits(ore.magnitude % 100) + suffix
        case (.swedish, .en):
            return Self.sign(ore) + groupDigits(String(ore.magnitude / 100)) + "." + Self.twoDigits(ore.magnitude % 100) + " " + currency
        case (.plain, _):
            return Self.plainAmount(ore) + " " + currency
        }
    }

    /// Whole kronor for chart ticks and heat-map cells, where öre would only crowd: `1 500 000`.
    func wholeUnits(_ ore: Int64) -> String {
        // Rounds half away from zero to the nearest krona.
        let rounded = (ore.magnitude + 50) / 100
        let digits = String(rounded)
        return (ore < 0 && rounded > 0 ? "-" : "") + (style == .swedish ? groupDigits(digits) : digits)
    }

    /// The unit written after whole amounts: `kr` for SEK in Swedish, else the code.
    func unit(_ currency: String) -> String { currency == "SEK" && language == .sv && style == .swedish ? "kr" : currency }

    /// Decimals a percentage shows to people; CSV and JSON keep the exact fraction.
    static let percentDecimals = 2

    /// An exact fraction as a percentage, shifting the decimal point rather than multiplying a `Double`,
    /// rounded half to even to two decimals: `"0.0839"` → `8,39 %`, `"0.083870968"` → `8,39 %`.
    func percent(_ fraction: String) -> String {
        let shifted = Self.roundDecimal(Self.shiftDecimalPoint(fraction, by: 2), places: Self.percentDecimals)
        switch (style, language) {
        case (.swedish, .sv): return shifted.replacingOccurrences(of: ".", with: ",") + " %"
        case (.swedish, .en): return shifted + "%"
        case (.plain, _): return shifted + " %"
        }
    }

    /// A plain decimal text rounded half to even to at most `places` decimals, trailing zeros trimmed
    /// (`"8.3870968"` → `"8.39"`, `"0.125"` → `"0.12"`); other text unchanged.
    static func roundDecimal(_ text: String, places: Int) -> String {
        let negative = text.hasPrefix("-")
        let parts = text.dropFirst(negative ? 1 : 0).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count > places, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            return text
        }
        var digits = Array(parts[0] + parts[1].prefix(places)).map { Int($0.asciiValue! - 48) }
        let rest = Array(parts[1].dropFirst(places)).map { Int($0.asciiValue! - 48) }
        let roundsUp = rest[0] > 5 || (rest[0] == 5 && (rest.dropFirst().contains { $0 != 0 } || digits.last! % 2 == 1))
        if roundsUp {
            var index = digits.count - 1
            while index >= 0 {
                if digits[index] == 9 { digits[index] = 0; index -= 1 } else { digits[index] += 1; break }
            }
            if index < 0 { digits.insert(1, at: 0) }
        }
        let integerCount = digits.count - places
        var fraction = digits.suffix(places).map(String.init).joined()
        while fraction.last == "0" { fraction.removeLast() }
        let integer = digits.prefix(integerCount).map(String.init).joined()
        let magnitude = fraction.isEmpty ? integer : integer + "." + fraction
        return (negative && magnitude.contains(where: { $0 != "0" && $0 != "." }) ? "-" : "") + magnitude
    }

    /// Whether the value is a number (right-aligned in tables).
    static func isNumeric(_ value: ReportValue) -> Bool {
        switch value {
        case .money, .integer, .decimal, .percent: true
        case .text, .date, .timestamp, .empty: false
        }
    }

    /// `1500000.00`, `-0.05`: the machine form of an amount in öre.
    static func plainAmount(_ ore: Int64) -> String {
        sign(ore) + String(ore.magnitude / 100) + "." + twoDigits(ore.magnitude % 100)
    }

    /// Groups digits by three from the right: with a space (or no-break space) in Swedish, a comma in English.
    func groupDigits(_ digits: String) -> String {
        Self.groupDigits(digits, separator: language == .sv ? swedishGroupSeparator : ",")
    }

    static func groupDigits(_ digits: String, separator: String = " ") -> String {
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += separator }
            out.append(character)
        }
        return out
    }

    private func sign(_ number: Int64) -> String { Self.sign(number) }

    private static func sign(_ number: Int64) -> String { number < 0 ? "-" : "" }

    private static func twoDigits(_ number: UInt64) -> String { (number < 10 ? "0" : "") + String(number) }

    /// Moves the decimal point of an exact decimal text `places` to the right, trimming zeros that carry no
    /// information (`"0.0839"` → `"8.39"`, `"1"` → `"100"`, `"-0.5"` → `"-50"`). Text that is not a plain
    /// decimal is returned unchanged, so a plugin's odd value is shown rather than lost.
    static func shiftDecimalPoint(_ text: String, by places: Int) -> String {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if body.first == "-" { negative = true; body = body.dropFirst() } else if body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !(parts[0].isEmpty && (parts.count == 1 || parts[1].isEmpty)),
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
        else { return text }
        var integer = String(parts[0])
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        fraction += String(repeating: "0", count: max(0, places - fraction.count))
        integer += fraction.prefix(places)
        fraction = String(fraction.dropFirst(places))
        while integer.count > 1 && integer.first == "0" { integer.removeFirst() }
        if integer.isEmpty { integer = "0" }
        while fraction.last == "0" { fraction.removeLast() }
        let magnitude = fraction.isEmpty ? integer : integer + "." + fraction
        return (negative && magnitude.contains(where: { $0 != "0" && $0 != "." }) ? "-" : "") + magnitude
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
