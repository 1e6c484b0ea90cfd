import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (the login form, a page's form with its
/// `csrf_token`). A field sent twice has no value: a form never sends one twice, and picking one of two
/// would let a crafted body say one thing to one reader and another to the next.
public struct FormFields: Sendable {
    private var values: [String: [String]] = [:]

    /// Parses `body`; a part that does not decode (bad percent-encoding) is left out.
    public init(_ body: String) {
        for part in body.split(separator: "&", omittingEmptySubsequences: true) {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(pair[0]), let value = Self.decode(pair.count > 1 ? pair[1] : "") else { continue }
            values[name, default: []].append(value)
        }
    }

    /// The field's value when it was sent exactly once.
    public subscript(_ name: String) -> String? {
        guard let all = values[name], all.count == 1 else { return nil }
        return all[0]
    }

    static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Whether a `Content-Type` value is `application/x-www-form-urlencoded` (parameters aside).
    public static func isFormContentType(_ value: String?) -> Bool {
        guard let value else { return false }
        let type = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return type == "application/x-www-form-urlencoded"
    }
}
