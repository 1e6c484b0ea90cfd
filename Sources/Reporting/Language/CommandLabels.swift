/// The recording commands and their fields as the web view's forms name them, in Swedish and English —
/// part of the one catalogue of texts (`ReportText`, `WebText`). Command and field ids stay as they are in
/// command files; these are only what people read.
public enum CommandLabels {
    static let commands: [String: (sv: String, en: String)] = [
        "apply": ("Ansökan om insats", "Apply for an initiative"),
        "decide": ("Beslut om insats", "Decide on an initiative"),
        "disburse": ("Utbetalning", "Disbursement"),
        "realise_saving": ("Realiserad besparing", "Realised saving"),
        "receive_repayment": ("Återbetalning", "Repayment"),
        "waive_repayment": ("Efterskänkning", "Waiver"),
    ]

    /// Field id → label, and a hint in Swedish (English hints come from the command catalogue).
    static let fields: [String: (sv: String, en: String, svHint: String)] = [
        "initiative": ("Insats (id)", "Initiative (id)", "Insatsens id, t.ex. ung-fam."),
        "title": ("Titel", "Title", "Insatsens namn."),
        "amount": ("Belopp", "Amount", "T.ex. 250 000 kr eller 250000,00 kr."),
        "granted": ("Beviljat belopp", "Granted amount", "Beloppet fonden beviljar."),
        "department": ("Förvaltning", "Department", "Förvaltningens kod, t.ex. BUN."),
        "departments": ("Förvaltningar", "Departments", "Koder åtskilda med semikolon, t.ex. BUN; SOC."),
        "partner": ("Samarbetspartner", "Partners", "Namn utanför organisationen, åtskilda med semikolon; :non-profit för idéburen."),
        "priority_area": ("Prioriterat område", "Priority area", "Det område insatsen tjänar."),
        "request": ("Sökt belopp per år", "Amount requested per year", "ÅR=BELOPP, åtskilda med semikolon, t.ex. 2026=500 000 kr."),
        "co_financing": ("Medfinansiering", "Co-financing", "Förvaltningarnas och partners egna pengar, t.ex. 300 000 kr."),
        "expected_saving": ("Förväntade besparingar", "Expected savings", "FÖRV:ÅR=BELOPP, åtskilda med semikolon, t.ex. SOC:2027=300 000 kr."),
        "indicator": ("Indikator", "Indicator", "NAMN|ENHET|UTGÅNGSLÄGE|MÅL, åtskilda med semikolon."),
        "phasing": ("Fördelning per år", "Phasing", "ÅR=BELOPP per år, åtskilda med semikolon; summan ska vara det beviljade."),
        "repayment": ("Återbetalningsmodell", "Repayment model", "Tomt: fondens modell. Annars som i kommandofiler: none (ingen återbetalning); share:50%:horizon=5 (hälften av besparingarna i 5 år, högst det utbetalda; cap=unlimited eller cap=BELOPP ändrar taket); frame:100%:horizon=3 (ramjustering); plan:FÖRV@ÅÅÅÅ-MM-DD=BELOPP;… (fast plan)."),
        "saving": ("Besparing (id)", "Saving (id)", "Besparingens id, t.ex. SOC-2027-1."),
        "evidence": ("Underlag", "Evidence", "Det som styrker besparingen."),
        "cashable": ("Frigör pengar", "Cashable", "ja om besparingen frigör pengar, nej om den bara frigör kapacitet."),
        "assessor": ("Bedömare", "Assessor", "Vem som bedömde ansökan."),
        "body": ("Beslutande organ", "Deciding body", "T.ex. KS (kommunstyrelsen)."),
        "voucher": ("Verifikation", "Voucher", "Verifikationsnumret i ekonomisystemet."),
        "repeated_voucher": ("Upprepad verifikation", "Repeated voucher", "ja om samma verifikation används igen."),
        "reason": ("Motivering", "Reason", "Varför, med egna ord."),
        "decision_ref": ("Beslutsreferens", "Decision reference", "Diarienummer, t.ex. KS 2026/14."),
        "effective_date": ("Bokföringsdatum", "Effective date", "ÅÅÅÅ-MM-DD; tomt betyder i dag."),
        "period_start": ("Periodens början", "Period start", "ÅÅÅÅ-MM-DD."),
        "period_end": ("Periodens slut", "Period end", "ÅÅÅÅ-MM-DD."),
        "method": ("Sätt", "Method", "kontant eller ramjustering (i kommandofiler även cash, frame_reduction); tomt betyder kontant."),
        "expected_savings": ("Förväntade besparingar", "Expected savings", "Per förvaltning och år."),
        "target_group": ("Målgrupp", "Target group", "Vilka insatsen vänder sig till."),
        "requested": ("Sökt belopp", "Requested amount", "Beloppet som söks."),
    ]

    /// A command's name for people.
    public static func command(_ name: String, in language: ReportLanguage) -> String {
        guard let entry = commands[name] else { return name }
        return language == .sv ? entry.sv : entry.en
    }

    /// A field's label; its id where the catalogue has none.
    public static func field(_ name: String, in language: ReportLanguage) -> String {
        guard let entry = fields[name] else { return name }
        return language == .sv ? entry.sv : entry.en
    }

    /// A field's Swedish hint; empty where the catalogue has none.
    public static func swedishHint(_ name: String) -> String { fields[name]?.svHint ?? "" }
}
