import Foundation
import Hummingbird
import Postgres

/// The web view's routes (`docs/web.md`): pages for people, in Swedish by default, behind the same
/// authentication as the API.
enum WebRoutes {
    static func register(
        on group: RouterGroup<ServerRequestContext>, pool: ConnectionPool, committer: GroupCommitter, zone: TimeZone, slots: ReportSlots
    ) {
        let ledger = WebLedgerPages(pool: pool)
        let reports = WebReportPages(pool: pool)
        let audit = WebAuditPages(pool: pool)
        let record = WebRecordPages(committer: committer, zone: zone)
        // The pages that fold the ledger or run a report, each holding one of its user's report slots.
        func folding(_ page: @escaping @Sendable (Request, ServerRequestContext) async throws -> Response) -> @Sendable (Request, ServerRequestContext) async throws -> Response {
            { request, context in try await slots.run(for: try context.requireUser().name) { try await page(request, context) } }
        }
        group.get("/", use: folding(ledger.start))
        group.get("/funds/{fund}", use: folding(ledger.fund))
        group.get("/funds/{fund}/initiatives/{initiative}", use: folding(ledger.initiative))
        group.get("/funds/{fund}/savings-flows", use: folding(ledger.savingsFlows))
        group.get("/funds/{fund}/record") { request, context in try await record.form(request, context: context) }
        group.post("/funds/{fund}/record") { request, context in try await record.record(request, context: context) }
        group.get("/reports") { request, context in try await reports.list(request, context: context) }
        group.get("/reports/{plugin}", use: folding(reports.report))
        group.get("/audit") { request, context in try await audit.audit(request, context: context) }
        group.post("/audit/checkpoint") { request, context in try await audit.verifyCheckpoint(request, context: context) }
        group.get("/accessibility") { request, context in try await audit.accessibility(request, context: context) }
    }
}
