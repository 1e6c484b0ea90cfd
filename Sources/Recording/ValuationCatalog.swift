import EventStore
import FundLedger

/// What the command line needs of a catalogue entry: its names, help and fields.
public protocol CommandDeclaration: Sendable {
    /// The name in command files and messages (`disburse`, `unit_cost`).
    var name: String { get }
    /// The subcommand, e.g. `initiative disburse`.
    var commandLine: String { get }
    var abstract: String { get }
    var example: String { get }
    /// The fields it takes besides the metadata every command takes (`CommandField.metadata`).
    var fields: [CommandField] { get }
}

/// One kind of valuation command: the data the evaluation models value outcomes with (docs/valuation.md),
/// declared like the ledger's commands so that its options, checks and messages are the same; its fields
/// become one `ValuationCommand`.
public typealias ValuationKind = RecordingKind<@Sendable (inout FieldInput) throws -> ValuationCommand>

/// The valuation commands: unit costs and their split over actors, financial proxies, price indices,
/// evaluation assumptions and outcome contracts.
public enum ValuationCatalog {
    public static let all: [ValuationKind] = [unitCost, proxy, index, assumptions, contract]

    static let valueKinds: KeyValuePairs<String, ValueKind> = ["fiscal": .fiscal, "economic": .economic, "social": .social]

    public static let unitCost = ValuationKind(
        "unit_cost", "valuation unit-cost", "Record what one unit of an outcome costs, split over the actors who bear it; the shares must add up to the cost exactly.",
        example: """
            fundledger valuation unit-cost --organisation 212000-0886 --outcome placering --description "one placement for a year" \
            --unit placement-year --cost "1 000 000 kr" --share kommun=900000 --share region=100000 --source "SKR 2025" --price-year 2025
            """,
        fields: [
            CommandField.organisation.explained("The organisation number whose catalogue it belongs to."), .valuedOutcome, .outcomeDescription,
            .unit, .valueKind, .cost, .currency, .costShare, .figureSource, .priceYear,
        ]
    ) { input in
        // Whole numbers first: they were checked as the command line was parsed, before any amount.
        let priceYear = try input.year(.priceYear), currency = try input.currency()
        return .recordUnitCost(organisationID: try input.text(.organisation), UnitCostRecorded(
            outcomeID: try input.text(.valuedOutcome), description: try input.text(.outcomeDescription), unit: try input.text(.unit),
            kind: try input.choice(.valueKind, valueKinds, default: .fiscal), cost: try input.money(.cost, currency),
            split: try input.list(.costShare).map { try input.parseCostShare($0, currency) }, source: try input.text(.figureSource),
            priceYear: priceYear))
    }

    public static let proxy = ValuationKind(
        "financial_proxy", "valuation proxy", "Record the value to society of one unit of an outcome (an SROI financial proxy).",
        example: "fundledger valuation proxy --organisation 212000-0886 --outcome employment --description \"a person in work\" --unit person --value \"8 500\" --source \"…\" --price-year 2026",
        fields: [
            CommandField.organisation.explained("The organisation number whose catalogue it belongs to."),
            CommandField.valuedOutcome.explained("The outcome id (= the indicator name of measured outcomes)."), .outcomeDescription,
            CommandField.unit.explained("What one unit is."), .proxyValue, .currency, .figureSource, .priceYear,
        ]
    ) { input in
        let priceYear = try input.year(.priceYear), currency = try input.currency()
        return .recordFinancialProxy(organisationID: try input.text(.organisation), FinancialProxyRecorded(
            outcomeID: try input.text(.valuedOutcome), description: try input.text(.outcomeDescription), unit: try input.text(.unit),
            value: try input.money(.proxyValue, currency), source: try input.text(.figureSource), priceYear: priceYear))
    }

