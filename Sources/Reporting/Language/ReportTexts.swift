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

    /// The text in Swedish and in English, from its group's catalogue (`ReportTexts+Core`, `+Audit`,
    /// `+Evaluation`); `LanguageTests` checks that every key is in exactly one group.
    var entry: (sv: String, en: String) {
        for group in Self.entryGroups {
            if let entry = group(self) { return entry }
        }
        preconditionFailure("ReportText.\(self) has no text in any group of the catalogue")
    }

    /// Each group's lookup, in the order they are asked.
    static let entryGroups: [@Sendable (ReportText) -> (sv: String, en: String)?] = [
        commonEntry, fundReportEntry, portfolioEntry, auditTrailEntry, sieEntry, evaluationEntry, sroiEntry,
        socioEconomicEntry, costBenefitEntry,
    ]
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
