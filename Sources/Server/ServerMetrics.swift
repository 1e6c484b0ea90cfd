import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Postgres
import Projections
import Synchronization

/// The server's counters in Prometheus's text exposition format (`GET /metrics`): requests and their
/// latency by route and status, events appended, group-commit batches and their sizes, and each read
/// model's lag behind the log (read at scrape time).
///
/// Written by hand rather than with swift-prometheus: a few counters and fixed-bucket histograms are
/// forty lines, and the format is a stable, documented text format (see docs/server.md).
public final class ServerMetrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let latencyBounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct RouteKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    struct Latency {
        var count = 0
        var sum = 0.0
        var atMost = Array(repeating: 0, count: ServerMetrics.latencyBounds.count)
    }

    private struct Counters {
        var requests: [RouteKey: Latency] = [:]
        var eventsAppended = 0
        var rateLimited = 0
    }

    private let counters = Mutex(Counters())

    public init() {}

    func record(method: String, route: String, status: Int, seconds: Double) {
        counters.withLock { counters in
            var latency = counters.requests[RouteKey(method: method, route: route, status: status), default: Latency()]
            latency.count += 1
            latency.sum += seconds
            for (index, bound) in Self.latencyBounds.enumerated() where seconds <= bound { latency.atMost[index] += 1 }
            counters.requests[RouteKey(method: method, route: route, status: status)] = latency
        }
    }

    func recordAppended(_ count: Int) { counters.withLock { $0.eventsAppended += count } }

    func recordRateLimited() { counters.withLock { $0.rateLimited += 1 } }

    /// The exposition text: these counters, the writer's `batches`, and `lags` (read model → events behind).
    func exposition(batches: GroupCommitStatistics.Snapshot, lags: [(String, Int64)]) -> String {
        let counters = counters.withLock { $0 }
        var out = "# HELP fundledger_http_requests_total Requests answered, by method, route and status.\n# TYPE fundledger_http_requests_total counter\n"
        let keys = counters.requests.keys.sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        for key in keys { out += "fundledger_http_requests_total{\(Self.labels(key))} \(counters.requests[key]!.count)\n" }
        out += "# HELP fundledger_http_request_duration_seconds Time from request to response.\n# TYPE fundledger_http_request_duration_seconds histogram\n"
        for key in keys {
            let latency = counters.requests[key]!
            for (index, bound) in Self.latencyBounds.enumerated() {
                out += "fundledger_http_request_duration_seconds_bucket{\(Self.labels(key)),le=\"\(bound)\"} \(latency.atMost[index])\n"
            }
            out += "fundledger_http_request_duration_seconds_bucket{\(Self.labels(key)),le=\"+Inf\"} \(latency.count)\n"
            out += "fundledger_http_request_duration_seconds_sum{\(Self.labels(key))} \(latency.sum)\n"
            out += "fundledger_http_request_duration_seconds_count{\(Self.labels(key))} \(latency.count)\n"
        }
        out += "# HELP fundledger_events_appended_total Events appended through this server (raw appends and commands).\n# TYPE fundledger_events_appended_total counter\n"
        out += "fundledger_events_appended_total \(counters.eventsAppended)\n"
        out += "# HELP fundledger_rate_limited_total Requests refused with 429.\n# TYPE fundledger_rate_limited_total counter\n"
        out += "fundledger_rate_limited_total \(counters.rateLimited)\n"
        out += Self.batchExposition(batches)
        out += "# HELP fundledger_read_model_lag_events Events in the log not yet applied to each read model.\n# TYPE fundledger_read_model_lag_events gauge\n"
        for (name, lag) in lags { out += "fundledger_read_model_lag_events{read_model=\"\(name)\"} \(lag)\n" }
        return out
    }

    static func batchExposition(_ batches: GroupCommitStatistics.Snapshot) -> String {
        var out = "# HELP fundledger_group_commit_batch_size Requests per group-commit transaction.\n# TYPE fundledger_group_commit_batch_size histogram\n"
        for (index, bound) in GroupCommitStatistics.batchSizeBounds.enumerated() {
            out += "fundledger_group_commit_batch_size_bucket{le=\"\(bound)\"} \(batches.batchesAtMost[index])\n"
        }
        out += "fundledger_group_commit_batch_size_bucket{le=\"+Inf\"} \(batches.batches)\n"
        out += "fundledger_group_commit_batch_size_sum \(batches.requests)\nfundledger_group_commit_batch_size_count \(batches.batches)\n"
        out += "# HELP fundledger_group_commit_failed_batches_total Batches whose transaction failed (nothing of them written).\n# TYPE fundledger_group_commit_failed_batches_total counter\n"
        out += "fundledger_group_commit_failed_batches_total \(batches.failedBatches)\n"
        return out
    }

    static func labels(_ key: RouteKey) -> String {
        "method=\"\(key.method)\",route=\"\(key.route)\",status=\"\(key.status)\""
    }
}

/// `GET /metrics` for a logged-in user of any role (give Prometheus a token: `authorization` in its
/// scrape config).
struct MetricsRoute: Sendable {
    let metrics: ServerMetrics
    let committer: GroupCommitter
    let pool: ConnectionPool

    func metrics(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.requireUser()
        try QueryCheck.allow([], in: request)
        let lags = ((try? await ReadModelEngine(pool: pool).status()) ?? []).map { ($0.name, $0.lag) }
        let text = metrics.exposition(batches: committer.statistics.snapshot, lags: lags)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
