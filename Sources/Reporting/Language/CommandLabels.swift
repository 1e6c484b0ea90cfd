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
        "departments": ("Förvaltningar", "Departments", "Koder åtskilda med kommatecken, t.ex. BUN, SOC."),
        "body": ("Beslutande organ", "Deciding body", "T.ex. KS (kommunstyrelsen)."),
        "voucher": ("Verifikation", "Voucher", "Verifikationsnumret i ekonomisystemet."),
        "repeated_voucher": ("Upprepad verifikation", "Repeated voucher", "yes om samma verifikation används igen."),
        "reason": ("Motivering", "Reason", "Varför, med egna ord."),
        "decision_ref": ("Beslutsreferens", "Decision reference", "Diarienummer, t.ex. KS 2026/14."),
        "effective_date": ("Bokföringsdatum", "Effective date", "ÅÅÅÅ-MM-DD; tomt betyder i dag."),
        "period_start": ("Periodens början", "Period start", "ÅÅÅÅ-MM-DD."),
        "period_end": ("Periodens slut", "Period end", "ÅÅÅÅ-MM-DD."),
        "method": ("Sätt", "Method", "cash (kontant) eller frame_reduction (ramjustering)."),
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
