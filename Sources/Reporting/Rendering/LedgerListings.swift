import EventStore
import FundLedger

/// `fundledger funds` and `fundledger initiatives`: the funds' capital and the initiatives' money as they
/// stand, as a table in kronor or one JSON line each with amounts in öre.
public enum LedgerListings {
    /// The funds, sorted by id.
    public static func funds(_ state: LedgerState) -> [FundState] {
        state.funds.values.sorted { $0.id < $1.id }
    }

    /// The initiatives of one fund or all, each with its fund, sorted by fund and initiative id.
    public static func initiatives(_ state: LedgerState, fund: String?) -> [(fund: FundState, initiative: InitiativeState)] {
        funds(state).filter { fund == nil || $0.id == fund }
            .flatMap { fund in fund.initiatives.values.sorted { $0.id < $1.id }.map { (fund, $0) } }
    }

    public static func fundTable(_ funds: [FundState]) -> [String] {
        let rows = funds.map { fund in
            [
                fund.id, fund.name, "\(fund.contributed)", "\(fund.withdrawn)", "\(fund.disbursed)", "\(fund.repaid)",
                "\(fund.balance)", "\(fund.committed)", "\(fund.uncommitted)",
            ]
        }
        return TextTableRenderer.lines(
            header: ["FUND", "NAME", "CONTRIBUTED", "WITHDRAWN", "DISBURSED", "REPAID", "BALANCE", "COMMITTED", "UNCOMMITTED"],
            rows: rows, rightAligned: Set(2...8))
    }

    public static func fundLine(_ fund: FundState) -> String {
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
        return line.text
    }

    public static func initiativeTable(_ initiatives: [(fund: FundState, initiative: InitiativeState)]) -> [String] {
        let rows = initiatives.map { fund, initiative in
            [
                fund.id, initiative.id, initiative.status.rawValue, "\(initiative.granted)", "\(initiative.disbursed)",
                "\(initiative.repaid)", "\(initiative.repaymentBalance.outstanding)", initiative.application.title,
            ]
        }
        return TextTableRenderer.lines(
            header: ["FUND", "INITIATIVE", "STATUS", "GRANTED", "DISBURSED", "REPAID", "OUTSTANDING", "TITLE"], rows: rows,
            rightAligned: Set(3...6))
    }

    public static func initiativeLine(_ initiative: InitiativeState, of fund: FundState) -> String {
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
        return line.text
    }
}
