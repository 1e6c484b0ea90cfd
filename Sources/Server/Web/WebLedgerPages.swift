import EventStore
import Foundation
import FundLedger
import Hummingbird
import Postgres
import PostgresEventStore
import Projections
import Reporting

/// The pages about the ledger's contents: the funds at a glance, one fund, one initiative, and the
/// savings flows. The figures come from the report plugins, rendered into the page, so the web view and
/// `fundledger report` can never disagree.
struct WebLedgerPages: Sendable {
    let pool: ConnectionPool

    var store: PostgresEventStore { PostgresEventStore(pool: pool) }

    /// The state of every fund within the view's bounds: today's from the funds' snapshots and what
    /// followed them (`FundStates`); an earlier one (`as_of`, `effective_until`, `at_head`) by a replay.
    func funds(_ view: WebView) async throws -> [FundState] {
        guard view.bounds == .everything else {
            let replay = try await LedgerReplay(store: store).run(LedgerProjection(retainingEvents: false), bounds: view.bounds)
            return replay.state.state.funds.values.sorted { $0.id < $1.id }
        }
        return try await FundStates(pool: pool).all()
    }

    /// One fund within the view's bounds; nil when it does not exist there.
    func fund(_ id: String, _ view: WebView) async throws -> FundState? {
        guard view.bounds == .everything else { return try await funds(view).first { $0.id == id } }
        return try await FundStates(pool: pool).fund(id)
    }

    /// A report rendered into the page.
    func report(_ plugin: String, _ parameters: [String: String], _ view: WebView, demoted: Bool = false) async throws -> String {
        let host = ReportHost(store: store)
        let document = try await host.run(ReportRequest(pluginID: plugin, parameters: parameters, bounds: view.bounds, language: view.language))
        return ReportRenderer.htmlFragment(document, language: view.language, demoted: demoted)
    }

    /// `GET /`: every fund's capital.
    func start(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let view = try WebView(request, context: context)
        let texts = view.texts
        let funds = try await funds(view)
        var main = "<h1>\(e(texts(.webFunds)))</h1><p>\(e(texts(.webFundsIntro)))</p>"
        guard !funds.isEmpty else {
            return WebLayout.page(view, title: texts(.webFunds), main: main + "<p>\(e(texts(.webNoFunds)))</p>")
        }
        let columns: [WebText] = [.webFund, .webOrganisation, .webBalance, .webCommitted, .webUncommitted, .webInitiativeCount]
        let rows = funds.map { fund in
            "<tr><th scope=\"row\"><a href=\"\(view.link("/funds/\(WebView.encode(fund.id))"))\" class=\"cell-name\">\(e(fund.name))</a> <span class=\"hint cell-name\">(\(e(fund.id)))</span></th>"
                + "<td>\(e(fund.organisationID))</td><td class=\"num\">\(view.money(fund.balance))</td><td class=\"num\">\(view.money(fund.committed))</td>"
                + "<td class=\"num\">\(view.money(fund.uncommitted))</td><td class=\"num\">\(fund.initiatives.count)</td></tr>"
        }
        main += WebTable.html(id: "funds", caption: texts(.webFunds), columns: columns.map { texts($0) }, numericFrom: 2, rows: rows)
        return WebLayout.page(view, title: texts(.webFunds), main: main)
    }

