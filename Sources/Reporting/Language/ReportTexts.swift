import Foundation

/// The catalogue of every text a report shows people, in Swedish and English: the renderers' headings,
/// each plugin's title, labels, column titles and notes, and the plugins' descriptions for listings and
/// forms. Plugins never spell a human text themselves; they ask `ReportTexts` for a key. `{0}`, `{1}` …
/// are filled in order by `ReportTexts.callAsFunction(_:_:)`.
///
/// Words follow the Swedish domain (docs and `shared/domain.md`): insats, beslut, utbetalning, besparing,
/// återbetalning, ramjustering, efterskänkning, fond, bundet och fritt kapital.
public enum ReportText: String, CaseIterable, Sendable {
    // The renderers' own texts.
    case source, sourceHTML, report, parameters, parameter, value, keyFigures, keyFigure, notes, date, total, noValue
    case sourceLine, sourceRecordedThrough, sourceEffectiveThrough, chartAsTable, yes, no
    // Parameters shared by plugins.
    case paramFund, paramInitiative, paramYear, paramDepartment, paramContract, paramFrom, paramTo, paramSeries, paramChart
    case paramDiscounting, paramBaseYear, paramPriceYear, paramPriceIndex, paramSensitivityStep, paramCostOfExclusion
    case paramHorizonYears
    case helpFund, helpYear, helpInitiativeEvents, helpInitiativeOne, helpInitiativeDecided, helpInitiativeAll, helpDepartment
    // Columns and labels several plugins use.
    case initiative, department, disbursed, repaid, due, waived, outstanding, saved, year, fundSubtitle, fundInitiativeSubtitle
    // fund-statement
    case fsTitle, fsSummary, fsSubtitle, fsOpening, fsContributions, fsWithdrawals, fsDisbursements, fsRepayments, fsClosing
    case fsCommitted, fsUncommitted, fsCommittedYearEnd, fsUncommittedYearEnd, fsTable, fsChart, fsBalance, fsNoteFormula, fsNoteYears
    // savings-flows
    case sfTitle, sfSummary, sfInvested, sfSaved, sfDue, sfNet, sfPairsTable, sfInvestingDepartment, sfSavingDepartment
    case sfInitiatives, sfDepartmentsTable, sfNetColumn, sfHeatmap, sfNoteShares, sfNoteAttribution
    // repayments
    case rpTitle, rpSummary, rpTermsTable, rpTerms, rpDueSoFar, rpRemaining, rpObligations, rpSaving, rpInstalment, rpDueDate
    case rpAmount, rpPerDepartment, rpNoDecision, rpNote, rpTermsNone, rpTermsShare, rpCapDisbursed, rpCapNone, rpTermsPlan
    case rpTermsFrame
    // portfolio
    case pfTitle, pfSummary, pfSubtitleAll, pfInitiatives, pfTitleColumn, pfStatus, pfGranted, pfRemaining, pfCoFinancing
    case pfExpectedSavings, pfRealisedSavings, pfRepaymentsDue, pfSavingsTable, pfExpected, pfRealised, pfDifference
    case pfRepaymentsTable, pfIndicatorsTable, pfIndicator, pfUnit, pfBaseline, pfTarget, pfLatest, pfPeriod, pfNoteRemaining
    case pfNoteRealised
    // audit-trail
    case atTitle, atSummary, atSubjectFund, atSubjectInitiative, atSubjectDepartment, atEvents, atReversals, atDiffering
    case atPosition, atRecorded, atEffective, atActor, atRecordedBy, atReason, atReference, atEvent, atChange, atCorrection
    case atNotActor, atReversesPosition, atReversesOutside, atReversedBy, atReversesChange, atReversesUnknownChange
    case atNoteOrder, atNoteActor
    case statusApplied, statusDecided, statusRejected, statusRevoked, statusClosed
    case evOrganisation, evDepartment, evPeriodClosed, evFundEstablished, evPolicyChanged, evContributed, evWithdrew, evApplied
    case evAssessed, evGranted, evRejected, evAmended, evRevoked, evDisbursed, evCoFinancing, evSaving, evAttributed, evRepaid
    case evWaived, evMeasured, evClosed, evReversed, evValuation
    case kindDepartment, kindCommittee, kindExternalActor, methodCash, methodFrameReduction
    // sie
    case sieTitle, sieSummary, sieSubtitle, sieFirstEntry, sieLastEntry, sieVouchers, sieTransactions, sieTotalDebit
    case sieTotalCredit, sieDifference, sieAgrees, sieFiscalYear, sieSeries, sieFileSize, sieReplaced, sieAccountsTable
    case sieAccount, sieName, sieDebit, sieCredit, sieNet, sieVouchersTable, sieNumber, sieText, sieTransactionsTable
    case sieVoucher, sieResponsibility, sieProject, sieNoteFile
    case sieHelpFund, sieHelpYear, sieHelpFrom, sieHelpTo, sieHelpSeries, sieHelpChart
    // Plugin titles for listings and forms.
    case titleFundStatement, titleSavingsFlows, titleRepayments, titlePortfolio, titleAuditTrail, titleSIE, titleSROI
    case titleSocioEconomic, titleCostBenefit, titleOutcomePayments
    // The evaluation models' descriptions (their documents: see docs/reports.md, "What is translated").
    case sroiSummary, seSummary, cbSummary, opSummary

