import FundLedger

/// Savings and repayments: what an initiative saved, where, and what the departments pay back.
extension CommandCatalog {
    public static let realiseSaving = CommandKind(
        "realise_saving", "saving realise", "Record a verified cost reduction in a department for a period.",
        example: """
            fundledger saving realise --fund tomelilla --saving SOC-2027-1 --initiative tidiga-insatser --department SOC \
            --amount "300 000 kr" --period-start 2027-01-01 --period-end 2027-12-31 --evidence "uppföljning 2027" --cashable
            """,
        fields: [
            CommandField.saving.explained("An id for the saving, e.g. SOC-2027-1.").alsoSpelled("--id"),
            .fund, CommandField.initiative.explained("The initiative it results from."),
            CommandField.department.explained("The department (or external actor) where the cost fell."),
            CommandField.amount.explained("The amount saved."), .periodStart, .periodEnd, .evidence, .cashable,
        ]
    ) { input, context in
        let fundID = try input.text(.fund)
        let saving = SavingRealised(
            savingID: try input.text(.saving, "an id for the saving, such as SOC-2026-1"),
            initiativeID: try input.text(.initiative), department: try input.text(.department),
            amount: try input.money(.amount, context.currency(ofFund: fundID)),
            periodStart: try input.date(.periodStart), periodEnd: try input.date(.periodEnd),
            evidence: try input.text(.evidence, "what verifies the saving"), cashable: try input.bool(.cashable))
        return [.realiseSaving(fundID: fundID, saving: saving)]
    }

    public static let attributeSaving = CommandKind(
        "attribute_saving", "saving attribute",
        "Attribute a share of a saving to another department, which then owes that share's repayment.",
        example: "fundledger saving attribute --fund tomelilla --saving SOC-2027-1 --department BUN --share 25%",
        fields: [.fund, .saving, CommandField.department.explained("The department it is attributed to."), .share]
    ) { input, _ in
        [.attributeSaving(
            fundID: try input.text(.fund), savingID: try input.text(.saving), department: try input.text(.department),
            share: try input.rate(.share))]
    }

    static let repaymentMethods: KeyValuePairs<String, RepaymentMethod> = [
        "cash": .cash, "kontant": .cash, "frame_reduction": .frameReduction, "ramjustering": .frameReduction,
    ]

    public static let receiveRepayment = CommandKind(
        "receive_repayment", "repayment receive", "Record money paid back by a department (never more than it owes).",
        example: "fundledger repayment receive --fund tomelilla --initiative tidiga-insatser --department SOC --amount \"200 000 kr\" --method frame_reduction",
        fields: [
            .fund, .initiative, CommandField.department.explained("The paying department."),
            CommandField.amount.explained("The amount repaid."), .method,
        ]
    ) { input, context in
        let fundID = try input.text(.fund)
        return [.receiveRepayment(
            fundID: fundID, initiativeID: try input.text(.initiative), department: try input.text(.department),
            amount: try input.money(.amount, context.currency(ofFund: fundID)),
            method: try input.choice(.method, repaymentMethods, default: .cash))]
    }

    public static let waiveRepayment = CommandKind(
        "waive_repayment", "repayment waive", "Write off part of a department's repayment obligation by decision (decision_ref).",
        example: "fundledger repayment waive --fund tomelilla --initiative tidiga-insatser --department SOC --amount \"50 000 kr\" --decision-ref \"KS 2028/3\"",
        fields: [
            .fund, .initiative, CommandField.department.explained("The department whose obligation is waived."),
            CommandField.amount.explained("The amount waived."),
        ]
    ) { input, context in
        let fundID = try input.text(.fund)
        return [.waiveRepayment(
            fundID: fundID, initiativeID: try input.text(.initiative), department: try input.text(.department),
            amount: try input.money(.amount, context.currency(ofFund: fundID)),
            referenceNumber: try input.text(.decisionRef, "the diarienummer of the decision to waive"))]
    }
}
