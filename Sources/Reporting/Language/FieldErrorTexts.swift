/// A form field the recording library could not read, in the reader's language — part of the one catalogue
/// of texts. The library says why in English (`"abc" is not a date; write YYYY-MM-DD …`, `cannot read "abc" as
/// an amount: …`); the web view shows it under the field, so in Swedish it says the same by the kind of
/// problem, and for some fields in the field's own words. English keeps the library's sentence.
public enum FieldErrorTexts {
    /// What is wrong with a field's value.
    public enum Kind: String, CaseIterable, Sendable {
        case missing, amount, date, share, ambiguousShare, wholeNumber, yesNo, uuid, choice, yearAmount, expectedSaving
        case indicator, oneValue, controlCharacter, unknownField, repaymentModel, other
    }

    /// The kind of problem the library's `reason` (without `field NAME: ` and `; nothing was written`) names.
    public static func kind(of reason: String, field: String) -> Kind {
        let marks: [(String, Kind)] = [
            ("but not given", .missing), ("as an amount", .amount), ("is not a date", .date), ("is not a share", .share),
            ("is ambiguous; write", .ambiguousShare), ("is not a whole number from", .wholeNumber), ("is not yes or no", .yesNo),
            ("is not a UUID", .uuid), ("is not one of", .choice), ("is not DEPARTMENT:YEAR=AMOUNT", .expectedSaving),
            ("is not YEAR=AMOUNT", .yearAmount), ("is not NAME|UNIT|BASELINE|TARGET", .indicator),
            ("expected one value, not a list", .oneValue), ("holds the control character", .controlCharacter),
            ("has no such field", .unknownField),
        ]
        if let found = marks.first(where: { reason.contains($0.0) }) { return found.1 }
        return field == "repayment" ? .repaymentModel : .other
    }

    /// What each kind of problem says in Swedish, under the field (whose label and hint stand beside it).
    static let swedish: [Kind: String] = [
        .missing: "Fältet måste fyllas i.",
        .amount: "Beloppet går inte att läsa. Skriv siffror, gärna med mellanslag mellan tusentalen och komma före ören, t.ex. 250 000 kr eller 250000,00 kr.",
        .date: "Datumet går inte att läsa. Skriv ÅÅÅÅ-MM-DD, t.ex. 2026-02-01.",
        .share: "Andelen går inte att läsa. Skriv en procentsats som 30 % eller ett decimaltal som 0,3.",
        .ambiguousShare: "Ett tal över 1 utan procenttecken går att läsa på två sätt. Skriv procenttecknet, t.ex. 50 %.",
        .wholeNumber: "Skriv ett heltal från {0} till {1}.",
        .yesNo: "Svara ja eller nej.",
        .uuid: "Värdet är inget UUID (t.ex. 5f0c2a4e-8d7b-4c1e-9a3f-0b6d2e7c4a11).",
        .choice: "Välj ett av de tillåtna värdena: {0}.",
        .yearAmount: "Skriv ÅR=BELOPP, t.ex. 2026=500 000 kr; flera åtskilda med semikolon.",
        .expectedSaving: "Skriv FÖRV:ÅR=BELOPP, t.ex. SOC:2027=300 000 kr; flera åtskilda med semikolon.",
        .indicator: "Skriv NAMN|ENHET|UTGÅNGSLÄGE|MÅL, t.ex. placeringar|barn|40|25.",
        .oneValue: "Ange ett enda värde här.",
        .controlCharacter: "Texten innehåller ett osynligt styrtecken; skriv den utan det.",
        .unknownField: "Kommandot tar inte det här fältet.",
        .repaymentModel: "Återbetalningsmodellen går inte att läsa. Lämna fältet tomt för fondens modell, eller skriv t.ex. share:50%:cap=disbursed:horizon=5.",
        .other: "Värdet går inte att läsa.",
    ]

    /// Field by field, where the field's own words say it better than the kind of problem does.
    static let swedishByField: [String: [Kind: String]] = [
        "amount": [.missing: "Skriv beloppet, t.ex. 250 000 kr."],
        "granted": [.missing: "Skriv det beviljade beloppet, t.ex. 1 000 000 kr."],
        "initiative": [.missing: "Skriv insatsens id, t.ex. tidiga-insatser."],
        "department": [.missing: "Skriv förvaltningens kod, t.ex. BUN (i en ansökan flera, åtskilda med semikolon)."],
        "request": [.missing: "Skriv det sökta beloppet per år, t.ex. 2026=500 000 kr."],
        "voucher": [.missing: "Skriv verifikationsnumret från ekonomisystemet."],
        "saving": [.missing: "Skriv besparingens id, t.ex. SOC-2027-1."],
        "decision_ref": [.missing: "Skriv beslutets diarienummer, t.ex. KS 2026/14."],
        "effective_date": [.date: "Bokföringsdatumet går inte att läsa. Skriv ÅÅÅÅ-MM-DD, t.ex. 2026-02-01, eller lämna fältet tomt för i dag."],
        "period_start": [.date: "Periodens början går inte att läsa. Skriv ÅÅÅÅ-MM-DD, t.ex. 2027-01-01."],
        "period_end": [.date: "Periodens slut går inte att läsa. Skriv ÅÅÅÅ-MM-DD, t.ex. 2027-12-31."],
        "cashable": [.yesNo: "Svara ja om besparingen frigör pengar, nej om den bara frigör kapacitet."],
        "repeated_voucher": [.yesNo: "Svara ja om samma verifikation används igen, annars nej."],
    ]

    /// What is wrong with `field`, from the library's `reason`, in `language`: Swedish from the catalogue,
    /// English as the library wrote it.
    public static func message(field: String, reason: String, in language: ReportLanguage) -> String {
        guard language == .sv else { return reason }
        let kind = kind(of: reason, field: field)
        let text = swedishByField[field]?[kind] ?? swedish[kind] ?? swedish[.other]!
        switch kind {
        case .wholeNumber:
            guard let range = reason.firstMatch(of: #/from (-?\d+) to (-?\d+)/#) else { return swedish[.other]! }
            return ReportTexts.fill(text, [String(range.1), String(range.2)])
        case .choice:
            guard let choices = reason.firstMatch(of: #/is not one of (.+)$/#) else { return swedish[.other]! }
            return ReportTexts.fill(text, [String(choices.1)])
        default:
            return text
        }
    }
}
