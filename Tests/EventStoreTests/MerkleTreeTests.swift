import Crypto
import EventStore
import Foundation
import Postgres
import PostgresEventStore
import TestSupport
import Testing

/// The Merkle tree over the log: RFC 6962's published roots, proofs equal to a direct reading of the
/// RFC's definitions for every small tree, verification that rejects any altered proof, and the tree
/// PostgreSQL keeps agreeing with the one computed in memory.
@Suite("Merkle tree and proofs")
struct MerkleTreeTests {
    /// The leaves of the Certificate Transparency test tree (certificate-transparency-go, merkle_test).
    static let vectorLeaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
        .map { Self.bytes(hex: $0) }
    /// Its roots for the first 1…8 leaves.
    static let vectorRoots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test("the published RFC 6962 roots, from stored nodes and from the streaming accumulator")
    func publishedRoots() throws {
        let nodes = Self.nodes(of: Self.vectorLeaves)
        var accumulator = MerkleAccumulator()
        for (size, expected) in Self.vectorRoots.enumerated() {
            accumulator.append(leafData: Self.vectorLeaves[size])
            #expect(accumulator.root.hex == expected, "size \(size + 1)")
            #expect(try MerkleTree.root(from: 0, to: Int64(size + 1), { try #require(nodes[$0]) }).hex == expected)
        }
        #expect(MerkleTree.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("every inclusion and consistency proof of trees up to 40 leaves equals RFC 6962's definition and verifies")
    func proofsMatchTheDefinition() throws {
        let leaves = (0..<40).map { [UInt8]("leaf \($0)".utf8) }
        let nodes = Self.nodes(of: leaves)
        let source: MerkleTree.NodeSource = { key in try #require(nodes[key]) }
        for size in 1...leaves.count {
            let root = Reference.mth(leaves[0..<size])
            #expect(try MerkleTree.root(from: 0, to: Int64(size), source) == root)
            for index in 0..<size {
                let proof = try MerkleTree.inclusionProof(index: Int64(index), size: Int64(size), source)
                #expect(proof == Reference.path(index, leaves[0..<size]), "PATH(\(index), D[\(size)])")
                let leaf = MerkleTree.leafHash(leaves[index])
                #expect(MerkleTree.verifyInclusion(leaf: leaf, index: Int64(index), size: Int64(size), path: proof, root: root))
            }
            for first in 1...size {
                let proof = try MerkleTree.consistencyProof(first: Int64(first), second: Int64(size), source)
                #expect(proof == (first == size ? [] : Reference.subproof(first, leaves[0..<size], true)), "PROOF(\(first), D[\(size)])")
                #expect(MerkleTree.verifyConsistency(
                    first: Int64(first), second: Int64(size), firstRoot: Reference.mth(leaves[0..<first]), secondRoot: root, proof: proof))
            }
        }
    }