    public static let index = ValuationKind(
        "price_index", "valuation index", "Record levels of a price index by year, for uprating values to one year's prices.",
        example: "fundledger valuation index --organisation 212000-0886 --index kpi --level 2024=414.22 --level 2025=417.46 --source \"SCB KPI, 1980=100\"",
        fields: [CommandField.organisation.explained("The organisation number."), .indexID, .level, CommandField.figureSource.explained("Where the levels come from.")]
    ) { input in
        .recordPriceIndex(organisationID: try input.text(.organisation), PriceIndexRecorded(
            indexID: try input.optionalText(.indexID) ?? "kpi", points: try input.list(.level).map { try input.parseIndexPoint($0) },
            source: try input.text(.figureSource)))
    }

    public static let assumptions = ValuationKind(
        "assumptions", "valuation assumptions", "Record the assumptions an evaluation of the fund, or of one initiative, rests on.",
        example: "fundledger valuation assumptions --fund sif --initiative insats --deadweight 40% --attribution 30% --drop-off 30% --discount-rate 3.5% --horizon-years 2 --source \"utvärderingsplan\"",
        fields: [
            CommandField.fund.explained("The fund."),
            CommandField.initiative.explained("The initiative (default: the fund's own assumptions, used by initiatives without their own)."),
            .deadweight, .displacement, .attribution, .dropOff, .discountRate, .optimismBias, .horizonYears, .targetGroupSize,
            CommandField.figureSource.explained("Where the assumptions come from."),
        ]
    ) { input in
        .recordAssumptions(fundID: try input.text(.fund), EvaluationAssumptionsRecorded(
            initiativeID: try input.optionalText(.initiative), deadweight: try input.decimal(.deadweight, default: "0"),
            displacement: try input.decimal(.displacement, default: "0"), attribution: try input.decimal(.attribution, default: "0"),
            dropOff: try input.decimal(.dropOff, default: "0"), discountRate: try input.decimal(.discountRate, default: "3.5%"),
            optimismBias: try input.decimal(.optimismBias, default: "0"),
            horizonYears: try input.optionalInt(.horizonYears, 1...50) ?? 1,
            targetGroupSize: try input.optionalInt(.targetGroupSize, 0...Int(Int32.max)), source: try input.text(.figureSource)))
    }

    public static let contract = ValuationKind(
        "outcome_contract", "valuation contract", "Record an outcome-payment contract (social impact bond) on an initiative.",
        example: "fundledger valuation contract --fund sif --contract sib-1 --initiative insats --treated reconvictions --comparison reconvictions-comparison --threshold 10% --payment-per-outcome \"10 000\" --cap \"150 000\" --source \"KS 2026/9\"",
        fields: [
            CommandField.fund.explained("The fund."), .contract, CommandField.initiative.explained("The initiative it pays for."), .treated,
            .comparison, .threshold, .paymentPerOutcome, .cap, .currency, CommandField.figureSource.explained("The agreement's reference."),
        ]
    ) { input in
        let currency = try input.currency()
        return .agreeOutcomeContract(fundID: try input.text(.fund), OutcomeContractAgreed(
            contractID: try input.text(.contract), initiativeID: try input.text(.initiative), treatedIndicator: try input.text(.treated),
            comparisonIndicator: try input.text(.comparison), threshold: try input.decimal(.threshold, default: nil),
            paymentPerOutcome: try input.money(.paymentPerOutcome, currency), cap: try input.money(.cap, currency),
            source: try input.text(.figureSource)))
    }
}

