import EventStore
import Foundation

extension LedgerState {
    /// The snapshot format of a stream's state (`StateSnapshot.format`): change it whenever the fold or the
    /// encoding below changes, so that snapshots written by older code are ignored, not misread.
    /// Format 2: frames (`SnapshotFrames`), one per fund, each JSON. Format 3: the same frames, each in
    /// `SnapshotEncoder`'s binary form (a snapshot of format 2 is ignored: its stream is folded again).
    /// Format 4: with the streams' turnover (`StreamTurnover`), which a format-3 snapshot did not keep.
    /// Format 5: the same bytes, from a fold that reads domain events only in the ledger's own streams
    /// (`LedgerEvent.isLedgerStream`); a format-4 snapshot may hold what one appended raw elsewhere did.
    /// Format 6: the same bytes, with each voucher kept in the form the rule `unique-voucher` compares
    /// (`VoucherUse.comparable`); a format-5 snapshot keeps them as recorded.
    public static let snapshotFormat = 6

    /// Frame tags of a state snapshot.
    enum SnapshotTag {
        static let organisations: UInt8 = 0x4F  // O
        static let fund: UInt8 = 0x46  // F
        static let reversals: UInt8 = 0x52  // R
        static let initiativeFunds: UInt8 = 0x49  // I
        static let turnover: UInt8 = 0x54  // T
    }

    /// The state encoded for a `StateSnapshot` (retained events are left out).
    func snapshotBytes() throws -> [UInt8] {
        var frames = SnapshotFrames()
        try appendFrames(to: &frames)
        return frames.bytes
    }

    /// Appends the state's frames: the organisations, each fund, the reversals, the initiatives' funds.
    func appendFrames(to frames: inout SnapshotFrames) throws {
        try frames.append(SnapshotTag.organisations, organisations)
        try frames.appendEach(SnapshotTag.fund, funds.keys.sorted().map { funds[$0]! })
        try frames.append(SnapshotTag.reversals, reversedBy.map { [$0.key.uuidString, $0.value.uuidString] }.sorted { $0[0] < $1[0] })
        try frames.append(SnapshotTag.initiativeFunds, fundOfInitiative)
        try frames.append(SnapshotTag.turnover, turnover.byStream)
    }

    /// A state decoded from `snapshotBytes()`; it retains only the events it is handed afterwards, and
    /// those only when `retainingEvents`.
    init(snapshotBytes bytes: [UInt8], retainingEvents: Bool = true) throws {
        self.init(retainingEvents: retainingEvents)
        for frame in try SnapshotFrames.frames(bytes) where !(try read(frame)) {
            throw SnapshotFrameError.unknownTag(frame.tag)
        }
    }

    /// Reads one of the state's frames; `false` for a tag that is not the state's.
    mutating func read(_ frame: (tag: UInt8, body: [UInt8])) throws -> Bool {
        switch frame.tag {
        case SnapshotTag.organisations: organisations = try SnapshotFrames.decode([String: OrganisationState].self, frame.body)
        case SnapshotTag.fund:
            let fund = try SnapshotFrames.decode(FundState.self, frame.body)
            funds[fund.id] = fund
        case SnapshotTag.reversals:
            for pair in try SnapshotFrames.decode([[String]].self, frame.body) {
                guard pair.count == 2, let original = UUID(uuidString: pair[0]), let reversal = UUID(uuidString: pair[1]) else {
                    throw SnapshotFrameError.truncated
                }
                reversedBy[original] = reversal
            }
        case SnapshotTag.initiativeFunds: fundOfInitiative = try SnapshotFrames.decode([String: String].self, frame.body)
        case SnapshotTag.turnover:
            turnover.byStream = try SnapshotFrames.decode([String: Int64].self, frame.body)
            guard turnover.byStream.values.allSatisfy({ (0...LedgerLimits.streamTurnoverOreMax).contains($0) }) else {
                throw SnapshotFrameError.truncated
            }
        default: return false
        }
        return true
    }

    /// Only what a fold of `stream` can produce: its fund (and that fund's initiatives) or its
    /// organisation. A stream's snapshot is merged with other streams' states, so a snapshot that carried
    /// another fund or organisation must not be able to stand in for that one's own.
    func restricted(to stream: String) -> LedgerState {
        var own = LedgerState()
        own.reversedBy = reversedBy
        own.turnover.byStream = turnover.byStream.filter { $0.key == stream }
        if let fundID = Self.fundID(ofStream: stream) {
            own.funds = funds.filter { $0.key == fundID }
            own.fundOfInitiative = fundOfInitiative.filter { $0.value == fundID }
        } else if let organisationID = Self.organisationID(ofStream: stream) {
            own.organisations = organisations.filter { $0.key == organisationID }
        }
        return own
    }

    /// Adds what another stream's fold knows: streams fold independently (a fund's events touch only its
    /// fund; an organisation's only the organisation), so their states combine by union.
    mutating func merge(_ other: LedgerState) {
        organisations.merge(other.organisations) { _, theirs in theirs }
        funds.merge(other.funds) { _, theirs in theirs }
        reversedBy.merge(other.reversedBy) { _, theirs in theirs }
        eventsByID.merge(other.eventsByID) { _, theirs in theirs }
        fundOfInitiative.merge(other.fundOfInitiative) { _, theirs in theirs }
        turnover.byStream.merge(other.turnover.byStream) { _, theirs in theirs }
    }
}

extension SavingState: Codable {
    private enum CodingKeys: String, CodingKey { case saving, attributions, sequence, due, dueRemainder = "due_remainder" }

    private struct Attribution: Codable {
        var department: String
        var share: Rate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        saving = try container.decode(SavingRealised.self, forKey: .saving)
        attributions = try container.decode([Attribution].self, forKey: .attributions).map { ($0.department, $0.share) }
        sequence = try container.decode(Int.self, forKey: .sequence)
        due = try container.decode(Int64.self, forKey: .due)
        dueRemainder = try container.decode(Int64.self, forKey: .dueRemainder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(saving, forKey: .saving)
        try container.encode(attributions.map { Attribution(department: $0.department, share: $0.share) }, forKey: .attributions)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(due, forKey: .due)
        try container.encode(dueRemainder, forKey: .dueRemainder)
    }
}
