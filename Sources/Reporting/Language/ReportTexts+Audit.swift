// The report catalogue's texts for the audit trail and the SIE export, by group; `ReportText.entry` looks a key up in them.

extension ReportText {
    /// The audit trail: its columns, initiative statuses, event names and department kinds.
    static func auditTrailEntry(_ key: ReportText) -> (sv: String, en: String)? {
        switch key {
        case .atTitle: ("Verifieringskedja: {0}", "Audit trail: {0}")
        case .atSummary: ("Varje händelse för en fond, insats eller förvaltning: vem som registrerade vad, när, varför och vad det ändrade; rättelser bredvid det de rättar.",
                          "Every event of a fund, initiative or department: who recorded what, when, why, and what it changed; corrections next to what they undo.")
        case .atSubjectFund: ("Fond {0}", "Fund {0}")
        case .atSubjectInitiative: (", insats {0}", ", initiative {0}")
        case .atSubjectDepartment: (", förvaltning {0}", ", department {0}")
        case .atEvents: ("Händelser", "Events")
        case .atReversals: ("Rättelser", "Reversals")
        case .atDiffering: ("Registrerade av en annan inloggning än angiven aktör", "Recorded by another login than the actor named")
        case .atPosition: ("Position", "Position")
        case .atRecorded: ("Registrerad", "Recorded")
        case .atEffective: ("Bokförd", "Effective")
        case .atActor: ("Aktör", "Actor")
        case .atRecordedBy: ("Registrerad av (inloggning)", "Recorded by (login)")
        case .atReason: ("Skäl", "Reason")
        case .atReference: ("Diarienummer", "Decision reference")
        case .atEvent: ("Händelse", "Event")
        case .atChange: ("Vad den ändrade", "What it changed")
        case .atCorrection: ("Rättelse", "Correction")
        case .atNotActor: ("{0} (≠ aktör)", "{0} (≠ actor)")
        case .atReversesPosition: ("rättar position {0}", "reverses position {0}")
        case .atReversesOutside: ("rättar en händelse utanför rapportens gränser", "reverses an event outside the bounds")
        case .atReversedBy: ("rättad av position {0}", "reversed by position {0}")
        case .atReversesChange: ("rättar position {0}: {1}", "reverses position {0}: {1}")
        case .atReversesUnknownChange: ("rättar {0} {1} (utanför rapportens gränser)", "reverses {0} {1} (not within this report's bounds)")
        case .atNoteOrder: ("Raderna står i positionsordning; en rättelse följer händelsen den rättar.",
                            "Rows are in position order; a reversal follows the event it reverses.")
        case .atNoteActor: ("Aktör är namnet som angavs vid registreringen; Registrerad av är databasinloggningen som lade till händelsen, som hashen täcker (tom för händelser lagrade innan FundLedger registrerade den). En inloggning som skiljer sig från aktören märks ≠ aktör.",
                            "Actor is the name given when recording; Recorded by is the database login that appended the event, which the hash covers (empty for events stored before FundLedger recorded it). A login that differs from the actor is marked ≠ actor.")

        case .statusApplied: ("ansökt", "applied")
        case .statusDecided: ("beslutad", "decided")
        case .statusRejected: ("avslagen", "rejected")
        case .statusRevoked: ("återkallad", "revoked")
        case .statusClosed: ("avslutad", "closed")
        case .evOrganisation: ("registrerade organisationen {0} ({1}, {2})", "registered organisation {0} ({1}, {2})")
        case .evDepartment: ("registrerade {0} {1} {2}", "registered {0} {1} {2}")
        case .evPeriodClosed: ("stängde bokföringen till och med {0}", "closed the books through {0}")
        case .evFundEstablished: ("inrättade fonden {0} i {1}", "established fund {0} in {1}")
        case .evPolicyChanged: ("ändrade fondens regler", "changed the fund's policy")
        case .evContributed: ("tillförde {0} från {1}", "contributed {0} from {1}")
        case .evWithdrew: ("tog ut {0}", "withdrew {0}")
        case .evApplied: ("ansökte om {0} för {1} ({2})", "applied for {0} for {1} ({2})")
        case .evAssessed: ("bedömde {0}: {1} av {2} kriterier uppfyllda", "assessed {0}: {1} of {2} criteria met")
        case .evGranted: ("beviljade {0} till {1} ({2} {3})", "granted {0} to {1} ({2} {3})")
        case .evRejected: ("avslog {0}: {1}", "rejected {0}: {1}")
        case .evAmended: ("ändrade beviljat belopp för {0} till {1}", "amended the grant of {0} to {1}")
        case .evRevoked: ("återkallade beslutet om {0}", "revoked the decision on {0}")
        case .evDisbursed: ("betalade ut {0} till {1} för {2}", "disbursed {0} to {1} for {2}")
        case .evCoFinancing: ("medfinansiering {0} från {1} för {2}", "co-financing {0} from {1} for {2}")
        case .evSaving: ("besparing {0} på {1} hos {2} för {3} ({4}–{5})", "saving {0} of {1} in {2} for {3} ({4}–{5})")
        case .evAttributed: ("tillskrev {0} av besparing {1}{2} till {3}", "attributed {0} of saving {1}{2} to {3}")
        case .evRepaid: ("{1} återbetalade {0} för {2} ({3})", "repaid {0} by {1} for {2} ({3})")
        case .evWaived: ("efterskänkte {0} som {1} var skyldig för {2}", "waived {0} owed by {1} for {2}")
        case .evMeasured: ("mätte {0} = {1} för {2} i {3}", "measured {0} = {1} for {2} in {3}")
        case .evClosed: ("avslutade {0} ({1})", "closed {0} ({1})")
        case .evReversed: ("rättade {0}", "reversed {0}")
        case .evValuation: ("värderingsdata: {0}", "valuation data: {0}")

        case .kindDepartment: ("förvaltningen", "department")
        case .kindCommittee: ("nämnden", "committee")
        case .kindExternalActor: ("den externa aktören", "external actor")
        case .methodCash: ("kontant", "cash")
        case .methodFrameReduction: ("ramjustering", "frame_reduction")
        default: nil
        }
    }

