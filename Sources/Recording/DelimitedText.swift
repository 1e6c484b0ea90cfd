import EventStore
import Foundation

/// A CSV file as a finance department's accounting system exports it: a header row, then data rows.
///
/// RFC 4180 quoting (a field in double quotes may hold the separator, line breaks and `""` for a quote);
/// the separator is `;`, `,` or a tab, whichever the header row uses most (Swedish Excel writes `;`);
/// lines end in CRLF or LF; blank lines (and lines of separators only) are skipped. Every row remembers the line it starts on, so a
/// message can send the reader to it.
public struct DelimitedText: Sendable {
    public struct Row: Sendable {
        /// 1-based among the data rows (the header is not a row).
        public var number: Int
        /// The line of the file the row starts on (the header is line 1).
        public var line: Int
        public var fields: [String]
    }

    public struct SyntaxError: Error, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public var separator: Unicode.Scalar
    public var header: [String]
    public var headerLine: Int
    public var rows: [Row]

    /// Reads `text`; throws for an unterminated quote, text after a closing quote, or no header.
    public static func parse(_ text: String) throws(SyntaxError) -> DelimitedText {
        let scalars = Array(text.unicodeScalars)
        let separator = detectSeparator(scalars)
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var index = 0
        var fieldWasQuoted = false
        var recordHasQuotes = false

        func endRecord() {
            fields.append(String(field))
            // A blank line, or one of separators only (Excel writes `;;;;` for an empty row): skip it.
            let isBlank = !recordHasQuotes && fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
            if !isBlank { records.append((recordLine, fields)) }
            fields = []
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
            recordHasQuotes = false
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\"" && String(field).trimmingCharacters(in: .whitespaces).isEmpty && !fieldWasQuoted {
                // A quoted field: up to the closing quote, with "" for a quote.
                let openingLine = line
                field = String.UnicodeScalarView()
                fieldWasQuoted = true
                recordHasQuotes = true
                index += 1
                var closed = false
                while index < scalars.count {
                    let inner = scalars[index]
                    if inner == "\"" {
                        if index + 1 < scalars.count && scalars[index + 1] == "\"" {
                            field.append("\"")
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    if inner == "\n" { line += 1 }
                    field.append(inner)
                    index += 1
                }
                guard closed else { throw SyntaxError(line: openingLine, reason: "a quoted field is never closed (a \" is missing)") }
                // Only spaces may stand between the closing quote and the separator or line end.
                while index < scalars.count, scalars[index] == " " { index += 1 }
                if index < scalars.count, ![separator, "\r", "\n"].contains(scalars[index]) {
                    throw SyntaxError(line: line, reason: "text after a closing quote; a quote inside a quoted field is written \"\"")
                }
                continue
            }
            switch scalar {
            case separator:
                fields.append(String(field))
                field = String.UnicodeScalarView()
                fieldWasQuoted = false
            case "\r", "\n":
                if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(scalar)
            }
            index += 1
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }

        guard let first = records.first else { throw SyntaxError(line: 1, reason: "the file is empty; it needs a header row") }
        let rows = records.dropFirst().enumerated().map { offset, record in
            Row(number: offset + 1, line: record.line, fields: record.fields)
        }
        return DelimitedText(separator: separator, header: first.fields, headerLine: first.line, rows: rows)
    }

    /// The separator the first non-blank line uses most, outside quotes: `;`, `,` or a tab (`,` if none).
    /// A quote opens a quoted field only at the start of a field, as `parse` reads it; one inside a field
    /// is a character, so it cannot make the count run on into the next line.
    static func detectSeparator(_ scalars: [Unicode.Scalar]) -> Unicode.Scalar {
        var counts: [Unicode.Scalar: Int] = [";": 0, ",": 0, "\t": 0]
        var inQuotes = false
        var atFieldStart = true
        var seenText = false
        for scalar in scalars {
            if inQuotes {
                if scalar == "\"" { inQuotes = false }  // a doubled quote reopens at once, as parse reads it
                continue
            }
            if scalar == "\"" && atFieldStart {
                inQuotes = true
                seenText = true
                continue
            }
            if scalar == "\n" || scalar == "\r" {
                if seenText { break }
                atFieldStart = true
                continue
            }
            if !scalar.properties.isWhitespace || scalar == "\t" { seenText = true }
            if counts[scalar] != nil {
                counts[scalar]! += 1
                atFieldStart = true
            } else if scalar != " " {
                atFieldStart = false
            }
        }
        let candidates: [Unicode.Scalar] = [";", ",", "\t"]
        let best = candidates.max { counts[$0]! < counts[$1]! }!
        return counts[best]! > 0 ? best : ","
    }
}

/// Text of a file that must be UTF-8 (an optional byte-order mark is dropped); the message names the line
/// and column of the first byte that is not, and says how to fix it.
public func utf8Text(_ data: Data, source: String, spreadsheet: Bool = true) throws -> String {
    var bytes = data[...]
    let fix = spreadsheet ? "save it as UTF-8, in Excel as \"CSV UTF-8\"" : "save it as UTF-8"
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
        throw UserError(description: "\(source) is UTF-16 text (Excel's \"Unicode text\"); \(fix); nothing was written", exitCode: ExitStatus.badInput)
    }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    // NUL is valid UTF-8 but never text: most often UTF-16 without its byte-order mark. Ctrl-Z is an old
    // end-of-file mark some programs still append, which would otherwise read as a short last row.
    if let index = bytes.firstIndex(where: { $0 == 0x00 || $0 == 0x1A }) {
        let before = bytes[..<index]
        let line = before.count(where: { $0 == 0x0A }) + 1
        let column = index - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? bytes.startIndex) + 1
        let what = bytes[index] == 0 ? "a NUL byte (UTF-16 text without a byte-order mark?); \(fix)" : "a Ctrl-Z byte (0x1A, an old end-of-file mark); remove it"
        throw UserError(
            description: "\(source) line \(line), column \(column): \(what); nothing was written",
            exitCode: ExitStatus.badInput)
    }
    do {
        return try StrictUTF8.decode(bytes)
    } catch {
        throw UserError(
            description: "\(source) \(error) (saved in Windows-1252 or Latin-1?); \(fix); nothing was written",
            exitCode: ExitStatus.badInput)
    }
}

/// Reads a whole input: a file path, or stdin for `-` / none. A pipe or a device (`<(jq …)`, `/dev/stdin`,
/// `/dev/null`) is read as a stream, at most `streamBytesMax` (`/dev/zero` would never end).
public func readInput(_ path: String?, streamBytesMax: Int = 1 << 30) throws -> Data {
    guard let path, path != "-" else { return FileHandle.standardInput.readDataToEndOfFile() }
    func refuse(_ why: String) -> UserError { UserError(description: "cannot read \(path): \(why)", exitCode: ExitStatus.badInput) }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw refuse("no such file") }
    guard !isFolder.boolValue else { throw refuse("it is a folder") }
    if let data = FileManager.default.contents(atPath: path) { return data }
    guard let handle = FileHandle(forReadingAtPath: path) else { throw refuse("not readable (permission denied?)") }
    defer { try? handle.close() }
    var data = Data()
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        data.append(chunk)
        guard data.count <= streamBytesMax else { throw refuse("it streams more than \(streamBytesMax) bytes; save it to a file") }
    }
    return data
}
