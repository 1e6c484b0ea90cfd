import Foundation

/// The one definition of what an identifier may hold: fund, initiative, department, voucher, saving and
/// organisation ids, stream ids and event types (docs/identifiers.md). The database enforces the same
/// rule in `append_events` (schema/0006_identifiers.sql); a test keeps the two lists equal.
///
/// An identifier is 1 to 255 bytes of NFC-normalised UTF-8 with no leading or trailing space, and none of
/// the characters in `forbiddenRanges`: control characters, invisible formatting and bidirectional
/// controls, line and paragraph separators, spaces other than U+0020, private-use characters. Such
/// characters would be printed raw into terminals, CSV files and reports, or make two ids look equal.
public enum Identifier {
    /// Bytes of UTF-8 an identifier may take (the events table's CHECK says the same for streams and types).
    public static let byteCountMax = 255

    /// The characters no identifier may hold, as closed ranges of code points.
    public static let forbiddenRanges: [ClosedRange<UInt32>] = [
        0x0000...0x001F, 0x007F...0x009F,  // C0 and C1 control characters, DEL
        0x00A0...0x00A0, 0x00AD...0x00AD,  // no-break space, soft hyphen
        0x0600...0x0605, 0x061C...0x061C, 0x06DD...0x06DD, 0x070F...0x070F, 0x0890...0x0891, 0x08E2...0x08E2,
        0x1680...0x1680, 0x180E...0x180E,  // ogham space mark, Mongolian vowel separator
        0x2000...0x200F,  // typographic spaces, zero-width characters, LRM/RLM
        0x2028...0x202F,  // line and paragraph separators, bidirectional embeddings, narrow no-break space
        0x205F...0x2064, 0x2066...0x206F,  // medium space, invisible operators, bidirectional isolates
        0x3000...0x3000, 0xFEFF...0xFEFF, 0xFFF9...0xFFFB,  // ideographic space, BOM, interlinear annotation
        0xE000...0xF8FF,  // private use
        0x110BD...0x110BD, 0x110CD...0x110CD, 0x13430...0x1343F, 0x1BCA0...0x1BCA3, 0x1D173...0x1D17A,
        0xE0001...0xE0001, 0xE0020...0xE007F,  // language tags
        0xF0000...0x10FFFF,  // supplementary private use planes
    ]

    /// Why `text` is not a valid identifier, or `nil` if it is one. `what` names it: "fund id".
    public static func problem(_ text: String, _ what: String) -> String? {
        if text.isEmpty { return "\(what) is empty" }
        if text.utf8.count > byteCountMax { return "\(what) \(quoted(text)) is longer than \(byteCountMax) bytes" }
        if let bad = text.unicodeScalars.first(where: isForbidden) {
            return "\(what) \(quoted(text)) holds \(name(of: bad)), which no identifier may hold (docs/identifiers.md)"
        }
        if text.first == " " || text.last == " " { return "\(what) \(quoted(text)) begins or ends with a space" }
        let composed = text.precomposedStringWithCanonicalMapping
        if !composed.unicodeScalars.elementsEqual(text.unicodeScalars) {
            return "\(what) \(quoted(text)) is not in composed form (NFC); write \(quoted(composed))"
        }
        return nil
    }

    /// Whether no identifier may hold `scalar`.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        forbiddenRanges.contains { $0.contains(scalar.value) }
    }

    /// `text` quoted for a message: at most 40 characters, every forbidden character as `\u{…}`, so a
    /// message never carries an escape sequence or a line break from user input to a terminal.
    public static func quoted(_ text: String) -> String {
        "\"" + printable(text, limit: 40) + "\""
    }

    /// `text` with forbidden characters shown as `\u{…}`, cut after `limit` characters with an ellipsis.
    public static func printable(_ text: String, limit: Int = .max) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { return out + "…" }
            out += isForbidden(scalar) ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
            count += 1
        }
        return out
    }

    private static func name(of scalar: Unicode.Scalar) -> String {
        let code = "U+" + String(format: "%04X", scalar.value)
        switch scalar {
        case "\n": return "a line break (\(code))"
        case "\t": return "a tab (\(code))"
        case "\u{1B}": return "an escape character (\(code))"
        default: return "the invisible or control character \(code)"
        }
    }
}

/// What free text (names, titles, reasons, sources, evidence) may hold: anything but control characters
/// other than tab and line breaks, and bidirectional overrides, which would let a name print as
/// something else or send escape sequences to a terminal (docs/identifiers.md).
public enum FreeText {
    /// The most characters one text may hold: a title of 300 000 characters was accepted and made every page
    /// that shows it a megabyte. Ten thousand leave room for a long evidence note.
    public static let characterCountMax = 10_000

    /// Why `text` may not be stored as free text, or `nil` if it may.
    public static func problem(_ text: String, _ what: String) -> String? {
        if text.unicodeScalars.count > characterCountMax {
            return "\(what) \(Identifier.quoted(text)) is \(text.count) characters long; a text holds at most \(characterCountMax)"
        }
        guard let bad = text.unicodeScalars.first(where: isForbidden) else { return nil }
        return "\(what) \(Identifier.quoted(text)) holds the control character U+\(String(format: "%04X", bad.value)); text may hold tabs and line breaks but no other control characters"
    }

    /// C0 and C1 controls except tab, line feed and carriage return; bidirectional embeddings, overrides and isolates.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
