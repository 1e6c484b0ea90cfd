import EventStore
import Foundation
import FundLedger

/// How one field is written in an SIE file (spec 5.7–5.10): amounts with a point and two decimals, dates
/// `YYYYMMDD`, texts in quotes with `\"` for a quote inside.
public enum SIEFormat {
    /// Öre as kronor with a point and exactly two decimals, minus sign first, no plus sign: `-1234.50`.
    public static func amount(_ ore: Int64) -> String {
        let magnitude = ore.magnitude
        let cents = magnitude % 100
        return (ore < 0 ? "-" : "") + "\(magnitude / 100)." + (cents < 10 ? "0" : "") + "\(cents)"
    }

    /// `YYYYMMDD`.
    public static func date(_ date: CivilDate) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(date.year, 4) + pad(date.month, 2) + pad(date.day, 2)
    }

    /// Typographic characters code page 437 lacks, written as their plain equivalents rather than `?`.
    static let plainEquivalents: [Unicode.Scalar: String] = [
        "\u{2010}": "-", "\u{2011}": "-", "\u{2012}": "-", "\u{2013}": "-", "\u{2014}": "-", "\u{2212}": "-",
        "\u{2018}": "'", "\u{2019}": "'", "\u{201A}": "'", "\u{201C}": "\"", "\u{201D}": "\"", "\u{201E}": "\"",
        "\u{2026}": "...", "\u{20AC}": "EUR",
    ]

    /// A free-text field (a name, a voucher text), always quoted. Text is descriptive, so the file is still
    /// written when it holds something SIE cannot carry; what changes is counted in `replaced`:
    /// - a control character (tab, line break) becomes a space, since SIE forbids them inside a string;
    /// - a backslash becomes `/`, since SIE has no way to write a backslash before a quote;
    /// - dashes, curly quotes, `…` and `€` become `-`, `'`/`"`, `...` and `EUR`;
    /// - any other character code page 437 lacks becomes `?`.
    public static func text(_ value: String, replaced: inout Int) -> String {
        var out = "\""
        for scalar in value.precomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += " "
                replaced += 1
            } else if scalar == "\\" {
                out += "/"
                replaced += 1
            } else if scalar == "\"" {
                out += "\\\""
            } else if CP437.byte(of: scalar) != nil {
                out.unicodeScalars.append(scalar)
            } else if let plain = plainEquivalents[scalar] {
                out += plain == "\"" ? "\\\"" : plain
                replaced += 1
            } else {
                out += "?"
                replaced += 1
            }
        }
        return out + "\""
    }

    /// A code that identifies something (an object code, a series), always quoted. A code is never
    /// altered, since two codes could then collide: one SIE cannot carry unchanged is an error.
    public static func code(_ value: String, kind: String) throws(SIEExportError) -> String {
        let normalised = value.precomposedStringWithCanonicalMapping
        let scalars = normalised.unicodeScalars
        if value.isEmpty { throw .invalidCode(kind: kind, code: value, reason: "it is empty") }
        if let bad = scalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .invalidCode(kind: kind, code: value, reason: "it contains the control character U+\(String(bad.value, radix: 16, uppercase: true))")
        }
        if scalars.contains("\\") {
            throw .invalidCode(kind: kind, code: value, reason: "SIE cannot write a backslash in a code unambiguously")
        }
        if let bad = scalars.first(where: { CP437.byte(of: $0) == nil }) {
            throw .invalidCode(kind: kind, code: value, reason: "\"\(bad)\" is not in SIE's character set (code page 437)")
        }
        return "\"" + normalised.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
