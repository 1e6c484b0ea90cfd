import EventStore
import Foundation
import Postgres

/// The PostgreSQL store keeps its Merkle tree in `event_store.merkle_nodes`, extended by
/// `event_store.extend_merkle_tree()` (`schema/`); proofs read the nodes they need in one query.
extension PostgresEventStore: MerkleLog {
    public func extendMerkleTree() async throws -> Int64 {
        try await pool.withConnection { connection in
            try await connection.query("SELECT event_store.extend_merkle_tree()")[0].decode(Int64.self, at: 0)
        }
    }

    public func merkleNodes(_ keys: Set<MerkleTree.NodeKey>) async throws -> [MerkleTree.NodeKey: ChainHash] {
        guard !keys.isEmpty else { return [:] }
        let levels = "{" + keys.map { String($0.level) }.joined(separator: ",") + "}"
        let indexes = "{" + keys.map { String($0.index) }.joined(separator: ",") + "}"
        let rows = try await pool.withConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT n.level, n.index, encode(n.hash, 'hex') FROM event_store.merkle_nodes n
                JOIN unnest($1::smallint[], $2::bigint[]) AS k(level, index) ON n.level = k.level AND n.index = k.index
                """, bindings: [levels, indexes]))
        }
        var nodes: [MerkleTree.NodeKey: ChainHash] = [:]
        for row in rows {
            guard let hash = ChainHash(hex: try row.decode(String.self, at: 2)) else { continue }
            nodes[MerkleTree.NodeKey(level: Int(try row.decode(Int64.self, at: 0)), index: try row.decode(Int64.self, at: 1))] = hash
        }
        return nodes
    }
}
