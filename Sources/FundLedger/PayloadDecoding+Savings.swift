import EventStore

// Hand-written payload decoding (see PayloadReader.swift) for savings and repayments.

extension SavingRealised: PayloadRecord {
    static let payloadLayout = PayloadLayout<SavingRealised>(
        blank: SavingRealised(
            savingID: "", initiativeID: "", department: "", amount: .zero(.sek), periodStart: CivilDate(daysSinceEpoch: 0),
            periodEnd: CivilDate(daysSinceEpoch: 0), evidence: "", cashable: false),
        .required("saving_id", \.savingID), .required("initiative_id", \.initiativeID), .required("department", \.department),
        .required("amount", \.amount), .required("period_start", \.periodStart), .required("period_end", \.periodEnd),
        .required("evidence", \.evidence), .required("cashable", \.cashable))
}

extension SavingAttributed: PayloadRecord {
    static let payloadLayout = PayloadLayout<SavingAttributed>(
        blank: SavingAttributed(savingID: "", department: "", share: .zero),
        .required("saving_id", \.savingID), .required("department", \.department), .required("share", \.share))
}

extension RepaymentReceived: PayloadRecord {
    static let payloadLayout = PayloadLayout<RepaymentReceived>(
        blank: RepaymentReceived(initiativeID: "", department: "", amount: .zero(.sek), method: .cash),
        .required("initiative_id", \.initiativeID), .required("department", \.department), .required("amount", \.amount),
        .required("method", \.method))
}

extension RepaymentWaived: PayloadRecord {
    static let payloadLayout = PayloadLayout<RepaymentWaived>(
        blank: RepaymentWaived(initiativeID: "", department: "", amount: .zero(.sek), referenceNumber: ""),
        .required("initiative_id", \.initiativeID), .required("department", \.department), .required("amount", \.amount),
        .required("reference_number", \.referenceNumber))
}