extension CommandField {
    public static let valuedOutcome = CommandField("outcome", "ID", "The outcome id; measured outcomes are valued by indicator name = outcome id.")
    public static let outcomeDescription = CommandField("description", "TEXT", "What the outcome is.")
    public static let unit = CommandField("unit", "UNIT", "What one unit is (incident, person-year).")
    public static let valueKind = CommandField("kind", "KIND", "fiscal (default), economic or social.")
    public static let cost = CommandField("cost", "AMOUNT", "The cost of one unit, e.g. \"2 470\" or 2470.00.")
    public static let costShare = CommandField(
        "share", "ACTOR=AMOUNT[:non-cashable]", "One actor's share of the cost; repeat for each actor.", form: .repeatable)
    public static let figureSource = CommandField("source", "TEXT", "Where the figure comes from.")
    public static let priceYear = CommandField("price_year", "YEAR", "The year whose prices the figure is in.")
    public static let proxyValue = CommandField("value", "AMOUNT", "The value of one unit.")
    public static let indexID = CommandField("index", "ID", "The index id (default: kpi).")
    public static let level = CommandField("level", "YEAR=LEVEL", "A year's level, an exact decimal; repeat for each year.", form: .repeatable)
    public static let deadweight = CommandField("deadweight", "SHARE", "Share that would have happened anyway (default 0).")
    public static let displacement = CommandField("displacement", "SHARE", "Share merely moved elsewhere (default 0).")
    public static let attribution = CommandField("attribution", "SHARE", "Share owed to others (default 0).")
    public static let dropOff = CommandField("drop_off", "SHARE", "Share of the effect lost each year after the first (default 0).")
    public static let discountRate = CommandField("discount_rate", "RATE", "Yearly discount rate (default 3.5%).")
    public static let optimismBias = CommandField("optimism_bias", "SHARE", "Share benefits are reduced by for optimism (default 0).")
    public static let horizonYears = CommandField("horizon_years", "YEARS", "Years an effect is counted, first included, 1–50 (default 1).")
    public static let targetGroupSize = CommandField("target_group_size", "N", "People in the target group (the socio-economic model).")
    public static let contract = CommandField("contract", "ID", "The contract id.")
    public static let treated = CommandField("treated", "INDICATOR", "The indicator measured for the treated cohort.")
    public static let comparison = CommandField("comparison", "INDICATOR", "The indicator measured for the comparison group.")
    public static let threshold = CommandField("threshold", "SHARE", "The smallest reduction that pays (10%, 0.1).")
    public static let paymentPerOutcome = CommandField("payment_per_outcome", "AMOUNT", "Paid per outcome, in the fund's currency.")
    public static let cap = CommandField("cap", "AMOUNT", "The most the contract pays, all periods together.")
}

extension FieldInput {
    /// The `currency` field, SEK when not given.
    mutating func currency() throws -> Currency {
        let code = try optionalText(.currency) ?? "SEK"
        guard let currency = Currency(code.uppercased()) else {
            throw origin.error("currency", "\"\(code)\" is not a currency code such as SEK")
        }
        return currency
    }

    /// A four-digit year.
    mutating func year(_ field: CommandField) throws -> Int {
        guard let year = try optionalInt(field, 1000...9999) else { throw missing(field.name, "a year such as 2025") }
        return year
    }

    /// A decimal or a percentage, with a decimal point or comma (`0.035`, `3,5%`), or `default` when absent.
    mutating func decimal(_ field: CommandField, default fallback: String?) throws -> Rate {
        guard let text = try optionalText(field) ?? fallback else { throw missing(field.name, "a decimal or a percentage") }
        guard let value = Rate(text) else { throw origin.error(field.name, "\"\(text)\" is not a decimal or a percentage (0.4, 40%)") }
        return value
    }

    /// `ACTOR=AMOUNT` or `ACTOR=AMOUNT:non-cashable`.
    func parseCostShare(_ text: String, _ currency: Currency) throws -> CostShare {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty else {
            throw origin.error("share", "\"\(text)\" is not ACTOR=AMOUNT, e.g. kommun=900000")
        }
        var amount = parts[1]
        let cashable = !amount.hasSuffix(":non-cashable")
        if !cashable { amount.removeLast(":non-cashable".count) }
        return CostShare(actor: parts[0].trimmingCharacters(in: .whitespaces), amount: try parseMoney(amount, "share", currency), cashable: cashable)
    }

    /// `2025=417.46`.
    func parseIndexPoint(_ text: String) throws -> IndexPoint {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let year = Int(parts[0]), let level = Rate(parts[1]) else {
            throw origin.error("level", "\"\(text)\" is not YEAR=LEVEL, e.g. 2025=417.46")
        }
        return IndexPoint(year: year, level: level)
    }
}
