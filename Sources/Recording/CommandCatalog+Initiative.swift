import FundLedger

/// Initiatives: from application to closing.
extension CommandCatalog {
    public static let apply = CommandKind(
        "apply", "initiative apply", "Submit an application; the fund's criteria are checked now and again at the decision.",
        example: """
            fundledger initiative apply --fund tomelilla --initiative tidiga-insatser --title "Tidiga insatser i förskolan" \
            --department BUN --department SOC --partner "Föreningen Fryshuset:non-profit" --target-group "barn och unga 0-18" \
            --priority-area "förebygga placeringar" --request 2026="500 000 kr" --request 2027="500 000 kr" \
            --co-financing "300 000 kr" --expected-saving SOC:2028="400 000 kr" --indicator "placeringar|barn|40|25"
            """,
        fields: [
            .fund, CommandField.initiative.explained("An id for the initiative, e.g. tidiga-insatser.").alsoSpelled("--id"), .title,
            .departments, .partner, .targetGroup, .priorityArea, .request, .coFinancing, .expectedSaving, .indicator,
        ]
    ) { input, context in
        let fundID = try input.text(.fund)
        let currency = context.currency(ofFund: fundID)
        let application = ApplicationSubmitted(
            initiativeID: try input.text(.initiative), title: try input.text(.title),
            departments: try input.list(.departments),
            partners: try input.list(.partner).map { try input.parsePartner($0, "partner") },
            targetGroup: try input.text(.targetGroup), priorityArea: try input.text(.priorityArea),
            requestedPerYear: try input.list(.request).map { try input.parseYearAmount($0, "request", currency) },
            coFinancing: try input.optionalMoney(.coFinancing, currency) ?? .zero(currency),
            expectedSavings: try input.list(.expectedSaving).map { try input.parseExpectedSaving($0, "expected_saving", currency) },
            indicators: try input.list(.indicator).map { try input.parseIndicator($0, "indicator") })
        if application.departments.isEmpty { throw input.missing("department", "repeat it for each department taking part") }
        if application.requestedPerYear.isEmpty { throw input.missing("request", "YEAR=AMOUNT, repeat it for each year") }
        return [.submitApplication(fundID: fundID, application: application)]
    }

    public static let assess = CommandKind(
        "assess", "initiative assess", "Record the fund's criteria checked for an application.",
        example: "fundledger initiative assess --fund tomelilla --initiative tidiga-insatser --assessor utvecklingsstrateg",
        fields: [.fund, .initiative, .assessor]
    ) { input, _ in
        // The assessor defaults to whoever records the assessment.
        [.assessApplication(
            fundID: try input.text(.fund), initiativeID: try input.text(.initiative),
            assessor: try input.optionalText(.assessor) ?? input.text(.actor))]
    }

    public static let decide = CommandKind(
        "decide", "initiative decide", "Grant money to an initiative; the fund's repayment model becomes the decision's terms.",
        example: """
            fundledger initiative decide --fund tomelilla --initiative tidiga-insatser --body kommunstyrelsen \
            --decision-ref "KS 2026/14" --granted "1 000 000 kr" --phasing 2026="500 000 kr" --phasing 2027="500 000 kr"
            """,
        fields: [
            .fund, .initiative, .body, .granted, .phasing,
            CommandField.repayment.explained(
                "Repayment terms agreed in this decision, overriding the fund's model: \(RepaymentModel.syntax)."),
        ]
    ) { input, context in
        let fundID = try input.text(.fund)
        let currency = context.currency(ofFund: fundID)
        // Terms agreed in the decision itself; without them the fund's repayment model applies.
        let terms = try input.optionalText(.repayment).map { try PolicyFields.repaymentModel($0, input, currency) }
        return [.decideInvestment(
            fundID: fundID, initiativeID: try input.text(.initiative),
            body: try input.text(.body, "the deciding body, such as kommunstyrelsen"),
            referenceNumber: try input.text(.decisionRef, "the diarienummer"),
            granted: try input.money(.granted, currency),
            phasing: try input.list(.phasing).map { try input.parseYearAmount($0, "phasing", currency) },
            repaymentTerms: terms)]
    }

