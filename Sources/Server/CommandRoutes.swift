import EventStore
import Foundation
import FundLedger
import HTTPTypes
import Hummingbird
import NIOCore
import Postgres
import PostgresEventStore
import Recording

/// `POST /v1/commands`: a body with the command shapes of an `apply` file (a list, `{commands: […]}`,
/// or one command object), recorded all or none through `Recorder` with the authenticated user as actor.
struct CommandRoutes: Sendable {
    let committer: GroupCommitter
    /// The organisation's time zone: today there is a command's default effective date.
    let zone: TimeZone
    let metrics: ServerMetrics

    func record(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let user = try context.requireRecorder()
        try QueryCheck.allow([], in: request)
        let isJSON = try Self.isJSON(request)
        var request = request
        let buffer = try await request.collectBody(upTo: ServerLimits.bodyBytesMax)
        let text: String
        do {
            text = try StrictUTF8.decode(buffer.readableBytesView)
        } catch {
            throw Problem.badRequest("the body is not UTF-8 (\(error)); nothing was written")
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw Problem.badRequest("the body is empty; send a list of commands, {\"commands\": […]} or one command object; nothing was written")
        }
        let document = try CommandFile.readRequest(text, source: "the body", isJSON: isJSON)
        for command in document.commands where command.input.has(CommandField.actor.name) {
            throw Problem.badRequest(
                "\(command.label): field actor: the actor is the authenticated user (\(user.name)) and may not be given; nothing was written")
        }
        let defaults = MetadataDefaults(actor: user.name, effectiveDate: OrganisationTime.today(in: zone))
        let outcome = try await Self.retryingConflicts {
            try await committer.submit(actor: user.name) { pool in
                let recorder = Recorder(
                    service: LedgerService(store: PostgresEventStore(pool: pool, appendsInSavepoint: true)),
                    metadata: [CommandField.actor.name: .text(user.name)], defaults: defaults)
                return try await recorder.recordBatch(document.commands, source: "the body")
            }
        }
        metrics.recordAppended(outcome.events.filter { !$0.alreadyRecorded }.count)
        context.logger.info(
            "recorded", metadata: ["events": .stringConvertible(outcome.events.count), "retry": .stringConvertible(outcome.wasAlreadyRecorded)])
        return ServerJSON.response(RecordedBody(outcome), status: outcome.wasAlreadyRecorded ? .ok : .created)
    }

    /// Requests in one batch run one after another and see each other, so they never conflict; a writer
    /// outside the server (the CLI) can still win a race on a fund. `LedgerService` then decides again up
    /// to 5 times, and this tries that whole round up to 4 times, in later batches, after a short pause.
    static func retryingConflicts<T>(_ body: () async throws -> T) async throws -> T {
        for _ in 1..<conflictRoundsMax {
            do {
                return try await body()
            } catch EventStoreError.wrongExpectedVersion {
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...50)))
            }
        }
        return try await body()
    }

    static let conflictRoundsMax = 4

    /// JSON unless the content type says YAML; any other type is 415.
    static func isJSON(_ request: Request) throws -> Bool {
        guard let header = request.headers[.contentType] else { return true }
        let type = header.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if type == "application/json" || type.hasSuffix("+json") { return true }
        if ["application/yaml", "application/x-yaml", "text/yaml"].contains(type) { return false }
        throw Problem(
            .unsupportedMediaType, "unsupported-media-type", "Unsupported media type",
            detail: "Content-Type \(Identifier.quoted(String(header.prefix(80)))) is neither application/json nor application/yaml; nothing was written")
    }
}

/// The answer to `POST /v1/commands`: each event written (or found written by an identical earlier
/// request), and each refusal the body expected (`expect: refused RULE`).
struct RecordedBody: Encodable {
    struct Event: Encodable {
        var entry: Int
        var eventId: String
        var eventType: String
        var globalPosition: Int64
        var streamId: String
        var streamVersion: Int64
        var effectiveDate: String
        var alreadyRecorded: Bool
    }

    struct Refusal: Encodable {
        var entry: Int
        var rule: String
        var message: String
    }

    var events: [Event]
    var refusedAsExpected: [Refusal]
    var entryCount: Int
    var alreadyRecorded: Bool

    init(_ outcome: RecordingOutcome) {
        events = outcome.events.map { item in
            Event(
                entry: item.entry + 1, eventId: item.event.eventID.uuidString.lowercased(), eventType: item.event.eventType,
                globalPosition: item.event.globalPosition, streamId: item.event.streamID, streamVersion: item.event.streamVersion,
                effectiveDate: item.event.effectiveDate.description, alreadyRecorded: item.alreadyRecorded)
        }
        refusedAsExpected = outcome.refusals.map { Refusal(entry: $0.entry + 1, rule: $0.error.rule, message: $0.error.message) }
        entryCount = outcome.entryCount
        alreadyRecorded = outcome.wasAlreadyRecorded
    }
}
