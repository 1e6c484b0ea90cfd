import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Postgres
import PostgresEventStore
import Projections
import Transparency

/// What an auditor asks of the log over HTTP: its status, a verification of the whole chain (with anchors
/// from an earlier audit), the export, the signed checkpoints recorded in it, and Merkle proofs — the
/// answers `fundledger status`, `verify`, `export`, `proof` give.
struct AuditRoutes: Sendable {
    let pool: ConnectionPool
    let schemaVersion: Int

    var store: PostgresEventStore { PostgresEventStore(pool: pool) }

    /// `GET /v1/status`: head, event count, schema version and each read model's checkpoint and lag.
    func status(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.requireUser()
        try QueryCheck.allow([], in: request)
        let head = try await store.head()
        let models = try await ReadModelEngine(pool: pool).status().map {
            ReadModelBody(name: $0.name, codeVersion: $0.codeVersion, storedVersion: $0.storedVersion, checkpoint: $0.checkpoint, lag: $0.lag, checksum: $0.checksum)
        }
        return ServerJSON.response(StatusBody(
            headPosition: head.position, headHash: head.hash.hex, eventCount: head.eventCount, schemaVersion: schemaVersion, readModels: models))
    }

    /// `GET /v1/verify?anchor=POS:HASH,…&expect_head=HASH`: recomputes the whole chain. 200 either way;
    /// `intact` says whether it holds (and matches the anchors), `problem` why not.
    func verify(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.requireUser()
        try QueryCheck.allow(["anchor", "expect_head"], in: request)
        var anchors = ChainAnchors()
        for text in (request.uri.queryParameters["anchor"] ?? "").split(separator: ",") {
            do { try anchors.add(String(text)) } catch { throw Problem.badRequest("query parameter anchor \(error.message)") }
        }
        if let text = request.uri.queryParameters["expect_head"] {
            guard let hash = ChainHash(hex: String(text).lowercased()) else {
                throw Problem.badRequest("query parameter expect_head must be 64 hexadecimal digits, got \(Identifier.quoted(String(text.prefix(80))))")
            }
            anchors.expectedHead = hash
        }
        try await store.requireWholeLog(for: "verify", suggestingProofs: true)
        var observed = anchors
        switch try await store.verifyChain(onEvent: { observed.observe($0) }) {
        case .verified(let head):
            let problem = observed.discrepancy(head: head)
            return ServerJSON.response(VerifyBody(
                intact: problem == nil, eventCount: head.eventCount, headPosition: head.position, headHash: head.hash.hex,
                anchorsMatched: problem == nil ? anchors.hashes.count : nil, problem: problem))
        case .broken(let failure):
            return ServerJSON.response(VerifyBody(intact: false, problem: "hash chain broken at \(failure)"))
        }
    }

    /// `GET /v1/export`: the export `fundledger export` writes, streamed as JSON lines. If the stored chain
    /// turns out broken part-way, the connection is cut before the end, so the file never verifies.
    func export(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.requireUser()
        try QueryCheck.allow([], in: request)
        // The body is written after this handler returns, outside the request's task: read as its user.
        let store = PostgresEventStore(pool: pool.with(sessionParameters: ReadingAsUser.parameters(for: context.user)))
        try await store.requireWholeLog(for: "the export", suggestingProofs: true)
        let headers: HTTPFields = [.contentType: "application/x-ndjson", .contentDisposition: "attachment; filename=\"fundledger-export.jsonl\""]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var pending = ByteBuffer()
            try await LedgerExport.write(from: store, exportedAt: InMemoryEventStore.systemClock()) { line in
                pending.writeString(line + "\n")
                if pending.readableBytes >= 1 << 16 {
                    try await writer.write(pending)
                    pending.clear()
                }
            }
            try await writer.write(pending)
            try await writer.finish(nil)
        })
    }

    /// `GET /v1/checkpoints`: every signed checkpoint recorded in the log, oldest first.
    func checkpoints(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.requireUser()
        try QueryCheck.allow([], in: request)
        let recorded = try await CheckpointLog.recorded(in: store).map {
            CheckpointBody(position: $0.position, treeSize: $0.checkpoint.treeSize, rootHash: $0.checkpoint.rootHash.hex, note: $0.note)
        }
        return ServerJSON.response(["checkpoints": recorded])
    }

    /// `GET /v1/proofs/inclusion?position=P&tree_size=N`: the JSON `fundledger proof inclusion` prints;
    /// a position or size past the log is 400.
    func inclusionProof(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.requireUser()
        try QueryCheck.allow(["position", "tree_size"], in: request)
        guard let position = try QueryCheck.integer("position", in: request, range: 1...Int64.max) else {
            throw Problem.badRequest("query parameter position is required")
        }
        let treeSize = try QueryCheck.integer("tree_size", in: request, range: 1...Int64.max)
        return try await Self.proving { ServerJSON.proof(try await store.inclusionProof(position: position, treeSize: treeSize)) }
    }

    /// `GET /v1/proofs/consistency?from=M&to=N`: the JSON `fundledger proof consistency` prints.
    func consistencyProof(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.requireUser()
        try QueryCheck.allow(["from", "to"], in: request)
        guard let from = try QueryCheck.integer("from", in: request, range: 1...Int64.max) else {
            throw Problem.badRequest("query parameter from is required")
        }
        let to = try QueryCheck.integer("to", in: request, range: 1...Int64.max)
        return try await Self.proving { ServerJSON.proof(try await store.consistencyProof(first: from, second: to)) }
    }

    /// A position or size beyond the log is the request's fault (400), not the server's.
    static func proving(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as MerkleRangeError {
            throw Problem.badRequest(error.description)
        }
    }
}

extension ServerJSON {
    /// A proof as `fundledger proof` prints it (its own snake_case keys).
    static func proof(_ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data + Data("\n".utf8))))
    }
}

struct ReadModelBody: Encodable {
    var name: String
    var codeVersion: Int
    var storedVersion: Int?
    var checkpoint: Int64
    var lag: Int64
    var checksum: String
}

struct StatusBody: Encodable {
    var headPosition: Int64
    var headHash: String
    var eventCount: Int64
    var schemaVersion: Int
    var readModels: [ReadModelBody]
}

struct VerifyBody: Encodable {
    var intact: Bool
    var eventCount: Int64?
    var headPosition: Int64?
    var headHash: String?
    var anchorsMatched: Int?
    var problem: String?
}

struct CheckpointBody: Encodable {
    var position: Int64
    var treeSize: Int64
    var rootHash: String
    var note: String
}