    public static let reject = CommandKind(
        "reject", "initiative reject", "Turn an application down; reason says why and decision_ref cites the decision.",
        example: "fundledger initiative reject --fund tomelilla --initiative x --body kommunstyrelsen --decision-ref \"KS 2026/15\" --reason \"outside the priority areas\"",
        fields: [.fund, .initiative, CommandField.body.explained("The deciding body.")]
    ) { input, _ in
        [.rejectApplication(
            fundID: try input.text(.fund), initiativeID: try input.text(.initiative),
            body: try input.text(.body, "the deciding body"), referenceNumber: try input.text(.decisionRef, "the diarienummer"),
            reason: try input.text(.reason, "why the application is rejected"))]
    }

    public static let amend = CommandKind(
        "amend", "initiative amend", "Change a decision's granted amount (never below what is disbursed).",
        example: "fundledger initiative amend --fund tomelilla --initiative tidiga-insatser --granted \"1 200 000 kr\" --decision-ref \"KS 2026/40\"",
        fields: [.fund, .initiative, CommandField.granted.explained("The new granted amount.")]
    ) { input, context in
        let fundID = try input.text(.fund)
        return [.amendDecision(
            fundID: fundID, initiativeID: try input.text(.initiative),
            referenceNumber: try input.text(.decisionRef, "the diarienummer of the amending decision"),
            granted: try input.money(.granted, context.currency(ofFund: fundID)))]
    }

    public static let revoke = CommandKind(
        "revoke", "initiative revoke", "Withdraw a decision: what is not disbursed is no longer committed.",
        example: "fundledger initiative revoke --fund tomelilla --initiative tidiga-insatser --decision-ref \"KS 2026/41\"",
        fields: [.fund, .initiative]
    ) { input, _ in
        [.revokeDecision(
            fundID: try input.text(.fund), initiativeID: try input.text(.initiative),
            referenceNumber: try input.text(.decisionRef, "the diarienummer of the revoking decision"))]
    }

    public static let disburse = CommandKind(
        "disburse", "initiative disburse", "Pay money out of the fund to a department running the initiative.",
        example: "fundledger initiative disburse --fund tomelilla --initiative tidiga-insatser --amount \"250 000 kr\" --department BUN --voucher V-17",
        fields: [.fund, .initiative, .amount, CommandField.department.explained("The receiving department's code."), .voucher, .repeatedVoucher]
    ) { input, context in
        let fundID = try input.text(.fund)
        return [.disburse(
            fundID: fundID, initiativeID: try input.text(.initiative),
            amount: try input.money(.amount, context.currency(ofFund: fundID)), department: try input.text(.department),
            voucher: try input.text(.voucher, "the voucher (verifikation) in the accounting system"),
            repeatedVoucher: try input.optionalBool(.repeatedVoucher) ?? false)]
    }

    public static let coFinance = CommandKind(
        "co_finance", "initiative co-finance", "Record a department's or partner's own money put into the initiative.",
        example: "fundledger initiative co-finance --fund tomelilla --initiative tidiga-insatser --amount \"100 000 kr\" --contributor SOC",
        fields: [.fund, .initiative, .amount, .contributor]
    ) { input, context in
        let fundID = try input.text(.fund)
        return [.recordCoFinancing(
            fundID: fundID, initiativeID: try input.text(.initiative),
            amount: try input.money(.amount, context.currency(ofFund: fundID)), contributor: try input.text(.contributor))]
    }

    static let closingOutcomes: KeyValuePairs<String, ClosingOutcome> = [
        "completed": .completed, "discontinued": .discontinued, "implemented": .implemented,
        "implemented_in_regular_operations": .implemented,
    ]

    public static let close = CommandKind(
        "close", "initiative close", "Close an initiative: no more disbursements.",
        example: "fundledger initiative close --fund tomelilla --initiative tidiga-insatser --outcome implemented",
        fields: [.fund, .initiative, .outcome]
    ) { input, _ in
        [.closeInitiative(
            fundID: try input.text(.fund), initiativeID: try input.text(.initiative),
            outcome: try input.choice(.outcome, closingOutcomes))]
    }

    public static let measure = CommandKind(
        "measure", "initiative measure", "Record an indicator's measured value for a period.",
        example: "fundledger initiative measure --fund tomelilla --initiative tidiga-insatser --indicator placeringar --value 31 --period 2026",
        fields: [.fund, .initiative, .measuredIndicator, .value, .period]
    ) { input, _ in
        [.measureOutcome(
            fundID: try input.text(.fund), initiativeID: try input.text(.initiative), indicator: try input.text(.measuredIndicator),
            value: try input.text(.value), period: try input.text(.period, "such as 2026 or 2026-H1"))]
    }
}
