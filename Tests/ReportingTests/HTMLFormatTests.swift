import Foundation
import Reporting
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Collects parse errors and element names of one XML fragment.
final class XMLCheck: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var error: (any Error)?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(name)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { error = parseError }

    /// Parses `text`; returns the element names, or throws the parser's error.
    static func elements(of text: String) throws -> [String] {
        let check = XMLCheck()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = check
        let ok = parser.parse()
        if let error = check.error ?? parser.parserError { throw error }
        guard ok else { throw CocoaError(.coderReadCorrupt) }
        return check.elements
    }
}

/// Every `<svg …>…</svg>` in `html`, in order.
func svgFragments(_ html: String) -> [String] {
    var fragments: [String] = []
    var rest = html[...]
    while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
        fragments.append(String(rest[start.lowerBound..<end.upperBound]))
        rest = rest[end.upperBound...]
    }
    return fragments
}

@Suite("Rendering: HTML")
struct HTMLFormatTests {
    @Test("one self-contained file: well-formed SVG, a polyline per series, a rect per heat-map cell, no network references")
    func htmlCharts() throws {
        let html = try ReportRenderer.render(sampleDocument(), as: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        #expect(html.contains("<style>"))
        #expect(!html.contains("<script"))
        // No URL at all except the SVG namespace name.
        let withoutNamespace = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
        #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"))
        #expect(!withoutNamespace.contains("//"), "no protocol-relative references either")

        let svgs = svgFragments(html)
        #expect(svgs.count == 2)
        let lineElements = try XMLCheck.elements(of: svgs[0])
        #expect(lineElements.filter { $0 == "polyline" }.count == 2)
        #expect(svgs[0].contains("2025-06-30"), "dates on the x axis")
        #expect(svgs[0].contains("40\u{00A0}000\u{00A0}000 kr"), "amount ticks on the y axis")
        #expect(svgs[0].contains(">Committed</text>"), "a legend entry per series")
        let mapElements = try XMLCheck.elements(of: svgs[1])
        #expect(mapElements.filter { $0 == "rect" }.count == 6)
        #expect(svgs[1].contains(">1\u{00A0}500\u{00A0}000</text>"), "values printed in the cells")
        #expect(svgs[1].contains("fill=\"#08306b\""), "the largest value gets the dark end of the scale")
        #expect(svgs[1].contains("fill=\"#f7fbff\""), "the smallest value gets the light end")

        // Tables, key figures and the source.
        #expect(html.contains("<td class=\"num\">1\u{00A0}500\u{00A0}000,00\u{00A0}kr</td>"))
        #expect(html.contains("<tfoot><tr><th scope=\"row\">Total</th><td class=\"num\">1\u{00A0}499\u{00A0}949,50\u{00A0}kr</td>"))
        #expect(html.contains("<div class=\"label\">Balance</div><div class=\"value\">1\u{00A0}500\u{00A0}000,00\u{00A0}kr</div>"))
        #expect(html.contains("liggarens position 42, hash 0d7e21c3a1b2c3d4…"))
        #expect(html.contains("<dt>discount</dt><dd>0.035</dd>") && html.contains("<th scope=\"col\""))
        #expect(html.contains("Tidiga insatser, &quot;TIS&quot;"))
    }

    @Test("markup in the document is escaped, never interpreted")
    func escaping() throws {
        var document = sampleDocument(title: "<script>alert('x')</script> & co")
        document.notes = ["<img src=x onerror=alert(1)>"]
        if case .line(var chart) = document.charts[0] {
            chart.series[0].name = "</text><script>"
            document.charts[0] = .line(chart)
        }
        let html = try ReportRenderer.render(document, as: .html)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</h1>"))
        for svg in svgFragments(html) { _ = try XMLCheck.elements(of: svg) }
    }

    @Test("the same document gives the same bytes")
    func deterministic() throws {
        #expect(try ReportRenderer.render(sampleDocument(), as: .html) == ReportRenderer.render(sampleDocument(), as: .html))
    }

    @Test("a document decoded from a plugin with short rows renders without trapping")
    func malformedRows() throws {
        let json = #"{"reportID":"x","title":"x","source":{"position":0,"hash":"00"},"parameters":[],"keyFigures":[],"charts":[],"notes":[],"tables":[{"id":"t","title":"T","columns":[{"id":"a","title":"A"},{"id":"b","title":"B"}],"rows":[[{"text":"only one"}]]}]}"#
        let document = try JSONReportCoding.decode(Data(json.utf8))
        for format in ReportFormat.allCases {
            #expect(try !ReportRenderer.render(document, as: format).isEmpty)
        }
    }
}
