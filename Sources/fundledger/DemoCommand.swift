import ArgumentParser
import EventStore
import Foundation
import FundLedger

/// `fundledger demo`: records the article's funds through `LedgerService`, then prints fund statements,
/// initiative status, cross-department flows, the trial balance and `verify`'s result.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Record the social investment funds of Region Skåne, Tomelilla, Eslöv and Malmö, then print their statements and verify.",
        discussion: """
            The scenario follows the article "Sociala Investeringar – Varför det?" (see docs/demo.md): applications, \
            a refused application, decisions, disbursements, savings in another department than the one that \
            invested, repayments, an attribution, a waiver and a correction. Amounts not in the article are \
            marked illustrative.

            Every command has a fixed id, so running the demo again is an idempotent retry: it writes nothing \
            new and prints the same statements. Run it on a fresh (migrated) database.
            """)

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingErrors {
            do {
                try await record()
            } catch let error as UnreadableEventError {
                throw UserError(description: """
                    the database holds events the ledger cannot read (position \(error.globalPosition), \(error.eventType)); they were not \
                    written through the domain, e.g. by the placeholder demo of earlier versions, which appended raw events. \
                    The log is append-only, so run the demo on a fresh, migrated database: \
                    psql "$(fundledger db url --name postgres)" -c 'CREATE DATABASE demo' && \
                    fundledger migrate --database "$(fundledger db url --name demo)" && \
                    fundledger demo --database "$(fundledger db url --name demo)"
                    """, exitCode: ExitStatus.conflict)
            }
        }
    }

    /// Records the scenario and prints the reports.
    func record() async throws {
        let store = try database.store()
        let service = LedgerService(store: store)
        // Commands read only their own streams; check the whole log is readable before recording anything.
        _ = try await service.loadEvents()
        DemoCommand.emit(DemoCommand.header)
        let tally = try await DemoCommand.recordScenario(service)
        DemoCommand.emit([
            "",
            "Commands: \(tally.recorded) recorded now, \(tally.alreadyRecorded) already recorded (idempotent retry, nothing written), "
                + "\(tally.refused) refused as expected, \(tally.skipped) not attempted again.",
        ])
        let events = try await service.loadEvents()
        let books = Books(events: events)
        let state = LedgerState(events: events)
        DemoCommand.emit(DemoReport.fundStatements(state))
        DemoCommand.emit(DemoReport.initiatives(state))
        DemoCommand.emit(DemoReport.repayments(state))
        DemoCommand.emit(DemoReport.crossDepartmentFlows(state))
        let (trialBalance, total) = DemoReport.trialBalance(books)
        DemoCommand.emit(trialBalance)
        guard total == 0 else {
            throw UserError(description: "the trial balance sums to \(Money.sek(total)), not 0,00 kr", exitCode: ExitStatus.failure)
        }
        switch try await store.verifyChain() {
        case .verified(let head):
            DemoCommand.emit([
                "", "VERIFY (the hash chain, recomputed from position 1)",
                "  verified \(head.eventCount) events: chain intact, head position \(head.position), head hash \(head.hash.hex)",
            ])
        case .broken(let failure):
            throw UserError(description: "verify failed: hash chain broken at \(failure)", exitCode: ExitStatus.chainBroken)
        }
    }

    /// A decoding error in one line: what is wrong, and where.
    static func summary(_ error: DecodingError) -> String {
        let (what, context): (String, DecodingError.Context) = switch error {
        case .keyNotFound(let key, let context): ("no \(key.stringValue)", context)
        case .typeMismatch(_, let context): ("a value of the wrong type", context)
        case .valueNotFound(_, let context): ("a missing value", context)
        case .dataCorrupted(let context): ("unreadable data", context)
        @unknown default: ("unreadable data", DecodingError.Context(codingPath: [], debugDescription: "\(error)"))
        }
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return "\(what)\(path.isEmpty ? "" : " at \(path)"): \(context.debugDescription)"
    }

    static func emit(_ lines: [String]) {
        for line in lines { print(line) }
    }

    static let header = [
        "FundLedger demo: social investment funds in Skåne",
        "Source: \"Sociala Investeringar – Varför det?\", a report from Region Skåne's conference of 11 November (docs/demo.md).",
        "Figures and rules: [A] from the article, [D] from the domain primer, [I] illustrative (not in the article;",
        "also said in each command's recorded reason). Organisation numbers are the organisations' public ones.",
        "Steps: + recorded now, = already recorded (a rerun writes nothing), x refused as expected (nothing written),",
        "- not attempted again (a later step settled it).",
    ]

    /// How the recording went.
    struct Tally {
        var recorded = 0
        var alreadyRecorded = 0
        var refused = 0
        var skipped = 0
    }

    /// Records every step of the scenario, printing one line per command.
    static func recordScenario(_ service: LedgerService) async throws -> Tally {
        var tally = Tally()
        guard DemoScenario.duplicateCommandIDs.isEmpty else {
            throw UserError(description: "the demo scenario reuses command ids \(DemoScenario.duplicateCommandIDs)", exitCode: ExitStatus.failure)
        }
        for chapter in DemoScenario.chapters {
            emit([""] + [chapter.title] + chapter.intro.map { "  " + $0 })
            for step in chapter.steps {
                switch step.expectation {
                case .records:
                    let result: RecordingResult
                    do {
                        result = try await service.recordAll(step.envelopes)
                    } catch let error as LedgerRuleError {
                        throw refusedStep(step, "\(error)")
                    } catch let error as BatchRuleError {
                        throw refusedStep(step, "\(error)")
                    }
                    let mark = result.wasAlreadyRecorded ? "=" : "+"
                    for envelope in step.envelopes {
                        emit([stepLine(mark, envelope, step.source)])
                    }
                    if result.wasAlreadyRecorded { tally.alreadyRecorded += step.envelopes.count } else { tally.recorded += step.envelopes.count }
                case .refused(let rule, let attemptWhile):
                    let envelope = step.envelopes[0]
                    guard attemptWhile(try await service.loadState()) else {
                        emit([stepLine("-", envelope, step.source) + "  (refused on an earlier run)"])
                        tally.skipped += 1
                        break
                    }
                    do {
                        try await service.record(envelope)
                        throw UserError(
                            description: "demo step \(step.key) should have been refused (\(rule)) but was recorded; the scenario no longer matches the rules",
                            exitCode: ExitStatus.failure)
                    } catch let error as LedgerRuleError {
                        guard error.rule == rule else {
                            throw UserError(
                                description: "demo step \(step.key) was refused with \(error.rule), not the expected \(rule): \(error)",
                                exitCode: ExitStatus.failure)
                        }
                        emit([stepLine("x", envelope, step.source), "       refused, nothing written: \(error)"])
                        tally.refused += 1
                    }
                }
                if let note = step.note { emit(["       note: \(note)"]) }
            }
        }
        return tally
    }

    static func refusedStep(_ step: DemoStep, _ message: String) -> UserError {
        UserError(
            description: "demo step \(step.key) was refused: \(message); the demo records its own organisations and funds, so run it on a fresh database (or one only the demo has written to)",
            exitCode: ExitStatus.conflict)
    }

    static func stepLine(_ mark: String, _ envelope: CommandEnvelope, _ source: DemoProvenance) -> String {
        let tag = source == .none ? "   " : "[\(source.rawValue)]"
        return "  \(mark) \(envelope.effectiveDate)  \(tag) \(DemoReport.describe(envelope.command))"
    }
}

