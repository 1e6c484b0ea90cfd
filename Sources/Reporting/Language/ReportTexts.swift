import Foundation
import FundLedger

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
    case evWaived, evMeasured, evClosed, evReversed, evSkipped, evValuation
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
    // What the evaluation models share.
    case emInitiativeSubtitle, emAllInitiatives, emPerInitiative, emOutcome, emActor, emNotValued
    case helpPriceIndex
    // sroi
    case sroiTitle, sroiPaybackYear, sroiInputs, sroiPresentValue, sroiNetPresentValue, sroiRatio, sroiNetRatio, sroiNoPayback
    case sroiNoteDiscounting, sroiFirstYearUndiscounted, sroiEndOfYear, sroiNoteRounding, sroiNotePriceYear, sroiNoteAssumptions, sroiOfTheFund
    case sroiOfTheInitiative, sroiNoteProxy, sroiNoProxy, sroiNoteProxyYears, sroiImpactTable, sroiMeasured, sroiQuantity
    case sroiProxyPerUnit, sroiImpact, sroiDiscountYears, sroiPresentValueColumn, sroiInputsColumn, sroiNPV, sroiSensitivityTable
    case sroiAssumption, sroiRecorded, sroiLow, sroiRatioLow, sroiHigh, sroiRatioHigh, sroiBreakEven, sroiBreaksEvenAlways
    case sroiBreaksEvenNever, sroiDeadweight, sroiDisplacement, sroiAttribution, sroiDropOff, sroiDiscountRate
    case sroiHelpDiscounting, sroiHelpBaseYear, sroiHelpPriceYear, sroiHelpStep
    // socio-economic
    case seTitle, seOneYear, seYears, seInvestmentPerYear, seCostPerPersonYear, seTargetGroup, seGroupCostPerYear, seBreakEvenShare
    case seBreakEvenPeople, seLeftExclusion, seShareLeft, seAvoidedFirstYear, seAvoidedOver, seBears, seGains, seNobody, seNobodyYet
    case seActorsTable, seCostPerPersonYearColumn, seGroupCostColumn, seInvests, seAvoidedYearOne, seAvoidedColumn, seNetColumn
    case seNoteBreakEven, seNoteAvoided, seNoteInvestment, seNotCounted, seNoteCost, seUprated, seNoteTargetGroup
    case seHelpInitiative, seHelpExclusion, seHelpHorizon, seHelpPriceYear
    // cost-benefit
    case cbTitle, cbNotYet, cbCost, cbFiscalBenefits, cbCashableOf, cbEconomicBenefits, cbSocialBenefits, cbFiscalReturn
    case cbEconomicReturn, cbPublicValueReturn, cbPaybackYear, cbAgenciesTable, cbAgency, cbCashable, cbNonCashable, cbFiscalBenefit
    case cbReturnOnCost, cbBenefitsTable, cbBeforeAdjustments, cbBenefit, cbYearsTable, cbCostColumn, cbCumulativeCost
    case cbCumulativeFiscal, cbFiscal, cbEconomic, cbSocial, cbNoteFormula, cbNoteReturns, cbNotePriceYear, cbNoUnitCost
    case cbNoteAssumptions, cbNoteUnitCost, cbKindFiscal, cbKindEconomic, cbKindSocial, cbHelpPriceYear
    // outcome-payments
    case opTitle, opContractSubtitle, opAllContracts, opDueTotal, opCapsTotal, opLeftUnderCaps, opNoteReduction, opNoteDue
    case opNotNumber, opNoComparison, opNoteContract, opTable, opTreated, opComparison, opReduction, opThreshold, opThresholdMet
    case opOutcomesPaid, opEarned, opHelpContract

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
        case .atEvent: ("Händelsetyp i loggen", "Event type")
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
        case .evSkipped: ("hoppade över den oläsbara händelsen {0}: {1}", "skipped the unreadable event {0}: {1}")
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

        case .emInitiativeSubtitle: ("Insats {0}", "Initiative {0}")
        case .emAllInitiatives: ("Alla insatser med värderade utfall", "All initiatives with valued outcomes")
        case .emPerInitiative: ("Per insats", "Per initiative")
        case .emOutcome: ("Utfall", "Outcome")
        case .emActor: ("Aktör", "Actor")
        case .emNotValued: ("{0}: {1} = \"{2}\" ({3}) är inget tal med ett år; värderas inte.",
                            "{0}: {1} = \"{2}\" ({3}) is not a number with a year; not valued.")
        case .helpPriceIndex: ("Organisationens prisindex för uppräkning.", "The organisation's price index used for uprating.")

        case .sroiTitle: ("Social avkastning (SROI) — {0}", "Social return on investment — {0}")
        case .sroiInputs: ("Insatta resurser (utbetalt + medfinansiering)", "Inputs (disbursed + co-financing)")
        case .sroiPresentValue: ("Effektens nuvärde", "Present value of impact")
        case .sroiNetPresentValue: ("Nettonuvärde", "Net present value")
        case .sroiRatio: ("SROI-kvot", "SROI ratio")
        case .sroiNetRatio: ("SROI-nettokvot", "Net SROI ratio")
        case .sroiPaybackYear: ("Återbetalningsår", "Payback year")
        case .sroiNoPayback: ("inte inom tidshorisonten", "not within the horizon")
        case .sroiNoteDiscounting: ("Diskontering: {0} ({1}).", "Discounting: {0} ({1}).")
        case .sroiFirstYearUndiscounted: ("år 1 diskonteras inte, år n diskonteras n − 1 gånger", "year 1 undiscounted, year n discounted n − 1 times")
        case .sroiEndOfYear: ("år n diskonteras n gånger", "year n discounted n times")
        case .sroiNoteRounding: ("Avrundning: varje steg är exakt till 10⁻⁹ öre; varje rads effekt och nuvärde avrundas till öre (halv till jämn), och summorna adderar de avrundade raderna. Kvoterna är nuvärde / insatta resurser, avrundade till {0} decimaler.",
                                 "Rounding: every step is exact to 10⁻⁹ öre; each row's impact and present value are rounded to the öre (half to even), and totals add the rounded rows. Ratios are PV / inputs, rounded to {0} decimals.")
        case .sroiNotePriceYear: ("De finansiella proxyerna är uppräknade till {0} års priser.", "Proxies are uprated to {0} prices.")
        case .sroiNoteAssumptions: ("{0}: antaganden {1} — källa: {2}.", "{0}: assumptions {1} — source: {2}.")
        case .sroiOfTheFund: ("för fonden", "of the fund")
        case .sroiOfTheInitiative: ("för insatsen", "of the initiative")
        case .sroiNoteProxy: ("Finansiell proxy {0}: {1} per {2}, {3} års priser — källa: {4}.", "Proxy {0}: {1} per {2}, {3} prices — source: {4}.")
        case .sroiNoProxy: ("{0}: ingen finansiell proxy för {1}; {2} värderas inte.", "{0}: no financial proxy for {1}; {2} not valued.")
        case .sroiNoteProxyYears: ("De finansiella proxyerna är i olika års priser ({0}); ange price-year för att räkna upp dem till ett och samma år.",
                                   "The proxies are in the prices of different years ({0}); give price-year to uprate them to one.")
        case .sroiImpactTable: ("Effekt per utfall och år", "Impact per outcome and year")
        case .sroiMeasured: ("Mätår", "Measured")
        case .sroiQuantity: ("Antal", "Quantity")
        case .sroiProxyPerUnit: ("Finansiell proxy per enhet", "Proxy per unit")
        case .sroiImpact: ("Effekt", "Impact")
        case .sroiDiscountYears: ("Diskonterad (år)", "Discounted (years)")
        case .sroiPresentValueColumn: ("Nuvärde", "Present value")
        case .sroiInputsColumn: ("Insatta resurser", "Inputs")
        case .sroiNPV: ("Nettonuvärde", "NPV")
        case .sroiSensitivityTable: ("Känslighetsanalys (varje antagande ± {0}, de övriga som registrerade)",
                                     "Sensitivity (each assumption ± {0}, the others as recorded)")
        case .sroiAssumption: ("Antagande", "Assumption")
        case .sroiRecorded: ("Registrerat", "Recorded")
        case .sroiLow: ("Lågt", "Low")
        case .sroiRatioLow: ("Kvot vid lågt", "Ratio at low")
        case .sroiHigh: ("Högt", "High")
        case .sroiRatioHigh: ("Kvot vid högt", "Ratio at high")
        case .sroiBreakEven: ("Brytvärde (nettonuvärde = 0)", "Break-even value (NPV = 0)")
        case .sroiBreaksEvenAlways: ("nettonuvärdet är ≥ 0 vid alla värden", "breaks even at any value")
        case .sroiBreaksEvenNever: ("nettonuvärdet är < 0 vid alla värden", "does not break even at any value")
        case .sroiDeadweight: ("dödvikt", "deadweight")
        case .sroiDisplacement: ("undanträngning", "displacement")
        case .sroiAttribution: ("tillskrivning", "attribution")
        case .sroiDropOff: ("avtagande", "drop-off")
        case .sroiDiscountRate: ("diskonteringsränta", "discount-rate")
        case .sroiHelpDiscounting: ("first-year-undiscounted: år 1 diskonteras inte; end-of-year: alla år diskonteras, år 1 en gång.",
                                    "first-year-undiscounted: year 1 is not discounted; end-of-year: every year is, year 1 once.")
        case .sroiHelpBaseYear: ("Året som diskonteras till (standard: det tidigaste året med ett uppmätt utfall).",
                                 "The year discounted to (default: the earliest year with a measured outcome).")
        case .sroiHelpPriceYear: ("Räkna upp varje finansiell proxy till det här årets priser (standard: varje proxys eget prisår).",
                                  "Uprate every proxy to this year's prices (default: each proxy's own price year).")
        case .sroiHelpStep: ("Hur långt varje antagande flyttas ned och upp i känslighetsanalysen (0.1 = 10 procentenheter).",
                             "How far each assumption is moved down and up in the sensitivity table (0.1 = 10 points).")

        case .seTitle: ("Socioekonomisk kalkyl — {0}", "Socio-economic calculation — {0}")
        case .seOneYear: ("1 år", "1 year")
        case .seYears: ("{0} år", "{0} years")
        case .seInvestmentPerYear: ("Investering per år", "Investment per year")
        case .seCostPerPersonYear: ("Kostnad för utanförskap per person och år", "Cost of exclusion per person and year")
        case .seTargetGroup: ("Målgrupp (personer)", "Target group")
        case .seGroupCostPerYear: ("Målgruppens kostnad för utanförskap per år", "Target group's cost of exclusion per year")
        case .seBreakEvenShare: ("Brytpunkt, andel", "Break-even share")
        case .seBreakEvenPeople: ("Brytpunkt, personer", "Break-even people")
        case .seLeftExclusion: ("Har lämnat utanförskap (uppmätt)", "Left exclusion (measured)")
        case .seShareLeft: ("Andel som lämnat utanförskap", "Share who left exclusion")
        case .seAvoidedFirstYear: ("Undvikna kostnader, första året", "Costs avoided, first year")
        case .seAvoidedOver: ("Undvikna kostnader under {0}", "Costs avoided over {0}")
        case .seBears: ("Bär kostnaden", "Bears the cost")
        case .seGains: ("Vinner", "Gains")
        case .seNobody: ("ingen", "nobody")
        case .seNobodyYet: ("ingen ännu", "nobody yet")
        case .seActorsTable: ("Investering och undvikna kostnader per aktör", "Investment and avoided costs by actor")
        case .seCostPerPersonYearColumn: ("Kostnad per personår", "Cost per person-year")
        case .seGroupCostColumn: ("Gruppens kostnad per år", "Group's cost per year")
        case .seInvests: ("Investerar", "Invests")
        case .seAvoidedYearOne: ("Undvikt, år 1", "Avoided, year 1")
        case .seAvoidedColumn: ("Undvikt, {0}", "Avoided, {0}")
        case .seNetColumn: ("Netto, {0}", "Net, {0}")
        case .seNoteBreakEven: ("Brytpunkt, andel = investering per år / målgruppens kostnad för utanförskap per år; antalet personer avrundas uppåt.",
                                "Break-even share = investment per year / the target group's cost of exclusion per year; people rounded up.")
        case .seNoteAvoided: ("Undvikt = personer som lämnat utanförskap × varje aktörs andel av ett personår, avrundat till öre (halv till jämn); över tidshorisonten utan diskontering, i fasta priser.",
                              "Avoided = people who left exclusion × each actor's share of a person-year, rounded to the öre (half to even); over the horizon undiscounted, in fixed prices.")
        case .seNoteInvestment: ("Investering = beviljat + medfinansiering ({0}) under {1} år, som bärs av {2}.",
                                 "Investment = granted + co-financing ({0}) over {1} year(s), borne by {2}.")
        case .seNotCounted: ("{0} = \"{1}\" ({2}) är inget tal med ett år; räknas inte.", "{0} = \"{1}\" ({2}) is not a number with a year; not counted.")
        case .seNoteCost: ("Kostnad för utanförskap {0}: {1} per {2}, {3} års priser{4} — källa: {5}.",
                           "Cost of exclusion {0}: {1} per {2}, {3} prices{4} — source: {5}.")
        case .seUprated: (", uppräknad till {0}", ", uprated to {0}")
        case .seNoteTargetGroup: ("Målgrupp på {0} personer — källa: {1}.", "Target group of {0} people — source: {1}.")
        case .seHelpInitiative: ("Insatsen.", "The initiative.")
        case .seHelpExclusion: ("Enhetskostnadskatalogens kostnad för ett personår i utanförskap; också indikatorn som räknar personer som lämnat det.",
                                "The catalogue's unit cost of one person-year of exclusion; also the indicator counting people who left it.")
        case .seHelpHorizon: ("År som undvikna kostnader räknas över, utöver det första året (1–50).",
                              "Years over which avoided costs are counted, besides the first year (1–50).")
        case .seHelpPriceYear: ("Räkna upp kostnaden för utanförskap till det här årets priser (standard: dess eget prisår).",
                                "Uprate the cost of exclusion to this year's prices (default: its own price year).")

        case .cbTitle: ("Kostnads–nyttoanalys — {0}", "Cost–benefit analysis — {0}")
        case .cbNotYet: ("ännu inte", "not yet")
        case .cbCost: ("Kostnad (utbetalt + medfinansiering)", "Cost (disbursed + co-financing)")
        case .cbFiscalBenefits: ("Fiskal nytta", "Fiscal benefits")
        case .cbCashableOf: ("varav realiserbar", "of which cashable")
        case .cbEconomicBenefits: ("Ekonomisk nytta", "Economic benefits")
        case .cbSocialBenefits: ("Social nytta", "Social benefits")
        case .cbFiscalReturn: ("Fiskal avkastning", "Fiscal return")
        case .cbEconomicReturn: ("Ekonomisk avkastning (fiskal + ekonomisk)", "Economic return (fiscal + economic)")
        case .cbPublicValueReturn: ("Samhällsvärdets avkastning (all nytta)", "Public value return (all benefits)")
        case .cbPaybackYear: ("Återbetalningsår (fiskalt)", "Payback year (fiscal)")
        case .cbAgenciesTable: ("Fiskal nytta och avkastning per aktör", "Fiscal benefits and return by agency")
        case .cbAgency: ("Aktör", "Agency")
        case .cbCashable: ("Realiserbar", "Cashable")
        case .cbNonCashable: ("Ej realiserbar", "Non-cashable")
        case .cbFiscalBenefit: ("Fiskal nytta", "Fiscal benefit")
        case .cbReturnOnCost: ("Avkastning på hela kostnaden", "Return on the whole cost")
        case .cbBenefitsTable: ("Nytta per utfall och aktör", "Benefits by outcome and actor")
        case .cbBeforeAdjustments: ("Före justeringar", "Before adjustments")
        case .cbBenefit: ("Nytta", "Benefit")
        case .cbYearsTable: ("Kostnader och fiskal nytta per år", "Costs and fiscal benefits by year")
        case .cbCostColumn: ("Kostnad", "Cost")
        case .cbCumulativeCost: ("Ackumulerad kostnad", "Cumulative cost")
        case .cbCumulativeFiscal: ("Ackumulerad fiskal nytta", "Cumulative fiscal benefit")
        case .cbFiscal: ("Fiskal nytta", "Fiscal")
        case .cbEconomic: ("Ekonomisk nytta", "Economic")
        case .cbSocial: ("Social nytta", "Social")
        case .cbNoteFormula: ("nytta = antal × aktörens andel av enhetskostnaden × (1 − dödvikt) × (1 − undanträngning) × (1 − tillskrivning) × (1 − optimismjustering), exakt till 10⁻⁹ öre och avrundad till öre per rad (halv till jämn); summorna adderar raderna.",
                              "benefit = quantity × the actor's share of the unit cost × (1 − deadweight) × (1 − displacement) × (1 − attribution) × (1 − optimism bias), exact to 10⁻⁹ öre and rounded to the öre per line (half to even); totals add the lines.")
        case .cbNoteReturns: ("Avkastningen är nytta / kostnad, avrundad till {0} decimaler; återbetalningsåret är det första år då den ackumulerade fiskala nyttan når de ackumulerade kostnaderna.",
                              "Returns are benefits / cost, rounded to {0} decimals; payback is the first year in which cumulative fiscal benefits reach cumulative costs.")
        case .cbNotePriceYear: ("Enhetskostnaderna är uppräknade till {0} års priser, varje andel för sig.", "Unit costs are uprated to {0} prices, each share on its own.")
        case .cbNoUnitCost: ("{0}: ingen enhetskostnad för {1}; {2} värderas inte.", "{0}: no unit cost for {1}; {2} not valued.")
        case .cbNoteAssumptions: ("{0}: dödvikt {1}, undanträngning {2}, tillskrivning {3}, optimismjustering {4} — källa: {5}.",
                                  "{0}: deadweight {1}, displacement {2}, attribution {3}, optimism bias {4} — source: {5}.")
        case .cbNoteUnitCost: ("Enhetskostnad {0}: {1} per {2} ({3}), {4} års priser — källa: {5}.", "Unit cost {0}: {1} per {2} ({3}), {4} prices — source: {5}.")
        case .cbKindFiscal: ("fiskalt", "fiscal")
        case .cbKindEconomic: ("ekonomiskt", "economic")
        case .cbKindSocial: ("socialt", "social")
        case .cbHelpPriceYear: ("Räkna upp varje enhetskostnad till det här årets priser (standard: varje posts eget prisår).",
                                "Uprate every unit cost to this year's prices (default: each entry's own price year).")

        case .opTitle: ("Resultatbaserade betalningar — {0}", "Outcome payments — {0}")
        case .opContractSubtitle: ("Avtal {0}", "Contract {0}")
        case .opAllContracts: ("Alla avtal", "All contracts")
        case .opDueTotal: ("Förfallet totalt", "Due in total")
        case .opCapsTotal: ("Tak totalt", "Caps in total")
        case .opLeftUnderCaps: ("Kvar under taken", "Left under the caps")
        case .opNoteReduction: ("minskning = (jämförelsegrupp − behandlade) / jämförelsegrupp, jämförd exakt med tröskeln; visas i procent med 2 decimaler (exakt, 9 decimaler, i CSV och JSON).",
                                "reduction = (comparison − treated) / comparison, compared exactly with the threshold; shown as a percentage to 2 decimals (exact, 9 decimals, in CSV and JSON).")
        case .opNoteDue: ("förfallet = (jämförelsegrupp − behandlade) × ersättning per utfall, avrundat till öre (halv till jämn), bara vid eller över tröskeln och aldrig utöver det som återstår under taket.",
                          "due = (comparison − treated) × payment per outcome, rounded to the öre (half to even), only at or above the threshold, and never beyond what is left of the cap.")
        case .opNotNumber: ("{0}: {1} = \"{2}\" ({3}) är inget tal; räknas inte.", "{0}: {1} = \"{2}\" ({3}) is not a number; not counted.")
        case .opNoComparison: ("{0}: {1} har ett värde för de behandlade men inget för jämförelsegruppen; inget förfaller för perioden ännu.",
                               "{0}: {1} has a treated figure but no comparison figure; nothing is due for it yet.")
        case .opNoteContract: ("{0} ({1}): {2} mot {3}, tröskel {4}, {5} per utfall, tak {6} — källa: {7}.",
                               "{0} ({1}): {2} against {3}, threshold {4}, {5} per outcome, cap {6} — source: {7}.")
        case .opTable: ("Betalningar per avtal och period", "Payments by contract and period")
        case .opTreated: ("Behandlade", "Treated")
        case .opComparison: ("Jämförelsegrupp", "Comparison")
        case .opReduction: ("Minskning", "Reduction")
        case .opThreshold: ("Tröskel", "Threshold")
        case .opThresholdMet: ("Tröskeln nådd", "Threshold met")
        case .opOutcomesPaid: ("Utfall som ersätts", "Outcomes paid for")
        case .opEarned: ("Intjänat före tak", "Earned before cap")
        case .opHelpContract: ("Ett avtal; utan det fondens alla avtal.", "One contract; without it, every contract of the fund.")
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

    /// A rate as this language writes a percentage in prose: `3,5 %` (decimal comma, no-break space) in
    /// Swedish, `3.5%` in English. Notes and titles fill their `{n}` with it, never with `Rate.percent`.
    public func percent(_ rate: Rate) -> String {
        switch language {
        case .sv: rate.swedishPercent
        case .en: rate.percent
        }
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
