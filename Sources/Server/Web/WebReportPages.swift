import Foundation
import Hummingbird
import Postgres
import PostgresEventStore
import Reporting

/// The reports in the web view: every plugin with a form for its parameters; a report shown in the page,
/// with links to download it in each format (through `/v1/reports`, which sends the same document).
struct WebReportPages: Sendable {
    let pool: ConnectionPool

    var host: ReportHost { ReportHost(store: PostgresEventStore(pool: pool), externals: .fromEnvironment()) }

    /// `GET /reports`: a form per plugin, its fields labelled in the view's language.
    func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let view = try WebView(request, context: context)
        let texts = view.texts
        let (plugins, _) = await host.descriptors()
        var main = "<h1>\(e(texts(.webReports)))</h1><p>\(e(texts(.webReportsIntro)))</p>"
        for plugin in plugins.map({ $0.localized(view.language) }) {
            main += form(plugin, view)
        }
        return WebLayout.page(view, title: texts(.webReports), main: main)
    }

    /// One plugin's form: a labelled field per parameter (the file-reading `chart` of SIE left out).
    func form(_ plugin: PluginDescriptor, _ view: WebView, values: [String: String] = [:]) -> String {
        let texts = view.texts
        let id = "report-\(plugin.id)"
        var html = "<section aria-labelledby=\"\(id)\"><h2 id=\"\(id)\">\(e(PluginTexts.title(pluginID: plugin.id, in: view.language)))</h2>"
        html += "<p class=\"hint\">\(e(plugin.summary))</p><form method=\"get\" action=\"/reports/\(e(plugin.id))\">"
        for (name, value) in view.carried where name != "lang" || view.language != .sv {
            html += "<input type=\"hidden\" name=\"\(e(name))\" value=\"\(e(value))\">"
        }
        for parameter in plugin.parameters where !(plugin.id == "sie" && parameter.name == "chart") {
            let field = "\(id)-\(parameter.name)"
            let requirement = parameter.required ? texts(.webRequired) : (parameter.defaultValue.map { "\($0)" } ?? texts(.webOptional))
            html += "<div class=\"field\"><label for=\"\(field)\">\(e(PluginTexts.parameterLabel(parameter.name, in: view.language))) "
                + "<span class=\"hint\">(\(e(requirement)))</span></label>"
                + "<input id=\"\(field)\" name=\"\(e(parameter.name))\" value=\"\(e(values[parameter.name] ?? ""))\"\(parameter.required ? " required" : "")"
                + " aria-describedby=\"\(field)-help\"><span class=\"hint\" id=\"\(field)-help\">\(e(parameter.help))</span></div>"
        }
        html += "<div class=\"field\"><button type=\"submit\">\(e(texts(.webRun)))</button></div></form></section>"
        return html
    }

    /// `GET /reports/{plugin}?…`: the report in the page, with its form above and download links below.
    func report(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let view = try WebView(request, context: context)
        let id = context.pathParameter("plugin") ?? ""
        let (plugins, _) = await host.descriptors()
        guard let plugin = plugins.first(where: { $0.id == id })?.localized(view.language) else { return WebErrors.notFound(view, what: id) }
        let parameters = try ReportRoutes.singleValuedQuery(request)
            .filter { !$0.value.isEmpty && !WebView.carriedNames.contains($0.key) && !(id == "sie" && $0.key == "chart") }
        var main = form(plugin, view, values: parameters)
        do {
            let document = try await host.run(ReportRequest(pluginID: id, parameters: parameters, bounds: view.bounds, language: view.language))
            main += "<article>" + ReportRenderer.htmlFragment(document, language: view.language) + "</article>"
            main += downloads(id, parameters, view)
        } catch let error as ParameterError {
            main = "<p class=\"error\" role=\"alert\">\(e(ReportErrorTexts.text(error, in: view.language)))</p>" + main
            return WebLayout.page(view, title: PluginTexts.title(pluginID: id, in: view.language), main: main, status: .badRequest)
        } catch let error as ReportError {
            main = "<p class=\"error\" role=\"alert\">\(e(ReportErrorTexts.text(error, in: view.language)))</p>" + main
            return WebLayout.page(view, title: PluginTexts.title(pluginID: id, in: view.language), main: main, status: .unprocessableContent)
        }
        return WebLayout.page(view, title: PluginTexts.title(pluginID: id, in: view.language), main: main)
    }

    /// Links to the same report in each format (and SIE for the SIE export), with the view's bounds.
    func downloads(_ id: String, _ parameters: [String: String], _ view: WebView) -> String {
        let formats = ReportFormat.allCases.map(\.rawValue) + (id == "sie" ? ["sie"] : [])
        let items = formats.map { format in
            let query = parameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + [("format", format)]
            return "<li><a href=\"\(view.link("/v1/reports/\(id)", query))\" download>\(e(format))</a></li>"
        }.joined()
        return "<section aria-labelledby=\"downloads\"><h2 id=\"downloads\">\(e(view.texts(.webDownload)))</h2><ul>\(items)</ul></section>"
    }
}