/// The demo's printed reports: plain text tables, amounts in Swedish format (`Money.description`).
enum DemoReport {
    // MARK: Command lines

    /// One line saying what a command does.
    static func describe(_ command: LedgerCommand) -> String {
        switch command {
        case .registerOrganisation(let id, let name, let kind):
            return "register \(kind) \(name) (\(id))"
        case .registerDepartment(_, let code, let name, let kind):
            return "register \(kindName(kind)) \(code) \(name)"
        case .closePeriod(let organisation, let through):
            return "close the books of \(organisation) through \(through)"
        case .establishFund(let fundID, _, let name, let currency, let policy):
            return "establish fund \(fundID) \"\(name)\" in \(currency): \(policySummary(policy))"
        case .changePolicy(let fundID, let policy):
            return "change the policy of \(fundID): \(policySummary(policy))"
        case .contributeCapital(let fundID, let amount, let source):
            return "contribute \(amount) to \(fundID) from \(source)"
        case .withdrawCapital(let fundID, let amount):
            return "withdraw \(amount) from \(fundID)"
        case .submitApplication(let fundID, let application):
            let requested = Money.sek(application.requestedPerYear.reduce(0) { $0 + $1.amount.ore })
            let partners = application.partners.map { $0.name + ($0.nonProfit ? ", non-profit" : "") }
            let parties = (application.departments + partners).joined(separator: " + ")
            return "apply to \(fundID): \(application.initiativeID) \"\(application.title)\" by \(parties); requests \(requested), co-financing \(application.coFinancing)"
        case .assessApplication(_, let initiativeID, let assessor):
            return "assess \(initiativeID) against the fund's criteria (\(assessor))"
        case .decideInvestment(_, let initiativeID, let body, let reference, let granted, _, _):
            return "decide \(initiativeID): grant \(granted) (\(body), \(reference))"
        case .rejectApplication(_, let initiativeID, let body, let reference, _):
            return "reject \(initiativeID) (\(body), \(reference))"
        case .amendDecision(_, let initiativeID, let reference, let granted):
            return "amend \(initiativeID) to \(granted) (\(reference))"
        case .revokeDecision(_, let initiativeID, let reference):
            return "revoke \(initiativeID) (\(reference))"
        case .disburse(_, let initiativeID, let amount, let department, let voucher, _):
            return "disburse \(amount) to \(department) for \(initiativeID) (voucher \(voucher))"
        case .recordCoFinancing(_, let initiativeID, let amount, let contributor):
            return "co-financing \(amount) from \(contributor) for \(initiativeID)"
        case .realiseSaving(_, let saving):
            return "saving \(saving.amount) in \(saving.department) from \(saving.initiativeID), \(saving.periodStart)–\(saving.periodEnd)\(saving.cashable ? "" : " (not cashable)")"
        case .attributeSaving(_, let savingID, let department, let share):
            return "attribute \(share.percent) of saving \(savingID) to \(department)"
        case .receiveRepayment(_, let initiativeID, let department, let amount, let method):
            return "repayment \(amount) from \(department) to \(initiativeID) (\(method == .cash ? "cash" : "frame reduction"))"
        case .waiveRepayment(_, let initiativeID, let department, let amount, let reference):
            return "waive \(amount) owed by \(department) on \(initiativeID) (\(reference))"
        case .measureOutcome(_, let initiativeID, let indicator, let value, let period):
            return "outcome of \(initiativeID): \(indicator) \(value) in \(period)"
        case .closeInitiative(_, let initiativeID, let outcome):
            return "close \(initiativeID): \(outcome.rawValue.replacingOccurrences(of: "_", with: " "))"
        case .reverse(_, let eventID):
            let original = DemoScenario.command(withID: eventID).map { " (\(describe($0)))" } ?? ""
            return "reverse event \(eventID.uuidString.lowercased())\(original)"
        }
    }

