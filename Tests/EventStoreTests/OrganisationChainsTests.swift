import Crypto
import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// `tools/organisation-chains.sql`, the Citus layout simulated on one PostgreSQL (docs/scaling.md, "The path
/// to Citus"): a lock and a hash chain per organisation instead of one for the network, and a network-level
/// Merkle tree over the organisations' heads. What the tests show is what the design argues: organisations
/// append without waiting for each other (today's `append_events` makes them wait), each chain verifies on
/// its own, and one inclusion proof ties an organisation's head to the network root, checked here by the
/// Swift Merkle code the checkpoints use.
@Suite("Per-organisation chains and a network tree over their heads (the Citus layout, simulated)", .serialized)
struct OrganisationChainsTests {
    static let simulation = TestServer.repositoryRoot.appendingPathComponent("tools/organisation-chains.sql")

    static func install(_ db: TestDatabase) async throws {
        let sql = try String(contentsOf: simulation, encoding: .utf8)
        try await db.withConnection { try await $0.executeScript(unsafeSQL: sql) }
    }

    static func batch(_ count: Int, stream: String, sharedWith: [String] = []) -> String {
        let metadata = sharedWith.isEmpty ? "{}" : #"{"shared_with": [\#(sharedWith.map { "\"\($0)\"" }.joined(separator: ", "))]}"#
        return "[" + (0..<count).map { n in
            #"{"event_id": "\#(UUID().uuidString.lowercased())", "stream_id": "\#(stream)", "event_type": "Noted", "payload": {"n": \#(n)}, "metadata": \#(metadata)}"#
        }.joined(separator: ", ") + "]"
    }

    static func append(_ connection: PostgresConnection, _ organisation: String, _ events: String) async throws -> [Int64] {
        try await connection.query("SELECT out_position FROM org_chains.append(\(organisation), \(events)::jsonb)").map { try $0.decode(Int64.self, at: 0) }
    }

