import EventStore
import Foundation
import FundLedger
import HTTPTypes
import Hummingbird
import NIOCore
import Postgres
import Projections
import PostgresEventStore
import Reporting
import SIEExport

/// Reports over HTTP: `GET /v1/reports` lists the plugins and their parameters, `GET /v1/reports/{plugin}`
/// runs one, as `fundledger report` does, and says in headers which ledger state it was computed from.
///
/// With a read replica (`replica`), a report asked for at a position the replica has not replayed waits
/// for it (`replica-wait`), then answers 503 with Retry-After; one beyond the primary's head is 400.
struct ReportRoutes: Sendable {
    /// Where reports read the ledger: the read replica when there is one.
    let pool: ConnectionPool
    /// Reports each user may have in the making at once.
    let slots: ReportSlots
    let replica: ReplicaReads?
    /// What a client waits before asking again when the replica was behind (Retry-After, seconds).
    static let retryAfterSeconds = 1

    /// The query parameters that are not the plugin's own: format and the replay bounds.
    static let reserved: Set = ["format", "as_of", "effective_until", "at_head", "csv_dialect", "plain_numbers", "lang"]
    /// The response headers that carry the report's ledger stamp.
    static let positionHeader = HTTPField.Name("FundLedger-Ledger-Position")!
    static let hashHeader = HTTPField.Name("FundLedger-Ledger-Hash")!

    var host: ReportHost { ReportHost(store: PostgresEventStore(pool: pool), externals: .fromEnvironment()) }

