import Foundation

/// A log whose Merkle tree can be extended and read node by node: what inclusion and consistency
/// proofs need. Both stores are one.
public protocol MerkleLog: Sendable {
    /// Brings the stored tree up to the log's head; returns its size (the number of leaves).
    func extendMerkleTree() async throws -> Int64
    /// The stored perfect subtrees asked for (all of them must exist: the tree covers them).
    func merkleNodes(_ keys: Set<MerkleTree.NodeKey>) async throws -> [MerkleTree.NodeKey: ChainHash]
}

/// An inclusion proof as `fundledger proof inclusion` prints it (RFC 9162 §2.1.3; hashes in hex).
public struct InclusionProof: Codable, Sendable, Equatable {
    public var position: Int64
    public var leafIndex: Int64
    public var treeSize: Int64
    /// The event's chain hash: the leaf's data.
    public var eventHash: String
    public var rootHash: String
    public var auditPath: [String]

    enum CodingKeys: String, CodingKey {
        case position
        case leafIndex = "leaf_index"
        case treeSize = "tree_size"
        case eventHash = "event_hash"
        case rootHash = "root_hash"
        case auditPath = "audit_path"
    }
}

/// A consistency proof as `fundledger proof consistency` prints it (RFC 9162 §2.1.4; hashes in hex).
public struct ConsistencyProof: Codable, Sendable, Equatable {
    public var first: Int64
    public var second: Int64
    public var firstRootHash: String
    public var secondRootHash: String
    public var proof: [String]

    enum CodingKeys: String, CodingKey {
        case first, second, proof
        case firstRootHash = "first_root_hash"
        case secondRootHash = "second_root_hash"
    }
}

/// A proof asked for beyond what the log holds.
public struct MerkleRangeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    /// Throws unless `value`, the option `option`, is from 1 through `upper` (`upperText` names the bound).
    static func requireFromOne(_ option: String, _ value: Int64, through upper: Int64, _ upperText: String) throws(MerkleRangeError) {
        guard value >= 1 && value <= upper else {
            throw MerkleRangeError(description: "\(option) \(value) is not between 1 and \(upperText)")
        }
    }
}

extension MerkleLog {
    /// The root of the tree of the first `size` events (`size` ≤ the tree's size after extending).
    public func merkleRoot(size: Int64) async throws -> ChainHash {
        let treeSize = try await extendMerkleTree()
        guard size >= 0 && size <= treeSize else { throw MerkleRangeError(description: "tree size \(size) is beyond the log's \(treeSize) events") }
        return try await computed { try MerkleTree.root(from: 0, to: size, $0) }
    }

    /// Proves the event at `position` is in the tree of the first `treeSize` events (default: the head).
    public func inclusionProof(position: Int64, treeSize: Int64? = nil) async throws -> InclusionProof {
        let head = try await extendMerkleTree()
        let size = treeSize ?? head
        try MerkleRangeError.requireFromOne("--tree-size", size, through: head, "the log's \(head) events")
        try MerkleRangeError.requireFromOne("--position", position, through: size, "the tree size \(size)")
        let (path, root) = try await computed { node in
            (try MerkleTree.inclusionProof(index: position - 1, size: size, node), try MerkleTree.root(from: 0, to: size, node))
        }
        let event = try await eventHash(at: position)
        return InclusionProof(
            position: position, leafIndex: position - 1, treeSize: size, eventHash: event.hex, rootHash: root.hex,
            auditPath: path.map(\.hex))
    }

    /// Proves the tree of the first `first` events is a prefix of the tree of the first `second`.
    public func consistencyProof(first: Int64, second: Int64? = nil) async throws -> ConsistencyProof {
        let head = try await extendMerkleTree()
        let second = second ?? head
        try MerkleRangeError.requireFromOne("--to", second, through: head, "the log's \(head) events")
        try MerkleRangeError.requireFromOne("--from", first, through: second, "--to \(second)")
        let (proof, firstRoot, secondRoot) = try await computed { node in
            (try MerkleTree.consistencyProof(first: first, second: second, node),
             try MerkleTree.root(from: 0, to: first, node), try MerkleTree.root(from: 0, to: second, node))
        }
        return ConsistencyProof(
            first: first, second: second, firstRootHash: firstRoot.hex, secondRootHash: secondRoot.hex, proof: proof.map(\.hex))
    }

    /// Runs `body` twice: once to learn which stored nodes it reads, then on those nodes, fetched at once.
    private func computed<T>(_ body: (MerkleTree.NodeSource) throws -> T) async throws -> T {
        var wanted = Set<MerkleTree.NodeKey>()
        _ = try body { key in
            wanted.insert(key)
            return .zero
        }
        let nodes = try await merkleNodes(wanted)
        return try body { key in
            guard let hash = nodes[key] else {
                throw MerkleRangeError(description: "the stored tree lacks node level \(key.level) index \(key.index)")
            }
            return hash
        }
    }

    private func eventHash(at position: Int64) async throws -> ChainHash {
        guard let store = self as? any EventStore, let event = try await store.readAll(after: position - 1, limit: 1).first,
              event.globalPosition == position
        else { throw MerkleRangeError(description: "no event at position \(position)") }
        return event.hash
    }
}

extension InMemoryEventStore: MerkleLog {
    public func extendMerkleTree() async throws -> Int64 { try await head().position }

    /// Computes the nodes from the events (a store in memory keeps no tree; it is for tests).
    public func merkleNodes(_ keys: Set<MerkleTree.NodeKey>) async throws -> [MerkleTree.NodeKey: ChainHash] {
        let events = try await readAll(after: 0, limit: Int.max)
        var accumulator = MerkleAccumulator()
        var nodes: [MerkleTree.NodeKey: ChainHash] = [:]
        for event in events {
            for (key, hash) in accumulator.append(leafData: event.hash.bytes) where keys.contains(key) { nodes[key] = hash }
        }
        return nodes
    }
}

/// One organisation's events up to a tree size, each with its inclusion proof: evidence an auditor of
/// that organisation checks against a signed checkpoint without any other organisation's events.
public struct OrganisationEvidence: Sendable {
    public var organisationID: String
    public var treeSize: Int64
    public var rootHash: ChainHash
    /// Each event as an export line holds it, with its audit path (hex).
    public var events: [(event: ExportedEvent, auditPath: [String])]
}

extension MerkleLog where Self: EventStore {
    /// The events of `organisationID` among the first `treeSize` (default: the head), with proofs.
    public func organisationEvidence(_ organisationID: String, treeSize: Int64? = nil) async throws -> OrganisationEvidence {
        let head = try await extendMerkleTree()
        let size = treeSize ?? head
        guard size >= 1 && size <= head else {
            throw MerkleRangeError(description: "--tree-size \(size) is not between 1 and the log's \(head) events")
        }
        var events: [RecordedEvent] = []
        var after: Int64 = 0
        while after < size {
            let batch = try await readAll(after: after, limit: 5000)
            guard let last = batch.last else { break }
            events += batch.filter { $0.globalPosition <= size && $0.organisationID == organisationID }
            after = last.globalPosition
        }
        let root = try await merkleRoot(size: size)
        var proven: [(ExportedEvent, [String])] = []
        for event in events {
            let proof = try await inclusionProof(position: event.globalPosition, treeSize: size)
            proven.append((ExportedEvent(event), proof.auditPath))
        }
        return OrganisationEvidence(organisationID: organisationID, treeSize: size, rootHash: root, events: proven)
    }
}
