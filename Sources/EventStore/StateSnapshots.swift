import Foundation
import Memberwise

/// A fold's state over one stream as of one version, kept so that a command reads what came after it
/// instead of the whole stream. A cache, never a source of truth: the log decides (`StateSnapshots`).
@PublicMemberwiseInit
public struct StateSnapshot: Sendable, Equatable {
    /// The stream folded.
    public var streamID: String
    /// What produced `state` and how it is encoded; a reader ignores a snapshot of another format.
    public var format: Int
    /// The stream's version the state includes, and the id of the event at that version: a reader checks
    /// the log still holds that event there before it trusts the state.
    public var streamVersion: Int64
    public var lastEventID: UUID
    /// The encoded state.
    public var state: [UInt8]
}

/// Where an event store keeps state snapshots: the newest per stream.
///
/// The domain loads a stream's snapshot, checks that the event at its version is still the one it names,
/// folds the events after it, and decides; the append's expected version on the stream then refuses a
/// decision made on anything but the newest state. A snapshot that is missing, of another format, ahead
/// of the stream or naming another event is ignored and the stream is folded from its start.
public protocol StateSnapshots: Sendable {
    /// The newest snapshot of `streamID` in `format`, if any.
    func snapshot(of streamID: String, format: Int) async throws -> StateSnapshot?
    /// Keeps `snapshot` unless one of a later version of its stream and format is kept already.
    func save(_ snapshot: StateSnapshot) async throws
}