    /// `GET /v1/reports?lang=sv|en`: every plugin with its parameters (`fundledger plugins --json`), its
    /// summary and help in the language asked for (Swedish by default).
    func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.requireUser()
        try QueryCheck.allow(["lang"], in: request)
        let language = try Self.language(try Self.singleValuedQuery(request))
        let (plugins, _) = await host.descriptors()
        return ServerJSON.response(["plugins": plugins.map { $0.localized(language) }])
    }

    /// `GET /v1/reports/{plugin}?fund=…&format=…`: every other query parameter is the plugin's.
    func report(_ request: Request, context: ServerRequestContext) async throws -> Response {
        do {
            return try await slots.run(for: try context.requireUser().name) { try await makeReport(request, context: context) }
        } catch let error as ReplayError {
            throw Problem.badRequest("query parameter at_head: \(error.description)")
        } catch let error as ReplicaBehindError {
            let problem = Problem(
                .serviceUnavailable, "replica-behind", "Not replayed yet",
                detail: "\(error.description); retry after \(Self.retryAfterSeconds) s, or ask without at_head for the newest report it has")
            var response = try problem.response(from: request, context: context)
            response.headers[.retryAfter] = String(Self.retryAfterSeconds)
            return response
        }
    }

    private func makeReport(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.requireUser()
        let id = context.pathParameter("plugin") ?? ""
        let query = try Self.singleValuedQuery(request)
        let format = query["format"] ?? "json"
        let bounds = try Self.bounds(query)
        let parameters = query.filter { !Self.reserved.contains($0.key) }
        if id == "sie", parameters["chart"] != nil {
            throw Problem.badRequest("query parameter chart names a file on the server, which the API does not read; use the CLI's report sie --param chart=FILE")
        }
        let language = try Self.language(query)
        if format == "sie" {
            guard id == "sie" else { throw Problem.badRequest("query parameter format: sie is only for the sie report") }
            try await awaitReplica(bounds)
            let result = try await SIEExportPlugin().export(store: PostgresEventStore(pool: pool), parameters: parameters, bounds: bounds, language: language)
            var response = Response(
                status: .ok, headers: [.contentType: "application/octet-stream", .contentDisposition: "attachment; filename=\"fundledger.si\""],
                body: .init(byteBuffer: ByteBuffer(bytes: result.output.bytes)))
            Self.stamp(&response, with: result.document.source)
            return response
        }
        guard let reportFormat = ReportFormat(rawValue: format) else {
            let formats = ReportFormat.allCases.map(\.rawValue) + ["sie"]
            throw Problem.badRequest("query parameter format: \(Identifier.quoted(format)) is not one of \(formats.joined(separator: ", "))")
        }
        let rendering = try Self.rendering(query, format: reportFormat)
        try await awaitReplica(bounds)
        let document = try await host.run(ReportRequest(pluginID: id, parameters: parameters, bounds: bounds, language: language))
        let text = try ReportRenderer.render(document, as: reportFormat, style: rendering.style, csvDialect: rendering.dialect, language: language)
        var headers: HTTPFields = [.contentType: Self.contentType(reportFormat), .contentLanguage: language.tag]
        if reportFormat == .html {
            // The self-contained report (inline CSS and SVG, no scripts): the pages' policy, so it cannot be
            // framed by another site or made to load anything.
            headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        }
        var response = Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        Self.stamp(&response, with: document.source)
        return response
    }

    /// Waits for the read replica to replay `at_head` (once the request is known to be well formed).
    private func awaitReplica(_ bounds: ReplayBounds) async throws {
        if let replica, let position = bounds.throughPosition { try await replica.awaitPosition(position) }
    }

    static func stamp(_ response: inout Response, with source: ReportSource) {
        response.headers[positionHeader] = String(source.position)
        response.headers[hashHeader] = source.hash
    }

    static func contentType(_ format: ReportFormat) -> String {
        switch format {
        case .table: "text/plain; charset=utf-8"
        case .markdown: "text/markdown; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        case .json: "application/json"
        case .html: "text/html; charset=utf-8"
        }
    }

    /// The query as a dictionary; a parameter given twice is refused (which value should win?).
    static func singleValuedQuery(_ request: Request) throws -> [String: String] {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            let name = String(key)
            guard query[name] == nil else { throw Problem.badRequest("query parameter \(Identifier.quoted(name)) is given twice") }
            query[name] = String(value)
        }
        return query
    }

    /// `at_head`, `as_of` and `effective_until`, as `fundledger report` reads `--at-head`, `--as-of` and
    /// `--effective-until`.
    static func bounds(_ query: [String: String]) throws -> ReplayBounds {
        var bounds = ReplayBounds.everything
        if let text = query["at_head"] {
            guard let position = Int64(text), position >= 0 else {
                throw Problem.badRequest("query parameter at_head: \(Identifier.quoted(String(text.prefix(40)))) is not a position (a whole number, 0 or more)")
            }
            bounds.throughPosition = position
        }
        if let text = query["as_of"] {
            guard let instant = OrganisationTime.instant(parsing: text) else {
                throw Problem.badRequest("query parameter as_of must be YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] or YYYY-MM-DDTHH:MM:SSZ, not \(Identifier.quoted(String(text.prefix(40))))")
            }
            bounds.recordedThrough = instant
        }
        if let text = query["effective_until"] {
            guard let date = CivilDate(text) else {
                throw Problem.badRequest("query parameter effective_until must be a date YYYY-MM-DD, not \(Identifier.quoted(String(text.prefix(40))))")
            }
            bounds.effectiveThrough = date
        }
        return bounds
    }

    /// `lang=sv|en`; Swedish when not given (the server does not guess from its own environment).
    static func language(_ query: [String: String]) throws -> ReportLanguage {
        guard let text = query["lang"] else { return .default }
        guard let language = ReportLanguage(rawValue: text) else {
            throw Problem.badRequest("query parameter lang must be sv or en, not \(Identifier.quoted(String(text.prefix(40))))")
        }
        return language
    }

    /// `plain_numbers=true|false` and `csv_dialect=rfc4180|sv` (only with `format=csv`).
    static func rendering(_ query: [String: String], format: ReportFormat) throws -> (style: NumberStyle, dialect: CSVDialect) {
        var style = NumberStyle.swedish
        if let text = query["plain_numbers"] {
            guard let plain = Bool(text) else { throw Problem.badRequest("query parameter plain_numbers must be true or false") }
            style = plain ? .plain : .swedish
        }
        var dialect = CSVDialect.rfc4180
        if let text = query["csv_dialect"] {
            guard let chosen = CSVDialect(rawValue: text) else {
                throw Problem.badRequest("query parameter csv_dialect must be rfc4180 or sv, not \(Identifier.quoted(String(text.prefix(40))))")
            }
            guard format == .csv else { throw Problem.badRequest("query parameter csv_dialect goes with format=csv") }
            dialect = chosen
        }
        return (style, dialect)
    }
}
