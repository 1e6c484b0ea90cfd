import Foundation

/// The first line of an export (docs/verification.md).
public struct ExportHeader: Codable, Sendable, Equatable {
    public var format = "fundledger-export"
    /// 2 since events may be canonical version 2 (format 1 files hold version-1 events only; both read).
    public var formatVersion = 2
    /// The newest canonical form the file may hold; each event line names its own (`canonical_version`).
    public var canonical = HashChain.canonicalVersion2
    public var eventCount: Int64
    public var headPosition: Int64
    /// The head hash, or "" for an empty log.
    public var headHash: String
    public var exportedAt: String
    /// Set only by `export --allow-broken` when the stored chain does not verify: where and why it breaks.
    /// Such a file is evidence for forensics; it never imports or verifies.
    public var chainBroken: String?

    enum CodingKeys: String, CodingKey {
        case format, canonical
        case chainBroken = "chain_broken"
        case formatVersion = "format_version"
        case eventCount = "event_count"
        case headPosition = "head_position"
        case headHash = "head_hash"
        case exportedAt = "exported_at"
    }
}

/// One event line of an export: every stored column, payload and metadata as their exact canonical text.
public struct ExportedEvent: Codable, Sendable, Equatable {
    public var globalPosition: Int64
    public var streamID: String
    public var streamVersion: Int64
    public var eventID: String
    public var eventType: String
    public var schemaVersion: Int
    public var effectiveDate: String
    public var recordedAt: String
    public var organisationID: String?
    public var payload: String
    public var metadata: String
    public var prevHash: String
    public var hash: String
    /// Absent (1) on version-1 events, whose lines stay as format 1 wrote them; 2 with `recorded_by`.
    public var canonicalVersion: Int?
    public var recordedBy: String?

    enum CodingKeys: String, CodingKey {
        case payload, metadata, hash
        case canonicalVersion = "canonical_version"
        case recordedBy = "recorded_by"
        case globalPosition = "global_position"
        case streamID = "stream_id"
        case streamVersion = "stream_version"
        case eventID = "event_id"
        case eventType = "event_type"
        case schemaVersion = "schema_version"
        case effectiveDate = "effective_date"
        case recordedAt = "recorded_at"
        case organisationID = "organisation_id"
        case prevHash = "prev_hash"
    }

    public init(_ event: RecordedEvent) {
        globalPosition = event.globalPosition
        streamID = event.streamID
        streamVersion = event.streamVersion
        eventID = event.eventID.uuidString.lowercased()
        eventType = event.eventType
        schemaVersion = event.schemaVersion
        effectiveDate = event.effectiveDate.description
        recordedAt = event.recordedAt.description
        organisationID = event.organisationID
        payload = event.payload
        metadata = event.metadata
        prevHash = event.previousHash.hex
        hash = event.hash.hex
        if event.canonicalVersion != 1 {
            canonicalVersion = event.canonicalVersion
            recordedBy = event.recordedBy
        }
    }

    // Explicit so a null organisation id is written as null, not left out (the verifier needs every key).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(globalPosition, forKey: .globalPosition)
        try container.encode(streamID, forKey: .streamID)
        try container.encode(streamVersion, forKey: .streamVersion)
        try container.encode(eventID, forKey: .eventID)
        try container.encode(eventType, forKey: .eventType)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(effectiveDate, forKey: .effectiveDate)
        try container.encode(recordedAt, forKey: .recordedAt)
        try container.encode(organisationID, forKey: .organisationID)
        try container.encode(payload, forKey: .payload)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(prevHash, forKey: .prevHash)
        try container.encode(hash, forKey: .hash)
        if let canonicalVersion {
            try container.encode(canonicalVersion, forKey: .canonicalVersion)
            try container.encode(recordedBy, forKey: .recordedBy)
        }
    }

    /// The event this line describes; throws if a field is malformed.
    public func recordedEvent() throws -> RecordedEvent {
        if let organisationID, organisationID.isEmpty {
            throw LedgerExportError.malformedLine(position: globalPosition, reason: "organisation_id is empty (null means none)")
        }
        guard let id = UUID(uuidString: eventID), eventID == eventID.lowercased(),
            let date = CivilDate(effectiveDate), let time = Timestamp(recordedAt), time.description == recordedAt,
            let previous = ChainHash(hex: prevHash), let hash = ChainHash(hex: hash)
        else {
            throw LedgerExportError.malformedLine(position: globalPosition, reason: "a uuid, date, timestamp or hash is malformed")
        }
        let version = canonicalVersion ?? 1
        guard HashChain.knownVersions.contains(version) else {
            throw LedgerExportError.malformedLine(position: globalPosition, reason: "canonical_version \(version) is not one this build reads (1, 2)")
        }
        if version == 1 && recordedBy != nil {
            throw LedgerExportError.malformedLine(position: globalPosition, reason: "recorded_by on a version-1 event (only version 2 has it)")
        }
        if version == 2 && (recordedBy ?? "").isEmpty {
            throw LedgerExportError.malformedLine(position: globalPosition, reason: "a version-2 event needs a non-empty recorded_by")
        }
        return RecordedEvent(
            globalPosition: globalPosition, streamID: streamID, streamVersion: streamVersion, eventID: id,
            eventType: eventType, schemaVersion: schemaVersion, payload: payload, metadata: metadata, recordedAt: time,
            effectiveDate: date, organisationID: organisationID, previousHash: previous, hash: hash,
            canonicalVersion: version, recordedBy: recordedBy)
    }
}

