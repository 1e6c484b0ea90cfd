import EventStore
import Foundation

extension LedgerState {
    /// The snapshot format of a stream's state (`StateSnapshot.format`): change it whenever the fold or the
    /// encoding below changes, so that snapshots written by older code are ignored, not misread.
    public static let snapshotFormat = 1

    /// The state folded from one stream, encoded for a `StateSnapshot` (retained events are left out).
    func snapshotBytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(SnapshotBody(self)))
    }

    /// A state decoded from `snapshotBytes()`; it retains only the events it is handed afterwards, and
    /// those only when `retainingEvents`.
    init(snapshotBytes bytes: [UInt8], retainingEvents: Bool = true) throws {
        let body = try JSONDecoder().decode(SnapshotBody.self, from: Data(bytes))
        self.init(retainingEvents: retainingEvents)
        organisations = body.organisations
        funds = body.funds
        reversedBy = body.reversedBy
        fundOfInitiative = body.fundOfInitiative
    }

    /// Adds what another stream's fold knows: streams fold independently (a fund's events touch only its
    /// fund; an organisation's only the organisation), so their states combine by union.
    mutating func merge(_ other: LedgerState) {
        organisations.merge(other.organisations) { _, theirs in theirs }
        funds.merge(other.funds) { _, theirs in theirs }
        reversedBy.merge(other.reversedBy) { _, theirs in theirs }
        eventsByID.merge(other.eventsByID) { _, theirs in theirs }
        fundOfInitiative.merge(other.fundOfInitiative) { _, theirs in theirs }
    }

    private struct SnapshotBody: Codable {
        var organisations: [String: OrganisationState]
        var funds: [String: FundState]
        var reversedBy: [UUID: UUID]
        var fundOfInitiative: [String: String]

        init(_ state: LedgerState) {
            organisations = state.organisations
            funds = state.funds
            reversedBy = state.reversedBy
            fundOfInitiative = state.fundOfInitiative
        }
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
