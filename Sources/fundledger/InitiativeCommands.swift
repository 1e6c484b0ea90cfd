import ArgumentParser

/// The fund and initiative most initiative commands act on.
struct InitiativeTarget: ParsableArguments {
    @Option(help: "The fund's id.")
    var fund: String
    @Option(help: "The initiative's id.")
    var initiative: String

    var fields: [String: FieldValue?] { ["fund": .given(fund), "initiative": .given(initiative)] }
}

extension Dictionary where Key == String, Value == FieldValue? {
    /// These fields plus `more`.
    func adding(_ more: [String: FieldValue?]) -> Self { merging(more) { _, new in new } }
}

/// `fundledger initiative …`: from application to closing.
struct InitiativeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "initiative",
        abstract: "Apply for, assess, decide, disburse to, follow up and close an initiative.",
        subcommands: [
            Apply.self, Assess.self, Decide.self, Reject.self, Amend.self, Revoke.self, Disburse.self, CoFinance.self,
            Close.self, Measure.self,
        ])

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit an application; the fund's criteria are checked now and again at the decision.",
            discussion: """
                Example: fundledger initiative apply --fund tomelilla --initiative tidiga-insatser \
                --title "Tidiga insatser i förskolan" --department BUN --department SOC \
                --partner "Föreningen Fryshuset:non-profit" --target-group "barn och unga 0-18" \
                --priority-area "förebygga placeringar" --request 2026="500 000 kr" --request 2027="500 000 kr" \
                --co-financing "300 000 kr" --expected-saving SOC:2028="400 000 kr" \
                --indicator "placeringar|barn|40|25"
                """)

        @Option(help: "The fund's id.")
        var fund: String
        @Option(name: [.customLong("initiative"), .customLong("id")], help: "An id for the initiative, e.g. tidiga-insatser.")
        var initiative: String
        @Option(help: "The initiative's title.")
        var title: String
        @Option(help: "A department taking part (its code); repeat for each, the leading one first.")
        var department: [String] = []
        @Option(help: "A partner outside the organisation, NAME or NAME:non-profit; repeat for each.")
        var partner: [String] = []
        @Option(help: "The target group, e.g. \"barn och unga 0-18\".")
        var targetGroup: String
        @Option(help: "The priority area it serves.")
        var priorityArea: String
        @Option(help: "Amount requested for a year, YEAR=AMOUNT, e.g. 2026=\"500 000 kr\"; repeat for each year.")
        var request: [String] = []
        @Option(help: "Co-financing from the departments and partners, e.g. \"300 000 kr\" (default: 0).")
        var coFinancing: String?
        @Option(help: "A saving a department expects, DEPT:YEAR=AMOUNT, e.g. SOC:2027=\"300 000 kr\"; repeatable.")
        var expectedSaving: [String] = []
        @Option(help: "An indicator to follow up, NAME|UNIT|BASELINE|TARGET; repeatable.")
        var indicator: [String] = []
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(CommandCatalog.apply, [
                "fund": .given(fund), "initiative": .given(initiative), "title": .given(title),
                "department": .given(department), "partner": .given(partner), "target_group": .given(targetGroup),
                "priority_area": .given(priorityArea), "request": .given(request), "co_financing": .given(coFinancing),
                "expected_saving": .given(expectedSaving), "indicator": .given(indicator),
            ])
        }
    }

    struct Assess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the fund's criteria checked for an application.",
            discussion: "Example: fundledger initiative assess --fund tomelilla --initiative tidiga-insatser --assessor utvecklingsstrateg")

        @OptionGroup var target: InitiativeTarget
        @Option(help: "Who assessed it (default: the actor).")
        var assessor: String?
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(CommandCatalog.assess, target.fields.adding(["assessor": .given(assessor)]))
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grant money to an initiative; the fund's repayment model becomes the decision's terms.",
            discussion: """
                Example: fundledger initiative decide --fund tomelilla --initiative tidiga-insatser --body kommunstyrelsen \
                --decision-ref "KS 2026/14" --granted "1 000 000 kr" --phasing 2026="500 000 kr" --phasing 2027="500 000 kr"
                """)

        @OptionGroup var target: InitiativeTarget
        @Option(help: "The deciding body, e.g. kommunstyrelsen.")
        var body: String
        @Option(help: "The granted amount, e.g. \"1 000 000 kr\".")
        var granted: String
        @Option(help: "Amount per year, YEAR=AMOUNT; repeat for each year (must add up to the grant).")
        var phasing: [String] = []
        @Option(help: "Repayment terms agreed in this decision, overriding the fund's model: none, share:50%:cap=disbursed:horizon=5, frame:100%:horizon=3, or plan:DEPT@YYYY-MM-DD=AMOUNT;…")
        var repayment: String?
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(
                CommandCatalog.decide,
                target.fields.adding([
                    "body": .given(body), "granted": .given(granted), "phasing": .given(phasing), "repayment": .given(repayment),
                ]))
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn an application down; --reason says why and --decision-ref cites the decision.",
            discussion: "Example: fundledger initiative reject --fund tomelilla --initiative x --body kommunstyrelsen --decision-ref \"KS 2026/15\" --reason \"outside the priority areas\"")

        @OptionGroup var target: InitiativeTarget
        @Option(help: "The deciding body.")
        var body: String
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(CommandCatalog.reject, target.fields.adding(["body": .given(body)]))
        }
    }

    struct Amend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a decision's granted amount (never below what is disbursed).",
            discussion: "Example: fundledger initiative amend --fund tomelilla --initiative tidiga-insatser --granted \"1 200 000 kr\" --decision-ref \"KS 2026/40\"")

        @OptionGroup var target: InitiativeTarget
        @Option(help: "The new granted amount.")
        var granted: String
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(CommandCatalog.amend, target.fields.adding(["granted": .given(granted)]))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw a decision: what is not disbursed is no longer committed.",
            discussion: "Example: fundledger initiative revoke --fund tomelilla --initiative tidiga-insatser --decision-ref \"KS 2026/41\"")

        @OptionGroup var target: InitiativeTarget
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(CommandCatalog.revoke, target.fields)
        }
    }

    struct Disburse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pay money out of the fund to a department running the initiative.",
            discussion: "Example: fundledger initiative disburse --fund tomelilla --initiative tidiga-insatser --amount \"250 000 kr\" --department BUN --voucher V-17")

        @OptionGroup var target: InitiativeTarget
        @Option(help: "The amount, e.g. \"250 000 kr\".")
        var amount: String
        @Option(help: "The receiving department's code.")
        var department: String
        @Option(help: "The voucher (verifikation) in the accounting system; used once a fiscal year.")
        var voucher: String
        @Flag(help: "Record a voucher number already used this fiscal year (it genuinely repeats); otherwise refused (exit 6).")
        var repeatedVoucher = false
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(
                CommandCatalog.disburse,
                target.fields.adding([
                    "amount": .given(amount), "department": .given(department), "voucher": .given(voucher),
                    "repeated_voucher": repeatedVoucher ? .text("true") : nil,
                ]))
        }
    }

    struct CoFinance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "co-finance",
            abstract: "Record a department's or partner's own money put into the initiative.",
            discussion: "Example: fundledger initiative co-finance --fund tomelilla --initiative tidiga-insatser --amount \"100 000 kr\" --contributor SOC")

        @OptionGroup var target: InitiativeTarget
        @Option(help: "The amount.")
        var amount: String
        @Option(help: "Who contributes: a department code or a partner's name.")
        var contributor: String
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(
                CommandCatalog.coFinance, target.fields.adding(["amount": .given(amount), "contributor": .given(contributor)]))
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close an initiative: no more disbursements.",
            discussion: "Example: fundledger initiative close --fund tomelilla --initiative tidiga-insatser --outcome implemented")

        @OptionGroup var target: InitiativeTarget
        @Option(help: "completed, discontinued or implemented (in regular operations).")
        var outcome: String
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(CommandCatalog.close, target.fields.adding(["outcome": .given(outcome)]))
        }
    }

    struct Measure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an indicator's measured value for a period.",
            discussion: "Example: fundledger initiative measure --fund tomelilla --initiative tidiga-insatser --indicator placeringar --value 31 --period 2026")

        @OptionGroup var target: InitiativeTarget
        @Option(help: "The indicator's name, as given in the application.")
        var indicator: String
        @Option(help: "The measured value.")
        var value: String
        @Option(help: "The period measured, e.g. 2026 or 2026-H1.")
        var period: String
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(
                CommandCatalog.measure,
                target.fields.adding(["indicator": .given(indicator), "value": .given(value), "period": .given(period)]))
        }
    }
}

