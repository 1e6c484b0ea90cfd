import Reporting
import Testing

@Suite("Rendering: table and Markdown")
struct TextFormatsTests {
    @Test("the table format right-aligns Swedish amounts and shows totals, source, parameters and notes")
    func tableFormat() throws {
        let text = try ReportRenderer.render(sampleDocument(), as: .table)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Fondens ställning")
        #expect(text.contains("Källa: liggarens position 42, hash 0d7e21c3a1b2c3d4…, som registrerat till och med 2026-03-15T12:00:00.000000Z, bokfört till och med 2025-12-31"))
        let english = try ReportRenderer.render(sampleDocument(), as: .table, language: .en)
        #expect(english.contains("Source: ledger position 42, hash 0d7e21c3a1b2c3d4…, as recorded by 2026-03-15T12:00:00.000000Z, effective through 2025-12-31"))
        #expect(english.contains("  Balance     1,500,000.00 SEK"))
        #expect(text.contains("  discount  0.035"))
        #expect(text.contains("  Balance     1 500 000,00 kr"))
        #expect(text.contains("  Reduction            8,39 %"))
        // The money column: the header and every amount end in the same column (right-aligned).
        let header = try #require(lines.first { $0.hasPrefix("Initiative") })
        let first = try #require(lines.first { $0.hasPrefix("Tidiga insatser") })
        let second = try #require(lines.first { $0.hasPrefix("Familj | skola") })
        let total = try #require(lines.first { $0.hasPrefix("Total ") })
        let disbursedEnd = try #require(header.range(of: "Disbursed")?.upperBound).utf16Offset(in: header)
        for line in [first, second, total] {
            let amount = try #require(line.range(of: #"-?[0-9 ]+,[0-9]{2} kr"#, options: .regularExpression))
            #expect(amount.upperBound.utf16Offset(in: line) == disbursedEnd, "\(line)")
        }
        #expect(first.contains("1 500 000,00 kr"))
        #expect(second.contains("  -50,50 kr"))
        #expect(total.contains("1 499 949,50 kr"))
        #expect(second.contains("1 200"))
        // Charts as tables: dates down, one column per series; the heat map as its matrix.
        #expect(text.contains("Balance over time"))
        #expect(lines.contains { $0.hasPrefix("2025-06-30") && $0.hasSuffix("30 000 000,00 kr") })
        #expect(lines.contains { $0.hasPrefix("BUN") && $0.contains("1 500 000,00 kr") && $0.contains("250 000,00 kr") })
        #expect(text.hasSuffix("  - Second note\n"))
    }

    @Test("the plain number style writes machine amounts")
    func plainStyle() throws {
        let text = try ReportRenderer.render(sampleDocument(), as: .table, style: .plain)
        #expect(text.contains("1500000.00 SEK"))
        #expect(text.contains("8.39 %"))
        #expect(!text.contains("1 500 000,00 kr"))
    }

    @Test("Markdown tables escape pipes, right-align numbers and put totals in bold")
    func markdown() throws {
        let text = try ReportRenderer.render(sampleDocument(), as: .markdown)
        #expect(text.hasPrefix("# Fondens ställning\n"))
        #expect(text.contains("| Initiative | Disbursed | Events | Date |\n| --- | ---: | ---: | --- |\n"))
        #expect(text.contains("| Familj \\| skola | -50,50 kr | 1 200 |  |"))
        #expect(text.contains("| **Total** | **1 499 949,50 kr** | **1 203** |  |"))
        #expect(text.contains("| Balance | 1 500 000,00 kr |"))
        // Every table line has as many unescaped pipes as its header.
        for line in text.split(separator: "\n") where line.hasPrefix("| Familj") {
            #expect(line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 5)
        }
    }

    @Test("percentages shift the decimal point exactly")
    func percentages() throws {
        let cases: [(String, String)] = [("0.0839", "8,39 %"), ("1", "100 %"), ("-0.5", "-50 %"), ("0.125", "12,5 %"), ("0", "0 %")]
        for (fraction, expected) in cases {
            var document = ReportDocument(reportID: "x", title: "x")
            document.keyFigures = [KeyFigure("Share", .percent(fraction))]
            let text = try ReportRenderer.render(document, as: .table)
            #expect(text.contains("Share  \(expected)"), "\(fraction) → \(text)")
        }
    }
}
