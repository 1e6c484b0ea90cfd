import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Reporting

/// The frame of every web page: a skip link, the site's name, the main menu, the user, the language
/// switch, the time-travel form, then the page's own `<main>`. One style sheet, inline (the reports' plus
/// the frame's); no scripts, no outside resources, so a page works offline and behind any proxy.
enum WebLayout {
    /// A role as a person reads it: Swedish words on a Swedish page (the role's name, as `fundledger user`
    /// takes it, on an English one).
    static func roleName(_ role: UserRole, _ language: ReportLanguage) -> String {
        guard language == .sv else { return role.rawValue }
        switch role {
        case .recorder: return "registrerare"
        case .auditor: return "granskare"
        case .admin: return "administratör"
        }
    }

    static let css = """
        .skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem;z-index:10}.skip:focus{left:.5rem}
        .site{display:flex;flex-wrap:wrap;align-items:baseline;gap:.5rem 1.5rem;border-bottom:2px solid #1a5fb4;padding:.5rem 0;margin-bottom:1rem}
        .site .name{font-weight:700;font-size:1.1rem;color:#1a1a1a;text-decoration:none}
        .site nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
        .site a{color:#1a5fb4}.site .who{font-size:.9rem;color:#444;margin-left:auto}
        a{color:#1a5fb4}a:hover{color:#0d3d7a}a[aria-current=page]{font-weight:700;color:#1a1a1a}
        form.inline{display:inline}button,input,select{font:inherit}
        button{background:#1a5fb4;color:#fff;border:0;border-radius:4px;padding:.35rem .9rem;cursor:pointer}
        button.link{background:none;color:#1a5fb4;padding:0;text-decoration:underline}
        button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
        .field{display:flex;flex-direction:column;gap:.15rem;margin:.6rem 0;max-width:32rem}
        .field input,.field select,.field textarea{padding:.3rem;border:1px solid #767676;border-radius:3px;max-width:100%}
        .field textarea{font-family:ui-monospace,monospace;font-size:.85rem;width:100%;box-sizing:border-box}
        .hint{font-size:.85rem;color:#555}.error{color:#b00020;font-weight:600}.ok{color:#1b5e20;font-weight:600}
        .timetravel{border:1px solid #ccd;border-radius:6px;padding:.3rem .8rem;margin:0 0 1rem}
        .timetravel .fields{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:end}
        .banner{background:#fff4ce;border:1px solid #b58900;padding:.4rem .8rem;border-radius:4px;overflow-wrap:anywhere}
        footer{margin-top:3rem;border-top:1px solid #ccc;padding-top:.5rem;font-size:.85rem;color:#555}
        h1,h2,h3,.subtitle{overflow-wrap:anywhere}
        .cell-name{display:inline-block;max-width:30rem;overflow-wrap:break-word}
        """