    /// The text in Swedish and in English.
    var entry: (sv: String, en: String) {
        switch self {
        case .source: ("Källa: {0}", "Source: {0}")
        case .sourceHTML: ("Källa: {0}. Rapport {1}; hela huvudets hash {2}.", "Source: {0}. Report {1}; full head hash {2}.")
        case .report: ("Rapport", "Report")
        case .parameters: ("Parametrar", "Parameters")
        case .parameter: ("Parameter", "Parameter")
        case .value: ("Värde", "Value")
        case .keyFigures: ("Nyckeltal", "Key figures")
        case .keyFigure: ("Nyckeltal", "Figure")
        case .notes: ("Anmärkningar", "Notes")
        case .date: ("Datum", "Date")
        case .total: ("Summa", "Total")
        case .noValue: ("inget värde", "no value")
        case .sourceLine: ("liggarens position {0}, hash {1}…", "ledger position {0}, hash {1}…")
        case .sourceRecordedThrough: (", som registrerat till och med {0}", ", as recorded by {0}")
        case .sourceEffectiveThrough: (", bokfört till och med {0}", ", effective through {0}")
        case .chartAsTable: ("{0}, som tabell", "{0}, as a table")
        case .yes: ("ja", "yes")
        case .no: ("nej", "no")

        case .paramFund: ("Fond", "Fund")
        case .paramInitiative: ("Insats", "Initiative")
        case .paramYear: ("Räkenskapsår", "Fiscal year")
        case .paramDepartment: ("Förvaltning", "Department")
        case .paramContract: ("Avtal", "Contract")
        case .paramFrom: ("Från och med", "From")
        case .paramTo: ("Till och med", "To")
        case .paramSeries: ("Verifikationsserie", "Voucher series")
        case .paramChart: ("Kontoplan", "Chart of accounts")
        case .paramDiscounting: ("Diskontering", "Discounting")
        case .paramBaseYear: ("Basår", "Base year")
        case .paramPriceYear: ("Prisår", "Price year")
        case .paramPriceIndex: ("Prisindex", "Price index")
        case .paramSensitivityStep: ("Steg i känslighetsanalysen", "Sensitivity step")
        case .paramCostOfExclusion: ("Kostnad för utanförskap", "Cost of exclusion")
        case .paramHorizonYears: ("Tidshorisont (år)", "Horizon (years)")
        case .helpFund: ("Fonden (dess id).", "The fund (its id).")
        case .helpYear: ("Räkenskapsåret för nyckeltalen (standard: det senaste året med händelser).",
                         "The fiscal year of the key figures (default: the latest year with events).")
        case .helpInitiativeEvents: ("Bara den här insatsens händelser.", "Only this initiative's events.")
        case .helpInitiativeOne: ("En insats; utan den fondens alla insatser med värderade effekter.",
                                  "One initiative; without it, every initiative of the fund with valued outcomes.")
        case .helpInitiativeDecided: ("En insats; utan den fondens alla beslutade insatser.",
                                      "One initiative; without it, every decided initiative of the fund.")
        case .helpInitiativeAll: ("En insats; utan den fondens alla insatser.", "One initiative; without it, every initiative of the fund.")
        case .helpDepartment: ("Bara händelser som nämner den här förvaltningen (kod, t.ex. BUN).",
                               "Only events naming this department (code, e.g. BUN).")

        case .initiative: ("Insats", "Initiative")
        case .department: ("Förvaltning", "Department")
        case .disbursed: ("Utbetalt", "Disbursed")
        case .repaid: ("Återbetalt", "Repaid")
        case .due: ("Förfallet", "Due")
        case .waived: ("Efterskänkt", "Waived")
        case .outstanding: ("Utestående", "Outstanding")
        case .saved: ("Besparing", "Saved")
        case .year: ("År", "Year")
        case .fundSubtitle: ("Fond {0}", "Fund {0}")
        case .fundInitiativeSubtitle: ("Fond {0}, insats {1}", "Fund {0}, initiative {1}")

        case .fsTitle: ("Fondredovisning: {0}", "Fund statement: {0}")
        case .fsSummary: ("Fondredovisning per räkenskapsår: ingående balans, kapitaltillskott, uttag, utbetalningar, återbetalningar, utgående balans, bundet och fritt kapital.",
                          "Fund statement per fiscal year: opening balance, contributions, withdrawals, disbursements, repayments, closing balance, committed and uncommitted.")
        case .fsSubtitle: ("Fond {0}, räkenskapsår {1}", "Fund {0}, fiscal year {1}")
        case .fsOpening: ("Ingående balans", "Opening balance")
        case .fsContributions: ("Kapitaltillskott", "Contributions")
        case .fsWithdrawals: ("Uttag", "Withdrawals")
        case .fsDisbursements: ("Utbetalningar", "Disbursements")
        case .fsRepayments: ("Återbetalningar", "Repayments")
        case .fsClosing: ("Utgående balans", "Closing balance")
        case .fsCommitted: ("Bundet kapital", "Committed")
        case .fsUncommitted: ("Fritt kapital", "Uncommitted")
        case .fsCommittedYearEnd: ("Bundet vid årets slut", "Committed at year end")
        case .fsUncommittedYearEnd: ("Fritt vid årets slut", "Uncommitted at year end")
        case .fsTable: ("Redovisning per räkenskapsår", "Statement per fiscal year")
        case .fsChart: ("Fondens saldo över tid", "Fund balance over time")
        case .fsBalance: ("Saldo", "Balance")
        case .fsNoteFormula: ("saldo = tillskjutet − uttaget − utbetalt + återbetalt; bundet = beviljat − utbetalt för beslutade, öppna insatser enligt bokföringen till och med 31 december; fritt = saldo − bundet.",
                              "balance = contributed − withdrawn − disbursed + repaid; committed = granted − disbursed on decided, open initiatives as booked through 31 December; uncommitted = balance − committed.")
        case .fsNoteYears: ("Räkenskapsåren är kalenderåren för bokföringsdagen; en rättelse räknas det år den bokförs.",
                            "Fiscal years are calendar years of the effective date; reversals count in the year they are effective.")

        case .sfTitle: ("Besparingsflöden: {0}", "Savings flows: {0}")
        case .sfSummary: ("Besparingsflöden mellan förvaltningar: investerande × besparande förvaltning, och varje förvaltnings nettoställning.",
                          "Cross-department savings flows: investing department × saving department, and each department's net position.")
        case .sfInvested: ("Investerat", "Invested")
        case .sfSaved: ("Besparingar", "Saved")
        case .sfDue: ("Förfallna återbetalningar", "Repayments due")
        case .sfNet: ("Netto ur fonden", "Net drawn from the fund")
        case .sfPairsTable: ("Investerande × besparande förvaltning", "Investing department × saving department")
        case .sfInvestingDepartment: ("Investerande förvaltning", "Investing department")
        case .sfSavingDepartment: ("Besparande förvaltning", "Saving department")
        case .sfInitiatives: ("Insatser", "Initiatives")
        case .sfDepartmentsTable: ("Nettoställning per förvaltning", "Net position per department")
        case .sfNetColumn: ("Netto (investerat − återbetalt)", "Net (invested − repaid)")
        case .sfHeatmap: ("Besparingar per investerande och besparande förvaltning", "Savings by investing and saving department")
        case .sfNoteShares: ("En besparande förvaltnings besparingar och återbetalningar fördelas på insatsens investerande förvaltningar efter deras andel av utbetalningarna (avrundning med största rest).",
                             "A saving department's savings and repayments are shared over an initiative's investing departments by their share of its disbursements (largest-remainder rounding).")
        case .sfNoteAttribution: ("Tillskrivna andelar av en besparing räknas hos den förvaltning de tillskrivs.",
                                  "Attributed shares of a saving count in the department they are attributed to.")

        case .rpTitle: ("Återbetalningar: {0}", "Repayments: {0}")
        case .rpSummary: ("Återbetalningsplan per insats och förvaltning: åtaganden, förfallet, återbetalt, efterskänkt, utestående och vad som återstår under taket.",
                          "Repayment schedule per initiative and department: obligations, due, repaid, waived, outstanding and capacity left under the cap.")
        case .rpTermsTable: ("Återbetalningsvillkor", "Repayment terms")
        case .rpTerms: ("Villkor", "Terms")
        case .rpDueSoFar: ("Förfallet hittills", "Due so far")
        case .rpRemaining: ("Kvar under taket", "Remaining under the cap")
        case .rpObligations: ("Åtaganden", "Obligations")
        case .rpSaving: ("Besparing", "Saving")
        case .rpInstalment: ("avbetalning", "instalment")
        case .rpDueDate: ("Förfallodag", "Due date")
        case .rpAmount: ("Belopp", "Amount")
        case .rpPerDepartment: ("Per förvaltning", "Per department")
        case .rpNoDecision: ("inget beslut", "no decision")
        case .rpNote: ("förfallet(t) = min(andel × besparing(t), tak − förfallet hittills) för besparingar vars period slutar inom tidshorisonten; utestående = förfallet − återbetalt − efterskänkt.",
                       "due(t) = min(share × saving(t), cap − due so far) for savings whose period ends within the horizon; outstanding = due − repaid − waived.")
        case .rpTermsNone: ("ingen (bidrag)", "none (grant)")
        case .rpTermsShare: ("{0} av realiserade besparingar, tak {1}, tidshorisont {2} år", "{0} of realised savings, cap {1}, horizon {2} years")
        case .rpCapDisbursed: ("utbetalt belopp", "the amount disbursed")
        case .rpCapNone: ("inget", "none")
        case .rpTermsPlan: ("återbetalningsplan, {0} avbetalningar", "repayment plan, {0} instalments")
        case .rpTermsFrame: ("ramjustering, {0} av realiserade besparingar, tidshorisont {1} år", "frame reduction, {0} of realised savings, horizon {1} years")

        case .pfTitle: ("Portfölj: {0}", "Portfolio: {0}")
        case .pfSummary: ("Fondens insatser: status, beviljat, utbetalt, återstående, medfinansiering, förväntade mot realiserade besparingar, återbetalningar och indikatorer.",
                          "Initiatives of a fund: status, granted, disbursed, remaining, co-financing, expected vs realised savings, repayments and indicators.")
        case .pfSubtitleAll: ("Fond {0}, {1} insatser", "Fund {0}, {1} initiatives")
        case .pfInitiatives: ("Insatser", "Initiatives")
        case .pfTitleColumn: ("Benämning", "Title")
        case .pfStatus: ("Läge", "Status")
        case .pfGranted: ("Beviljat", "Granted")
        case .pfRemaining: ("Återstår", "Remaining")
        case .pfCoFinancing: ("Medfinansiering", "Co-financing")
        case .pfExpectedSavings: ("Förväntade besparingar", "Expected savings")
        case .pfRealisedSavings: ("Realiserade besparingar", "Realised savings")
        case .pfRepaymentsDue: ("Förfallna återbetalningar", "Repayments due")
        case .pfSavingsTable: ("Förväntade och realiserade besparingar per förvaltning", "Expected and realised savings per department")
        case .pfExpected: ("Förväntat", "Expected")
        case .pfRealised: ("Realiserat", "Realised")
        case .pfDifference: ("Realiserat − förväntat", "Realised − expected")
        case .pfRepaymentsTable: ("Återbetalningar per förvaltning", "Repayments per department")
        case .pfIndicatorsTable: ("Indikatorer mot mål", "Indicators against targets")
        case .pfIndicator: ("Indikator", "Indicator")
        case .pfUnit: ("Enhet", "Unit")
        case .pfBaseline: ("Utgångsläge", "Baseline")
        case .pfTarget: ("Mål", "Target")
        case .pfLatest: ("Senast uppmätt", "Latest measured")
        case .pfPeriod: ("Period", "Period")
        case .pfNoteRemaining: ("Återstår = beviljat − utbetalt så länge beslutet står fast och insatsen är öppen; förväntade besparingar är ansökans, summerade över dess år.",
                                "Remaining = granted − disbursed while the decision stands and the initiative is open; expected savings are the application's, summed over its years.")
        case .pfNoteRealised: ("Realiserade besparingar räknar tillskrivna andelar hos den förvaltning de tillskrivs.",
                               "Realised savings count attributed shares in the department they are attributed to.")

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

        case .titleFundStatement: ("Fondredovisning", "Fund statement")
        case .titleSavingsFlows: ("Besparingsflöden", "Savings flows")
        case .titleRepayments: ("Återbetalningar", "Repayments")
        case .titlePortfolio: ("Portfölj", "Portfolio")
        case .titleAuditTrail: ("Verifieringskedja", "Audit trail")
        case .titleSIE: ("SIE-export", "SIE export")
        case .titleSROI: ("Social avkastning (SROI)", "Social return on investment (SROI)")
        case .titleSocioEconomic: ("Socioekonomisk kalkyl", "Socio-economic calculation")
        case .titleCostBenefit: ("Kostnad–nytta", "Cost–benefit analysis")
        case .titleOutcomePayments: ("Resultatbaserade betalningar", "Outcome payments")

        case .sroiSummary: ("Social avkastning på investeringen (SROI): effekt per utfall och år, nuvärde, nettonuvärde, kvot, återbetalningsår och känslighet.",
                            "Social return on investment: impact per outcome and year, PV, NPV, ratio, payback and sensitivity.")
        case .seSummary: ("Socioekonomisk kalkyl: undvikna kostnader för utanförskap per aktör, vem som investerar och vem som vinner, brytpunkt.",
                          "Socio-economic calculation: costs of exclusion avoided per actor, who invests and who gains, break-even share.")
        case .cbSummary: ("Kostnad–nytta per aktör: fiskalt, ekonomiskt och socialt värde, realiserbart eller inte, fiskal avkastning och återbetalningsår.",
                          "Cost–benefit by agency: fiscal, economic and social value, cashable or not, fiscal return and payback.")
        case .opSummary: ("Resultatbaserade betalningar per avtal: minskning mot jämförelsegruppen, tröskel, tak, förfallna belopp.",
                          "Outcome payments per contract: reduction against the comparison group, threshold, cap, amounts due.")
        }
    }
}

/// The catalogue in one language: `texts(.fsTitle, fund.name)`.
public struct ReportTexts: Sendable {
    public var language: ReportLanguage

    public init(_ language: ReportLanguage) { self.language = language }

    /// The text of `key`, with `{0}`, `{1}` … replaced by `arguments` in order.
    public func callAsFunction(_ key: ReportText, _ arguments: any CustomStringConvertible...) -> String {
        Self.fill(template(key), arguments.map(\.description))
    }

    /// The text of `key` with its placeholders unfilled.
    public func template(_ key: ReportText) -> String {
        switch language {
        case .sv: key.entry.sv
        case .en: key.entry.en
        }
    }

    /// `template` with `{n}` replaced by `arguments[n]`.
    static func fill(_ template: String, _ arguments: [String]) -> String {
        guard !arguments.isEmpty else { return template }
        var text = template
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return text
    }

    /// The placeholders a template uses, `{0}`, `{1}` …, for the catalogue's tests.
    public static func placeholders(in template: String) -> Set<Int> {
        var found: Set<Int> = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            if let number = Int(after[..<close]) { found.insert(number) }
            rest = after[after.index(after: close)...]
        }
        return found
    }
}