    static func kindName(_ kind: DepartmentKind) -> String {
        switch kind {
        case .department: "department"
        case .committee: "committee"
        case .externalActor: "external actor"
        }
    }

    static func policySummary(_ policy: FundPolicy) -> String {
        var parts = ["at least \(policy.minimumDepartments) department(s)\(policy.nonProfitPartnerCountsAsDepartment ? " (a non-profit partner counts)" : "")"]
        if policy.minimumCoFinancingShare.isPositive { parts.append("co-financing at least \(policy.minimumCoFinancingShare.percent)") }
        if !policy.targetGroups.isEmpty { parts.append("target group \(policy.targetGroups.joined(separator: ", "))") }
        if !policy.priorityAreas.isEmpty { parts.append("priority areas \(policy.priorityAreas.joined(separator: ", "))") }
        parts.append("repayment: \(terms(policy.repaymentModel))")
        return parts.joined(separator: "; ")
    }

    static func terms(_ model: RepaymentModel) -> String {
        switch model {
        case .none:
            return "none (grant)"
        case .shareOfSavings(let share, let cap, let horizon):
            let capText = switch cap {
            case .disbursed: "capped at the amount disbursed"
            case .fixed(let amount): "capped at \(amount)"
            case .unlimited: "no cap"
            }
            return "\(share.percent) of each saving, \(capText), within \(horizon) years of the decision"
        case .frameReduction(let share, let horizon):
            return "frame reduction (ramjustering) of \(share.percent) of each saving, within \(horizon) years of the decision"
        case .repaymentPlan(let instalments):
            return "repayment plan of \(instalments.count) instalment(s)"
        }
    }

