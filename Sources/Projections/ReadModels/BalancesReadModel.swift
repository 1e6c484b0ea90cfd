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

    /// Rewritten per fund: a long catch-up writes it at its end (and where the fold's snapshot is taken), not
    /// at each commit — on the wide benchmark ledger each commit rewrote every fund's rows.
    public var holdsCurrentStateOnly: Bool { true }

    public func resetStatements(from position: Int64) -> [PostgresQuery] {
        // State tables hold no history: any restart rewrites all of them.
        [PostgresQuery(unsafeSQL: "TRUNCATE \(tables.joined(separator: ", "))")]
    }

    struct Writer: ReadModelWriter {
        var changedFunds: Set<String> = []
        var everything = false
        /// The stream of the last event noted since the last drain: events come in runs of one stream.
        var lastStream: String?

        mutating func observe(_ event: StoredLedgerEvent, books: Books, entries: [JournalEntry]) {
            guard event.streamID != lastStream else { return }
            lastStream = event.streamID
            if let fundID = LedgerState.fundID(ofStream: event.streamID) { changedFunds.insert(fundID) }
        }

        mutating func markEverythingChanged() { everything = true }

        mutating func drainChanges(books: Books) -> ReadModelChanges {
            let state = books.state
            defer {
                changedFunds = []
                everything = false
                lastStream = nil
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
            // Rendered in the writing task from this copy of the state, which the fold no longer changes: the
            // commit that writes every fund (at the snapshot, after a reset) kept the fold waiting 0.64 s on the
            // wide benchmark ledger at a million events.
            changes.renderedWhileWriting = {
                var blocks = Blocks()
                for fundID in sorted {
                    guard let fund = state.funds[fundID] else { continue }
                    blocks.append(fund)
                }
                return [blocks.funds, blocks.initiatives, blocks.departments, blocks.pairs]
            }
            return changes
        }
    }

    /// The four tables' rows of the funds a commit rewrites, each field written straight into its COPY block.
    struct Blocks {
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

        /// `fund`'s row, its initiatives' rows (in id order) and its departments' and department pairs' rows.
        mutating func append(_ fund: FundState) {
            appendFundRow(fund)
            let currency = fund.currency.code
            for initiative in fund.initiatives.values.sorted(by: { $0.id < $1.id }) {
                let repayments = initiative.repaymentBalance
                let saved = initiative.savings.values.reduce(Int64(0)) { $0 + $1.saving.amount.ore }
                initiatives.appendRow { row in
                    row.text(fund.id)
                    row.text(initiative.id)
                    row.text(initiative.application.title)
                    row.text(initiative.status.rawValue)
                    row.text(initiative.closing?.rawValue)
                    row.text(currency)
                    row.bigint(initiative.granted.ore)
                    row.bigint(initiative.disbursed.ore)
                    row.bigint(initiative.committed.ore)
                    row.bigint(initiative.coFinancing.ore)
                    row.bigint(saved)
                    row.bigint(repayments.due.ore)
                    row.bigint(repayments.repaid.ore)
                    row.bigint(repayments.waived.ore)
                    row.bigint(repayments.outstanding.ore)
                }
            }
            appendFlowRows(fund)
        }

        private mutating func appendFundRow(_ fund: FundState) {
            let totals = fund.initiativeTotals
            let balance = fund.balance(totals)
            funds.appendRow { row in
                row.text(fund.id)
                row.text(fund.organisationID)
                row.text(fund.name)
                row.text(fund.currency.code)
                row.bigint(fund.contributed.ore)
                row.bigint(fund.withdrawn.ore)
                row.bigint(fund.contributed.ore - fund.withdrawn.ore)
                row.bigint(totals.granted)
                row.bigint(totals.disbursed)
                row.bigint(totals.repaid)
                row.bigint(totals.committed)
                row.bigint(balance)
                row.bigint(balance - totals.committed)
                row.integer(fund.initiatives.count)
            }
        }

        private mutating func appendFlowRows(_ fund: FundState) {
            let currency = fund.currency.code
            for flow in DepartmentFlows.perDepartment(fund) {
                departments.appendRow { row in
                    row.text(fund.id)
                    row.text(flow.department)
                    row.text(currency)
                    for amount in [flow.invested, flow.saved, flow.due, flow.repaid, flow.net] { row.bigint(amount) }
                }
            }
            for pair in DepartmentFlows.perPair(fund) {
                pairs.appendRow { row in
                    row.text(fund.id)
                    row.text(pair.investingDepartment)
                    row.text(pair.savingDepartment)
                    row.text(currency)
                    row.bigint(pair.saved)
                    row.bigint(pair.repaid)
                    row.integer(pair.initiatives)
                }
            }
        }
    }
}
