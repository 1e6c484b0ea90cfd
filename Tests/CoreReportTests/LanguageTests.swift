import AuditTrail
import EventStore
import Foundation
import FundLedger
import FundStatement
import Portfolio
import Repayments
import Reporting
import SavingsFlows
import TestSupport
import Testing

/// The catalogue of report texts and the two languages of every core report.
@Suite struct LanguageTests {
    /// Keys whose Swedish and English are the same word (a proper noun, a loan word, a format).
    static let sameInBothLanguages: Set<ReportText> = [.parameter, .pfPeriod, .atPosition, .sieText, .sieSubtitle]

    @Test func everyKeyHasBothLanguagesWithTheSamePlaceholders() {
        for key in ReportText.allCases {
            let sv = ReportTexts(.sv).template(key), en = ReportTexts(.en).template(key)
            #expect(!sv.isEmpty && !en.isEmpty, "\(key) lacks a language")
            #expect(ReportTexts.placeholders(in: sv) == ReportTexts.placeholders(in: en), "\(key): \(sv) / \(en)")
            if !Self.sameInBothLanguages.contains(key) {
                #expect(sv != en, "\(key) is not translated: \(sv)")
            }
        }
    }

    @Test func placeholdersAreFilledInOrder() {
        #expect(ReportTexts(.sv)(.fsSubtitle, "sif-barn", 2025) == "Fond sif-barn, räkenskapsår 2025")
        #expect(ReportTexts(.en)(.evRepaid, "1 kr", "SOC", "i1", "cash") == "repaid 1 kr by SOC for i1 (cash)")
        #expect(ReportTexts(.sv)(.evRepaid, "1 kr", "SOC", "i1", "cash") == "SOC återbetalade 1 kr för i1 (cash)")
    }

    @Test func languageFromTheEnvironment() {
        #expect(ReportLanguage.fromEnvironment([:]) == .sv)
        #expect(ReportLanguage.fromEnvironment(["LANG": "C.UTF-8"]) == .sv)
        #expect(ReportLanguage.fromEnvironment(["LANG": "POSIX"]) == .sv)
        #expect(ReportLanguage.fromEnvironment(["LANG": "de_DE.UTF-8"]) == .sv)
        #expect(ReportLanguage.fromEnvironment(["LANG": "en_GB.UTF-8"]) == .en)
        #expect(ReportLanguage.fromEnvironment(["LANG": "sv_SE.UTF-8"]) == .sv)
        // LC_ALL wins over LC_MESSAGES, which wins over LANG; an empty one does not count.
        #expect(ReportLanguage.fromEnvironment(["LANG": "sv_SE", "LC_MESSAGES": "en_US.UTF-8"]) == .en)
        #expect(ReportLanguage.fromEnvironment(["LANG": "en_US", "LC_ALL": "sv_FI.UTF-8", "LC_MESSAGES": "en_US"]) == .sv)
        #expect(ReportLanguage.fromEnvironment(["LANG": "en_US", "LC_ALL": ""]) == .en)
        #expect(ReportLanguage.fromEnvironment(["LC_ALL": "C"]) == .sv)
    }

    @Test func pluginTitlesAndParameterLabels() {
        #expect(PluginTexts.title(pluginID: "fund-statement", in: .sv) == "Fondredovisning")
        #expect(PluginTexts.title(pluginID: "fund-statement", in: .en) == "Fund statement")
        #expect(PluginTexts.title(pluginID: "an-external-one", in: .sv) == "an-external-one")
        #expect(PluginTexts.parameterLabel("fund", in: .sv) == "Fond")
        #expect(PluginTexts.parameterLabel("initiative", in: .sv) == "Insats")
        let swedish = FundStatementPlugin().descriptor.localized(.sv)
        #expect(swedish.summary.hasPrefix("Fondredovisning per räkenskapsår"))
        #expect(swedish.parameters.map(\.help) == ["Fonden (dess id).", ReportTexts(.sv).template(.helpYear)])
        // The English descriptor is what external tools read: unchanged.
        #expect(FundStatementPlugin().descriptor.localized(.en) == FundStatementPlugin().descriptor)
    }

