import EventStore
import Foundation

extension Books {
    /// The snapshot format of the books (`StateSnapshot.format`): the state's format and the posting rules'
    /// version together, so that a change to either makes older snapshots be ignored.
    public static let snapshotFormat = LedgerState.snapshotFormat * 100 + rulesVersion

    /// Frame tag of the dues each initiative's postings were last made against, one frame per fund.
    static let knownDuesTag: UInt8 = 0x44  // D

    /// The books' state and the dues each initiative's postings were made against, as frames (the journal
    /// is not kept: a snapshot is taken where it has been handed on).
    public func snapshotBytes() throws -> [UInt8] {
        var frames = SnapshotFrames()
        try state.appendFrames(to: &frames)
        let byFund = Dictionary(grouping: knownDues, by: \.key.fundID)
        for fundID in byFund.keys.sorted() {
            try frames.append(Self.knownDuesTag, byFund[fundID]!.map { KnownDues(key: $0.key, dues: $0.value) })
        }
        return frames.bytes
    }

    /// Books decoded from `snapshotBytes()`, with an empty journal.
    public init(snapshotBytes bytes: [UInt8], retainingEvents: Bool) throws {
        self.init(retainingEvents: retainingEvents)
        for frame in try SnapshotFrames.frames(bytes) {
            if try state.read(frame) { continue }
            guard frame.tag == Self.knownDuesTag else { throw SnapshotFrameError.unknownTag(frame.tag) }
            for entry in try SnapshotFrames.decode([KnownDues].self, frame.body) { knownDues[entry.key] = entry.dues }
        }
    }

    private struct KnownDues: Codable {
        var key: InitiativeKey
        var dues: [String: Int64]
    }
}