    /// A whole page: `title` in `<title>` (after the site's name), `main` as the page's content.
    static func page(_ view: WebView, title: String, main: String, status: HTTPResponse.Status = .ok) -> Response {
        let texts = view.texts
        let menu: [(String, WebText)] = [("/", .webStart), ("/reports", .webReports), ("/audit", .webAudit), ("/accessibility", .webAccessibility)]
        let items = menu.map { path, key in
            "<li><a href=\"\(view.link(path))\"\(view.path == path ? " aria-current=\"page\"" : "")>\(e(texts(key)))</a></li>"
        }.joined()
        var logout = ""
        if let token = view.csrfToken {
            logout = "<form class=\"inline\" method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf_token\" value=\"\(e(token))\">"
                + "<button class=\"link\" type=\"submit\">\(e(texts(.webLogOut)))</button></form>"
        }
        let html = """
            <!DOCTYPE html>
            <html lang="\(view.language.tag)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title)) – FundLedger</title>
            <style>
            \(ReportRenderer.htmlStyles)
            \(css)
            </style>
            </head>
            <body>
            <a class="skip" href="#main">\(e(texts(.webSkip)))</a>
            <header class="site">
            <a class="name" href="\(view.link("/"))">FundLedger</a>
            <nav aria-label="\(e(texts(.webNavigation)))"><ul>\(items)</ul></nav>
            <span class="who">\(e(texts(.webLoggedInAs, view.user.name, WebLayout.roleName(view.user.role, view.language)))) \(logout)
            · <a href="\(view.otherLanguageLink)" lang="\(view.language == .sv ? "en" : "sv")">\(e(texts(.webOtherLanguage)))</a></span>
            </header>
            <section aria-label="\(e(texts(.webTimeTravel)))">\(timeTravel(view))</section>
            <main id="main" tabindex="-1">
            \(main)
            </main>
            <footer><p>FundLedger · <a href="\(view.link("/accessibility"))">\(e(texts(.webA11yTitle)))</a></p></footer>
            </body>
            </html>

            """
        return Response(status: status, headers: headers(view.language), body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The headers of every page, an error page too: HTML in `language`, and a policy that lets the page load
    /// nothing from anywhere (not even a favicon) but its own inline styles and data: images.
    static func headers(_ language: ReportLanguage) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .contentLanguage: language.tag]
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return headers
    }

    /// The time-travel form: three optional bounds, sent with GET to the page itself; open when one is set.
    static func timeTravel(_ view: WebView) -> String {
        let texts = view.texts
        let value: (String) -> String = { name in e(view.carried.first { $0.0 == name }?.1 ?? "") }
        let keepLanguage = view.language == .sv ? "" : "<input type=\"hidden\" name=\"lang\" value=\"en\">"
        let reset = view.isPresent ? "" : " <a href=\"\(e(view.path))\(view.language == .sv ? "" : "?lang=en")\">\(e(texts(.webReset)))</a>"
        return """
            <details class="timetravel"\(view.isPresent ? "" : " open")><summary>\(e(texts(.webTimeTravel)))</summary>
            <form method="get" action="\(e(view.path))"><p class="hint" id="tt-help">\(e(texts(.webTimeTravelHelp)))</p>\(keepLanguage)
            <div class="fields">
            <div class="field"><label for="tt-effective">\(e(texts(.webEffectiveUntil)))</label><input id="tt-effective" name="effective_until" type="date" value="\(value("effective_until"))" aria-describedby="tt-help"></div>
            <div class="field"><label for="tt-asof">\(e(texts(.webAsOf)))</label><input id="tt-asof" name="as_of" value="\(value("as_of"))" placeholder="2026-03-31T12:00" aria-describedby="tt-help"></div>
            <div class="field"><label for="tt-head">\(e(texts(.webAtHead)))</label><input id="tt-head" name="at_head" inputmode="numeric" value="\(value("at_head"))" aria-describedby="tt-help"></div>
            <div class="field"><button type="submit">\(e(texts(.webShow)))</button></div>
            </div></form>\(reset)</details>
            """
    }
}

/// Errors under the web view's routes as pages, not problem documents: a person sees what to fix in the
/// frame's language (`PageErrorTexts`: in Swedish the time-travel fields by their labels, else by status). 401 sends the browser to the login page and back.
struct WebProblemMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error, requestID: context.id)
            if problem.status == .unauthorized {
                let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                return Response(status: .seeOther, headers: [.location: "/login?next=" + WebView.encode(target)])
            }
            if problem.status.code >= 500 { context.logger.error("page failed", metadata: ["error": "\(String(reflecting: error))"]) }
            return WebErrorPage.response(problem, request: request)
        }
    }
}

/// The page a person sees for an error, in the page's language (`?lang=en`, Swedish by default): for errors
/// of the page routes (`WebProblemMiddleware`) and for a page request refused before any page route runs
/// (an address that names no page, a method a page does not take, a form without its CSRF token, a body
/// over the limit), which `ProblemMiddleware` would otherwise answer with an English problem document.
enum WebErrorPage {
    /// The first segments of the web view's addresses (`WebRoutes`, `LoginRoutes`).
    static let pageRoots = ["funds", "reports", "audit", "accessibility", "login", "logout"]

    /// Whether `path` is, or is under, one of the web view's addresses (`/`, `/funds/…`, `/login`, …): a
    /// person typed or followed it. `/v1/…`, `/metrics` and anything else answer problem documents.
    static func isPage(_ path: String) -> Bool {
        let first = path.split(separator: "/", omittingEmptySubsequences: true).first.map(String.init)
        return first.map { pageRoots.contains($0.lowercased()) } ?? true
    }

    static func response(_ problem: Problem, request: Request) -> Response {
        let language: ReportLanguage = request.uri.queryParameters["lang"] == "en" ? .en : .sv
        let html = """
            <!DOCTYPE html>
            <html lang="\(language.tag)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(problem.status.code) – FundLedger</title><style>\(ReportRenderer.htmlStyles)\(WebLayout.css)</style></head>
            <body><main id="main"><h1>\(language == .sv ? "Det gick inte" : "That did not work") (\(problem.status.code))</h1><p class="error" role="alert">\(e(PageErrorTexts.text(status: problem.status.code, detail: problem.detail, in: language)))</p>
            <p><a href="/">FundLedger</a></p></main></body></html>

            """
        return Response(status: problem.status, headers: WebLayout.headers(language), body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
