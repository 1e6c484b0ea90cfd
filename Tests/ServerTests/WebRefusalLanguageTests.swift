import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import Reporting
import Testing
import TestSupport

/// Issue 16: a refusal on a recording form is Swedish all the way in Swedish — the rule's meaning and the case
/// (amounts, ids, dates) — with nothing English left, not even the rule's id; and English with `lang=en`.
@Suite struct WebRefusalLanguageTests {
    /// A form sent to Tomelilla's fund, what the Swedish page must say, and what the English page must say.
    struct Case: Sendable, CustomStringConvertible {
        var form: String
        var swedish: String
        var english: String
        /// The field the problem is shown under; nil for a rule's refusal at the top of the form.
        var field: String?
        var rule: String?
        var description: String { form }
    }

    static let cases: [Case] = [
        // A ledger rule's refusal: its meaning and the case, at the top of the form.
        Case(form: "command=disburse&initiative=tidiga-insatser&amount=900+000+kr&department=BUN&voucher=V-9",
             swedish: "Utbetalningen är större än det som återstår av det beviljade beloppet. 900 000,00 kr kan inte betalas ut till "
                + "tidiga-insatser: beviljat 1 000 000,00 kr, redan utbetalt 250 000,00 kr, återstår 750 000,00 kr.",
             english: "cannot disburse 900 000,00 kr to tidiga-insatser: granted 1 000 000,00 kr", rule: "over-disbursement"),
        Case(form: "command=disburse&initiative=finns-inte&amount=1+kr&department=BUN&voucher=V-9",
             swedish: "Insatsen finns-inte finns inte i fonden tomelilla.", english: "initiative finns-inte does not exist in fund tomelilla",
             rule: "unknown-initiative"),
        Case(form: "command=disburse&initiative=tidiga-insatser&amount=1+kr&department=XYZ&voucher=V-9",
             swedish: "Förvaltningen XYZ är inte registrerad i Tomelilla kommun.", english: "department XYZ is not registered",
             rule: "unknown-department"),
        Case(form: "command=disburse&initiative=tidiga-insatser&amount=1+kr&department=BUN&voucher=V-21&effective_date=2026-03-01",
             swedish: "Verifikationen V-21 är redan använd 2026", english: "voucher V-21 is already used in 2026", rule: "unique-voucher"),
        Case(form: "command=disburse&initiative=tidiga-insatser&amount=0+kr&department=BUN&voucher=V-9",
             swedish: "Utbetalningen måste vara större än noll, inte 0,00 kr.", english: "the disbursement must be positive", rule: "positive-amount"),
        Case(form: "command=apply&initiative=ny-insats&title=Ny&department=BUN&target_group=barn+och+unga+0-18"
                + "&priority_area=f%C3%B6rebygga+placeringar&request=2026%3D100+000+kr",
             swedish: "Ansökan uppfyller inte fondens kriterium minsta antal förvaltningar: 1 förvaltning(ar); fonden kräver minst 2.",
             english: "the application does not meet the fund's criterion minimum-departments", rule: "criterion:minimum-departments"),
        Case(form: "command=apply&initiative=ny-insats&title=Ny&department=BUN%3B+SOC&target_group=vuxna"
                + "&priority_area=f%C3%B6rebygga+placeringar&request=2026%3D100+000+kr",
             swedish: "kriterium målgrupp: målgrupp ”vuxna”; fondens är barn och unga 0-18.", english: "target group \"vuxna\"",
             rule: "criterion:target-group"),
        Case(form: "command=apply&initiative=tidiga-insatser&title=Igen&department=BUN%3B+SOC&target_group=barn+och+unga+0-18"
                + "&priority_area=f%C3%B6rebygga+placeringar&request=2026%3D100+000+kr",
             swedish: "Insatsen tidiga-insatser finns redan i fonden tomelilla.", english: "initiative tidiga-insatser already exists",
             rule: "unique-initiative"),
        Case(form: "command=decide&initiative=tidiga-insatser&body=KS&decision_ref=KS+2026%2F99&granted=100+kr&phasing=2026%3D100+kr",
             swedish: "Insatsen tidiga-insatser är beslutad; det här kräver att den är ansökt.", english: "initiative tidiga-insatser is decided",
             rule: "initiative-status"),
        Case(form: "command=receive_repayment&initiative=tidiga-insatser&department=SOC&amount=1+000+kr",
             swedish: "SOC är inte skyldig något för tidiga-insatser", english: "SOC owes nothing on tidiga-insatser",
             rule: "repayment-without-obligation"),
        Case(form: "command=realise_saving&initiative=tidiga-insatser&saving=SOC-1&department=SOC&amount=1+000+kr"
                + "&period_start=2027-12-31&period_end=2027-01-01&evidence=Prov&cashable=ja",
             swedish: "Besparingens period slutar (2027-01-01) innan den börjar (2027-12-31).", english: "the saving's period ends (2027-01-01)",
             rule: "saving-period"),
        // A field the recording library cannot read: under the field, in the field's words.
        Case(form: "command=disburse&initiative=tidiga-insatser&amount=abc&department=BUN&voucher=V-9",
             swedish: "Beloppet går inte att läsa.", english: "cannot read \"abc\" as an amount", field: "amount"),
        Case(form: "command=disburse&initiative=tidiga-insatser&department=BUN&voucher=V-9",
             swedish: "Skriv beloppet, t.ex. 250 000 kr.", english: "but not given", field: "amount"),
        Case(form: "command=disburse&initiative=tidiga-insatser&amount=1+kr&department=BUN&voucher=V-9&effective_date=2026-13-45",
             swedish: "Bokföringsdatumet går inte att läsa.", english: "is not a date", field: "effective_date"),
        Case(form: "command=realise_saving&initiative=tidiga-insatser&saving=SOC-1&department=SOC&amount=1+000+kr"
                + "&period_start=2027-01-01&period_end=2027-12-31&evidence=Prov&cashable=kanske",
             swedish: "Svara ja om besparingen frigör pengar", english: "is not yes or no", field: "cashable"),
        Case(form: "command=apply&initiative=ny-insats&title=Ny&department=BUN%3B+SOC&target_group=barn+och+unga+0-18"
                + "&priority_area=f%C3%B6rebygga+placeringar&request=2026%3A500",
             swedish: "Skriv ÅR=BELOPP", english: "is not YEAR=AMOUNT", field: "request"),
        Case(form: "command=apply&initiative=ny-insats&title=Ny&department=BUN%3B+SOC&target_group=barn+och+unga+0-18"
                + "&priority_area=f%C3%B6rebygga+placeringar&request=2026%3D100+000+kr&expected_saving=SOC2027",
             swedish: "Skriv FÖRV:ÅR=BELOPP", english: "is not DEPARTMENT:YEAR=AMOUNT", field: "expected_saving"),
        Case(form: "command=apply&initiative=ny-insats&title=Ny&target_group=barn+och+unga+0-18"
                + "&priority_area=f%C3%B6rebygga+placeringar&request=2026%3D100+000+kr",
             swedish: "Skriv förvaltningens kod", english: "but not given", field: "department"),
    ]