    /// `GET /funds/{fund}`: the fund statement, the fund's initiatives, and links to its other reports.
    func fund(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let view = try WebView(request, context: context)
        let texts = view.texts
        let id = context.pathParameter("fund") ?? ""
        guard let fund = try await fund(id, view) else { return WebErrors.notFound(view, what: id) }
        var main = try await report("fund-statement", ["fund": id], view)
        main += "<section aria-labelledby=\"initiatives\"><h2 id=\"initiatives\">\(e(texts(.webInitiatives)))</h2>"
        let initiatives = fund.initiatives.values.sorted { $0.id < $1.id }
        if initiatives.isEmpty {
            main += "<p>\(e(texts(.webNoInitiatives)))</p>"
        } else {
            let columns: [WebText] = [.webInitiative, .webStatus, .webGranted, .webDisbursed, .webRepaid, .webOutstanding]
            let rows = initiatives.map { initiative in
                "<tr><th scope=\"row\"><a href=\"\(view.link("/funds/\(WebView.encode(id))/initiatives/\(WebView.encode(initiative.id))"))\" class=\"cell-name\">\(e(initiative.application.title))</a></th>"
                    + "<td>\(e(view.status(initiative.status)))</td><td class=\"num\">\(view.money(initiative.granted))</td>"
                    + "<td class=\"num\">\(view.money(initiative.disbursed))</td><td class=\"num\">\(view.money(initiative.repaid))</td>"
                    + "<td class=\"num\">\(view.money(initiative.repaymentBalance.outstanding))</td></tr>"
            }
            main += WebTable.html(id: "initiatives-table", caption: texts(.webInitiatives), columns: columns.map { texts($0) }, numericFrom: 2, rows: rows)
        }
        main += "</section><p><a href=\"\(view.link("/funds/\(WebView.encode(id))/savings-flows"))\">\(e(texts(.webSavingsFlows)))</a>"
        if context.user?.role.mayRecord == true { main += " · <a href=\"\(view.link("/funds/\(WebView.encode(id))/record"))\">\(e(texts(.webRecord)))</a>" }
        main += "</p>"
        return WebLayout.page(view, title: fund.name, main: main)
    }

    /// `GET /funds/{fund}/initiatives/{initiative}`: every event of the initiative (who, when, why,
    /// `recorded_by`), its repayment schedule by department, and its portfolio figures.
    func initiative(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let view = try WebView(request, context: context)
        let fundID = context.pathParameter("fund") ?? "", initiativeID = context.pathParameter("initiative") ?? ""
        guard let fund = try await fund(fundID, view), let initiative = fund.initiatives[initiativeID] else {
            return WebErrors.notFound(view, what: "\(fundID)/\(initiativeID)")
        }
        let parameters = ["fund": fundID, "initiative": initiativeID]
        var main = "<h1>\(e(initiative.application.title))</h1><p class=\"subtitle\">\(e(view.texts(.webInitiative))) \(e(initiativeID)) · "
            + "<a href=\"\(view.link("/funds/\(WebView.encode(fundID))"))\">\(e(fund.name))</a> · \(e(view.status(initiative.status)))</p>"
        main += try await report("portfolio", parameters, view, demoted: true)
        if initiative.status != .applied && initiative.status != .rejected { main += try await report("repayments", parameters, view, demoted: true) }
        main += try await report("audit-trail", parameters, view, demoted: true)
        return WebLayout.page(view, title: initiative.application.title, main: main)
    }

    /// `GET /funds/{fund}/savings-flows`: the heat map of which department invests and which saves.
    func savingsFlows(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let view = try WebView(request, context: context)
        let id = context.pathParameter("fund") ?? ""
        guard try await fund(id, view) != nil else { return WebErrors.notFound(view, what: id) }
        return WebLayout.page(view, title: view.texts(.webSavingsFlows), main: try await report("savings-flows", ["fund": id], view))
    }
}

/// A data table inside a focusable, labelled region that scrolls sideways on a narrow screen.
enum WebTable {
    static func html(id: String, caption: String, columns: [String], numericFrom: Int, rows: [String]) -> String {
        let head = columns.enumerated().map { index, title in
            "<th scope=\"col\"\(index >= numericFrom ? " class=\"num\"" : "")>\(e(title))</th>"
        }.joined()
        return "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"caption-\(id)\"><table><caption id=\"caption-\(id)\">\(e(caption))</caption>"
            + "<thead><tr>\(head)</tr></thead><tbody>\(rows.joined())</tbody></table></div>"
    }
}

/// Error pages in the frame.
enum WebErrors {
    static func notFound(_ view: WebView, what: String) -> Response {
        WebLayout.page(view, title: view.texts(.webNotFound, what), main: "<h1>\(e(view.texts(.webNotFound, what)))</h1>", status: .notFound)
    }
}
