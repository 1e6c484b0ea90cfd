import EventStore
import Foundation

extension Books {
    /// The snapshot format of the books (`StateSnapshot.format`): the state's format and the posting rules'
    /// version together, so that a change to either makes older snapshots be ignored.
    public static let snapshotFormat = LedgerState.snapshotFormat * 100 + rulesVersion

    /// The books' state and the dues each initiative's postings were last made against (the journal is
    /// not kept: a snapshot is taken where it has been handed on).
    public func snapshotBytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let body = SnapshotBody(state: try state.snapshotBytes(), knownDues: knownDues.map { KnownDues(key: $0.key, dues: $0.value) })
        return Array(try encoder.encode(body))
    }

    /// Books decoded from `snapshotBytes()`, with an empty journal.
    public init(snapshotBytes bytes: [UInt8], retainingEvents: Bool) throws {
        let body = try JSONDecoder().decode(SnapshotBody.self, from: Data(bytes))
        self.init(retainingEvents: retainingEvents)
        state = try LedgerState(snapshotBytes: body.state, retainingEvents: retainingEvents)
        knownDues = Dictionary(uniqueKeysWithValues: body.knownDues.map { ($0.key, $0.dues) })
    }

    private struct KnownDues: Codable {
        var key: InitiativeKey
        var dues: [String: Int64]
    }

    private struct SnapshotBody: Codable {
        var state: [UInt8]
        var knownDues: [KnownDues]
    }
}