    /// The SIE export.
    static func sieEntry(_ key: ReportText) -> (sv: String, en: String)? {
        switch key {
        case .sieTitle: ("SIE 4I-export", "SIE 4I export")
        case .sieSummary: ("En fonds konteringar som SIE 4I-fil (verifikationer för import i ekonomisystemet)",
                           "A fund's postings as an SIE 4I file (vouchers for import into the accounting system)")
        case .sieSubtitle: ("{0} ({1}), {2}, {3} – {4}", "{0} ({1}), {2}, {3} – {4}")
        case .sieFirstEntry: ("första posten", "first entry")
        case .sieLastEntry: ("sista posten", "last entry")
        case .sieVouchers: ("Verifikationer", "Vouchers")
        case .sieTransactions: ("Transaktioner", "Transactions")
        case .sieTotalDebit: ("Summa debet", "Total debit")
        case .sieTotalCredit: ("Summa kredit", "Total credit")
        case .sieDifference: ("Debet − kredit (ska vara 0)", "Debit − credit (must be 0)")
        case .sieAgrees: ("Stämmer med bokföringens råbalans", "Agrees with the books' trial balance")
        case .sieFiscalYear: ("Räkenskapsår (#RAR)", "Fiscal year (#RAR)")
        case .sieSeries: ("Verifikationsserie", "Voucher series")
        case .sieFileSize: ("Filstorlek (byte, teckentabell 437)", "File size (bytes, code page 437)")
        case .sieReplaced: ("Ersatta tecken i namn och texter", "Characters replaced in names and texts")
        case .sieAccountsTable: ("Per konto (#KONTO), periodens rörelse", "Per account (#KONTO), period movement")
        case .sieAccount: ("Konto", "Account")
        case .sieName: ("Benämning", "Name")
        case .sieDebit: ("Debet", "Debit")
        case .sieCredit: ("Kredit", "Credit")
        case .sieNet: ("Netto", "Net")
        case .sieVouchersTable: ("Verifikationer (#VER)", "Vouchers (#VER)")
        case .sieNumber: ("Nr", "No.")
        case .sieText: ("Text", "Text")
        case .sieTransactionsTable: ("Transaktioner (#TRANS)", "Transactions (#TRANS)")
        case .sieVoucher: ("Verifikation", "Voucher")
        case .sieResponsibility: ("Ansvar (dim 1)", "Responsibility (dim 1)")
        case .sieProject: ("Projekt (dim 6)", "Project (dim 6)")
        case .sieNoteFile: ("Filen är SIE typ 4I (verifikationer för import), teckentabell 437 (#FORMAT PC8), radslut CRLF; SIE rekommenderar filändelsen .si för importfiler. Se docs/models/sie.md.",
                            "The file is SIE type 4I (vouchers for import), code page 437 (#FORMAT PC8), CRLF line endings; SIE recommends the extension .si for import files. See docs/models/sie.md.")
        case .sieHelpFund: ("fondens id (t.ex. sif-barn)", "the fund's id (e.g. sif-barn)")
        case .sieHelpYear: ("räkenskapsår (kalenderår): skriver #RAR och exporterar 1 januari–31 december; standard: inget",
                            "fiscal year (calendar year): writes #RAR and exports 1 January–31 December; default: none")
        case .sieHelpFrom: ("första bokföringsdag som exporteras; standard: årets början, eller fondens första post",
                            "first effective date exported; default: start of year, or the fund's first entry")
        case .sieHelpTo: ("sista bokföringsdag som exporteras; standard: årets slut, eller fondens sista post",
                          "last effective date exported; default: end of year, or the fund's last entry")
        case .sieHelpSeries: ("verifikationsserie för #VER-raderna, bokstäver eller siffror", "voucher series of the #VER lines, letters or digits")
        case .sieHelpChart: ("sökväg till en kontoplan i JSON (docs/models/sie.md); standard: Kommun-Bas-kontonummer",
                             "path to a chart-of-accounts JSON file (docs/models/sie.md); default: Kommun-Bas numbers")
        default: nil
        }
    }
}
