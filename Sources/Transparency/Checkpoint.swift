import Crypto
import EventStore
import Foundation
import Memberwise

/// A checkpoint (C2SP tlog-checkpoint): the log's origin, a tree size and the Merkle root of the first
/// that many events, as the text of a signed note: `origin\nsize\nbase64(root)\n`.
@PublicMemberwiseInit
public struct Checkpoint: Sendable, Equatable {
    public var origin: String
    public var treeSize: Int64
    public var rootHash: ChainHash

    public var text: String { "\(origin)\n\(treeSize)\n\(Data(rootHash.bytes).base64EncodedString())\n" }

    /// Reads a checkpoint from a note's text; names the line that is wrong.
    public init(parsing text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines.last == "" else { throw NoteError(description: "a checkpoint has at least three lines: origin, tree size, root hash") }
        guard !lines[0].isEmpty else { throw NoteError(description: "checkpoint line 1: the origin is empty") }
        guard let size = Int64(lines[1]), size >= 0, String(size) == lines[1] else {
            throw NoteError(description: "checkpoint line 2: the tree size must be a decimal number, got \(lines[1].prefix(30))")
        }
        guard let root = Data(base64Encoded: String(lines[2])), root.count == 32,
              let hash = ChainHash(hex: root.map { String(format: "%02x", $0) }.joined())
        else { throw NoteError(description: "checkpoint line 3: the root hash must be 32 bytes in base64") }
        self.init(origin: String(lines[0]), treeSize: size, rootHash: hash)
    }
}

/// A checkpoint the log recorded about itself (stream `checkpoints`, event `CheckpointSigned`).
public struct RecordedCheckpoint: Sendable, Equatable {
    public var position: Int64
    public var checkpoint: Checkpoint
    public var note: String
}

/// Checkpoints over a log: made, signed and recorded in the log; read back; checked against the log.
public enum CheckpointLog {
    public static let streamID = "checkpoints"
    public static let eventType = "CheckpointSigned"

    /// The log's origin line: `fundledger/` and the first 16 hex digits of event 1's chain hash, which
    /// covers the moment the log began, so two ledgers never share an origin.
    public static func origin(of store: some EventStore) async throws -> String {
        guard let first = try await store.readAll(after: 0, limit: 1).first else {
            throw CheckpointError.emptyLog
        }
        return "fundledger/" + first.hash.hex.prefix(16)
    }

    /// Signs a checkpoint of the log at its head and records it as an event; returns the note and the
    /// position it was recorded at. The root is the stored tree's, and signed only when it equals the root
    /// recomputed from the events themselves (their chain verified on the way): a log whose events or tree
    /// were changed is refused (`chainBroken`, `storedTreeDiffers`), not vouched for. With `tsa`, an RFC 3161 timestamp of the signed note is obtained first
    /// (nothing is recorded if that fails) and recorded with it (`timestamp_reply`, base64 DER).
    public static func sign<Store: EventStore & MerkleLog>(
        _ store: Store, key: Curve25519.Signing.PrivateKey, keyName: String?, tsa: URL? = nil
    ) async throws -> (note: SignedNote, checkpoint: Checkpoint, position: Int64, timestampReply: Data?) {
        let size = try await store.extendMerkleTree()
        let checkpoint = Checkpoint(origin: try await origin(of: store), treeSize: size, rootHash: try await store.merkleRoot(size: size))
        let recomputed = try await rootsFromTheLog(store, sizes: [size])[size]
        guard recomputed == checkpoint.rootHash else {
            throw CheckpointError.storedTreeDiffers(size: size, tree: checkpoint.rootHash.hex, log: recomputed?.hex ?? "none")
        }
        var note = SignedNote(text: checkpoint.text)
        try note.sign(name: keyName ?? checkpoint.origin, key: key)
        let reply = try await tsa.asyncMap { try await Timestamping.obtain(from: $0, for: Data(note.serialized.utf8)) }
        var fields: [String: Any] = [
            "origin": checkpoint.origin, "tree_size": checkpoint.treeSize, "root_hash": checkpoint.rootHash.hex,
            "note": note.serialized,
        ]
        if let reply { fields["timestamp_reply"] = reply.base64EncodedString() }
        let payload = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        let appended = try await store.append(
            [NewEvent(eventID: UUID(), streamID: streamID, eventType: eventType, payload: String(decoding: payload, as: UTF8.self))],
            expectations: [:])
        return (note, checkpoint, appended[0].globalPosition, reply)
    }