    /// English the Swedish page must not show: the words of the domain's and the recording library's
    /// messages, the English catalogue's refusal texts, and every rule's English meaning.
    static let englishPhrases: [String] = [
        "cannot", "granted", "remaining", "already", "does not", "is not", "must", "required", "owes", "not given", "as an amount",
        "nothing was written", "Nothing was written", "Not recorded", "[rule", "rule:", "field ", "write YYYY", "criterion",
        "department(s)", "the fund",
    ]

    /// The page's text as a reader sees it: no style sheet, no markup (attributes, such as what was typed into
    /// a field, are not text), and not the link to the English page, which is English on purpose.
    static func visible(_ html: String) -> String {
        html.replacingOccurrences(of: #"<style[\s\S]*?</style>"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: #"<a [^>]*lang="en"[^>]*>[^<]*</a>"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
    }

    /// The message shown for the case: under its field, or at the top of the form.
    static func message(_ html: String, field: String?) -> String? {
        let id = field.map { "field-\($0)-error" } ?? "form-error"
        guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
        let rest = html[start.upperBound...].drop { $0 != ">" }.dropFirst()
        return visible(String(rest.prefix { $0 != "<" }))
    }

    @Test(arguments: cases)
    func aRefusalIsSwedishAllTheWayInSwedishAndEnglishInEnglish(_ test: Case) async throws {
        try await ServerFixture.with { fixture in
            try await fixture.test { client in
                _ = try await fixture.recordTomelilla(client)
                let head = try await fixture.head()
                func post(_ lang: String) async throws -> TestResponse {
                    try await client.execute(
                        uri: "/funds/tomelilla/record" + (lang == "en" ? "?lang=en" : ""), method: .post,
                        headers: fixture.auth("rita", contentType: "application/x-www-form-urlencoded"), body: ByteBuffer(string: test.form))
                }
                let sv = try await post("sv")
                #expect(sv.status == .unprocessableContent, "\(sv.status)")
                let shown = try #require(
                    Self.message(sv.text, field: test.field),
                    "no message where expected: \(Self.visible(sv.text).matches(of: #/Inte registrerat: .*?Ingenting skrevs\./#).map(\.0))")
                #expect(shown.contains(test.swedish), "Swedish: \(shown)")
                #expect(shown.hasPrefix("Inte registrerat: ") && shown.hasSuffix(" Ingenting skrevs."), "\(shown)")
                let page = Self.visible(sv.text)
                let english = Self.englishPhrases.filter { page.contains($0) }
                    + RuleTexts.explanations.values.map(\.en).filter { page.contains($0) }
                #expect(english.isEmpty, "English on the Swedish page: \(english) in \(shown)")
                if let rule = test.rule {
                    #expect(!page.contains(rule), "the rule's id is not shown in Swedish: \(shown)")
                    #expect(sv.text.contains("data-rule=\"\(rule)\""), "but it is in the markup, for people who look it up")
                }

                let en = try await post("en")
                #expect(en.status == .unprocessableContent)
                let englishShown = try #require(Self.message(en.text, field: test.field))
                #expect(englishShown.contains(test.english), "English: \(englishShown)")
                #expect(englishShown.hasPrefix("Not recorded: ") && englishShown.hasSuffix(" Nothing was written."), "\(englishShown)")
                if let rule = test.rule {
                    if let meaning = RuleTexts.explanation(rule, in: .en) { #expect(englishShown.contains(meaning), "\(englishShown)") }
                    #expect(englishShown.contains("[\(rule)]"), "English names the rule: \(englishShown)")
                }
                #expect(try await fixture.head() == head, "nothing was written")
            }
        }
    }

    /// A domain message the catalogue does not know (a later wording, a new rule) shows, in Swedish, the rule's
    /// meaning and the case's amounts, dates and shares, never the English sentence.
    @Test func anUnknownMessageFallsBackToItsValuesInSwedish() {
        let message = "the fund would be short of 1 250,00 kr on 2026-05-31 at 12.5%"
        let sv = RefusalTexts.refusal(rule: "negative-balance", message: message, in: .sv)
        #expect(sv == "Fondens saldo skulle bli negativt. Belopp, datum och andelar i ärendet: 1 250,00 kr, 2026-05-31, 12,5\u{00A0}%.")
        #expect(!RefusalTexts.knows(message, rule: "negative-balance"))
        let en = RefusalTexts.refusal(rule: "negative-balance", message: message, in: .en)
        #expect(en == "The fund's balance would become negative. (\(message) [negative-balance])")
    }

    /// The catalogue's messages are the domain's: each English form, filled with sample values, is recognised
    /// and translated with no placeholder left.
    @Test func everyCatalogueMessageTranslates() {
        let samples = ["what": "granted amount", "status": "decided", "criterion": "target-group", "quoted": "\"a b\"",
                       "note": "runs 3 year(s); the fund allows at most 2"]
        for entry in RefusalTexts.messages {
            var message = entry.english
            while let open = message.firstIndex(of: "{"), let close = message[open...].firstIndex(of: "}") {
                let inside = message[message.index(after: open)..<close].split(separator: ":")
                let value = inside.count > 1 ? samples[String(inside[1])] ?? "x" : "x\(inside[0])"
                message.replaceSubrange(open...close, with: value)
            }
            let rule = entry.rule == "criterion" ? "criterion:target-group" : entry.rule
            let sv = RefusalTexts.swedish(message, rule: rule)
            #expect(RefusalTexts.knows(message, rule: rule) && sv != nil && !(sv ?? "").contains("{"), "\(entry.english) → \(sv ?? "nil")")
        }
    }
}
