import EventStore
import Foundation
import FundLedger

extension CatalogueFile {
    /// The entries of the CSV `text` (`read`), amounts in `currencyCode`, as one transaction will record them:
    /// an unknown currency, a file without rows or with more entries than one transaction holds exit 65.
    public static func entries(_ text: String, source: String, currencyCode: String) throws -> [Entry] {
        guard let currency = Currency(currencyCode.uppercased()) else {
            throw UserError(description: "--currency: \"\(currencyCode)\" is not a currency code such as SEK; nothing was written", exitCode: ExitStatus.badInput)
        }
        let entries = try read(text, source: source, currency: currency)
        guard !entries.isEmpty else {
            throw UserError(description: "\(source) holds no catalogue rows; nothing was written", exitCode: ExitStatus.badInput)
        }
        guard entries.count <= AppendLimits.eventCountMax else {
            throw UserError(description: "\(source) holds \(entries.count) entries, more than the \(AppendLimits.eventCountMax) one transaction may hold; split it; nothing was written", exitCode: ExitStatus.badInput)
        }
        return entries
    }
}

extension Recorder {
    /// Records a unit-cost catalogue (`valuation import-catalogue`) as `organisationID`'s, all or none. Each
    /// entry's id derives from the batch's `--command-id`, or else from its content and the effective date,
    /// so rerunning the same file is a retry.
    public func recordCatalogue(_ entries: [CatalogueFile.Entry], organisationID: String) async throws -> RecordingOutcome {
        let date = try effectiveDate()
        let base = try batchID()
        let commands = entries.map { ValuationCommand.recordUnitCost(organisationID: organisationID, $0.entry) }
        // Keyed with the organisation's namespace (0027); an entry recorded before namespaces, found under its
        // plain id in the organisation's catalogue stream (not planted elsewhere), keeps that id: a retry.
        let plain = commands.map { DeterministicID.uuid(parts: ["fundledger.cli.valuation-catalogue.v1", "\(date)", String(reflecting: $0)]) }
        var ids = plain
        if base == nil, let namespace = try await service.store.commandIDNamespace(organisations: [organisationID]) {
            let catalogue = ValuationStreams.catalogue(organisationID)
            let earlier = Set(try await service.store.read(eventIDs: plain).filter { $0.streamID == catalogue }.map(\.eventID))
            ids = zip(commands, plain).map { command, id in
                earlier.contains(id)
                    ? id : DeterministicID.uuid(parts: ["fundledger.cli.valuation-catalogue.namespaced.v1", namespace, "\(date)", String(reflecting: command)])
            }
        }
        let envelopes = try entries.enumerated().map { index, entry in
            let id = base.map { DeterministicID.derived(from: $0, index: index) } ?? ids[index]
            return (Optional(entry.label), try valuationEnvelope(commands[index], id: id))
        }
        return try await recordValuations(envelopes)
    }
}
