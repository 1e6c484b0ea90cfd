import Foundation

extension JSONText {
    /// `value` as one line of JSON with its keys sorted and slashes as they are: how proofs, export headers
    /// and evidence lines are printed, byte for byte the same every time.
    public static func sortedLine(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
