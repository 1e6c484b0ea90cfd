import Foundation
import Hummingbird
import Postgres

/// The web view's routes (`docs/web.md`): pages for people, in Swedish by default, behind the same
/// authentication as the API.
enum WebRoutes {
    static func register(on group: RouterGroup<ServerRequestContext>, pool: ConnectionPool, committer: GroupCommitter, zone: TimeZone) {
        let ledger = WebLedgerPages(pool: pool)
        let reports = WebReportPages(pool: pool)
        let audit = WebAuditPages(pool: pool)
        let record = WebRecordPages(committer: committer, zone: zone)
        group.get("/") { request, context in try await ledger.start(request, context: context) }
        group.get("/funds/{fund}") { request, context in try await ledger.fund(request, context: context) }
        group.get("/funds/{fund}/initiatives/{initiative}") { request, context in try await ledger.initiative(request, context: context) }
        group.get("/funds/{fund}/savings-flows") { request, context in try await ledger.savingsFlows(request, context: context) }
        group.get("/funds/{fund}/record") { request, context in try await record.form(request, context: context) }
        group.post("/funds/{fund}/record") { request, context in try await record.record(request, context: context) }
        group.get("/reports") { request, context in try await reports.list(request, context: context) }
        group.get("/reports/{plugin}") { request, context in try await reports.report(request, context: context) }
        group.get("/audit") { request, context in try await audit.audit(request, context: context) }
        group.post("/audit/checkpoint") { request, context in try await audit.verifyCheckpoint(request, context: context) }
        group.get("/accessibility") { request, context in try await audit.accessibility(request, context: context) }
    }
}
