import EventStore
import Foundation
import FundLedger
import HTTPTypes
import Hummingbird
import NIOCore
import Postgres
import PostgresEventStore

/// The endpoints that read: health, readiness, funds, a fund's initiatives and the log as JSON lines.
struct ReadRoutes: Sendable {
    /// The primary (where the server writes).
    let pool: ConnectionPool
    /// Where funds, initiatives and the log are read: a read replica, or `pool` itself.
    let readPool: ConnectionPool
    /// The newest migration this program carries: `/ready` wants the database at exactly this version.
    let schemaVersion: Int

    var store: PostgresEventStore { PostgresEventStore(pool: readPool) }

    /// `GET /health`: the process is up. Touches nothing else.
    func health(_ request: Request, context: ServerRequestContext) -> Response {
        ServerJSON.response(["status": "ok"])
    }

    /// `GET /ready`: the database (and the read replica, if any) answers and its schema is this program's; else 503.
    func ready(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var version = 0
        for (which, pool) in readPool === pool ? [("database", pool)] : [("database", pool), ("read database", readPool)] {
            do {
                version = try await pool.withConnection { connection in
                    // A replica is read-only: it cannot run the migrator's CREATE TABLE IF NOT EXISTS.
                    guard which == "database" else {
                        return try await connection.query("SELECT coalesce(max(version), 0) FROM public.fundledger_migrations")[0].decode(Int.self, at: 0)
                    }
                    return try await Migrator.embedded().currentVersion(on: connection)
                }
            } catch {
                context.logger.warning("not ready", metadata: ["error": "\(error)"])
                throw Problem(.serviceUnavailable, "not-ready", "Not ready", detail: "the \(which) cannot be reached or has no FundLedger schema")
            }
            guard version == schemaVersion else {
                throw Problem(
                    .serviceUnavailable, "not-ready", "Not ready",
                    detail: "the \(which) schema is at version \(version), this program needs \(schemaVersion); run `fundledger migrate`")
            }
        }
        return ServerJSON.response(ReadyBody(status: "ready", schemaVersion: version))
    }

    /// `GET /v1/funds`: every fund with its balance and commitments in öre.
    func funds(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.requireUser()
        try QueryCheck.allow([], in: request)
        let funds = try await FundStates(pool: readPool).all().map(FundBody.init)
        return ServerJSON.response(["funds": funds])
    }

    /// `GET /v1/funds/{id}/initiatives`: one fund's initiatives; 404 for a fund that does not exist.
    func initiatives(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.requireUser()
        try QueryCheck.allow([], in: request)
        let id = context.pathParameter("id") ?? ""
        guard let fund = try await FundStates(pool: readPool).fund(id) else { throw Problem.notFound("fund \(Identifier.quoted(id)) does not exist") }
        let initiatives = fund.initiatives.values.sorted { $0.id < $1.id }.map { InitiativeBody($0, fund: fund) }
        return ServerJSON.response(["initiatives": initiatives])
    }

    /// `GET /v1/events?after=P&limit=N`: the log after position P as JSON lines, the same lines as
    /// `fundledger read` prints.
    func events(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.requireUser()
        try QueryCheck.allow(["after", "limit"], in: request)
        let after = try QueryCheck.integer("after", in: request, range: 0...Int64.max) ?? 0
        let limit = try QueryCheck.integer("limit", in: request, range: 1...Int64(ServerLimits.eventPageMax))
            ?? Int64(ServerLimits.eventPageDefault)
        let events = try await store.readAll(after: after, limit: Int(limit))
        let text = events.map { EventLine.text($0) + "\n" }.joined()
        return Response(
            status: .ok, headers: [.contentType: "application/x-ndjson"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Checks a request's query: only the parameters an endpoint names, each at most once, each well formed.
enum QueryCheck {
    static func allow(_ names: Set<String>, in request: Request) throws {
        var seen: Set<String> = []
        for (key, _) in request.uri.queryParameters {
            let name = String(key)
            guard names.contains(name) else {
                let known = names.isEmpty ? "this endpoint takes no query parameters" : "it takes \(names.sorted().joined(separator: ", "))"
                throw Problem.badRequest("query parameter \(Identifier.quoted(name)) is unknown; \(known)")
            }
            guard seen.insert(name).inserted else { throw Problem.badRequest("query parameter \(name) is given twice") }
        }
    }

    static func integer(_ name: String, in request: Request, range: ClosedRange<Int64>) throws -> Int64? {
        guard let text = request.uri.queryParameters[Substring(name)] else { return nil }
        guard text.allSatisfy(\.isASCII), let value = Int64(text), range.contains(value) else {
            let upper = range.upperBound == .max ? "or more" : "to \(range.upperBound)"
            throw Problem.badRequest("query parameter \(name): \(Identifier.quoted(String(text.prefix(40)))) is not a whole number \(range.lowerBound) \(upper)")
        }
        return value
    }
}

/// JSON bodies: snake_case keys, sorted, on one line.
enum ServerJSON {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data + Data("\n".utf8))))
    }
}

struct ReadyBody: Encodable {
    var status: String
    var schemaVersion: Int
}

/// One fund in `GET /v1/funds`.
struct FundBody: Encodable {
    var id: String
    var organisationId: String
    var name: String
    var currency: String
    var balanceOre: Int64
    var committedOre: Int64
    var uncommittedOre: Int64

    init(_ fund: FundState) {
        id = fund.id
        organisationId = fund.organisationID
        name = fund.name
        currency = fund.currency.code
        balanceOre = fund.balance.ore
        committedOre = fund.committed.ore
        uncommittedOre = fund.uncommitted.ore
    }
}

/// One initiative in `GET /v1/funds/{id}/initiatives`.
struct InitiativeBody: Encodable {
    var id: String
    var title: String
    var status: String
    var currency: String
    var grantedOre: Int64
    var disbursedOre: Int64
    var committedOre: Int64
    var repaidOre: Int64
    var outstandingOre: Int64

    init(_ initiative: InitiativeState, fund: FundState) {
        id = initiative.id
        title = initiative.application.title
        status = initiative.status.rawValue
        currency = fund.currency.code
        grantedOre = initiative.granted.ore
        disbursedOre = initiative.disbursed.ore
        committedOre = initiative.committed.ore
        repaidOre = initiative.repaid.ore
        outstandingOre = initiative.repaymentBalance.outstanding.ore
    }
}
