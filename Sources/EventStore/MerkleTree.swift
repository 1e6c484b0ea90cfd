import Crypto
import Memberwise

/// The Merkle tree over the log (RFC 6962 §2.1, RFC 9162 §2.1): leaf i is the chain hash of the event at
/// position i + 1; `leaf = SHA-256(0x00 ‖ data)`, `node = SHA-256(0x01 ‖ left ‖ right)`.
///
/// Proofs are computed from *perfect* subtrees — the node at `level` L and `index` i covers leaves
/// i·2^L ..< (i+1)·2^L — which a store keeps once computed (`event_store.merkle_nodes`), so a proof
/// reads O(log² n) stored nodes at most and never the whole log.
public enum MerkleTree {
    /// A perfect subtree: `level` 0 is a leaf.
    @PublicMemberwiseInit
    public struct NodeKey: Hashable, Sendable {
        public var level: Int
        public var index: Int64
    }

    /// Where a proof reads the perfect subtrees it needs.
    public typealias NodeSource = (NodeKey) throws -> ChainHash

    public static func leafHash(_ data: [UInt8]) -> ChainHash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: data)
        return ChainHash(unchecked: Array(hasher.finalize()))
    }

    public static func nodeHash(_ left: ChainHash, _ right: ChainHash) -> ChainHash {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left.bytes)
        hasher.update(data: right.bytes)
        return ChainHash(unchecked: Array(hasher.finalize()))
    }

    /// The root of the empty tree: SHA-256 of nothing.
    public static let emptyRoot = ChainHash(unchecked: Array(SHA256.hash(data: [UInt8]())))

    /// MTH(D[start ..< end]).
    public static func root(from start: Int64, to end: Int64, _ node: NodeSource) throws -> ChainHash {
        let count = end - start
        guard count > 0 else { return emptyRoot }
        if count & (count - 1) == 0 && start % count == 0 {
            return try node(NodeKey(level: count.trailingZeroBitCount, index: start / count))
        }
        let split = largestPowerOfTwo(below: count)
        return nodeHash(try root(from: start, to: start + split, node), try root(from: start + split, to: end, node))
    }

    /// The audit path for leaf `index` in the tree of the first `size` leaves (RFC 9162 §2.1.3.1).
    public static func inclusionProof(index: Int64, size: Int64, _ node: NodeSource) throws -> [ChainHash] {
        precondition(index >= 0 && index < size)
        return try path(index, from: 0, to: size, node)
    }

    private static func path(_ index: Int64, from start: Int64, to end: Int64, _ node: NodeSource) throws -> [ChainHash] {
        let count = end - start
        guard count > 1 else { return [] }
        let split = largestPowerOfTwo(below: count)
        if index < split {
            return try path(index, from: start, to: start + split, node) + [try root(from: start + split, to: end, node)]
        }
        return try path(index - split, from: start + split, to: end, node) + [try root(from: start, to: start + split, node)]
    }

    /// The consistency proof between the trees of the first `first` and `second` leaves (RFC 9162 §2.1.4.1).
    public static func consistencyProof(first: Int64, second: Int64, _ node: NodeSource) throws -> [ChainHash] {
        precondition(first >= 0 && first <= second)
        guard first > 0 && first < second else { return [] }
        return try subproof(first, from: 0, to: second, completeSubtree: true, node)
    }

    private static func subproof(
        _ m: Int64, from start: Int64, to end: Int64, completeSubtree: Bool, _ node: NodeSource
    ) throws -> [ChainHash] {
        let count = end - start
        if m == count {
            return completeSubtree ? [] : [try root(from: start, to: end, node)]
        }
        let split = largestPowerOfTwo(below: count)
        if m <= split {
            return try subproof(m, from: start, to: start + split, completeSubtree: completeSubtree, node)
                + [try root(from: start + split, to: end, node)]
        }
        return try subproof(m - split, from: start + split, to: end, completeSubtree: false, node)
            + [try root(from: start, to: start + split, node)]
    }

    /// Whether `path` proves that `leaf` is leaf `index` of the tree of `size` leaves with `root`
    /// (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(leaf: ChainHash, index: Int64, size: Int64, path: [ChainHash], root: ChainHash) -> Bool {
        guard index >= 0 && index < size else { return false }
        var r = leaf
        let reachesRoot = climb(path, from: index, last: size - 1) { p, isLeft in
            r = isLeft ? nodeHash(p, r) : nodeHash(r, p)
        }
        return reachesRoot && r == root
    }

    /// Whether `proof` shows that the tree of `first` leaves with `firstRoot` is a prefix of the tree of
    /// `second` leaves with `secondRoot` (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(
        first: Int64, second: Int64, firstRoot: ChainHash, secondRoot: ChainHash, proof: [ChainHash]
    ) -> Bool {
        guard first >= 0 && first <= second else { return false }
        if first == second { return proof.isEmpty && firstRoot == secondRoot }
        if first == 0 { return proof.isEmpty }
        guard !proof.isEmpty else { return false }
        var path = proof
        if first & (first - 1) == 0 { path.insert(firstRoot, at: 0) }
        var fn = first - 1, sn = second - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0], sr = path[0]
        let reachesRoot = climb(path.dropFirst(), from: fn, last: sn) { c, isLeft in
            if isLeft {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
            } else {
                sr = nodeHash(sr, c)
            }
        }
        return reachesRoot && fr == firstRoot && sr == secondRoot
    }

    /// The walk both verifications share (RFC 9162 §2.1.3.2 and §2.1.4.2): up from node `fn` of a level whose
    /// last node is `sn`, one level per hash of `path`, telling `step` each hash and whether it is the left
    /// sibling. Whether the path ends exactly at the root (neither longer nor shorter than the tree is high).
    private static func climb(
        _ path: some Sequence<ChainHash>, from fn: Int64, last sn: Int64, _ step: (ChainHash, _ isLeft: Bool) -> Void
    ) -> Bool {
        var fn = fn, sn = sn
        for hash in path {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                step(hash, true)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                step(hash, false)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0
    }

    /// The largest power of two strictly below `n` (n > 1).
    static func largestPowerOfTwo(below n: Int64) -> Int64 {
        var k: Int64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}

/// Builds a tree leaf by leaf keeping only the roots of its perfect subtrees (O(log n) memory): the
/// root of any size from a stream of the log, as `checkpoint verify` recomputes it.
public struct MerkleAccumulator: Sendable {
    /// Perfect subtree roots, largest first, with their levels.
    private var stack: [(level: Int, hash: ChainHash)] = []
    public private(set) var size: Int64 = 0

    public init() {}

    /// Adds the next leaf; returns the perfect subtrees it completed (leaf first), as a store keeps them.
    @discardableResult
    public mutating func append(leafData: [UInt8]) -> [(MerkleTree.NodeKey, ChainHash)] {
        var hash = MerkleTree.leafHash(leafData)
        var level = 0
        var index = size
        var completed = [(MerkleTree.NodeKey(level: 0, index: index), hash)]
        while let last = stack.last, last.level == level {
            stack.removeLast()
            hash = MerkleTree.nodeHash(last.hash, hash)
            level += 1
            index >>= 1
            completed.append((MerkleTree.NodeKey(level: level, index: index), hash))
        }
        stack.append((level, hash))
        size += 1
        return completed
    }

    /// MTH of the leaves added so far.
    public var root: ChainHash {
        guard var hash = stack.last?.hash else { return MerkleTree.emptyRoot }
        for entry in stack.dropLast().reversed() { hash = MerkleTree.nodeHash(entry.hash, hash) }
        return hash
    }
}
