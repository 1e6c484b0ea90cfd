import Foundation
import FundLedger

/// A rule's refusal in the reader's language — part of the one catalogue of texts. The domain writes its
/// refusals in English with the values of the case (`cannot disburse 300 000,00 kr to tidiga-insatser:
/// granted …`); `RuleTexts` says what the rule means. In Swedish the detail is translated here, message by
/// message, the values kept (amounts are already written the Swedish way, dates are ISO dates, shares
/// become `50 %`, statuses and criteria their Swedish words). A message the catalogue does not know is never
/// shown in English: the Swedish view then gives the rule's meaning and the case's amounts, dates and shares.
public enum RefusalTexts {
    /// One message of the domain: its English form with `{n}` (or `{n:kind}`) where a value of the case
    /// stands, and the Swedish sentence with the same placeholders. Kinds: `what` (the domain's name for an
    /// amount or a text: "granted amount"), `What` (the same, capitalised), `status` (initiative statuses, "decided
    /// or applied"), `criterion` (a fund criterion's id), `note` (a criterion's note, itself a message here),
    /// `quoted` (a quoted id, `"…"`); without a kind any text.
    struct Message: Sendable {
        var rule: String
        var english: String
        var swedish: String
    }

    /// The messages of the rules the web view's recording forms can break (apply, decide, disburse, record a
    /// saving, a repayment, a waiver): each command's own rules and the checks every command goes through.
    static let messages: [Message] = [
        // Whom and what a command names.
        Message(rule: "unknown-organisation", english: "organisation {0} is not registered", swedish: "Organisationen {0} är inte registrerad."),
        Message(rule: "unknown-fund", english: "fund {0} does not exist", swedish: "Fonden {0} finns inte."),
        Message(rule: "unknown-initiative", english: "initiative {0} does not exist in fund {1}", swedish: "Insatsen {0} finns inte i fonden {1}."),
        Message(rule: "initiative-status", english: "initiative {0} is {1:status}; this needs it to be {2:status}",
                swedish: "Insatsen {0} är {1:status}; det här kräver att den är {2:status}."),
        Message(rule: "unknown-department", english: "department {0} is not registered in {1}", swedish: "Förvaltningen {0} är inte registrerad i {1}."),
        Message(rule: "closed-period", english: "{0} has closed its books through {1}; an entry effective {2} must go into the open period",
                swedish: "{0} har stängt bokföringen till och med {1}; en post med bokföringsdatum {2} ska bokföras i den öppna perioden."),
        // Amounts, texts and ids.
        Message(rule: "positive-amount", english: "the {0:what} must be positive, not {1}", swedish: "{0:What} måste vara större än noll, inte {1}."),
        Message(rule: "positive-amount", english: "the {0:what} must not be negative, not {1}", swedish: "{0:What} måste vara noll eller mer, inte {1}."),
        Message(rule: "amount-limit", english: "the {0:what} of {1} is above the ledger's limit of {2} for one amount",
                swedish: "{0:What} på {1} är större än liggarens gräns på {2} för ett belopp."),
        Message(rule: "currency", english: "the {0:what} is in {1}; fund {2} keeps its books in {3}", swedish: "{0:What} är i {1}; fonden {2} bokför i {3}."),
        Message(rule: "duplicate-year", english: "the {0:what} name {1} twice; give one amount per year",
                swedish: "{0:What} anger {1} två gånger; ange ett belopp per år."),
        Message(rule: "duplicate-year", english: "the {0:what} span more than 100 years", swedish: "{0:What} sträcker sig över mer än 100 år."),
        Message(rule: "required", english: "{0:what} is required", swedish: "{0:What} måste anges."),
        Message(rule: "identifier", english: "{0:what} is empty", swedish: "{0:What} är tomt."),
        Message(rule: "identifier", english: "{0:what} {1:quoted} is longer than {2} bytes", swedish: "{0:What} {1} är längre än {2} byte."),
        Message(rule: "identifier", english: "{0:what} {1:quoted} holds {2}, which no identifier may hold (docs/identifiers.md)",
                swedish: "{0:What} {1} innehåller ett tecken som inget id får innehålla."),
        Message(rule: "identifier", english: "{0:what} {1:quoted} begins or ends with a space", swedish: "{0:What} {1} börjar eller slutar med ett mellanslag."),
        Message(rule: "identifier", english: "{0:what} {1:quoted} is not in composed form (NFC); write {2:quoted}",
                swedish: "{0:What} {1} är inte i sammansatt form (NFC); skriv {2}."),
        // Applying and deciding.
        Message(rule: "unique-initiative", english: "initiative {0} already exists in fund {1}", swedish: "Insatsen {0} finns redan i fonden {1}."),
        Message(rule: "departments-required", english: "an application names at least one department", swedish: "En ansökan ska ange minst en förvaltning."),
        Message(rule: "requested-amount-required", english: "an application requests an amount for at least one year",
                swedish: "En ansökan ska söka ett belopp för minst ett år."),
        Message(rule: "criterion", english: "the application does not meet the fund's criterion {0:criterion}: {1:note}",
                swedish: "Ansökan uppfyller inte fondens kriterium {0:criterion}: {1:note}."),
        Message(rule: "phasing-sum", english: "the phasing adds up to {0}, not the granted {1}", swedish: "Fördelningen per år summerar till {0}, inte till det beviljade {1}."),
        Message(rule: "criterion", english: "{0} is phased at {1}, above the fund's maximum of {2} a year",
                swedish: "År {0} har {1} i fördelningen, mer än fondens högsta belopp {2} per år."),
        Message(rule: "overcommitment", english: "granting {0} would exceed the fund's uncommitted capital of {1}; the policy does not allow overcommitment",
                swedish: "Att bevilja {0} skulle gå över fondens fria kapital på {1}; fondens regler tillåter inte överåtagande."),
        // Disbursing.
        Message(rule: "unique-voucher", english: "voucher {0} is already used in {1} by event {2}; a voucher number is used once a fiscal year "
                    + "(if this one genuinely repeats, say so: --repeated-voucher, or repeated_voucher: true in a file)",
                swedish: "Verifikationen {0} är redan använd {1} (händelse {2}); ett verifikationsnummer används en gång per räkenskapsår. "
                    + "Upprepas det verkligen, ange ja i Upprepad verifikation."),
        Message(rule: "over-disbursement", english: "cannot disburse {0} to {1}: granted {2}, already disbursed {3}, remaining {4}",
                swedish: "{0} kan inte betalas ut till {1}: beviljat {2}, redan utbetalt {3}, återstår {4}."),
        Message(rule: "over-disbursement", english: "this would leave {0} disbursed beyond its grant", swedish: "Insatsen {0} skulle få mer utbetalt än beviljat."),
        Message(rule: "negative-balance", english: "this would leave fund {0} at {1}; the policy does not allow overcommitment",
                swedish: "Fonden {0} skulle få saldot {1}; fondens regler tillåter inte överåtagande."),
        // Savings, repayments and waivers.
        Message(rule: "unique-saving", english: "saving {0} is already recorded", swedish: "Besparingen {0} är redan registrerad."),
        Message(rule: "saving-period", english: "the saving's period ends ({0}) before it starts ({1})",
                swedish: "Besparingens period slutar ({0}) innan den börjar ({1})."),
        Message(rule: "repayment-without-obligation",
                english: "{0} owes nothing on {1}: a repayment needs a realised saving (within the horizon) or a planned instalment",
                swedish: "{0} är inte skyldig något för {1}: en återbetalning kräver en realiserad besparing (inom tidshorisonten) eller en planerad amortering."),
        Message(rule: "over-repayment", english: "{0} owes {1} on {2} (due {3}, repaid {4}, waived {5}); {6} is more",
                swedish: "{0} är skyldig {1} för {2} (förfallet {3}, återbetalt {4}, efterskänkt {5}); {6} är mer."),
        Message(rule: "over-waiver", english: "{0} owes {1} on {2}; cannot waive {3}", swedish: "{0} är skyldig {1} för {2}; {3} kan inte efterskänkas."),
        Message(rule: "negative-obligation", english: "this would leave {0} having repaid or been waived more than its due of {1} on {2}",
                swedish: "{0} skulle ha återbetalat eller fått efterskänkt mer än förfallna {1} för {2}."),
        Message(rule: "negative-obligation", english: "this would leave {0} having repaid or been waived beyond its due of {1} on {2}",
                swedish: "{0} skulle ha återbetalat eller fått efterskänkt mer än förfallna {1} för {2}."),
    ]