/// `fundledger saving realise|attribute`.
struct SavingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saving",
        abstract: "Record a realised saving, or attribute a share of one to another department.",
        subcommands: [Realise.self, Attribute.self])

    struct Realise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a verified cost reduction in a department for a period.",
            discussion: """
                Example: fundledger saving realise --fund tomelilla --saving SOC-2027-1 --initiative tidiga-insatser \
                --department SOC --amount "400 000 kr" --period-start 2027-01-01 --period-end 2027-12-31 \
                --evidence "placeringsstatistik 2027" --cashable
                """,
            aliases: ["realize"])

        @Option(help: "The fund's id.")
        var fund: String
        @Option(name: [.customLong("saving"), .customLong("id")], help: "An id for the saving, e.g. SOC-2027-1.")
        var saving: String
        @Option(help: "The initiative it results from.")
        var initiative: String
        @Option(help: "The department (or external actor) where the cost fell.")
        var department: String
        @Option(help: "The amount saved.")
        var amount: String
        @Option(help: "First day of the period, YYYY-MM-DD.")
        var periodStart: String
        @Option(help: "Last day of the period, YYYY-MM-DD.")
        var periodEnd: String
        @Option(help: "What verifies the saving.")
        var evidence: String
        @Flag(inversion: .prefixedNo, help: "Whether the saving frees real money (--cashable) or only capacity (--no-cashable).")
        var cashable: Bool
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(CommandCatalog.realiseSaving, [
                "fund": .given(fund), "saving": .given(saving), "initiative": .given(initiative),
                "department": .given(department), "amount": .given(amount), "period_start": .given(periodStart),
                "period_end": .given(periodEnd), "evidence": .given(evidence), "cashable": .given(cashable),
            ])
        }
    }

    struct Attribute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Attribute a share of a saving to another department, which then owes that share's repayment.",
            discussion: "Example: fundledger saving attribute --fund tomelilla --saving SOC-2027-1 --department BUN --share 25%")

        @Option(help: "The fund's id.")
        var fund: String
        @Option(help: "The saving's id.")
        var saving: String
        @Option(help: "The department it is attributed to.")
        var department: String
        @Option(help: "The share, e.g. 25% or 0.25.")
        var share: String
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(CommandCatalog.attributeSaving, [
                "fund": .given(fund), "saving": .given(saving), "department": .given(department), "share": .given(share),
            ])
        }
    }
}

