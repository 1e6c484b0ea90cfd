import Foundation
import Reporting
import Testing

/// A small RFC 4180 reader, independent of the renderer: quoted fields may hold commas, doubled quotes
/// and line breaks; records end in CRLF. Throws on a record that does not end in CRLF or a stray quote.
func parseCSV(_ text: String, separator: Unicode.Scalar = ",") throws -> [[String]] {
    struct Malformed: Error { var reason: String }
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var fieldStarted = false
    var characters = Array(text.unicodeScalars)[...]
    while let scalar = characters.popFirst() {
        if quoted {
            if scalar == "\"" {
                if characters.first == "\"" { field.unicodeScalars.append("\""); characters.removeFirst() } else { quoted = false }
            } else {
                field.unicodeScalars.append(scalar)
            }
            continue
        }
        switch scalar {
        case "\"":
            guard field.isEmpty && !fieldStarted else { throw Malformed(reason: "quote inside an unquoted field") }
            quoted = true
            fieldStarted = true
        case separator:
            record.append(field)
            field = ""
            fieldStarted = false
        case "\r":
            guard characters.popFirst() == "\n" else { throw Malformed(reason: "CR without LF") }
            records.append(fieldStarted || !field.isEmpty || !record.isEmpty ? record + [field] : [])
            record = []
            field = ""
            fieldStarted = false
        case "\n":
            throw Malformed(reason: "bare LF ends a record")
        default:
            field.unicodeScalars.append(scalar)
            fieldStarted = true
        }
    }
    guard !quoted, record.isEmpty, field.isEmpty else { throw Malformed(reason: "the last record does not end in CRLF") }
    return records
}

@Suite("Rendering: CSV and JSON")
struct MachineFormatsTests {
    @Test("CSV parses back (RFC 4180) to the same cells, with plain amounts and a currency column")
    func csvRoundTrip() throws {
        let text = try ReportRenderer.render(sampleDocument(), as: .csv)
        let records = try parseCSV(text)
        #expect(records[0] == ["report"])
        #expect(records[1] == ["key", "value"])
        #expect(records.contains(["title", "Fondens ställning"]))
        #expect(records.contains(["source_position", "42"]))
        #expect(records.contains(["source_hash", "0d7e21c3a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c"]))
        #expect(records.contains(["effective_through", "2025-12-31"]))
        #expect(records.contains(["parameter.discount", "0.035"]))
        #expect(records.contains(["Balance", "1500000.00", "SEK"]))
        #expect(records.contains(["Reduction", "0.0839", ""]))

        let start = try #require(records.firstIndex(of: ["table", "statement", "Statement"]))
        #expect(records[start + 1] == ["initiative", "disbursed", "disbursed_currency", "events", "date"])
        #expect(records[start + 2] == ["Tidiga insatser, \"TIS\"", "1500000.00", "SEK", "3", "2025-03-01"])
        #expect(records[start + 3] == ["Familj | skola", "-50.50", "SEK", "1200", ""])
        let totals = try #require(records.firstIndex(of: ["totals", "statement"]))
        #expect(records[totals + 2] == ["Total", "1499949.50", "SEK", "1203", ""])
        // The field with a comma and a quote is quoted, with the quote doubled.
        #expect(text.contains("\"Tidiga insatser, \"\"TIS\"\"\",1500000.00,SEK,3,2025-03-01\r\n"))

        let chart = try #require(records.firstIndex(of: ["chart", "balance", "Balance over time"]))
        #expect(records[chart + 1] == ["series", "Balance", "Committed"])
        #expect(records[chart + 3] == ["2025-01-01", "40000000.00", "0.00", "SEK"])
        #expect(records[chart + 4] == ["2025-06-30", "30000000.00", "", "SEK"])
        let map = try #require(records.firstIndex(of: ["heatmap", "flows", "Savings flows"]))
        #expect(records[map + 1] == ["Investing \\ Saving", "BUN", "SOC", "FK", "currency"])
        #expect(records[map + 2] == ["BUN", "0.00", "1500000.00", "250000.00", "SEK"])
        #expect(records.suffix(2) == [["Amounts in öre are exact."], ["Second note"]])
    }