    // MARK: Reports

    static func section(_ title: String) -> [String] { ["", title] }

    static func fundStatements(_ state: LedgerState) -> [String] {
        var table = DemoTable(["fund", "contributed", "disbursed", "repaid", "balance", "committed", "uncommitted", "capital"],
                              right: [1, 2, 3, 4, 5, 6])
        var legend: [String] = []
        for (fundID, capital) in DemoScenario.funds {
            guard let fund = state.funds[fundID] else { continue }
            table.add([
                fundID, "\(fund.contributed)", "\(fund.disbursed)", "\(fund.repaid)", "\(fund.balance)", "\(fund.committed)",
                "\(fund.uncommitted)", capital == .article ? "[A]" : "[I]",
            ])
            let owner = state.organisations[fund.organisationID].map { "\($0.name) (\($0.id))" } ?? fund.organisationID
            legend.append("  \(fundID): \(fund.name), \(owner); repayment \(terms(fund.policy.repaymentModel))")
        }
        return section("FUND STATEMENTS (fondställning)") + table.lines() + [""] + legend + [
            "  balance = contributed - withdrawn - disbursed + repaid (nothing is withdrawn in the demo);",
            "  committed = granted - disbursed on open decisions; uncommitted = balance - committed.",
        ]
    }

    /// The scenario's initiatives that exist, in story order.
    static func initiatives(in state: LedgerState) -> [(fund: FundState, initiative: InitiativeState)] {
        DemoScenario.initiatives.compactMap { id in
            guard let fundID = state.fundOfInitiative[id], let fund = state.funds[fundID], let initiative = fund.initiatives[id] else { return nil }
            return (fund, initiative)
        }
    }

    static func initiatives(_ state: LedgerState) -> [String] {
        var table = DemoTable(["initiative", "fund", "status", "decision", "granted", "disbursed", "realised savings"], right: [4, 5, 6])
        var notes: [String] = []
        for (fund, initiative) in initiatives(in: state) {
            let decision = initiative.decision.map { "\($0.referenceNumber) \($0.decidedOn)" }
                ?? initiative.rejection.map { "\($0.referenceNumber) rejected" } ?? "-"
            let savings = Money.sek(initiative.savings.values.reduce(0) { $0 + $1.saving.amount.ore })
            table.add([initiative.id, fund.id, initiative.status.rawValue, decision, "\(initiative.granted)", "\(initiative.disbursed)", "\(savings)"])
            if let rejection = initiative.rejection { notes.append("  \(initiative.id) rejected: \(rejection.reason)") }
            if let assessment = initiative.assessment, assessment.results.contains(where: { !$0.met }) {
                let failed = assessment.results.filter { !$0.met }.map { "\($0.criterion) (\($0.note))" }
                notes.append("  \(initiative.id) assessment: not met: \(failed.joined(separator: "; "))")
            }
            for outcome in initiative.outcomes {
                notes.append("  \(initiative.id) follow-up: \(outcome.indicator) \(outcome.value) in \(outcome.period)"
                    + (initiative.application.indicators.first { $0.name == outcome.indicator }.map { " (baseline \($0.baseline), target \($0.target))" } ?? ""))
            }
        }
        return section("INITIATIVES (insatser)") + table.lines() + (notes.isEmpty ? [] : [""] + notes)
    }

    static func repayments(_ state: LedgerState) -> [String] {
        var table = DemoTable(["initiative", "department", "due", "repaid", "waived", "outstanding"], right: [2, 3, 4, 5])
        var legend: [String] = []
        for (_, initiative) in initiatives(in: state) {
            guard let decision = initiative.decision else { continue }
            let positions = RepaymentSchedule.positions(for: initiative)
            if case .none = decision.repaymentTerms {
                table.add([initiative.id, "(grant: no repayment)", "", "", "", ""])
            } else if positions.isEmpty {
                table.add([initiative.id, "(nothing due yet)", "", "", "", ""])
            }
            for position in positions {
                table.add([initiative.id, position.department, "\(position.due)", "\(position.repaid)", "\(position.waived)", "\(position.outstanding)"])
            }
            if positions.count > 1 {
                let total = { (part: (DepartmentRepaymentPosition) -> Money) in Money.sek(positions.reduce(0) { $0 + part($1).ore }) }
                table.add(["", "total", "\(total(\.due))", "\(total(\.repaid))", "\(total(\.waived))", "\(total(\.outstanding))"])
            }
            legend.append("  \(initiative.id): \(terms(decision.repaymentTerms)) (decided \(decision.decidedOn), \(decision.referenceNumber))")
        }
        return section("REPAYMENTS (återbetalningar): due under each decision's terms, by paying department")
            + table.lines() + [""] + legend + [
                "  due = share x saving, within the cap and horizon; a share of a saving attributed to another department is owed by it;",
                "  outstanding = due - repaid - waived.",
            ]
    }

