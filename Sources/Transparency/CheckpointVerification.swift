import Crypto
import EventStore
import Foundation

/// What `checkpoint verify` established about a signed checkpoint.
public struct CheckpointVerification: Sendable, Equatable {
    public var checkpoint: Checkpoint
    /// The key names whose signatures verified.
    public var signedBy: [String]
    /// Witness names whose cosignatures verified, with the time they cosigned.
    public var cosignedBy: [String]
    /// The latest earlier checkpoint the log recorded, shown consistent with this one.
    public var consistentWith: RecordedCheckpoint?
}

extension CheckpointLog {
    /// Checks a signed checkpoint against `store`: the log's signature, the witnesses' cosignatures, the
    /// root recomputed from the log's own events, and consistency with the latest earlier checkpoint the
    /// log recorded (its root recomputed too, and a consistency proof from the stored tree verified).
    public static func verify<Store: EventStore & MerkleLog>(
        _ note: SignedNote, logKey: Curve25519.Signing.PublicKey, witnessKeys: [Curve25519.Signing.PublicKey] = [],
        against store: Store
    ) async throws -> CheckpointVerification {
        let checkpoint = try Checkpoint(parsing: note.text)
        let signedBy = note.verifiedSignatures(by: logKey).filter { $0.cosignedAt == nil }.map(\.name)
        guard !signedBy.isEmpty else { throw CheckpointError.notSignedBy("the log's public key") }
        var cosignedBy: [String] = []
        for key in witnessKeys {
            guard let witness = note.verifiedSignatures(by: key).first(where: { $0.cosignedAt != nil }) else {
                throw CheckpointError.notSignedBy("the witness key \(Data(key.rawRepresentation).base64EncodedString().prefix(12))… (no valid cosignature)")
            }
            cosignedBy.append(witness.name)
        }
        let origin = try await origin(of: store)
        guard checkpoint.origin == origin else { throw CheckpointError.wrongOrigin(found: checkpoint.origin, expected: origin) }
        let head = try await store.head()
        guard checkpoint.treeSize <= head.position else {
            throw CheckpointError.beyondTheLog(size: checkpoint.treeSize, eventCount: head.position)
        }
        let earlier = try await recorded(in: store)
            .filter { $0.checkpoint.treeSize < checkpoint.treeSize && $0.checkpoint.origin == origin }
            .max { $0.checkpoint.treeSize < $1.checkpoint.treeSize }
        let roots = try await rootsFromTheLog(store, sizes: Set([checkpoint.treeSize] + (earlier.map { [$0.checkpoint.treeSize] } ?? [])))
        try requireRoot(checkpoint, roots)
        if let earlier {
            try requireRoot(earlier.checkpoint, roots)
            try await requireConsistency(from: earlier.checkpoint, to: checkpoint, store)
        }
        return CheckpointVerification(checkpoint: checkpoint, signedBy: signedBy, cosignedBy: cosignedBy, consistentWith: earlier)
    }

    /// A witness's cosignature on `note`, given after recomputing its root from the log's own events (their
    /// chain checked on the way) and, with `last` (the checkpoint it cosigned last, from its own files),
    /// checking that one is a prefix of this one by a consistency proof from `store` that must join the two
    /// roots in the witness's hands. The proof alone is not enough: a stored tree left as it was when the
    /// events were rewritten still joins the old root to a new one that the events no longer give.
    public static func cosign<Store: EventStore & MerkleLog>(
        _ note: SignedNote, last: SignedNote?, logKey: Curve25519.Signing.PublicKey, witnessKey: Curve25519.Signing.PrivateKey,
        witnessName: String, time: UInt64, store: Store
    ) async throws -> SignedNote {
        guard note.verifiedSignatures(by: logKey).contains(where: { $0.cosignedAt == nil }) else {
            throw CheckpointError.notSignedBy("the log's public key")
        }
        let checkpoint = try Checkpoint(parsing: note.text)
        if let last {
            let previous = try Checkpoint(parsing: last.text)
            guard previous.origin == checkpoint.origin else {
                throw CheckpointError.wrongOrigin(found: checkpoint.origin, expected: previous.origin)
            }
            guard previous.treeSize <= checkpoint.treeSize else {
                throw CheckpointError.inconsistent("the last cosigned checkpoint covers \(previous.treeSize) events, more than this one's \(checkpoint.treeSize)")
            }
            try await requireConsistency(from: previous, to: checkpoint, store)
        }
        try requireRoot(checkpoint, try await rootsFromTheLog(store, sizes: [checkpoint.treeSize]))
        var cosigned = note
        try cosigned.cosign(name: witnessName, key: witnessKey, time: time)
        return cosigned
    }

    private static func requireRoot(_ checkpoint: Checkpoint, _ roots: [Int64: ChainHash]) throws {
        guard let root = roots[checkpoint.treeSize] else {
            throw CheckpointError.beyondTheLog(size: checkpoint.treeSize, eventCount: roots.keys.max() ?? 0)
        }
        guard root == checkpoint.rootHash else {
            throw CheckpointError.rootDiffers(size: checkpoint.treeSize, checkpoint: checkpoint.rootHash.hex, log: root.hex)
        }
    }

    /// A consistency proof from the store's tree that must join the two roots given.
    private static func requireConsistency(from first: Checkpoint, to second: Checkpoint, _ store: some MerkleLog) async throws {
        if first.treeSize == second.treeSize {
            guard first.rootHash == second.rootHash else {
                throw CheckpointError.inconsistent("two checkpoints of \(first.treeSize) events with different roots: the log forked")
            }
            return
        }
        guard first.treeSize > 0 else { return }
        let proof = try await store.consistencyProof(first: first.treeSize, second: second.treeSize)
        guard MerkleTree.verifyConsistency(
            first: first.treeSize, second: second.treeSize, firstRoot: first.rootHash, secondRoot: second.rootHash,
            proof: proof.proof.compactMap(ChainHash.init(hex:)))
        else {
            throw CheckpointError.inconsistent(
                "no consistency proof joins the checkpoint of \(first.treeSize) events to this one of \(second.treeSize): the history it signed was rewritten")
        }
    }
}
