import CostBenefit
import Foundation
import FundLedger
import OutcomePayments
import Reporting
import SROI
import SocioEconomic
import TestSupport
import Testing

/// The evaluation models in both languages: Swedish from the catalogue throughout, English exactly as the
/// model tests and docs/models pin it, and the same figures and machine ids in both.
@Suite struct ReportLanguageTests {
    typealias Ledger = @Sendable (TestDatabase) async throws -> EvaluationFixture

    /// The report made from `ledger` in Swedish and in English.
    static func both(_ plugin: some ReportPlugin, _ parameters: [String: String], on ledger: Ledger) async throws
        -> (sv: ReportDocument, en: ReportDocument) {
        try await TestDatabase.withMigrated { db in
            let fixture = try await ledger(db)
            return (try await fixture.report(plugin, parameters, language: .sv), try await fixture.report(plugin, parameters, language: .en))
        }
    }

    /// `both`, expected to have the same figures, tables, columns and number of notes; only the words differ.
    static func bothAlike(
        _ plugin: some ReportPlugin, _ parameters: [String: String], on ledger: Ledger, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (sv: ReportDocument, en: ReportDocument) {
        let (sv, en) = try await both(plugin, parameters, on: ledger)
        let figures = { (document: ReportDocument) in
            document.keyFigures.map(\.value).map { if case .text = $0 { ReportValue.empty } else { $0 } }
        }
        #expect(figures(sv) == figures(en), sourceLocation: sourceLocation)
        #expect(sv.tables.map(\.id) == en.tables.map(\.id), sourceLocation: sourceLocation)
        #expect(sv.tables.map { $0.columns.map(\.id) } == en.tables.map { $0.columns.map(\.id) }, sourceLocation: sourceLocation)
        #expect(sv.notes.count == en.notes.count, sourceLocation: sourceLocation)
        #expect(sv.title != en.title, sourceLocation: sourceLocation)
        return (sv, en)
    }

    static let fund = ["fund": EvaluationFixture.fundID]
    static let initiative = ["fund": EvaluationFixture.fundID, "initiative": EvaluationFixture.initiativeID]

    @Test func sroiInBothLanguages() async throws {
        let (sv, en) = try await Self.bothAlike(SROIPlugin(), Self.initiative, on: EndToEndReportTests.sroiLedger)
        #expect(en.title == "Social return on investment — Sociala investeringsfonden" && en.subtitle == "Initiative insats")
        #expect(en.keyFigures.map(\.label) == [
            "Inputs (disbursed + co-financing)", "Present value of impact", "Net present value", "SROI ratio", "Net SROI ratio", "Payback year",
        ])
        #expect(en.table("impact")?.columns.map(\.title) == [
            "Initiative", "Outcome", "Measured", "Year", "Quantity", "Proxy per unit", "Impact", "Discounted (years)", "Present value",
        ])
        #expect(en.table("sensitivity")?.rows.map { $0[0] } == ["deadweight", "displacement", "attribution", "drop-off", "discount-rate"].map { .text($0) })
        #expect(en.notes.first == "Discounting: first-year-undiscounted (year 1 undiscounted, year n discounted n − 1 times).")

        #expect(sv.title == "Social avkastning (SROI) — Sociala investeringsfonden" && sv.subtitle == "Insats insats")
        #expect(sv.keyFigures.map(\.label) == [
            "Insatta resurser (utbetalt + medfinansiering)", "Effektens nuvärde", "Nettonuvärde", "SROI-kvot", "SROI-nettokvot", "Återbetalningsår",
        ])
        #expect(sv.table("impact")?.title == "Effekt per utfall och år")
        #expect(sv.table("sensitivity")?.rows.first?.first == .text("dödvikt"))
        #expect(sv.notes.first == "Diskontering: first-year-undiscounted (år 1 diskonteras inte, år n diskonteras n − 1 gånger).")
    }

    @Test func socioEconomicInBothLanguages() async throws {
        let (sv, en) = try await Self.bothAlike(SocioEconomicPlugin(), Self.initiative, on: EndToEndReportTests.socioEconomicLedger)
        #expect(en.title == "Socio-economic calculation — Sociala investeringsfonden")
        #expect(en.keyFigures.map(\.label) == [
            "Investment per year", "Cost of exclusion per person and year", "Target group", "Target group's cost of exclusion per year",
            "Break-even share", "Break-even people", "Left exclusion (measured)", "Share who left exclusion", "Costs avoided, first year",
            "Costs avoided over 5 years", "Bears the cost", "Gains",
        ])
        #expect(en.table("actors")?.columns.map(\.title) == [
            "Actor", "Cost per person-year", "Group's cost per year", "Invests", "Avoided, year 1", "Avoided, 5 years", "Net, 5 years",
        ])

        #expect(sv.title == "Socioekonomisk kalkyl — Sociala investeringsfonden")
        #expect(sv.figure("Målgruppens kostnad för utanförskap per år") == .money(ore: 7_000_000_000, currency: "SEK"))
        #expect(sv.figure("Undvikna kostnader under 5 år") == .money(ore: 5_468_750_000, currency: "SEK"))
        #expect(sv.table("actors")?.columns.map(\.title).suffix(2) == ["Undvikt, 5 år", "Netto, 5 år"])
        #expect(sv.notes.contains { $0.hasPrefix("Investering = beviljat + medfinansiering (") })
    }

    @Test func costBenefitInBothLanguages() async throws {
        let (sv, en) = try await Self.bothAlike(CostBenefitPlugin(), Self.fund, on: EndToEndReportTests.costBenefitLedger)
        #expect(en.title == "Cost–benefit analysis — Sociala investeringsfonden" && en.subtitle == "All initiatives with valued outcomes")
        #expect(en.keyFigures.map(\.label) == [
            "Cost (disbursed + co-financing)", "Fiscal benefits", "of which cashable", "Economic benefits", "Social benefits", "Fiscal return",
            "Economic return (fiscal + economic)", "Public value return (all benefits)", "Payback year (fiscal)",
        ])
        #expect(en.table("initiatives")?.columns.map(\.title) == ["Initiative", "Cost", "Fiscal", "Economic", "Social", "Fiscal return"])
        #expect(en.table("benefits")?.rows.first?[2] == .text("fiscal"))

        #expect(sv.title == "Kostnads–nyttoanalys — Sociala investeringsfonden" && sv.subtitle == "Alla insatser med värderade utfall")
        #expect(sv.figure("Fiskal avkastning") == .decimal("1.65"))
        #expect(sv.figure("Återbetalningsår (fiskalt)") == .text("2026"))
        #expect(sv.table("agencies")?.columns.map(\.title) == ["Aktör", "Realiserbar", "Ej realiserbar", "Fiskal nytta", "Avkastning på hela kostnaden"])
        #expect(sv.table("benefits")?.rows.first?[2] == .text("fiskalt"))
    }

    @Test func outcomePaymentsInBothLanguages() async throws {
        let (sv, en) = try await Self.bothAlike(OutcomePaymentsPlugin(), Self.fund, on: EndToEndReportTests.outcomePaymentsLedger)
        #expect(en.title == "Outcome payments — Sociala investeringsfonden" && en.subtitle == "All contracts")
        #expect(en.keyFigures.map(\.label) == ["Due in total", "Caps in total", "Left under the caps"])
        #expect(en.table("payments")?.columns.map(\.title) == [
            "Contract", "Period", "Treated", "Comparison", "Reduction", "Threshold", "Threshold met", "Outcomes paid for", "Earned before cap",
            "Due", "Due so far",
        ])
        #expect(en.table("payments")?.rows.first?[6] == .text("no"))

        #expect(sv.title == "Resultatbaserade betalningar — Sociala investeringsfonden" && sv.subtitle == "Alla avtal")
        #expect(sv.keyFigures.map(\.label) == ["Förfallet totalt", "Tak totalt", "Kvar under taken"])
        #expect(sv.table("payments")?.columns.map(\.title).prefix(5) == ["Avtal", "Period", "Behandlade", "Jämförelsegrupp", "Minskning"])
        #expect(sv.table("payments")?.rows.map { $0[6] } == [.text("nej"), .text("ja")])
    }

    /// Rates in the models' notes and titles: `10 %` and `2,5 %` (no-break space, decimal comma) in Swedish;
    /// English exactly as before (`10%`, `2.5%`).
    @Test func ratesInNotesAndTitlesFollowTheLanguage() async throws {
        let nbsp = "\u{00A0}"
        var sroi = Self.initiative
        sroi["sensitivity-step"] = "0.025"
        let (sroiSv, sroiEn) = try await Self.both(SROIPlugin(), sroi, on: EndToEndReportTests.sroiLedger)
        #expect(sroiSv.table("sensitivity")?.title.hasSuffix("± 2,5\(nbsp)%, de övriga som registrerade)") == true, "\(sroiSv.table("sensitivity")?.title ?? "")")
        #expect(sroiEn.table("sensitivity")?.title == "Sensitivity (each assumption ± 2.5%, the others as recorded)")

        let (paymentsSv, paymentsEn) = try await Self.both(OutcomePaymentsPlugin(), Self.fund, on: EndToEndReportTests.outcomePaymentsLedger)
        #expect(paymentsSv.notes.contains { $0.contains("tröskel 10\(nbsp)%, ") }, "\(paymentsSv.notes)")
        #expect(paymentsEn.notes.contains { $0.contains("threshold 10%, 10 000,00 kr per outcome") }, "\(paymentsEn.notes)")

        let (benefitSv, benefitEn) = try await Self.both(CostBenefitPlugin(), Self.fund, on: EndToEndReportTests.costBenefitLedger)
        #expect(benefitSv.notes.contains { $0.contains("dödvikt 0\(nbsp)%, undanträngning 0\(nbsp)%, tillskrivning 0\(nbsp)%, optimismjustering 0\(nbsp)%") }, "\(benefitSv.notes)")
        #expect(benefitEn.notes.contains { $0.contains("deadweight 0%, displacement 0%, attribution 0%, optimism bias 0%") }, "\(benefitEn.notes)")
        for document in [sroiSv, paymentsSv, benefitSv] {
            let prose = document.notes + document.tables.map(\.title)
            #expect(!prose.contains { $0.range(of: #"\d%"#, options: .regularExpression) != nil }, "a Swedish rate without its space: \(prose)")
        }
    }

    /// English catalogue words that are Swedish words too.
    static let swedishWordsToo: Set<String> = ["Social", "social"]

    /// Every stretch of English text in the catalogue (around its placeholders) long enough to be a word or
    /// label, unless its Swedish has it too (`hash`).
    static var englishPieces: Set<String> {
        var pieces: Set<String> = []
        for key in ReportText.allCases {
            let sv = ReportTexts(.sv).template(key)
            for piece in ReportTexts(.en).template(key).split(separator: #/\{\d+\}/#) {
                let trimmed = piece.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                if trimmed.count >= 4 && !swedishWordsToo.contains(trimmed) && !sv.contains(trimmed) { pieces.insert(trimmed) }
            }
        }
        return pieces
    }

    @Test func swedishEvaluationReportsShowNoEnglish() async throws {
        let reports: [(any ReportPlugin, [String: String], Ledger)] = [
            (SROIPlugin(), Self.initiative, EndToEndReportTests.sroiLedger),
            (SocioEconomicPlugin(), Self.initiative, EndToEndReportTests.socioEconomicLedger),
            (CostBenefitPlugin(), Self.fund, EndToEndReportTests.costBenefitLedger),
            (OutcomePaymentsPlugin(), Self.fund, EndToEndReportTests.outcomePaymentsLedger),
        ]
        let pieces = Self.englishPieces
        for (plugin, parameters, ledger) in reports {
            let sv = try await Self.both(plugin, parameters, on: ledger).sv
            for format in [ReportFormat.table, .markdown, .html] {
                let rendered = try ReportRenderer.render(sv, as: format, language: .sv)
                // HTML's markup and style sheet, and the report's id (`socio-economic`: a machine name), are not words.
                let visible = (format == .html ? rendered.replacingOccurrences(of: #"<style[\s\S]*?</style>|<[^>]*>"#, with: " ", options: .regularExpression) : rendered)
                    .replacingOccurrences(of: plugin.id, with: "")
                let english = pieces.filter { piece in
                    let word = "(?<!\\p{L})" + NSRegularExpression.escapedPattern(for: piece) + "(?!\\p{L})"
                    return visible.range(of: word, options: .regularExpression) != nil
                }
                #expect(english.isEmpty, "\(plugin.id) as \(format) in Swedish shows English: \(english.sorted())")
            }
        }
    }
}