    /// A fund criterion's note (`FundCriteria.evaluate`), which a criterion's refusal carries.
    static let criterionNotes: [Message] = [
        Message(rule: "minimum-departments", english: "{0} department(s); the fund requires at least {1}",
                swedish: "{0} förvaltning(ar); fonden kräver minst {1}"),
        Message(rule: "minimum-departments", english: "{0} department(s) + {1} non-profit partner(s); the fund requires at least {2}",
                swedish: "{0} förvaltning(ar) + {1} idéburen partner (idéburna partner); fonden kräver minst {2}"),
        Message(rule: "minimum-co-financing", english: "co-financing {0} of {1} requested; the fund requires at least {2} ({3})",
                swedish: "medfinansiering {0} av sökta {1}; fonden kräver minst {2} ({3})"),
        Message(rule: "maximum-duration", english: "runs {0} year(s); the fund allows at most {1}", swedish: "pågår {0} år; fonden tillåter högst {1}"),
        Message(rule: "maximum-amount-per-year", english: "largest yearly request {0} ({1}); the fund allows at most {2} a year",
                swedish: "största sökta belopp för ett år {0} ({1}); fonden tillåter högst {2} per år"),
        Message(rule: "priority-area", english: "priority area \"{0}\"; the fund's are {1}", swedish: "prioriterat område ”{0}”; fondens är {1}"),
        Message(rule: "target-group", english: "target group \"{0}\"; the fund's are {1}", swedish: "målgrupp ”{0}”; fondens är {1}"),
    ]

