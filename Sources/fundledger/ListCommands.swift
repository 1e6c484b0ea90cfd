import Recording
import ArgumentParser
import EventStore
import Foundation
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
            let funds = state.funds.values.sorted { $0.id < $1.id }
            if json {
                for fund in funds {
                    var line = JSONLine()
                    line["fund_id"] = fund.id
                    line["organisation_id"] = fund.organisationID
                    line["name"] = fund.name
                    line["currency"] = fund.currency.code
                    for (key, amount) in [
                        ("contributed_ore", fund.contributed), ("withdrawn_ore", fund.withdrawn), ("disbursed_ore", fund.disbursed),
                        ("repaid_ore", fund.repaid), ("balance_ore", fund.balance), ("committed_ore", fund.committed),
                        ("uncommitted_ore", fund.uncommitted),
                    ] {
                        line[key] = amount.ore
                    }
                    line["initiative_count"] = Int64(fund.initiatives.count)
                    print(line.text)
                }
                return
            }
            guard !funds.isEmpty else {
                print("no funds yet; establish one with `fundledger fund establish`")
                return
            }
            let rows = funds.map { fund in
                [
                    fund.id, fund.name, "\(fund.contributed)", "\(fund.withdrawn)", "\(fund.disbursed)", "\(fund.repaid)",
                    "\(fund.balance)", "\(fund.committed)", "\(fund.uncommitted)",
                ]
            }
            TextTableRenderer.lines(
                header: ["FUND", "NAME", "CONTRIBUTED", "WITHDRAWN", "DISBURSED", "REPAID", "BALANCE", "COMMITTED", "UNCOMMITTED"],
                rows: rows, rightAligned: Set(2...8)).forEach { print($0) }
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
            let initiatives = state.funds.values.filter { fund == nil || $0.id == fund }.sorted { $0.id < $1.id }
                .flatMap { fund in fund.initiatives.values.sorted { $0.id < $1.id }.map { (fund, $0) } }
            if json {
                for (fund, initiative) in initiatives {
                    var line = JSONLine()
                    line["fund_id"] = fund.id
                    line["initiative_id"] = initiative.id
                    line["title"] = initiative.application.title
                    line["status"] = initiative.status.rawValue
                    line["currency"] = fund.currency.code
                    line["requested_ore"] = initiative.application.requestedPerYear.reduce(0) { $0 + $1.amount.ore }
                    line["granted_ore"] = initiative.granted.ore
                    line["disbursed_ore"] = initiative.disbursed.ore
                    line["committed_ore"] = initiative.committed.ore
                    line["co_financing_ore"] = initiative.coFinancing.ore
                    line["due_ore"] = initiative.repaymentBalance.due.ore
                    line["repaid_ore"] = initiative.repaid.ore
                    line["waived_ore"] = initiative.waived.ore
                    line["outstanding_ore"] = initiative.repaymentBalance.outstanding.ore
                    print(line.text)
                }
                return
            }
            guard !initiatives.isEmpty else {
                print(fund.map { "fund \($0) has no initiatives yet" } ?? "no initiatives yet; apply with `fundledger initiative apply`")
                return
            }
            let rows = initiatives.map { fund, initiative in
                [
                    fund.id, initiative.id, initiative.status.rawValue, "\(initiative.granted)", "\(initiative.disbursed)",
                    "\(initiative.repaid)", "\(initiative.repaymentBalance.outstanding)", initiative.application.title,
                ]
            }
            TextTableRenderer.lines(
                header: ["FUND", "INITIATIVE", "STATUS", "GRANTED", "DISBURSED", "REPAID", "OUTSTANDING", "TITLE"], rows: rows,
                rightAligned: Set(3...6)).forEach { print($0) }
        }
    }
}
