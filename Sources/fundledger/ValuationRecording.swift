import Recording
import EventStore
import Foundation
import FundLedger

/// Reading valuation options: each failure names the option (or column) and exits 65, nothing written.
enum ValuationInput {
    static func bad(_ field: String, _ reason: String) -> UserError {
        UserError(description: "\(field): \(reason); nothing was written", exitCode: ExitStatus.badInput)
    }

    static func currency(_ code: String, _ field: String) throws -> Currency {
        guard let currency = Currency(code.uppercased()) else { throw bad(field, "\"\(code)\" is not a currency code such as SEK") }
        return currency
    }

    static func money(_ text: String, _ currency: Currency, _ field: String) throws -> Money {
        do { return try Money.parse(text, currency: currency) } catch { throw bad(field, "\(error)") }
    }

    /// A decimal or a percentage, with a decimal point or comma: `0.035`, `3,5%`.
    static func decimal(_ text: String) -> Rate? { Rate(text) }

    static func kind(_ text: String, _ field: String) throws -> ValueKind {
        guard let kind = ValueKind(rawValue: text.lowercased()) else {
            throw bad(field, "\"\(text)\" is not fiscal, economic or social")
        }
        return kind
    }

    /// `ACTOR=AMOUNT` or `ACTOR=AMOUNT:non-cashable`.
    static func share(_ text: String, _ currency: Currency, _ field: String) throws -> CostShare {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty else {
            throw bad(field, "\"\(text)\" is not ACTOR=AMOUNT, e.g. kommun=900000")
        }
        var amount = parts[1]
        var cashable = true
        if amount.hasSuffix(":non-cashable") {
            cashable = false
            amount.removeLast(":non-cashable".count)
        }
        return CostShare(actor: parts[0].trimmingCharacters(in: .whitespaces), amount: try money(amount, currency, field), cashable: cashable)
    }
}

/// Records valuation commands with the shared recording options (actor, reason, effective date, command
/// id, --json) and prints what was written, as the ledger's recording commands do.
struct ValuationRecorder {
    var options: RecordingOptions

    init(_ options: RecordingOptions) { self.options = options }

    var effectiveDate: CivilDate {
        get throws {
            guard let text = options.effectiveDate else { return try MetadataDefaults.fromEnvironment().effectiveDate }
            guard let date = CivilDate(text) else { throw ValuationInput.bad("--effective-date", "\"\(text)\" is not a date YYYY-MM-DD") }
            return date
        }
    }

    var commandID: UUID? {
        get throws {
            guard let text = options.commandId else { return nil }
            guard let id = UUID(uuidString: text) else { throw ValuationInput.bad("--command-id", "\"\(text)\" is not a UUID") }
            return id
        }
    }

    func envelope(_ command: ValuationCommand, id: UUID) throws -> ValuationEnvelope {
        let actor = try options.actor ?? MetadataDefaults.fromEnvironment().actor
        return ValuationEnvelope(
            command, actor: actor, reason: options.reason,
            decisionReference: options.decisionRef, effectiveDate: try effectiveDate, commandID: id)
    }

    /// Records one command typed on the command line.
    func record(_ command: ValuationCommand) async throws {
        try await recordAll([(nil, try envelope(command, id: try commandID ?? UUID()))])
    }

    /// Records labelled envelopes in one transaction; a broken rule names the entry's label, exit 6.
    func recordAll(_ entries: [(label: String?, envelope: ValuationEnvelope)]) async throws {
        let service = LedgerService(store: try options.database.store())
        let result: RecordingResult
        do {
            result = try await service.recordAll(entries.map(\.envelope))
        } catch let error as BatchRuleError {
            let label = entries[error.index].label.map { "\($0): " } ?? ""
            throw UserError(description: "\(label)\(error.error.message) [rule: \(error.error.rule)]; nothing was written", exitCode: error.error.exitStatus)
        }
        let events = try await service.loadValuationRecords(ids: entries.map(\.envelope.commandID))
        let recorded = entries.enumerated().compactMap { index, entry in
            events[entry.envelope.commandID].map {
                RecordingOutcome.Event(entry: index, label: entry.label, event: $0, alreadyRecorded: result.wasAlreadyRecorded)
            }
        }
        RecordingPrinter(json: options.json).print(
            RecordingOutcome(events: recorded, entryCount: entries.count, wasAlreadyRecorded: result.wasAlreadyRecorded))
    }
}

extension LedgerService {
    /// The stored records of events by id, read from their streams (for printing what was recorded).
    func loadValuationRecords(ids: [UUID]) async throws -> [UUID: RecordedEvent] {
        let wanted = Set(ids)
        var found: [UUID: RecordedEvent] = [:]
        var after: Int64 = max(try await store.head().position - Int64(max(ids.count, 1)) - 1, 0)
        // Recorded just now (or by the retried run): look back from the head first, then everything.
        for _ in 0..<2 {
            while true {
                let batch = try await store.readAll(after: after, limit: 2000)
                guard let last = batch.last else { break }
                for record in batch where wanted.contains(record.eventID) { found[record.eventID] = record }
                after = last.globalPosition
            }
            if found.count == wanted.count { break }
            after = 0
        }
        return found
    }
}