    static func bytes(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        return stride(from: 0, to: digits.count, by: 2).compactMap { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16) }
    }

    /// SQLSTATE of `body`, nil when it succeeds.
    static func sqlState(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as PostgresError {
            return error.sqlState
        } catch {
            return "\(error)"
        }
    }

    @Test("organisations append without waiting for each other; one organisation's appends still wait for each other")
    func locksArePerOrganisation() async throws {
        try await TestDatabase.withMigrated { db in
            try await Self.install(db)
            let holder = try await db.connect()
            let other = try await db.connect()
            defer { Task { await holder.close(); await other.close() } }
            try await other.executeScript(unsafeSQL: "SET lock_timeout = '300ms'")

            // A transaction of organisation A is appending (its lock held until it commits).
            try await holder.executeScript(unsafeSQL: "BEGIN")
            #expect(try await Self.append(holder, "212000-1001", Self.batch(2, stream: "fund-a")) == [1, 2])
            #expect(try await Self.append(other, "232100-0255", Self.batch(3, stream: "fund-r")) == [1, 2, 3], "the region does not wait")
            #expect(await Self.sqlState { _ = try await Self.append(other, "212000-1001", Self.batch(1, stream: "fund-a")) } == "55P03",
                    "a second writer of the same organisation waits for the first")
            try await holder.executeScript(unsafeSQL: "COMMIT")
            #expect(try await Self.append(other, "212000-1001", Self.batch(1, stream: "fund-a")) == [3])

            // Today's append_events: one lock for the network, so the region waits for the municipality.
            let event = { (organisation: String) in
                #"{"events":[{"event_id":"\#(UUID().uuidString.lowercased())","stream_id":"s-\#(organisation)","event_type":"Noted","payload":{},"organisation_id":"\#(organisation)"}]}"#
            }
            try await holder.executeScript(unsafeSQL: "BEGIN")
            _ = try await holder.query("SELECT * FROM event_store.append_events(\(event("212000-1001"))::jsonb)")
            #expect(await Self.sqlState { _ = try await other.query("SELECT * FROM event_store.append_events(\(event("232100-0255"))::jsonb)") } == "55P03")
            try await holder.executeScript(unsafeSQL: "ROLLBACK")
        }
    }

    @Test("each organisation's chain verifies alone; the network root covers every head; an inclusion proof ties one head to it")
    func chainsAndTheNetworkTree() async throws {
        try await TestDatabase.withMigrated { db in
            try await Self.install(db)
            let organisations = ["212000-1001", "212000-1002", "212000-1003", "232100-0255", "212000-1004"]
            try await db.withConnection { connection in
                for (index, organisation) in organisations.enumerated() {
                    _ = try await Self.append(connection, organisation, Self.batch(3 + index, stream: "fund-\(index)"))
                }
                // A saving at the region from a municipal initiative: stored once, on the municipality's chain.
                _ = try await Self.append(connection, "212000-1002", Self.batch(1, stream: "fund-1", sharedWith: ["232100-0255"]))
            }

            // Each chain, recomputed here: sha256(prev ‖ canonical bytes) from the zero hash, per organisation.
            let rows = try await db.withConnection { connection in
                try await connection.query("""
                    SELECT organisation_id, position, event_id::text, stream_id, stream_version, event_type,
                           to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), payload::text, metadata::text,
                           encode(prev_hash, 'hex'), encode(hash, 'hex')
                    FROM org_chains.events ORDER BY organisation_id COLLATE "C", position
                    """).map { row in (0..<11).map { row.values[$0] ?? "" } }
            }
            var previous: [String: String] = [:]
            for row in rows {
                let (organisation, position) = (row[0], Int64(row[1])!)
                let prev = previous[organisation, default: String(repeating: "0", count: 64)]
                #expect(row[9] == prev, "\(organisation) \(position) continues its own chain")
                #expect(position == Int64(rows.filter { $0[0] == organisation && Int64($0[1])! <= position }.count), "gap-free per organisation")
                let fields = ["fundledger.organisation-event.v1", organisation, row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8]]
                let bytes = fields.flatMap { field -> [UInt8] in
                    let utf8 = Array(field.utf8)
                    return withUnsafeBytes(of: UInt32(utf8.count).bigEndian, Array.init) + utf8
                }
                let hash = SHA256.hash(data: try #require(Self.bytes(prev)) + bytes).map { String(format: "%02x", $0) }.joined()
                #expect(row[10] == hash, "\(organisation) \(position): the hash is sha256(prev ‖ bytes)")
                previous[organisation] = row[10]
            }
            // The region finds the saving through the reference table, on the municipality's shard.
            #expect(try await db.withConnection { try await $0.query("SELECT organisation_id, position FROM org_chains.shared WHERE reader_id = '232100-0255'").map { "\(try $0.decode(String.self, at: 0)):\(try $0.decode(Int64.self, at: 1))" } } == ["212000-1002:5"])

            // The network tree, recomputed in Swift from the heads, bytewise in organisation-number order.
            let heads = try await db.withConnection { connection in
                try await connection.query("SELECT organisation_id, head_position, encode(leaf_data, 'hex') FROM org_chains.network_leaves()")
                    .map { (try $0.decode(String.self, at: 0), try $0.decode(Int64.self, at: 1), try $0.decode(String.self, at: 2)) }
            }
            #expect(heads.map(\.0) == organisations.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
            var accumulator = MerkleAccumulator()
            var nodes: [MerkleTree.NodeKey: ChainHash] = [:]
            for head in heads {
                for (key, hash) in accumulator.append(leafData: try #require(Self.bytes(head.2))) { nodes[key] = hash }
            }
            let source: MerkleTree.NodeSource = { key in nodes[key]! }
            let size = Int64(heads.count)
            let root = try MerkleTree.root(from: 0, to: size, source)
            let sqlRoot = try await db.withConnection { try await $0.query("SELECT encode(org_chains.network_root(), 'hex')")[0].decode(String.self, at: 0) }
            #expect(sqlRoot == root.hex)

            // Region Skåne's auditor: its own chain (above) and one proof that its head is in the signed root.
            let region = try #require(heads.firstIndex { $0.0 == "232100-0255" })
            let path = try MerkleTree.inclusionProof(index: Int64(region), size: size, source)
            let leaf = MerkleTree.leafHash(try #require(Self.bytes(heads[region].2)))
            #expect(MerkleTree.verifyInclusion(leaf: leaf, index: Int64(region), size: size, path: path, root: root))
            #expect(path.count <= 3, "log2 of the number of organisations, whatever the number of events")

            // Another organisation appends: the root moves, the region's chain and head do not.
            try await db.withConnection { _ = try await Self.append($0, "212000-1001", Self.batch(1, stream: "fund-0")) }
            let moved = try await db.withConnection { try await $0.query("SELECT encode(org_chains.network_root(), 'hex')")[0].decode(String.self, at: 0) }
            #expect(moved != sqlRoot)
            #expect(!MerkleTree.verifyInclusion(leaf: leaf, index: Int64(region), size: size, path: path, root: try #require(ChainHash(hex: moved))),
                    "a proof is against one signed root; the auditor asks for the next checkpoint's")
        }
    }
}