    /// One ledger every core report has something to say about: a grant, disbursements to two departments, a
    /// saving attributed in part, a repayment and a reversal.
    static func ledger(_ store: any EventStore) async throws -> CoreFixture {
        let fixture = try await CoreFixture.start(on: store, capital: kr(5_000_000), on: day("2025-01-02"))
        try await fixture.grant("i1", kr(2_000_000), on: day("2025-01-10"), terms: .shareOfSavings(share: Rate("0.5")!, cap: .disbursed, horizonYears: 5))
        try await fixture.disburse("i1", kr(1_000_000), on: day("2025-01-15"))
        let wrong = try await fixture.disburse("i1", kr(100_000), to: "SOC", on: day("2025-02-02"))
        try await fixture.record(.reverse(fundID: CoreFixture.fundID, eventID: wrong), on: day("2025-02-03"), reason: "fel förvaltning")
        try await fixture.realiseSaving("s1", "i1", in: "SOC", kr(400_000), year: 2025, on: day("2025-12-31"))
        try await fixture.record(.attributeSaving(fundID: CoreFixture.fundID, savingID: "s1", department: "FK", share: Rate("0.25")!), on: day("2025-12-31"))
        try await fixture.repay("i1", by: "SOC", kr(150_000), on: day("2026-01-31"))
        return fixture
    }

    static let plugins: [any ReportPlugin] = [FundStatementPlugin(), SavingsFlowsPlugin(), RepaymentsPlugin(), PortfolioPlugin(), AuditTrailPlugin()]

    /// Every report in `language`, rendered in the three formats people read.
    static func renderings(_ fixture: CoreFixture, _ language: ReportLanguage) async throws -> [(plugin: String, format: ReportFormat, text: String)] {
        var out: [(String, ReportFormat, String)] = []
        for plugin in plugins {
            let document = try await fixture.report(plugin, ["fund": CoreFixture.fundID], language: language)
            for format in [ReportFormat.table, .markdown, .html] {
                out.append((plugin.id, format, try ReportRenderer.render(document, as: format, language: language)))
            }
        }
        return out
    }

    /// English labels of the catalogue that are Swedish words too (the cost–benefit column "Social", a fund
    /// named "Social investeringsfond").
    static let swedishWordsToo: Set<String> = ["Social", "social"]

    /// English words a Swedish report must not show: every English text of the catalogue that differs from
    /// its Swedish (the words before its first placeholder, when long enough to be a label), and the labels
    /// the reports showed before they had a catalogue. The evaluation models are checked the same way in
    /// `EvaluationModelTests.ReportLanguageTests` (they need valuation data and their own targets).
    static var englishLabels: Set<String> {
        var labels: Set<String> = [
            "Source", "Report", "Key figures", "Notes", "Parameters", "Opening balance", "Closing balance", "Contributions",
            "Disbursements", "Repayments", "Committed", "Uncommitted", "Total", "Year", "Department", "Initiative", "Saved",
            "Repaid", "Waived", "Outstanding", "Invested", "Events", "Actor", "Reason", "Fund statement", "Savings flows",
            "Portfolio", "Audit trail", "ledger position", "Date", "Balance", "decided", "disbursed", "reversed by",
        ]
        for key in ReportText.allCases where !sameInBothLanguages.contains(key) {
            let en = ReportTexts(.en).template(key), sv = ReportTexts(.sv).template(key)
            guard en != sv else { continue }
            let literal = String(en.prefix { $0 != "{" }).trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
            if literal.count >= 4 && !swedishWordsToo.contains(literal) { labels.insert(literal) }
        }
        return labels
    }

    /// Whether `text` has `word` as a whole word (so "Net" is not found in "Netto").
    static func contains(_ text: String, word: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: word, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }

    @Test func swedishReportsShowNoEnglishLabel() async throws {
        let fixture = try await Self.ledger(InMemoryEventStore())
        let labels = Self.englishLabels
        #expect(labels.count > 100)
        for (plugin, format, text) in try await Self.renderings(fixture, .sv) {
            // The data's own words (event type names, which are identifiers) and HTML's markup and style sheet
            // (`display:none`) are not labels.
            let visible = (format == .html ? text.replacingOccurrences(of: #"<style[\s\S]*?</style>|<[^>]*>"#, with: " ", options: .regularExpression) : text)
                .replacingOccurrences(of: #"\b[A-Z][a-z]+[A-Z][A-Za-z]+\b"#, with: "", options: .regularExpression)
            let english = labels.filter { Self.contains(visible, word: $0) }.sorted()
            #expect(english.isEmpty, "\(plugin) as \(format) in Swedish shows English: \(english)")
        }
    }

    @Test func swedishAndEnglishDifferWhereTheyShould() async throws {
        let fixture = try await Self.ledger(InMemoryEventStore())
        let sv = try await fixture.report(FundStatementPlugin(), ["fund": CoreFixture.fundID], language: .sv)
        let en = try await fixture.report(FundStatementPlugin(), ["fund": CoreFixture.fundID], language: .en)
        #expect(sv.title == "Fondredovisning: Social investeringsfond")
        #expect(en.title == "Fund statement: Social investeringsfond")
        #expect(sv.keyFigures.map(\.label).prefix(2) == ["Ingående balans", "Kapitaltillskott"])
        #expect(en.keyFigures.map(\.label).prefix(2) == ["Opening balance", "Contributions"])
        // The same numbers, the same machine ids.
        #expect(sv.keyFigures.map(\.value) == en.keyFigures.map(\.value))
        #expect(sv.tables.map { $0.columns.map(\.id) } == en.tables.map { $0.columns.map(\.id) })
        #expect(sv.tables.map(\.totals) != en.tables.map(\.totals))  // the totals label, "Summa" / "Total"

        let svText = try ReportRenderer.render(sv, as: .table, language: .sv)
        let enText = try ReportRenderer.render(en, as: .table, language: .en)
        #expect(svText.contains("Utgående balans") && svText.contains("Nyckeltal") && svText.contains("Källa: liggarens position"))
        #expect(svText.contains("4 150 000,00 kr"))
        #expect(enText.contains("Closing balance") && enText.contains("Key figures") && enText.contains("Source: ledger position"))
        #expect(enText.contains("4,150,000.00 SEK"))
        // HTML: the language of the page, and no-break spaces between digit groups in Swedish.
        let svHTML = try ReportRenderer.render(sv, as: .html, language: .sv)
        let enHTML = try ReportRenderer.render(en, as: .html, language: .en)
        #expect(svHTML.contains("<html lang=\"sv\">") && svHTML.contains("4\u{00A0}150\u{00A0}000,00\u{00A0}kr"))
        #expect(enHTML.contains("<html lang=\"en\">") && enHTML.contains("4,150,000.00 SEK"))
        // Machine formats: JSON keys and CSV structure do not change with the language.
        let svCSV = try ReportRenderer.render(sv, as: .csv, language: .sv)
        let enCSV = try ReportRenderer.render(en, as: .csv, language: .en)
        let structure = { (csv: String) in csv.split(separator: "\r\n").map { $0.split(separator: ",").first ?? "" }.filter { $0.allSatisfy { $0.isASCII } } }
        #expect(svCSV.contains("table,statement,Redovisning per räkenskapsår") && enCSV.contains("table,statement,Statement per fiscal year"))
        #expect(svCSV.contains("year,opening_balance,opening_balance_currency") && enCSV.contains("year,opening_balance,opening_balance_currency"))
        #expect(structure(svCSV).filter { ["report", "key_figures", "table", "totals", "chart", "notes"].contains(String($0)) }
                == structure(enCSV).filter { ["report", "key_figures", "table", "totals", "chart", "notes"].contains(String($0)) })
    }
}
