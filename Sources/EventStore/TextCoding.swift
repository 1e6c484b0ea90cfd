/// The JSON form of the values written as text (`CivilDate` as `"2025-01-31"`, `Currency` as `"SEK"`,
/// `Rate` as `"0.5"`), for this package's modules.
extension Decoder {
    /// A JSON string read by `parse`; one that `parse` rejects is `DecodingError.dataCorrupted` saying
    /// `expected …, got "text"`.
    package func decodeText<Value>(expecting expected: String, _ parse: (String) -> Value?) throws -> Value {
        let text = try singleValueContainer().decode(String.self)
        guard let value = parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "expected \(expected), got \"\(text)\""))
        }
        return value
    }
}

extension Encoder {
    /// `text` as a JSON string.
    package func encodeText(_ text: String) throws {
        var container = singleValueContainer()
        try container.encode(text)
    }
}
