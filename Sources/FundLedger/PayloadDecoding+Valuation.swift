import EventStore

// Hand-written payload decoding (see PayloadReader.swift) for valuation data.

extension CostShare: PayloadRecord {
    static let payloadLayout = PayloadLayout<CostShare>(
        blank: CostShare(actor: "", amount: .zero(.sek)),
        .required("actor", \.actor), .required("amount", \.amount), .required("cashable", \.cashable))
}

extension UnitCostRecorded: PayloadRecord {
    static let payloadLayout = PayloadLayout<UnitCostRecorded>(
        blank: UnitCostRecorded(outcomeID: "", description: "", unit: "", kind: .fiscal, cost: .zero(.sek), split: [], source: "", priceYear: 0),
        .required("outcome_id", \.outcomeID), .required("description", \.description), .required("unit", \.unit),
        .required("kind", \.kind), .required("cost", \.cost), .required("split", \.split), .required("source", \.source),
        .required("price_year", \.priceYear))
}

extension FinancialProxyRecorded: PayloadRecord {
    static let payloadLayout = PayloadLayout<FinancialProxyRecorded>(
        blank: FinancialProxyRecorded(outcomeID: "", description: "", unit: "", value: .zero(.sek), source: "", priceYear: 0),
        .required("outcome_id", \.outcomeID), .required("description", \.description), .required("unit", \.unit),
        .required("value", \.value), .required("source", \.source), .required("price_year", \.priceYear))
}

extension IndexPoint: PayloadRecord {
    static let payloadLayout = PayloadLayout<IndexPoint>(
        blank: IndexPoint(year: 0, level: .zero), .required("year", \.year), .required("level", \.level))
}

extension PriceIndexRecorded: PayloadRecord {
    static let payloadLayout = PayloadLayout<PriceIndexRecorded>(
        blank: PriceIndexRecorded(indexID: "", points: [], source: ""),
        .required("index_id", \.indexID), .required("points", \.points), .required("source", \.source))
}

extension EvaluationAssumptionsRecorded: PayloadRecord {
    static let payloadLayout = PayloadLayout<EvaluationAssumptionsRecorded>(
        blank: EvaluationAssumptionsRecorded(
            initiativeID: nil, deadweight: .zero, displacement: .zero, attribution: .zero, dropOff: .zero, discountRate: .zero,
            optimismBias: .zero, horizonYears: 0, source: ""),
        .optional("initiative_id", \.initiativeID), .required("deadweight", \.deadweight), .required("displacement", \.displacement),
        .required("attribution", \.attribution), .required("drop_off", \.dropOff), .required("discount_rate", \.discountRate),
        .required("optimism_bias", \.optimismBias), .required("horizon_years", \.horizonYears),
        .optional("target_group_size", \.targetGroupSize), .required("source", \.source))
}

extension OutcomeContractAgreed: PayloadRecord {
    static let payloadLayout = PayloadLayout<OutcomeContractAgreed>(
        blank: OutcomeContractAgreed(
            contractID: "", initiativeID: "", treatedIndicator: "", comparisonIndicator: "", threshold: .zero,
            paymentPerOutcome: .zero(.sek), cap: .zero(.sek), source: ""),
        .required("contract_id", \.contractID), .required("initiative_id", \.initiativeID),
        .required("treated_indicator", \.treatedIndicator), .required("comparison_indicator", \.comparisonIndicator),
        .required("threshold", \.threshold), .required("payment_per_outcome", \.paymentPerOutcome), .required("cap", \.cap),
        .required("source", \.source))
}