    @Test("the Swedish dialect: a byte-order mark, semicolons and decimal commas, the same cells otherwise")
    func csvSwedishDialect() throws {
        var document = sampleDocument()
        document.notes.append("Semikolon; i en not")
        let text = try ReportRenderer.render(document, as: .csv, csvDialect: .sv)
        #expect(text.hasPrefix("\u{FEFF}report\r\n"))
        let records = try parseCSV(String(text.dropFirst()), separator: ";")
        #expect(records.contains(["Balance", "1500000,00", "SEK"]))
        #expect(records.contains(["Reduction", "0,0839", ""]))
        #expect(records.contains(["parameter.discount", "0.035"]), "parameters are text, kept as given")
        let start = try #require(records.firstIndex(of: ["table", "statement", "Statement"]))
        #expect(records[start + 2] == ["Tidiga insatser, \"TIS\"", "1500000,00", "SEK", "3", "2025-03-01"])
        #expect(records[start + 3] == ["Familj | skola", "-50,50", "SEK", "1200", ""])
        let map = try #require(records.firstIndex(of: ["heatmap", "flows", "Savings flows"]))
        #expect(records[map + 2] == ["BUN", "0,00", "1500000,00", "250000,00", "SEK"])
        #expect(records.last == ["Semikolon; i en not"])
        // The default is untouched: RFC 4180 with a comma, no mark.
        #expect(try ReportRenderer.render(document, as: .csv).hasPrefix("report\r\n"))
    }

    @Test("the Swedish dialect, made for Excel, makes a text that would run as a formula inert; RFC 4180 keeps it")
    func csvFormulaInjection() throws {
        var document = ReportDocument(reportID: "x", title: "=HYPERLINK(\"http://evil.example\";\"Klicka\")")
        let table = ReportTable(
            id: "t", title: "T", columns: [ReportColumn("name", "Name"), ReportColumn("amount", "Amount")],
            rows: [[.text("+46 70 123"), .money(ore: -5050, currency: "SEK")], [.text("@SUM(A1:A9)"), .money(ore: 0, currency: "SEK")],
                   [.text("-2+3"), .decimal("-0.5")], [.text("\t=1"), .text("-")], [.text("Familj = skola"), .text("ok")]])
        document.tables = [table]
        let records = try parseCSV(String(try ReportRenderer.render(document, as: .csv, csvDialect: .sv).dropFirst()), separator: ";")
        #expect(records.contains(["title", "'=HYPERLINK(\"http://evil.example\";\"Klicka\")"]))
        #expect(records.contains(["'+46 70 123", "-50,50", "SEK"]))
        #expect(records.contains(["'@SUM(A1:A9)", "0,00", "SEK"]))
        #expect(records.contains(["'-2+3", "-0,5", ""]), "a negative number stays a number")
        #expect(records.contains(["'\t=1", "'-", ""]))
        #expect(records.contains(["Familj = skola", "ok", ""]), "only the first character counts")
        let plain = try parseCSV(try ReportRenderer.render(document, as: .csv))
        #expect(plain.contains(["+46 70 123", "-50.50", "SEK"]), "RFC 4180, for scripts, keeps every text as recorded")
    }

    @Test("a line break inside a field is quoted and survives")
    func csvLineBreak() throws {
        var document = ReportDocument(reportID: "x", title: "two\nlines")
        document.notes = ["a \"b\"\r\nc"]
        let records = try parseCSV(try ReportRenderer.render(document, as: .csv))
        #expect(records.contains(["title", "two\nlines"]))
        #expect(records.last == ["a \"b\"\r\nc"])
    }

    @Test("JSON is deterministic, sorted, and decodes back to an equal document")
    func jsonRoundTrip() throws {
        let document = sampleDocument()
        let first = try ReportRenderer.render(document, as: .json)
        let second = try ReportRenderer.render(sampleDocument(), as: .json)
        #expect(first == second)
        let decoded = try JSONReportCoding.decode(Data(first.utf8))
        #expect(decoded == document)
        // Re-encoding the decoded document gives the same bytes.
        #expect(try ReportRenderer.render(decoded, as: .json) == first)
        // The hand-writable value shapes of the protocol.
        #expect(first.contains(#""money" : {"#))
        #expect(first.contains(#""percent" : "0.0839""#))
        #expect(first.contains(#""heatmap" : {"#))
        #expect(!first.contains("_0"))
        // Keys sorted: "charts" before "keyFigures" before "title".
        let charts = try #require(first.range(of: "\"charts\"")).lowerBound
        let keyFigures = try #require(first.range(of: "\"keyFigures\"")).lowerBound
        let title = try #require(first.range(of: "\"title\" : \"Fondens")).lowerBound
        #expect(charts < keyFigures && keyFigures < title)
    }

    @Test("an empty cell is JSON null and reads back as empty")
    func jsonEmpty() throws {
        let table = ReportTable(id: "t", title: "T", columns: [ReportColumn("a", "A")], rows: [[.empty]])
        let data = try JSONReportCoding.encoded(ReportDocument(reportID: "x", title: "x", tables: [table]))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("null"))
        #expect(try JSONReportCoding.decode(data).tables[0].rows == [[.empty]])
    }
}