    static func crossDepartmentFlows(_ state: LedgerState) -> [String] {
        var lines = section("CROSS-DEPARTMENT FLOWS: who invested, where the savings arose, who paid back")
        for (fund, initiative) in initiatives(in: state) where !initiative.savings.isEmpty {
            let departments = state.organisations[fund.organisationID]?.departments ?? [:]
            var saved: [String: Int64] = [:]
            for saving in initiative.savings.values { saved[saving.saving.department, default: 0] += saving.saving.amount.ore }
            let investors = initiative.disbursedByDepartment.filter { $0.value.isPositive }.keys.sorted()
            let savers = saved.keys.sorted { (saved[$0]!, $1) > (saved[$1]!, $0) }
            let payers = initiative.repaidByDepartment.filter { $0.value.isPositive }.keys.sorted()
            var order: [String] = []
            for code in investors + savers + payers where !order.contains(code) { order.append(code) }
            lines.append("  \(initiative.id) (\(fund.id)): invested by \(investors.joined(separator: ", ")), saved in \(savers.joined(separator: ", "))")
            var table = DemoTable(["department", "name", "received", "saved", "repaid"], right: [2, 3, 4])
            for code in order {
                let name = departments[code].map { $0.name + ($0.kind == .externalActor ? " (external)" : "") } ?? code
                table.add([code, name, "\(initiative.disbursedByDepartment[code] ?? .zero(.sek))", "\(Money.sek(saved[code] ?? 0))",
                           "\(initiative.repaidByDepartment[code] ?? .zero(.sek))"])
            }
            lines += table.lines(indent: "    ")
        }
        return lines
    }

    static func accountName(_ account: Account) -> String {
        switch account {
        case .fundCash: "fund cash (likvida medel)"
        case .fundCapital: "fund capital (öronmärkt eget kapital)"
        case .disbursements: "disbursements (utbetalda medel)"
        case .repaymentReceivable: "repayments receivable (fordran återbetalning)"
        case .accruedRepayments: "accrued repayments (upplupna återbetalningar)"
        }
    }

    /// The latest fiscal year's trial balance over every fund, result accounts closed at each year end,
    /// and the total of its closing balances in öre (zero when the books balance).
    static func trialBalance(_ books: Books) -> ([String], Int64) {
        let year = books.journal.map(\.effectiveDate.year).max() ?? 0
        let balances = books.yearBalances(year: year)
        var table = DemoTable(["account", "name", "opening", "debit", "credit", "closing"], right: [2, 3, 4, 5])
        var total: Int64 = 0
        for account in Account.allCases.sorted() {
            let balance = balances[account] ?? AccountYear()
            total += balance.closing
            table.add([account.number, accountName(account)] + [balance.opening, balance.debit, balance.credit, balance.closing].map { "\(Money.sek($0))" })
        }
        table.rule()
        table.add(["", "total", "", "", "", "\(Money.sek(total))"])
        let title = "TRIAL BALANCE \(year) (all funds; debit +, credit -; result accounts closed to capital at each year end; posting rules v\(Books.rulesVersion))"
        return (section(title) + table.lines(), total)
    }
}

/// A plain text table: columns padded to their widest cell, two spaces apart.
struct DemoTable {
    let headers: [String]
    let rightAligned: Set<Int>
    private var rows: [[String]?] = []

    init(_ headers: [String], right: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = right
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    /// A line of dashes.
    mutating func rule() { rows.append(nil) }

    func lines(indent: String = "  ") -> [String] {
        var widths = headers.map(\.count)
        for row in rows.compactMap({ $0 }) {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func render(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? padding + cell : cell + padding
            }
            let line = indent + padded.joined(separator: "  ")
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
        let dashes = indent + String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return [render(headers), dashes] + rows.map { $0.map(render) ?? dashes }
    }
}
