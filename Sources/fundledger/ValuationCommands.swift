import ArgumentParser
import EventStore
import Foundation
import FundLedger

/// `fundledger valuation …`: the data the evaluation models value outcomes with — unit costs and their
/// split over actors, financial proxies, price indices, evaluation assumptions and outcome contracts
/// (docs/valuation.md). Each is recorded through the ledger's rules: a broken rule exits 6, nothing written.
struct ValuationGroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "valuation",
        abstract: "Record unit costs, proxies, price indices, evaluation assumptions and outcome contracts (docs/valuation.md).",
        subcommands: [
            ValuationUnitCostCommand.self, ValuationProxyCommand.self, ValuationIndexCommand.self, ValuationAssumptionsCommand.self,
            ValuationContractCommand.self, ValuationImportCatalogueCommand.self,
        ])
}

/// `valuation unit-cost`: one entry of the organisation's unit-cost catalogue.
struct ValuationUnitCostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit-cost",
        abstract: "Record what one unit of an outcome costs, split over the actors who bear it.",
        discussion: """
            The shares must add up to the cost exactly. Example: fundledger valuation unit-cost --organisation 212000-0886 \
            --outcome placering --description "one placement for a year" --unit placement-year --cost "1 000 000 kr" \
            --share kommun=900000 --share region=100000 --source "SKR 2025" --price-year 2025
            """)

    @Option(help: "The organisation number whose catalogue it belongs to.")
    var organisation: String
    @Option(help: "The outcome id; measured outcomes are valued by indicator name = outcome id.")
    var outcome: String
    @Option(help: "What the outcome is.")
    var description: String
    @Option(help: "What one unit is (incident, person-year).")
    var unit: String
    @Option(help: "fiscal, economic or social.")
    var kind: String = "fiscal"
    @Option(help: "The cost of one unit, e.g. \"2 470\" or 2470.00.")
    var cost: String
    @Option(help: "The currency.")
    var currency: String = "SEK"
    @Option(help: "One actor's share: ACTOR=AMOUNT, or ACTOR=AMOUNT:non-cashable. Repeat for each actor.")
    var share: [String] = []
    @Option(help: "Where the figure comes from.")
    var source: String
    @Option(help: "The year whose prices the figure is in.")
    var priceYear: Int
    @OptionGroup var recording: RecordingOptions

    func run() async throws {
        try await reportingErrors {
            let currency = try ValuationInput.currency(currency, "--currency")
            let entry = UnitCostRecorded(
                outcomeID: outcome, description: description, unit: unit, kind: try ValuationInput.kind(kind, "--kind"),
                cost: try ValuationInput.money(cost, currency, "--cost"),
                split: try share.map { try ValuationInput.share($0, currency, "--share") }, source: source, priceYear: priceYear)
            try await ValuationRecorder(recording).record(.recordUnitCost(organisationID: organisation, entry))
        }
    }
}

/// `valuation proxy`: a financial proxy for SROI.
struct ValuationProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Record the value to society of one unit of an outcome (an SROI financial proxy).",
        discussion: "Example: fundledger valuation proxy --organisation 212000-0886 --outcome employment --description \"a person in work\" --unit person --value \"8 500\" --source \"…\" --price-year 2026")

    @Option(help: "The organisation number whose catalogue it belongs to.")
    var organisation: String
    @Option(help: "The outcome id (= the indicator name of measured outcomes).")
    var outcome: String
    @Option(help: "What the outcome is.")
    var description: String
    @Option(help: "What one unit is.")
    var unit: String
    @Option(help: "The value of one unit.")
    var value: String
    @Option(help: "The currency.")
    var currency: String = "SEK"
    @Option(help: "Where the figure comes from.")
    var source: String
    @Option(help: "The year whose prices the figure is in.")
    var priceYear: Int
    @OptionGroup var recording: RecordingOptions

    func run() async throws {
        try await reportingErrors {
            let currency = try ValuationInput.currency(currency, "--currency")
            let proxy = FinancialProxyRecorded(
                outcomeID: outcome, description: description, unit: unit, value: try ValuationInput.money(value, currency, "--value"),
                source: source, priceYear: priceYear)
            try await ValuationRecorder(recording).record(.recordFinancialProxy(organisationID: organisation, proxy))
        }
    }
}

/// `valuation index`: levels of a price index.
struct ValuationIndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Record levels of a price index by year, for uprating values to one year's prices.",
        discussion: "Example: fundledger valuation index --organisation 212000-0886 --index kpi --level 2024=414.22 --level 2025=417.46 --source \"SCB KPI, 1980=100\"")

    @Option(help: "The organisation number.")
    var organisation: String
    @Option(help: "The index id.")
    var index: String = "kpi"
    @Option(help: "YEAR=LEVEL, an exact decimal. Repeat for each year.")
    var level: [String] = []
    @Option(help: "Where the levels come from.")
    var source: String
    @OptionGroup var recording: RecordingOptions

    func run() async throws {
        try await reportingErrors {
            let points = try level.map { text -> IndexPoint in
                let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let year = Int(parts[0]), let value = ValuationInput.decimal(parts[1]) else {
                    throw ValuationInput.bad("--level", "\"\(text)\" is not YEAR=LEVEL, e.g. 2025=417.46")
                }
                return IndexPoint(year: year, level: value)
            }
            try await ValuationRecorder(recording).record(
                .recordPriceIndex(organisationID: organisation, PriceIndexRecorded(indexID: index, points: points, source: source)))
        }
    }
}

