import EventStore
import Foundation
import FundLedger
import HTTPTypes
import Hummingbird
import NIOCore
import Postgres
import PostgresEventStore
import Recording
import ServiceLifecycle
import Synchronization

/// Raw events: `POST /v1/events` appends the JSON lines `fundledger append` takes (through group commit),
/// and `GET /v1/events/stream` follows the log as Server-Sent Events.
struct EventRoutes: Sendable {
    let pool: ConnectionPool
    let committer: GroupCommitter
    let notifier: AppendNotifier
    let metrics: ServerMetrics

    /// `POST /v1/events`: all lines or none; the actor is the authenticated user, added to each event's
    /// metadata. Fund-ledger events in ledger streams are refused: they go through `POST /v1/commands`.
    func append(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let user = try context.requireRecorder()
        try QueryCheck.allow([], in: request)
        try Self.requireNDJSON(request)
        var request = request
        let body = try await request.collectBody(upTo: ServerLimits.bodyBytesMax)
        var (events, expectations) = try AppendInput.parse(Data(body.readableBytesView), source: "the body")
        for (index, event) in events.enumerated() {
            if AppendInput.bypassesLedgerRules(event) {
                throw Problem.badRequest(
                    "line \(index + 1): \(event.eventType) in \(event.streamID) is a fund-ledger event; record it with POST /v1/commands so the fund's rules are checked; nothing was written")
            }
            // Never `try?`: a member list that cannot be read must not pass as one without an actor.
            if try RawJSON.members(of: event.metadata)["actor"] != nil {
                throw Problem.badRequest(
                    "line \(index + 1): metadata.actor: the actor is the authenticated user (\(user.name)) and may not be given; nothing was written")
            }
            events[index].metadata = Self.metadata(event.metadata, actor: user.name)
        }
        let appended = try await committer.submitAppend(events, expectations: expectations, actor: user.name)
        metrics.recordAppended(appended.count)
        context.logger.info("appended", metadata: ["events": .stringConvertible(appended.count)])
        let text = appended.map {
            "{\"event_id\":\"\($0.eventID.uuidString.lowercased())\",\"global_position\":\($0.globalPosition),\"stream_version\":\($0.streamVersion),\"hash\":\"\($0.hash.hex)\"}\n"
        }.joined()
        return Response(status: .created, headers: [.contentType: "application/x-ndjson"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// `metadata` (a JSON object's text) with `"actor": name` first. Names are `[a-z0-9._-]`, so the
    /// name needs no escaping.
    static func metadata(_ metadata: String, actor: String) -> String {
        let rest = metadata.dropFirst().drop { $0.isWhitespace }
        return "{\"actor\":\"\(actor)\"" + (rest.hasPrefix("}") ? "" : ",") + rest
    }

    /// JSON lines are `application/x-ndjson` (also accepted: `application/jsonl`, `application/json-seq`
    /// is not); a body with another type is 415.
    static func requireNDJSON(_ request: Request) throws {
        let header = request.headers[.contentType] ?? ""
        let type = header.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard ["application/x-ndjson", "application/jsonl"].contains(type) else {
            throw Problem(
                .unsupportedMediaType, "unsupported-media-type", "Unsupported media type",
                detail: "POST /v1/events takes JSON lines with Content-Type application/x-ndjson, not \(Identifier.quoted(String(header.prefix(80)))); nothing was written")
        }
    }

    /// `GET /v1/events/stream?after=P`: every event after P (or after the `Last-Event-ID` a reconnecting
    /// client sends, which wins), then each new one as it commits. Each event is `id: POSITION` and `data:`
    /// the line `GET /v1/events` gives; a comment every 15 s keeps idle connections open. Ends when the
    /// client goes or the server shuts down; with `follow=false`, once it has caught up (no live part).
    func stream(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.requireUser()
        try QueryCheck.allow(["after", "follow"], in: request)
        var after = try QueryCheck.integer("after", in: request, range: 0...Int64.max) ?? 0
        var follow = true
        if let text = request.uri.queryParameters["follow"] {
            guard let value = Bool(String(text)) else {
                throw Problem.badRequest("query parameter follow: \(Identifier.quoted(String(text.prefix(40)))) is not true or false")
            }
            follow = value
        }
        if let header = request.headers[HTTPField.Name("Last-Event-ID")!] {
            guard let position = Int64(header.trimmingCharacters(in: .whitespaces)), position >= 0 else {
                throw Problem.badRequest("header Last-Event-ID: \(Identifier.quoted(String(header.prefix(40)))) is not a position (a whole number, 0 or more)")
            }
            after = position
        }
        // The body is written after this handler returns, outside the request's task: read as its user.
        let store = PostgresEventStore(pool: pool.with(sessionParameters: ReadingAsUser.parameters(for: context.user)))
        let notifier = notifier
        let (start, live) = (after, follow)
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            let stopping = StopFlag()
            try await withGracefulShutdownHandler {
                try await Self.follow(store: store, notifier: notifier, after: start, live: live, until: stopping, writer: &writer)
            } onGracefulShutdown: {
                stopping.stop()
            }
            try await writer.finish(nil)
        })
    }

    static let heartbeat = Duration.seconds(15)

    /// Writes events after `after` until the client goes (a write throws), the task is cancelled, or
    /// `stopping` is set; waits on `notifier` between pages, a second at a time so a stop is seen soon.
    /// Not `live`: returns at the first read that finds nothing new.
    private static func follow(
        store: PostgresEventStore, notifier: AppendNotifier, after: Int64, live: Bool, until stopping: StopFlag,
        writer: inout any ResponseBodyWriter
    ) async throws {
        var position = after
        var quietSince = ContinuousClock.now
        while !Task.isCancelled, !stopping.isStopped {
            let events = try await store.readAll(after: position, limit: ServerLimits.eventPageDefault)
            if events.isEmpty {
                guard live else { return }
                try await notifier.wait(after: position, timeout: .seconds(1))
                if ContinuousClock.now - quietSince >= heartbeat {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    quietSince = ContinuousClock.now
                }
                continue
            }
            quietSince = ContinuousClock.now
            let text = events.map { "id: \($0.globalPosition)\ndata: \(EventLine.text($0))\n\n" }.joined()
            try await writer.write(ByteBuffer(string: text))
            position = events[events.count - 1].globalPosition
        }
    }
}

/// Set once, read by a loop that should end: graceful shutdown tells a live event stream to finish.
final class StopFlag: Sendable {
    private let stopped = Atomic<Bool>(false)