/// Why an export could not be read or restored.
public enum LedgerExportError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyFile
    case badHeader(String)
    case malformedLine(position: Int64, reason: String)
    case unreadableLine(line: Int, reason: String)
    case chainBroken(ChainBreak)
    case headMismatch(String)
    case targetNotEmpty(eventCount: Int64)
    case storedChainBroken(ChainBreak)
    /// The chain verifies, but the events table refuses an event (its checks or unique keys).
    case refusedByTable(position: Int64?, reason: String)

    public var description: String {
        switch self {
        case .emptyFile: "the export is empty: it needs at least its header line"
        case .badHeader(let reason): "the export header is not valid: \(reason)"
        case .malformedLine(let position, let reason): "export event at position \(position): \(reason)"
        case .unreadableLine(let line, let reason): "export line \(line) is not a valid event: \(reason)"
        case .chainBroken(let failure): "the export does not verify, nothing was imported: \(failure)"
        case .headMismatch(let reason): "the export does not match its header, nothing was imported: \(reason)"
        case .targetNotEmpty(let count): "import needs an empty event store; this one holds \(count) events"
        case .refusedByTable(let position, let reason):
            "export event\(position.map { " at position \($0)" } ?? ""): \(reason); nothing was imported"
        case .storedChainBroken(let failure):
            "the stored chain is broken at \(failure); nothing was exported (`export --allow-broken` writes it anyway, marked broken, for forensics)"
        }
    }
}

/// Writes and reads exports: JSON Lines with everything needed to verify and restore a log.
public enum LedgerExport {
    /// Writes the header and every event up to the current head, in batches, verifying the chain as it
    /// goes: a broken chain throws `storedChainBroken` (the caller discards what was written). With
    /// `allowBroken` a first pass finds the break and the header records it (`chain_broken`).
    @discardableResult
    public static func write(
        from store: any EventStore, batchSize: Int = 1000, exportedAt: Timestamp, allowBroken: Bool = false,
        _ writeLine: (String) async throws -> Void
    ) async throws -> LedgerHead {
        let head = try await store.head()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var header = ExportHeader(
            eventCount: head.position, headPosition: head.position,
            headHash: head.position == 0 ? "" : head.hash.hex, exportedAt: exportedAt.description)
        if allowBroken {
            let scan = try await scan(store, through: head.position, batchSize: batchSize)
            header.eventCount = scan.eventCount
            header.chainBroken = scan.firstBreak?.description
        }
        try await writeLine(String(decoding: try encoder.encode(header), as: UTF8.self))
        var verifier = ChainVerifier()
        var written: Int64 = 0
        try await forEachEvent(in: store, through: head.position, batchSize: batchSize) { event in
            if !allowBroken, let failure = verifier.check(event) { throw LedgerExportError.storedChainBroken(failure) }
            try await writeLine(String(decoding: try encoder.encode(ExportedEvent(event)), as: UTF8.self))
            written += 1
        }
        if !allowBroken && written != head.position {
            // Rows missing after the last one read leave the count short of the head.
            throw LedgerExportError.storedChainBroken(
                ChainBreak(position: written + 1, reason: "position \(written + 1) is missing (the head says \(head.position))"))
        }
        return head
    }

