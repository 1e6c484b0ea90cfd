import Foundation

/// The `json` format, and the reading of a report document from JSON (external plugins answer with it).
/// Keys are sorted and the layout fixed, so the same document always gives the same bytes: a report can be
/// produced again years later and compared byte for byte.
public enum JSONReportCoding {
    /// The document as pretty-printed JSON with sorted keys, ending in a newline.
    public static func render(_ document: ReportDocument) throws -> String {
        String(decoding: try encoded(document), as: UTF8.self) + "\n"
    }

    /// The document's JSON bytes (no trailing newline).
    public static func encoded(_ document: ReportDocument) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    /// A document from the JSON `render` writes.
    public static func decode(_ data: Data) throws -> ReportDocument {
        try JSONDecoder().decode(ReportDocument.self, from: data)
    }
}
