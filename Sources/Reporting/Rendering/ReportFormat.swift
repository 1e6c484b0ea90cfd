/// The output formats every report can be rendered in (`--format`).
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Aligned plain-text tables for a terminal.
    case table
    /// GitHub-flavoured Markdown.
    case markdown
    /// RFC 4180 CSV, one section per table (see `CSVRenderer`).
    case csv
    /// The document itself as JSON; the same document always gives the same bytes.
    case json
    /// One self-contained HTML file with inline CSS and SVG charts; no scripts, no network references.
    case html

    /// The usual file name extension.
    public var fileExtension: String {
        switch self {
        case .table: "txt"
        case .markdown: "md"
        case .csv: "csv"
        case .json: "json"
        case .html: "html"
        }
    }
}

/// How amounts and shares are written in the human formats (table, Markdown, HTML). CSV and JSON are for
/// machines and always use plain numbers.
public enum NumberStyle: String, CaseIterable, Sendable {
    /// The report language's own format: `1 500 000,00 kr`, `8,39 %` in Swedish (what a Swedish finance
    /// officer reads), `1,500,000.00 SEK`, `8.39%` in English.
    case swedish
    /// `1500000.00 SEK`, `8.39 %`: for pasting into other tools.
    case plain
}

/// The CSV a spreadsheet expects. RFC 4180 (the default) is for scripts and most tools; Swedish Excel opens
/// a file by double-click only as `;`-separated text with decimal commas, and reads UTF-8 only after a
/// byte-order mark.
public enum CSVDialect: String, CaseIterable, Sendable {
    /// `,` between fields, `1500000.00`, no byte-order mark.
    case rfc4180
    /// `;` between fields, `1500000,00` and `0,0839`, a UTF-8 byte-order mark first.
    case sv

    var separator: Character { self == .sv ? ";" : "," }
    var decimalMark: Character { self == .sv ? "," : "." }
    var byteOrderMark: String { self == .sv ? "\u{FEFF}" : "" }
}

/// The front door of rendering: a document in, the text of one format out. Renderers own all formatting;
/// plugins never format.
public enum ReportRenderer {
    /// `document` in `format`. Deterministic: the same document, style and language always give the same
    /// text. `language` is that of the renderer's own words (headings, the source line) and of the number
    /// format; the document's texts are in the language its plugin wrote them in (`ReportRequest.language`).
    public static func render(
        _ document: ReportDocument, as format: ReportFormat, style: NumberStyle = .swedish, csvDialect: CSVDialect = .rfc4180,
        language: ReportLanguage = .default
    ) throws -> String {
        switch format {
        case .table: TextTableRenderer(style: style, language: language).render(document)
        case .markdown: MarkdownRenderer(style: style, language: language).render(document)
        case .csv: CSVRenderer(dialect: csvDialect).render(document)
        case .json: try JSONReportCoding.render(document)
        case .html: HTMLRenderer(style: style, language: language).render(document)
        }
    }

    /// `document` as HTML to place inside another page (the web view): its heading and sections, without
    /// the document shell; the page includes `htmlStyles`.
    /// With `demoted`, its headings are one level lower (h2 for the title, h3 for sections), for a page
    /// that shows several reports under a heading of its own.
    public static func htmlFragment(
        _ document: ReportDocument, style: NumberStyle = .swedish, language: ReportLanguage = .default, demoted: Bool = false
    ) -> String {
        // Ids get the report's id as a prefix, so several reports on one page never share one.
        let prefix = document.reportID + "-"
        var html = HTMLRenderer(style: style, language: language).fragment(document)
        for attribute in ["id=\"", "aria-labelledby=\"", "aria-describedby=\"", "href=\"#"] {
            html = html.replacingOccurrences(of: attribute, with: attribute + prefix)
        }
        guard demoted else { return html }
        // Text in the HTML is escaped, so "<h" only ever starts a tag.
        return html.replacingOccurrences(of: "<h2", with: "<h3").replacingOccurrences(of: "</h2>", with: "</h3>")
            .replacingOccurrences(of: "<h1", with: "<h2").replacingOccurrences(of: "</h1>", with: "</h2>")
    }

    /// One value as an HTML report shows it (digits grouped by a no-break space in Swedish).
    public static func htmlValue(_ value: ReportValue, style: NumberStyle = .swedish, language: ReportLanguage = .default) -> String {
        ValueFormatter(style: style, language: language, swedishGroupSeparator: "\u{00A0}").human(value)
    }

    /// The style sheet of HTML reports, for pages that embed them.
    public static var htmlStyles: String { HTMLRenderer.css }
}