    /// The fund criteria by id (`FundCriteria.evaluate`), in Swedish.
    static let criteria: [String: String] = [
        "minimum-departments": "minsta antal förvaltningar", "minimum-co-financing": "lägsta medfinansiering",
        "maximum-duration": "längsta löptid", "maximum-amount-per-year": "högsta belopp per år",
        "priority-area": "prioriterat område", "target-group": "målgrupp",
    ]

    /// The domain's names for what an amount or a text is (`requirePositive(…, "granted amount")`), in Swedish,
    /// definite form; `{year}` stands for a year.
    static let whats: [String: String] = [
        "contribution": "kapitaltillskottet", "withdrawal": "uttaget", "requested amount for {year}": "det sökta beloppet för {year}",
        "requested amounts": "de sökta beloppen", "expected saving": "den förväntade besparingen", "granted amount": "det beviljade beloppet",
        "phased amount for {year}": "beloppet för {year} i fördelningen", "phasing": "fördelningen per år", "disbursement": "utbetalningen",
        "co-financing": "medfinansieringen", "saving": "besparingen", "repayment": "återbetalningen", "waiver": "efterskänkningen",
        "payment per outcome": "ersättningen per utfall", "contract cap": "avtalets tak", "title": "titeln", "reason": "motiveringen",
        "deciding body": "beslutande organ", "decision reference (diarienummer)": "beslutsreferensen (diarienumret)",
        "decision reference": "beslutsreferensen", "initiative id": "insatsens id", "saving id": "besparingens id",
        "voucher reference": "verifikationen", "fund id": "fondens id", "fund name": "fondens namn", "department code": "förvaltningens kod",
        "organisation number": "organisationsnumret", "organisation name": "organisationens namn", "department name": "förvaltningens namn",
        "source of the capital": "kapitalets källa",
    ]

    /// What rule `rule` refusing with the domain's `message` means, and the case, in `language`: in English
    /// the rule's meaning, then the domain's message and the rule id, as the domain wrote them; in Swedish the
    /// meaning, then the message translated (or, for a message the catalogue does not know, the amounts, dates
    /// and shares it holds), with no English and no rule id.
    public static func refusal(rule: String, message: String, in language: ReportLanguage) -> String {
        let meaning = RuleTexts.explanation(rule, in: language) ?? (rule.hasPrefix("criterion:") ? criterionMeaning(language) : nil)
        switch language {
        case .en:
            return meaning.map { "\($0) (\(message) [\(rule)])" } ?? "\(message) [\(rule)]"
        case .sv:
            let text = [meaning, swedish(message, rule: rule)].compactMap { $0 }.joined(separator: " ")
            return text.isEmpty ? "En av liggarens regler stoppade registreringen." : text
        }
    }

    /// What a broken fund criterion means.
    static func criterionMeaning(_ language: ReportLanguage) -> String {
        language == .sv ? "Ansökan uppfyller inte fondens kriterier." : "The application does not meet the fund's criteria."
    }

    /// The domain's `message` in Swedish: translated when the catalogue knows it, else the values it holds
    /// (`Belopp, datum och andelar i ärendet: …`), else nil.
    public static func swedish(_ message: String, rule: String) -> String? {
        let ruleKey = rule.hasPrefix("criterion:") ? "criterion" : rule
        if let translated = translate(message, ruleKey, messages) { return translated }
        let values = caseValues(in: message)
        return values.isEmpty ? nil : "Belopp, datum och andelar i ärendet: " + values.joined(separator: ", ") + "."
    }

    /// Whether the catalogue translates `message` of `rule` (the tests ask it of every refusal a form can meet).
    public static func knows(_ message: String, rule: String) -> Bool {
        translate(message, rule.hasPrefix("criterion:") ? "criterion" : rule, messages) != nil
    }