    func stop() { stopped.store(true, ordering: .releasing) }

    var isStopped: Bool { stopped.load(ordering: .acquiring) }
}

extension EventRoutes {
    /// `POST /v1/events/{id}/skip` with `{"reason": "…"}`: records that the event, which the ledger cannot
    /// read, is skipped (`fundledger correction skip`, `SkippedEvents`), through group commit under the
    /// user's writer role; refused (422) for an event the ledger reads, an unknown one or an empty reason.
    func skip(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let user = try context.requireRecorder()
        try QueryCheck.allow([], in: request)
        let text = context.pathParameter("id") ?? ""
        guard let eventID = UUID(uuidString: text) else {
            throw Problem.badRequest("the event id \(Identifier.quoted(text)) in the path is not a UUID; nothing was written")
        }
        var request = request
        let reason = try Self.skipReason(try await request.collectBody(upTo: ServerLimits.bodyBytesMax), contentType: request.headers[.contentType])
        let service = LedgerService(store: PostgresEventStore(pool: pool))
        let (skipped, skip) = try await service.preparedSkip(eventID, reason: reason, actor: user.name)
        let appended = try await committer.submitAppend([skip], expectations: [:], actor: user.name)
        context.logger.info("skipped", metadata: ["position": .stringConvertible(skipped.globalPosition)])
        let body = "{\"skipped_position\":\(skipped.globalPosition),\"event_id\":\"\(appended[0].eventID.uuidString.lowercased())\","
            + "\"global_position\":\(appended[0].globalPosition),\"hash\":\"\(appended[0].hash.hex)\"}"
        return Response(status: .created, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// The `reason` of a skip's body: a JSON object with that one string member, printable text.
    static func skipReason(_ body: ByteBuffer, contentType: String?) throws -> String {
        let type = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? "application/json"
        guard type == "application/json" else {
            throw Problem(.unsupportedMediaType, "unsupported-media-type", "Unsupported media type", detail: "send {\"reason\": \"…\"} as application/json; nothing was written")
        }
        let members = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
        guard let members else { throw Problem.badRequest("the body must be a JSON object {\"reason\": \"…\"}; nothing was written") }
        if let unknown = members.keys.sorted().first(where: { $0 != "reason" }) {
            throw Problem.badRequest("field \(Identifier.quoted(unknown)) is unknown; the body takes only reason; nothing was written")
        }
        guard let reason = members["reason"] as? String else { throw Problem.badRequest("field reason: required, a string; nothing was written") }
        if let problem = FreeText.problem(reason, "field reason:") { throw Problem.badRequest(problem + "; nothing was written") }
        return reason
    }
}