/// `valuation assumptions`: deadweight, displacement, attribution, drop-off, discount rate, optimism bias, horizon.
struct ValuationAssumptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assumptions",
        abstract: "Record the assumptions an evaluation of the fund, or of one initiative, rests on.",
        discussion: "Shares are decimals or percentages (0.4, 40%). Example: fundledger valuation assumptions --fund sif --initiative insats --deadweight 40% --attribution 30% --drop-off 30% --discount-rate 3.5% --horizon-years 2 --source \"utvärderingsplan\"")

    @Option(help: "The fund.")
    var fund: String
    @Option(help: "The initiative (default: the fund's own assumptions, used by initiatives without their own).")
    var initiative: String?
    @Option(help: "Share that would have happened anyway.")
    var deadweight: String = "0"
    @Option(help: "Share merely moved elsewhere.")
    var displacement: String = "0"
    @Option(help: "Share owed to others.")
    var attribution: String = "0"
    @Option(help: "Share of the effect lost each year after the first.")
    var dropOff: String = "0"
    @Option(help: "Yearly discount rate.")
    var discountRate: String = "3.5%"
    @Option(help: "Share benefits are reduced by for optimism.")
    var optimismBias: String = "0"
    @Option(help: "Years an effect is counted, first included, 1–50.")
    var horizonYears: Int = 1
    @Option(help: "People in the target group (the socio-economic model).")
    var targetGroupSize: Int?
    @Option(help: "Where the assumptions come from.")
    var source: String
    @OptionGroup var recording: RecordingOptions

    func run() async throws {
        try await reportingErrors {
            func share(_ text: String, _ option: String) throws -> Rate {
                guard let value = ValuationInput.decimal(text) else { throw ValuationInput.bad(option, "\"\(text)\" is not a decimal or a percentage (0.4, 40%)") }
                return value
            }
            let assumptions = EvaluationAssumptionsRecorded(
                initiativeID: initiative, deadweight: try share(deadweight, "--deadweight"), displacement: try share(displacement, "--displacement"),
                attribution: try share(attribution, "--attribution"), dropOff: try share(dropOff, "--drop-off"),
                discountRate: try share(discountRate, "--discount-rate"), optimismBias: try share(optimismBias, "--optimism-bias"),
                horizonYears: horizonYears, targetGroupSize: targetGroupSize, source: source)
            try await ValuationRecorder(recording).record(.recordAssumptions(fundID: fund, assumptions))
        }
    }
}

/// `valuation contract`: an outcome-payment contract.
struct ValuationContractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contract",
        abstract: "Record an outcome-payment contract (social impact bond) on an initiative.",
        discussion: "Example: fundledger valuation contract --fund sif --contract sib-1 --initiative insats --treated reconvictions --comparison reconvictions-comparison --threshold 10% --payment-per-outcome \"10 000\" --cap \"150 000\" --source \"KS 2026/9\"")

    @Option(help: "The fund.")
    var fund: String
    @Option(help: "The contract id.")
    var contract: String
    @Option(help: "The initiative it pays for.")
    var initiative: String
    @Option(help: "The indicator measured for the treated cohort.")
    var treated: String
    @Option(help: "The indicator measured for the comparison group.")
    var comparison: String
    @Option(help: "The smallest reduction that pays (10%, 0.1).")
    var threshold: String
    @Option(help: "Paid per outcome, in the fund's currency.")
    var paymentPerOutcome: String
    @Option(help: "The most the contract pays, all periods together.")
    var cap: String
    @Option(help: "The currency.")
    var currency: String = "SEK"
    @Option(help: "The agreement's reference.")
    var source: String
    @OptionGroup var recording: RecordingOptions

    func run() async throws {
        try await reportingErrors {
            let currency = try ValuationInput.currency(currency, "--currency")
            guard let threshold = ValuationInput.decimal(threshold) else {
                throw ValuationInput.bad("--threshold", "\"\(threshold)\" is not a decimal or a percentage (10%, 0.1)")
            }
            let agreed = OutcomeContractAgreed(
                contractID: contract, initiativeID: initiative, treatedIndicator: treated, comparisonIndicator: comparison, threshold: threshold,
                paymentPerOutcome: try ValuationInput.money(paymentPerOutcome, currency, "--payment-per-outcome"),
                cap: try ValuationInput.money(cap, currency, "--cap"), source: source)
            try await ValuationRecorder(recording).record(.agreeOutcomeContract(fundID: fund, agreed))
        }
    }
}
