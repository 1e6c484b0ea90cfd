import EventStore
import FundLedger
import Postgres

/// `read_models.funds`, `initiatives`, `department_flows` and `department_pair_flows`: each fund's
/// current figures, rewritten per fund whenever one of its events arrives.
public struct BalancesReadModel: ReadModel {
    public init() {}
    public var name: String { "balances" }
    public var version: Int { 1 }
    public var tables: [String] {
        ["read_models.funds", "read_models.initiatives", "read_models.department_flows", "read_models.department_pair_flows"]
    }

    public func makeWriter() -> any ReadModelWriter { Writer() }

    public func resetStatements(from position: Int64) -> [PostgresQuery] {
        // State tables hold no history: any restart rewrites all of them.
        [PostgresQuery(unsafeSQL: "TRUNCATE \(tables.joined(separator: ", "))")]
    }

    struct Writer: ReadModelWriter {
        var changedFunds: Set<String> = []
        var everything = false

        mutating func observe(_ event: StoredLedgerEvent, books: Books, entries: [JournalEntry]) {
            if let fundID = LedgerState.fundID(ofStream: event.streamID) { changedFunds.insert(fundID) }
        }

        mutating func markEverythingChanged() { everything = true }

        mutating func drainChanges(books: Books) -> ReadModelChanges {
            let state = books.state
            defer {
                changedFunds = []
                everything = false
            }
            let fundIDs = everything ? Set(state.funds.keys) : changedFunds
            var changes = ReadModelChanges()
            guard !fundIDs.isEmpty else { return changes }
            let sorted = fundIDs.sorted()
            if !everything {
                let list = "[" + sorted.map(JSONText.quote).joined(separator: ",") + "]"
                for table in BalancesReadModel().tables {
                    changes.statements.append(PostgresQuery(
                        unsafeSQL: "DELETE FROM \(table) WHERE fund_id IN (SELECT jsonb_array_elements_text($1::jsonb))",
                        bindings: [list]))
                }
            }
            var funds = CopyBlock(table: "read_models.funds", columns: [
                "fund_id", "organisation_id", "name", "currency", "contributed_ore", "withdrawn_ore", "capital_ore",
                "granted_ore", "disbursed_ore", "repaid_ore", "committed_ore", "balance_ore", "uncommitted_ore", "initiatives"])
            var initiatives = CopyBlock(table: "read_models.initiatives", columns: [
                "fund_id", "initiative_id", "title", "status", "closing_outcome", "currency", "granted_ore", "disbursed_ore",
                "remaining_ore", "co_financing_ore", "realised_savings_ore", "repayments_due_ore", "repayments_received_ore",
                "repayments_waived_ore", "repayments_outstanding_ore"])
            var departments = CopyBlock(table: "read_models.department_flows", columns: [
                "fund_id", "department", "currency", "invested_ore", "saved_ore", "due_ore", "repaid_ore", "net_ore"])
            var pairs = CopyBlock(table: "read_models.department_pair_flows", columns: [
                "fund_id", "investing_department", "saving_department", "currency", "saved_ore", "repaid_ore", "initiatives"])
            for fundID in sorted {
                guard let fund = state.funds[fundID] else { continue }
                let currency = fund.currency.code
                let granted = fund.initiatives.values.filter { $0.status == .decided || $0.status == .closed }
                    .reduce(Int64(0)) { $0 + $1.granted.ore }
                funds.append([
                    fund.id, fund.organisationID, fund.name, currency, String(fund.contributed.ore), String(fund.withdrawn.ore),
                    String(fund.contributed.ore - fund.withdrawn.ore), String(granted), String(fund.disbursed.ore),
                    String(fund.repaid.ore), String(fund.committed.ore), String(fund.balance.ore), String(fund.uncommitted.ore),
                    String(fund.initiatives.count),
                ])
                for initiative in fund.initiatives.values.sorted(by: { $0.id < $1.id }) {
                    let repayments = initiative.repaymentBalance
                    let saved = initiative.savings.values.reduce(Int64(0)) { $0 + $1.saving.amount.ore }
                    initiatives.append([
                        fund.id, initiative.id, initiative.application.title, initiative.status.rawValue,
                        initiative.closing?.rawValue, currency, String(initiative.granted.ore), String(initiative.disbursed.ore),
                        String(initiative.committed.ore), String(initiative.coFinancing.ore), String(saved),
                        String(repayments.due.ore), String(repayments.repaid.ore), String(repayments.waived.ore),
                        String(repayments.outstanding.ore),
                    ])
                }
                for flow in DepartmentFlows.perDepartment(fund) {
                    departments.append([
                        fund.id, flow.department, currency, String(flow.invested), String(flow.saved), String(flow.due),
                        String(flow.repaid), String(flow.net),
                    ])
                }
                for pair in DepartmentFlows.perPair(fund) {
                    pairs.append([
                        fund.id, pair.investingDepartment, pair.savingDepartment, currency, String(pair.saved),
                        String(pair.repaid), String(pair.initiatives),
                    ])
                }
            }
            changes.copies = [funds, initiatives, departments, pairs]
            return changes
        }
    }
}
