import Foundation

/// Small helpers for JSON carried as text (payloads, metadata, export lines).
public enum JSONText {
    /// `value` as a JSON string literal, quotes included.
    public static func quote(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where s.value < 0x20:
                let hex = String(s.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }

    /// Throws unless `text` is exactly one JSON object.
    static func requireObject(_ text: String, field: String) throws {
        guard RawJSON.isSingleObject(text) else {
            throw EventStoreError.invalidAppend("\(field) must be one JSON object")
        }
    }

    /// Parses `text` as one JSON object; throws otherwise.
    public static func parseObject(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            as? [String: Any]
        else {
            throw EventStoreError.invalidAppend("not a JSON object")
        }
        return object
    }

    /// A deterministic rendering (sorted keys, no extra whitespace) used by the in-memory store in place
    /// of PostgreSQL's jsonb text; also decides "same content" for its idempotency check.
    static func canonicalObject(_ text: String) throws -> String {
        let object = try parseObject(text)
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