    /// Every checkpoint the log recorded, in position order.
    public static func recorded(in store: some EventStore) async throws -> [RecordedCheckpoint] {
        try await store.readWholeStream(streamID).compactMap { event in
            guard event.eventType == eventType,
                  let object = try? JSONSerialization.jsonObject(with: Data(event.payload.utf8)) as? [String: Any],
                  let text = object["note"] as? String, let note = try? SignedNote(parsing: text),
                  let checkpoint = try? Checkpoint(parsing: note.text)
            else { return nil }
            return RecordedCheckpoint(position: event.globalPosition, checkpoint: checkpoint, note: text)
        }
    }

    /// The roots of the log's first `sizes` events, recomputed from the events themselves (one pass over
    /// the log up to the largest size; the stored tree is not consulted). Each event's hash is recomputed
    /// from its content and its chain checked on the way, as `verify` does: a leaf is the hash the event's
    /// content gives, never only the one stored beside it (`chainBroken` names the first break).
    public static func rootsFromTheLog(_ store: some EventStore, sizes: Set<Int64>) async throws -> [Int64: ChainHash] {
        var roots: [Int64: ChainHash] = [:]
        if sizes.contains(0) { roots[0] = MerkleTree.emptyRoot }
        guard let largest = sizes.max(), largest > 0 else { return roots }
        var accumulator = MerkleAccumulator()
        var chain = ChainVerifier()
        var after: Int64 = 0
        while accumulator.size < largest {
            let batch = try await store.readAll(after: after, limit: 5000)
            guard let last = batch.last else { break }
            for event in batch where accumulator.size < largest {
                if let failure = chain.check(event) { throw CheckpointError.chainBroken(failure) }
                accumulator.append(leafData: event.hash.bytes)
                if sizes.contains(accumulator.size) { roots[accumulator.size] = accumulator.root }
            }
            after = last.globalPosition
        }
        return roots
    }
}

/// Why a checkpoint could not be made or does not hold.
public enum CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyLog
    case notSignedBy(String)
    case wrongOrigin(found: String, expected: String)
    case beyondTheLog(size: Int64, eventCount: Int64)
    case rootDiffers(size: Int64, checkpoint: String, log: String)
    case inconsistent(String)
    /// An event under the checkpoint does not continue the hash chain (its content or order was changed).
    case chainBroken(ChainBreak)
    /// The stored Merkle tree's root differs from the root of the events' own hashes.
    case storedTreeDiffers(size: Int64, tree: String, log: String)

    public var description: String {
        switch self {
        case .emptyLog: "the log is empty: there is nothing to checkpoint"
        case .notSignedBy(let what): "no signature in the checkpoint verifies with \(what)"
        case .wrongOrigin(let found, let expected): "the checkpoint is for the log \(found), this one is \(expected)"
        case .beyondTheLog(let size, let count): "the checkpoint covers \(size) events, the log holds \(count): events were removed"
        case .rootDiffers(let size, let checkpoint, let log):
            "the log's first \(size) events have the Merkle root \(log.prefix(16))…, the checkpoint signed \(checkpoint.prefix(16))…: history was rewritten"
        case .inconsistent(let reason): reason
        case .chainBroken(let failure): "the log's hash chain breaks at \(failure)"
        case .storedTreeDiffers(let size, let tree, let log):
            "the stored Merkle tree gives the first \(size) events the root \(tree.prefix(16))…, their own hashes give \(log.prefix(16))…: "
                + "the tree or the events were changed; nothing was signed"
        }
    }
}

extension Optional {
    /// `map` with an asynchronous transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