    /// `message` translated by the first of `catalogue`'s messages for `rule` whose English it matches.
    static func translate(_ message: String, _ rule: String, _ catalogue: [Message]) -> String? {
        for entry in catalogue where entry.rule == rule {
            guard let values = match(message, entry.english) else { continue }
            var text = entry.swedish
            for (placeholder, value) in values {
                guard let swedish = swedishValue(value, kind: placeholder.kind) else { return nil }
                for form in Set(["", placeholder.kindSuffix, placeholder.swedishKind]) {
                    text = text.replacingOccurrences(of: "{\(placeholder.number)\(form)}", with: swedish)
                }
            }
            return text
        }
        return nil
    }

    /// A placeholder of an English pattern: `{2}`, `{0:what}`.
    struct Placeholder: Hashable {
        var number: Int
        var kind: String
        var kindSuffix: String { kind.isEmpty ? "" : ":" + kind }
        /// `:What` in the Swedish sentence for `:what` (the value capitalised).
        var swedishKind: String { kind == "what" ? ":What" : kindSuffix }
    }

    /// The values of `message` by placeholder when it matches `pattern`, else nil.
    static func match(_ message: String, _ pattern: String) -> [(Placeholder, String)]? {
        var regex = "^"
        var placeholders: [Placeholder] = []
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            regex += NSRegularExpression.escapedPattern(for: String(rest[..<open]))
            let inside = rest[rest.index(after: open)..<close].split(separator: ":", maxSplits: 1)
            guard let number = Int(inside[0]) else { return nil }
            let kind = inside.count > 1 ? String(inside[1]) : ""
            placeholders.append(Placeholder(number: number, kind: kind))
            regex += kind == "quoted" ? #"("(?:[^"\\]|\\.)*…?")"# : "(.+?)"
            rest = rest[rest.index(after: close)...]
        }
        regex += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        guard let expression = try? NSRegularExpression(pattern: regex, options: [.dotMatchesLineSeparators]),
              let found = expression.firstMatch(in: message, range: NSRange(message.startIndex..., in: message)) else { return nil }
        return placeholders.enumerated().compactMap { index, placeholder in
            Range(found.range(at: index + 1), in: message).map { (placeholder, String(message[$0])) }
        }
    }

    /// A value of the case as Swedish writes it; nil where a word has no Swedish in the catalogue (the whole
    /// message then falls back to its values).
    static func swedishValue(_ value: String, kind: String) -> String? {
        switch kind {
        case "what":
            if let known = whats[value] { return known.prefix(1).uppercased() + known.dropFirst() }
            if let year = value.wholeMatch(of: #/(.+) for (\d{4})/#), let known = whats["\(year.1) for {year}"] {
                let text = known.replacingOccurrences(of: "{year}", with: String(year.2))
                return text.prefix(1).uppercased() + text.dropFirst()
            }
            return nil
        case "status":
            let words = value.components(separatedBy: " or ").map { InitiativeStatus(rawValue: $0).map(ReportTexts(.sv).status) }
            guard words.allSatisfy({ $0 != nil }) else { return nil }
            return words.compactMap { $0 }.joined(separator: " eller ")
        case "criterion":
            return criteria[value]
        case "note":
            for entry in criterionNotes {
                if let translated = translate(value, entry.rule, [entry]) { return translated }
            }
            return nil
        default:
            return swedishNumber(value)
        }
    }

    /// A share written the English way (`50%`, `12.5%`) the Swedish way (`50 %`, `12,5 %`); anything else as it is
    /// (amounts are written `1 500 000,00 kr` by the domain in either language, dates as ISO dates).
    static func swedishNumber(_ value: String) -> String {
        guard let share = value.wholeMatch(of: #/(-?\d+)(?:\.(\d+))?%/#) else { return value }
        return share.1 + (share.2.map { "," + $0 } ?? "") + "\u{00A0}%"
    }

    /// The amounts (`300 000,00 kr`, `1 500,00 EUR`), dates and shares in `message`, in order, each once.
    static func caseValues(in message: String) -> [String] {
        let pattern = #"-?\d{1,3}(?:[  ]\d{3})*,\d{2}[  ](?:kr|[A-Z]{3})|\d{4}-\d{2}-\d{2}|-?\d+(?:\.\d+)?[  ]?%"#
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        var seen: [String] = []
        for found in expression.matches(in: message, range: NSRange(message.startIndex..., in: message)) {
            guard let range = Range(found.range, in: message) else { continue }
            let value = swedishNumber(String(message[range]).replacingOccurrences(of: " %", with: "%"))
            if !seen.contains(value) { seen.append(value) }
        }
        return seen
    }
}