    /// Counts the stored events up to `position` and finds the first break of the chain.
    private static func scan(
        _ store: any EventStore, through position: Int64, batchSize: Int
    ) async throws -> (eventCount: Int64, firstBreak: ChainBreak?) {
        var verifier = ChainVerifier()
        var count: Int64 = 0
        var firstBreak: ChainBreak?
        try await forEachEvent(in: store, through: position, batchSize: batchSize) { event in
            count += 1
            if firstBreak == nil { firstBreak = verifier.check(event) }
        }
        if firstBreak == nil && count != position {
            firstBreak = ChainBreak(position: count + 1, reason: "position \(count + 1) is missing (the head says \(position))")
        }
        return (count, firstBreak)
    }

    /// Calls `body` with every stored event up to `position`, read in batches.
    private static func forEachEvent(
        in store: any EventStore, through position: Int64, batchSize: Int, _ body: (RecordedEvent) async throws -> Void
    ) async throws {
        var after: Int64 = 0
        while after < position {
            let batch = try await store.readAll(after: after, limit: min(batchSize, Int(position - after)))
            guard let last = batch.last else { break }
            for event in batch where event.globalPosition <= position { try await body(event) }
            after = last.globalPosition
        }
    }

    /// Parses and verifies a whole export (header, every line, the chain, the head); returns the events'
    /// lines as given and the header. Nothing is written anywhere.
    public static func readVerified(_ data: Data) throws -> (header: ExportHeader, lines: [String]) {
        // As the format says and tools/verify_export.py checks: no byte-order mark (JSONDecoder would skip one).
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { throw LedgerExportError.badHeader("the file starts with a byte-order mark, which the format does not allow") }
        // Split on LF bytes (a Swift String would treat CRLF as one character); a CR before it is allowed,
        // a final newline is allowed, any other empty line is not.
        var lines: [String] = []
        for (index, line) in data.split(separator: 0x0a, omittingEmptySubsequences: false).enumerated() {
            do {
                lines.append(try StrictUTF8.decode(line.last == 0x0d ? line.dropLast() : line))
            } catch {
                throw LedgerExportError.unreadableLine(line: index + 1, reason: "column \(error.column): byte 0x\(String(error.byte, radix: 16, uppercase: true)) is not UTF-8")
            }
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard !lines.isEmpty, !lines[0].isEmpty else { throw LedgerExportError.emptyFile }
        if let blank = lines.firstIndex(where: \.isEmpty) {
            throw LedgerExportError.unreadableLine(line: blank + 1, reason: "empty line")
        }
        let decoder = JSONDecoder()
        let header: ExportHeader
        do {
            header = try decoder.decode(ExportHeader.self, from: Data(lines.removeFirst().utf8))
        } catch {
            throw LedgerExportError.badHeader("\(error)")
        }
        guard header.format == "fundledger-export",
            (header.formatVersion == 1 && header.canonical == HashChain.canonicalVersion1)
                || (header.formatVersion == 2 && header.canonical == HashChain.canonicalVersion2)
        else {
            throw LedgerExportError.badHeader("unknown format \(header.format) v\(header.formatVersion) (\(header.canonical))")
        }
        var verifier = ChainVerifier()
        for (index, line) in lines.enumerated() {
            let exported: ExportedEvent
            do {
                _ = try RawJSON.members(of: line)  // one object, no duplicate keys (the decoder would keep one)
                exported = try decoder.decode(ExportedEvent.self, from: Data(line.utf8))
            } catch {
                throw LedgerExportError.unreadableLine(line: index + 2, reason: "\(error)")
            }
            let event = try exported.recordedEvent()
            if header.formatVersion == 1 && event.canonicalVersion != 1 {
                throw LedgerExportError.malformedLine(position: event.globalPosition, reason: "a format-1 export holds version-1 events only")
            }
            if let failure = verifier.check(event) { throw LedgerExportError.chainBroken(failure) }
        }
        // The events are checked first, so a broken export names the position whatever its header says.
        if let broken = header.chainBroken {
            throw LedgerExportError.badHeader("written with --allow-broken from a broken chain (\(broken)); it is evidence, not a ledger to import")
        }
        let headHash = verifier.expectedPosition == 1 ? "" : verifier.previousHash.hex
        guard Int64(lines.count) == header.eventCount, verifier.expectedPosition - 1 == header.headPosition,
            headHash == header.headHash
        else {
            throw LedgerExportError.headMismatch(
                "header says \(header.eventCount) events up to position \(header.headPosition), file has \(lines.count)")
        }
        return (header, lines)
    }
}
