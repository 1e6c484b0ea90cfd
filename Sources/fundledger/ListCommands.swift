import Recording
import ArgumentParser
import FundLedger
import Reporting

/// `fundledger funds`: each fund's capital, balance and commitments (domain.md, model 1).
struct FundsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funds",
        abstract: "List the funds: contributed, disbursed, repaid, balance, committed and uncommitted capital.",
        discussion: """
            balance = contributed − withdrawn − disbursed + repaid; committed = granted − disbursed on open decisions; \
            uncommitted = balance − committed.
            """)

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print one JSON object per fund (amounts in öre) instead of a table.")
    var json = false

    func run() async throws {
        try await reportingErrors {
            let state = try await LedgerService(store: try database.store()).loadState()
            let funds = LedgerListings.funds(state)
            if json {
                funds.forEach { print(LedgerListings.fundLine($0)) }
            } else if funds.isEmpty {
                print("no funds yet; establish one with `fundledger fund establish`")
            } else {
                LedgerListings.fundTable(funds).forEach { print($0) }
            }
        }
    }
}

/// `fundledger initiatives`: each initiative's status and money.
struct InitiativesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "initiatives",
        abstract: "List initiatives: status, granted, disbursed, repaid and outstanding repayment obligations.",
        discussion: "outstanding = due under the decision's repayment terms − repaid − waived, summed over departments.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Only this fund's initiatives.")
    var fund: String?
    @Flag(help: "Print one JSON object per initiative (amounts in öre) instead of a table.")
    var json = false

    func run() async throws {
        try await reportingErrors {
            let state = try await LedgerService(store: try database.store()).loadState()
            if let fund, state.funds[fund] == nil {
                throw UserError(description: "fund \(fund) does not exist", exitCode: ExitStatus.badInput)
            }
            let initiatives = LedgerListings.initiatives(state, fund: fund)
            if json {
                initiatives.forEach { print(LedgerListings.initiativeLine($0.initiative, of: $0.fund)) }
            } else if initiatives.isEmpty {
                print(fund.map { "fund \($0) has no initiatives yet" } ?? "no initiatives yet; apply with `fundledger initiative apply`")
            } else {
                LedgerListings.initiativeTable(initiatives).forEach { print($0) }
            }
        }
    }
}