    @Test("an altered proof, index, size or root is rejected")
    func alteredProofsFail() throws {
        let leaves = (0..<13).map { [UInt8]("leaf \($0)".utf8) }
        let nodes = Self.nodes(of: leaves)
        let source: MerkleTree.NodeSource = { key in try #require(nodes[key]) }
        let root = try MerkleTree.root(from: 0, to: 13, source)
        let path = try MerkleTree.inclusionProof(index: 5, size: 13, source)
        let leaf = MerkleTree.leafHash(leaves[5])
        #expect(MerkleTree.verifyInclusion(leaf: leaf, index: 5, size: 13, path: path, root: root))
        #expect(!MerkleTree.verifyInclusion(leaf: leaf, index: 4, size: 13, path: path, root: root))
        // (A size whose tree has the same shape above the leaf, 14 here, proves the same; the root is what
        // is signed for one size.)
        #expect(!MerkleTree.verifyInclusion(leaf: leaf, index: 5, size: 6, path: path, root: root))
        #expect(!MerkleTree.verifyInclusion(leaf: leaf, index: 5, size: 40, path: path, root: root))
        #expect(!MerkleTree.verifyInclusion(leaf: leaf, index: 5, size: 13, path: path.dropLast(), root: root))
        #expect(!MerkleTree.verifyInclusion(leaf: MerkleTree.leafHash(leaves[6]), index: 5, size: 13, path: path, root: root))
        for position in path.indices {
            var altered = path
            altered[position] = MerkleTree.leafHash(altered[position].bytes)
            #expect(!MerkleTree.verifyInclusion(leaf: leaf, index: 5, size: 13, path: altered, root: root))
        }
        let firstRoot = try MerkleTree.root(from: 0, to: 6, source)
        let consistency = try MerkleTree.consistencyProof(first: 6, second: 13, source)
        #expect(MerkleTree.verifyConsistency(first: 6, second: 13, firstRoot: firstRoot, secondRoot: root, proof: consistency))
        #expect(!MerkleTree.verifyConsistency(first: 6, second: 13, firstRoot: root, secondRoot: root, proof: consistency))
        #expect(!MerkleTree.verifyConsistency(first: 7, second: 13, firstRoot: firstRoot, secondRoot: root, proof: consistency))
        #expect(!MerkleTree.verifyConsistency(first: 6, second: 13, firstRoot: firstRoot, secondRoot: root, proof: []))
    }

    @Test("PostgreSQL keeps the tree as it grows; its proofs verify; a rewritten log fails against the root kept")
    func postgresTree() async throws {
        try await TestDatabase.withMigrated { db in
            let store = db.store
            _ = try await store.append((0..<21).map { testEvent("s\($0 % 3)", payload: #"{"n": \#($0)}"#) }, expectations: [:])
            #expect(try await store.extendMerkleTree() == 21)
            let keptRoot = try await store.merkleRoot(size: 21)
            #expect(keptRoot == (try await Self.rootFromTheLog(store, size: 21)))
            _ = try await store.append((0..<12).map { testEvent("t", payload: #"{"m": \#($0)}"#) }, expectations: [:])
            let inclusion = try await store.inclusionProof(position: 7)
            #expect(inclusion.treeSize == 33 && inclusion.leafIndex == 6)
            #expect(MerkleTree.verifyInclusion(
                leaf: MerkleTree.leafHash(try #require(ChainHash(hex: inclusion.eventHash)).bytes), index: 6, size: 33,
                path: inclusion.auditPath.compactMap(ChainHash.init(hex:)), root: try #require(ChainHash(hex: inclusion.rootHash))))
            let consistency = try await store.consistencyProof(first: 21)
            #expect(consistency.firstRootHash == keptRoot.hex)
            #expect(MerkleTree.verifyConsistency(
                first: 21, second: 33, firstRoot: keptRoot, secondRoot: try #require(ChainHash(hex: consistency.secondRootHash)),
                proof: consistency.proof.compactMap(ChainHash.init(hex:))))
            #expect(try await db.withConnection { try await $0.query("SELECT count(*) FROM event_store.merkle_nodes")[0].decode(Int64.self, at: 0) } == 33 + 16 + 8 + 4 + 2 + 1)

            // A superuser rewrites event 10 and recomputes every later hash: the chain verifies on its own,
            // but the tree recomputed from the log no longer has the root kept for size 21.
            try await rewriteHistory(db, at: 10, payload: #"'{"n": 999}'::jsonb"#)
            guard case .verified = try await store.verifyChain() else {
                Issue.record("the rewritten chain is self-consistent; only the kept root exposes it")
                return
            }
            #expect(try await Self.rootFromTheLog(store, size: 21) != keptRoot)
        }
    }

    @Test("the in-memory store gives the same proofs as the definition")
    func inMemoryProofs() async throws {
        let store = InMemoryEventStore()
        _ = try await store.append((0..<9).map { testEvent("s", payload: #"{"n": \#($0)}"#) }, expectations: [:])
        let leaves = try await store.readAll(after: 0, limit: 100).map(\.hash.bytes)
        let proof = try await store.inclusionProof(position: 4, treeSize: 7)
        #expect(proof.auditPath == Reference.path(3, leaves[0..<7]).map(\.hex))
        #expect(proof.rootHash == Reference.mth(leaves[0..<7]).hex)
        await #expect(throws: MerkleRangeError.self) { try await store.inclusionProof(position: 8, treeSize: 7) }
    }

    /// The root of the first `size` events, recomputed from the log itself (as `checkpoint verify` does).
    static func rootFromTheLog(_ store: some EventStore, size: Int) async throws -> ChainHash {
        var accumulator = MerkleAccumulator()
        for event in try await store.readAll(after: 0, limit: size) { accumulator.append(leafData: event.hash.bytes) }
        return accumulator.root
    }

    /// Every perfect subtree of `leaves`, as a store keeps them.
    static func nodes(of leaves: [[UInt8]]) -> [MerkleTree.NodeKey: ChainHash] {
        var accumulator = MerkleAccumulator()
        var nodes: [MerkleTree.NodeKey: ChainHash] = [:]
        for leaf in leaves { for (key, hash) in accumulator.append(leafData: leaf) { nodes[key] = hash } }
        return nodes
    }

    static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }
}

/// RFC 6962 §2.1 read literally, over the leaves themselves: MTH, PATH and SUBPROOF, written
/// independently of `MerkleTree` (plain recursion on arrays, hashing with swift-crypto directly).
private enum Reference {
    static func sha(_ parts: [UInt8]...) -> ChainHash {
        ChainHash(hex: SHA256.hash(data: parts.flatMap { $0 }).map { String(format: "%02x", $0) }.joined())!
    }

    static func k(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    static func mth(_ d: ArraySlice<[UInt8]>) -> ChainHash {
        switch d.count {
        case 0: return sha([])
        case 1: return sha([0], d.first!)
        default:
            let split = d.startIndex + k(d.count)
            return sha([1], mth(d[..<split]).bytes, mth(d[split...]).bytes)
        }
    }

    static func path(_ m: Int, _ d: ArraySlice<[UInt8]>) -> [ChainHash] {
        guard d.count > 1 else { return [] }
        let kk = k(d.count), split = d.startIndex + kk
        return m < kk ? path(m, d[..<split]) + [mth(d[split...])] : path(m - kk, d[split...]) + [mth(d[..<split])]
    }

    static func subproof(_ m: Int, _ d: ArraySlice<[UInt8]>, _ b: Bool) -> [ChainHash] {
        if m == d.count { return b ? [] : [mth(d)] }
        let kk = k(d.count), split = d.startIndex + kk
        return m <= kk ? subproof(m, d[..<split], b) + [mth(d[split...])] : subproof(m - kk, d[split...], false) + [mth(d[..<split])]
    }
}
