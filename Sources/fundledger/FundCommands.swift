import ArgumentParser

/// `fundledger fund establish|policy|contribute|withdraw`.
struct FundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fund",
        abstract: "Establish a fund, change its policy, add or withdraw capital.",
        subcommands: [Establish.self, Policy.self, Contribute.self, Withdraw.self])

    struct Establish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Establish a fund with its policy; with --capital, its first contribution too (atomically).",
            discussion: """
                Example: fundledger fund establish --id tomelilla --organisation 212000-0886 \
                --name "Sociala investeringsfonden" --capital "5 000 000 kr" --min-departments 2 \
                --target-group "barn och unga 0-18" --repayment share:50%:cap=disbursed:horizon=5
                """)

        @Option(name: [.customLong("id"), .customLong("fund")], help: "The fund's id, used by every later command, e.g. tomelilla.")
        var id: String
        @Option(help: "The owning organisation's number.")
        var organisation: String
        @Option(help: "The fund's name.")
        var name: String
        @Option(help: "ISO currency code (default: SEK).")
        var currency: String?
        @Option(help: "Initial capital, e.g. \"5 000 000 kr\"; recorded as a contribution in the same transaction.")
        var capital: String?
        @Option(help: "Where the initial capital comes from (default: initial capital).")
        var capitalSource: String?
        @OptionGroup(title: "Policy") var policy: PolicyOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            var fields = policy.fields
            fields["fund"] = .given(id)
            fields["organisation"] = .given(organisation)
            fields["name"] = .given(name)
            fields["currency"] = .given(currency)
            fields["capital"] = .given(capital)
            fields["capital_source"] = .given(capitalSource)
            try await recording.record(CommandCatalog.establishFund, fields, optionNames: ["fund": "--id"])
        }
    }

    struct Policy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a fund's policy: the options given replace those parts, the rest stays.",
            discussion: "Decisions taken before keep their repayment terms. Example: fundledger fund policy --fund tomelilla --repayment none")

        @Option(help: "The fund's id.")
        var fund: String
        @OptionGroup(title: "Policy") var policy: PolicyOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            var fields = policy.fields
            fields["fund"] = .given(fund)
            try await recording.record(CommandCatalog.changePolicy, fields)
        }
    }

    struct Contribute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put capital into a fund.",
            discussion: "Example: fundledger fund contribute --fund tomelilla --amount \"2 000 000 kr\" --source \"KF budget 2026\"")

        @Option(help: "The fund's id.")
        var fund: String
        @Option(help: "The amount, e.g. \"2 000 000 kr\" or 2000000.00.")
        var amount: String
        @Option(help: "Where the capital comes from, e.g. \"KF budget 2026\".")
        var source: String
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(
                CommandCatalog.contribute, ["fund": .given(fund), "amount": .given(amount), "source": .given(source)])
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take capital out of a fund (at most its uncommitted capital).",
            discussion: "Example: fundledger fund withdraw --fund tomelilla --amount \"500 000 kr\" --decision-ref \"KS 2026/88\"")

        @Option(help: "The fund's id.")
        var fund: String
        @Option(help: "The amount, e.g. \"500 000 kr\".")
        var amount: String
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await recording.record(CommandCatalog.withdraw, ["fund": .given(fund), "amount": .given(amount)])
        }
    }
}

/// A fund's policy as options (see `PolicyFields` for how each is read).
struct PolicyOptions: ParsableArguments {
    @Option(help: "Departments an initiative must involve (default when establishing: 1).")
    var minDepartments: String?
    @Flag(inversion: .prefixedNo, help: "Whether a non-profit partner counts as a department.")
    var nonProfitCounts: Bool?
    @Option(name: [.customLong("min-co-financing"), .customLong("min-cofinancing")], help: "Minimum co-financing share of the requested total, e.g. 30%.")
    var minCoFinancing: String?
    @Option(help: "Longest duration in years, or none.")
    var maxYears: String?
    @Option(help: "Largest amount per year, e.g. \"500 000 kr\", or none.")
    var maxPerYear: String?
    @Option(help: "A priority area; repeat for several (replaces the list).")
    var priorityArea: [String] = []
    @Flag(help: "Allow any priority area (clears the list).")
    var anyPriorityArea = false
    @Option(help: "A target group; repeat for several (replaces the list).")
    var targetGroup: [String] = []
    @Flag(help: "Allow any target group (clears the list).")
    var anyTargetGroup = false
    @Flag(inversion: .prefixedNo, help: "Whether decisions may exceed the uncommitted capital.")
    var overcommit: Bool?
    @Option(help: "Repayment model: none, share:50%:cap=disbursed:horizon=5, frame:100%:horizon=3, or plan:DEPT@YYYY-MM-DD=AMOUNT;…")
    var repayment: String?

    func validate() throws {
        if anyPriorityArea && !priorityArea.isEmpty { throw ValidationError("--any-priority-area and --priority-area contradict each other") }
        if anyTargetGroup && !targetGroup.isEmpty { throw ValidationError("--any-target-group and --target-group contradict each other") }
    }

    var fields: [String: FieldValue?] {
        [
            "min_departments": .given(minDepartments), "non_profit_counts": .given(nonProfitCounts),
            "min_co_financing": .given(minCoFinancing), "max_years": .given(maxYears), "max_per_year": .given(maxPerYear),
            "priority_area": anyPriorityArea ? .list([]) : .given(priorityArea),
            "target_group": anyTargetGroup ? .list([]) : .given(targetGroup),
            "overcommit": .given(overcommit), "repayment": .given(repayment),
        ]
    }
}