/// `fundledger repayment receive|waive`.
struct RepaymentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repayment",
        abstract: "Record a repayment into the fund, or waive part of an obligation.",
        subcommands: [Receive.self, Waive.self])

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record money paid back by a department (never more than it owes).",
            discussion: "Example: fundledger repayment receive --fund tomelilla --initiative tidiga-insatser --department SOC --amount \"200 000 kr\" --method frame_reduction")

        @OptionGroup var target: InitiativeTarget
        @Option(help: "The paying department.")
        var department: String
        @Option(help: "The amount repaid.")
        var amount: String
        @Option(help: "cash or frame_reduction (ramjustering) (default: cash).")
        var method: String?
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(
                CommandCatalog.receiveRepayment,
                target.fields.adding(["department": .given(department), "amount": .given(amount), "method": .given(method)]))
        }
    }

    struct Waive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write off part of a department's repayment obligation by decision (--decision-ref).",
            discussion: "Example: fundledger repayment waive --fund tomelilla --initiative tidiga-insatser --department SOC --amount \"50 000 kr\" --decision-ref \"KS 2028/3\"")

        @OptionGroup var target: InitiativeTarget
        @Option(help: "The department whose obligation is waived.")
        var department: String
        @Option(help: "The amount waived.")
        var amount: String
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(
                CommandCatalog.waiveRepayment, target.fields.adding(["department": .given(department), "amount": .given(amount)]))
        }
    }
}
