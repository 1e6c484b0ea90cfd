import EventStore
import Foundation
import Hummingbird
import Postgres
import PostgresEventStore
import Reporting
import Transparency

/// The auditor's page (the chain verified now, the signed checkpoints, the export to take away) and the
/// accessibility statement the DOS act requires of public bodies.
struct WebAuditPages: Sendable {
    let pool: ConnectionPool

    var store: PostgresEventStore { PostgresEventStore(pool: pool) }

    /// `GET /audit`: verifies the whole chain on each visit.
    func audit(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let view = try WebView(request, context: context)
        let texts = view.texts
        var main = "<h1>\(e(texts(.webAudit)))</h1><section aria-labelledby=\"chain\"><h2 id=\"chain\">\(e(texts(.webChain)))</h2>"
        switch try await store.verifyChain() {
        case .verified(let head):
            main += "<p class=\"ok\" role=\"status\">\(e(texts(.webChainIntact, head.eventCount)))</p><dl class=\"parameters\">"
                + "<dt>\(e(texts(.webHeadPosition)))</dt><dd>\(head.position)</dd><dt>\(e(texts(.webHeadHash)))</dt><dd><code>\(head.hash.hex)</code></dd></dl>"
        case .broken(let failure):
            main += "<p class=\"error\" role=\"alert\">\(e(texts(.webChainBroken, failure.description)))</p>"
        }
        main += "<p><a href=\"\(view.link("/audit"))\">\(e(texts(.webVerifyAgain)))</a></p></section>"
        main += try await checkpoints(view)
        main += "<section aria-labelledby=\"export\"><h2 id=\"export\">Export</h2><p>\(e(texts(.webExportIntro)))</p>"
            + "<p><a href=\"/v1/export\" download>\(e(texts(.webExportLink)))</a></p><p class=\"hint\">\(e(texts(.webProofsIntro)))</p></section>"
        return WebLayout.page(view, title: texts(.webAudit), main: main)
    }

    private func checkpoints(_ view: WebView) async throws -> String {
        let texts = view.texts
        var html = "<section aria-labelledby=\"checkpoints\"><h2 id=\"checkpoints\">\(e(texts(.webCheckpoints)))</h2>"
        let recorded = try await CheckpointLog.recorded(in: store)
        guard !recorded.isEmpty else { return html + "<p>\(e(texts(.webNoCheckpoints)))</p></section>" }
        let rows = recorded.map { checkpoint in
            "<tr><th scope=\"row\">\(checkpoint.position)</th><td class=\"num\">\(checkpoint.checkpoint.treeSize)</td>"
                + "<td><code>\(checkpoint.checkpoint.rootHash.hex)</code></td></tr>"
        }
        html += WebTable.html(
            id: "checkpoints-table", caption: texts(.webCheckpoints), columns: [texts(.webRecordedAt), texts(.webTreeSize), texts(.webRootHash)],
            numericFrom: 1, rows: rows)
        return html + "</section>"
    }

    /// `GET /accessibility`: the accessibility statement.
    func accessibility(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let view = try WebView(request, context: context)
        let texts = view.texts
        let paragraphs: [WebText] = [.webA11yIntro, .webA11yStatus, .webA11yTested, .webA11yKnown, .webA11yContact]
        let main = "<h1>\(e(texts(.webA11yTitle)))</h1>" + paragraphs.map { "<p>\(e(texts($0)))</p>" }.joined()
        return WebLayout.page(view, title: texts(.webA11yTitle), main: main)
    }
}
