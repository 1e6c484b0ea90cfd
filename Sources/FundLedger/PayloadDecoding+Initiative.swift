import EventStore

// Hand-written payload decoding (see PayloadReader.swift) for the initiative events and the values they hold.

extension YearAmount: PayloadRecord {
    static let payloadLayout = PayloadLayout<YearAmount>(
        blank: YearAmount(year: 0, amount: .zero(.sek)), .required("year", \.year), .required("amount", \.amount))
}

extension ExpectedSaving: PayloadRecord {
    static let payloadLayout = PayloadLayout<ExpectedSaving>(
        blank: ExpectedSaving(department: "", year: 0, amount: .zero(.sek)),
        .required("department", \.department), .required("year", \.year), .required("amount", \.amount))
}

extension Partner: PayloadRecord {
    static let payloadLayout = PayloadLayout<Partner>(
        blank: Partner(name: "", nonProfit: false), .required("name", \.name), .required("non_profit", \.nonProfit))
}

extension Indicator: PayloadRecord {
    static let payloadLayout = PayloadLayout<Indicator>(
        blank: Indicator(name: "", unit: "", baseline: "", target: ""),
        .required("name", \.name), .required("unit", \.unit), .required("baseline", \.baseline), .required("target", \.target))
}

extension CriterionResult: PayloadRecord {
    static let payloadLayout = PayloadLayout<CriterionResult>(
        blank: CriterionResult(criterion: "", met: false, note: ""),
        .required("criterion", \.criterion), .required("met", \.met), .required("note", \.note))
}

extension ApplicationSubmitted: PayloadRecord {
    static let payloadLayout = PayloadLayout<ApplicationSubmitted>(
        blank: ApplicationSubmitted(
            initiativeID: "", title: "", departments: [], targetGroup: "", priorityArea: "", requestedPerYear: [], coFinancing: .zero(.sek)),
        .required("initiative_id", \.initiativeID), .required("title", \.title), .required("departments", \.departments),
        .required("partners", \.partners), .required("target_group", \.targetGroup), .required("priority_area", \.priorityArea),
        .required("requested_per_year", \.requestedPerYear), .required("co_financing", \.coFinancing),
        .required("expected_savings", \.expectedSavings), .required("indicators", \.indicators))
}

extension ApplicationAssessed: PayloadRecord {
    static let payloadLayout = PayloadLayout<ApplicationAssessed>(
        blank: ApplicationAssessed(initiativeID: "", assessor: "", results: []),
        .required("initiative_id", \.initiativeID), .required("assessor", \.assessor), .required("results", \.results))
}

extension InvestmentDecided: PayloadRecord {
    static let payloadLayout = PayloadLayout<InvestmentDecided>(
        blank: InvestmentDecided(
            initiativeID: "", body: "", referenceNumber: "", granted: .zero(.sek), phasing: [], repaymentTerms: .none,
            decidedOn: CivilDate(daysSinceEpoch: 0)),
        .required("initiative_id", \.initiativeID), .required("body", \.body), .required("reference_number", \.referenceNumber),
        .required("granted", \.granted), .required("phasing", \.phasing), .required("repayment_terms", \.repaymentTerms),
        .required("decided_on", \.decidedOn))
}

extension ApplicationRejected: PayloadRecord {
    static let payloadLayout = PayloadLayout<ApplicationRejected>(
        blank: ApplicationRejected(initiativeID: "", body: "", referenceNumber: "", reason: ""),
        .required("initiative_id", \.initiativeID), .required("body", \.body), .required("reference_number", \.referenceNumber),
        .required("reason", \.reason))
}

extension DecisionAmended: PayloadRecord {
    static let payloadLayout = PayloadLayout<DecisionAmended>(
        blank: DecisionAmended(initiativeID: "", referenceNumber: "", granted: .zero(.sek)),
        .required("initiative_id", \.initiativeID), .required("reference_number", \.referenceNumber), .required("granted", \.granted))
}

extension DecisionRevoked: PayloadRecord {
    static let payloadLayout = PayloadLayout<DecisionRevoked>(
        blank: DecisionRevoked(initiativeID: "", referenceNumber: ""),
        .required("initiative_id", \.initiativeID), .required("reference_number", \.referenceNumber))
}

extension FundsDisbursed: PayloadRecord {
    static let payloadLayout = PayloadLayout<FundsDisbursed>(
        blank: FundsDisbursed(initiativeID: "", amount: .zero(.sek), department: "", voucher: ""),
        .required("initiative_id", \.initiativeID), .required("amount", \.amount), .required("department", \.department),
        .required("voucher", \.voucher))
}

extension CoFinancingRecorded: PayloadRecord {
    static let payloadLayout = PayloadLayout<CoFinancingRecorded>(
        blank: CoFinancingRecorded(initiativeID: "", amount: .zero(.sek), contributor: ""),
        .required("initiative_id", \.initiativeID), .required("amount", \.amount), .required("contributor", \.contributor))
}

/// Reads the current version (2); version 1 payloads are upcast before they get here. The quantity is the
/// payload's, never parsed again from the value (an absent one is nil).
extension OutcomeMeasured: PayloadRecord {
    static let payloadLayout = PayloadLayout<OutcomeMeasured>(
        blank: OutcomeMeasured(initiativeID: "", indicator: "", value: "", period: ""),
        .required("initiative_id", \.initiativeID), .required("indicator", \.indicator), .required("value", \.value),
        .required("period", \.period), .optional("quantity", \.quantity))
}

extension InitiativeClosed: PayloadRecord {
    static let payloadLayout = PayloadLayout<InitiativeClosed>(
        blank: InitiativeClosed(initiativeID: "", outcome: .completed),
        .required("initiative_id", \.initiativeID), .required("outcome", \.outcome))
}
