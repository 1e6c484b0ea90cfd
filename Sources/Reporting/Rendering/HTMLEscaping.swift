/// Escaping for HTML text, attribute values and SVG (which is XML, so the same five characters).
public enum HTMLEscaping {
    /// `text` safe inside an element or a double- or single-quoted attribute: `<script>` becomes
    /// `&lt;script&gt;`. Control characters other than tab and newline are dropped because XML 1.0 forbids
    /// them and the SVG parts must stay well-formed.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "\r": out += " "
            case let control where control.value < 0x20 || (0x7f...0x9f).contains(control.value)
                || control.value == 0xfffe || control.value == 0xffff:
                continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Numbers written into SVG coordinates: one decimal, no locale, no exponent, so output is deterministic.
enum SVGNumber {
    static func text(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = (value * 10).rounded()
        let negative = tenths < 0
        let magnitude = Int64(abs(tenths))
        let whole = magnitude / 10
        let fraction = magnitude % 10
        let body = fraction == 0 ? String(whole) : "\(whole).\(fraction)"
        return negative && magnitude != 0 ? "-" + body : body
    }
}
