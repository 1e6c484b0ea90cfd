import EventStore
import Foundation
import FundLedger
import Hummingbird
import Projections
import Reporting

/// What every web page is drawn with: the language (`?lang=en`, Swedish by default), the time-travel
/// bounds (`as_of`, `effective_until`, `at_head`, as for reports), the user, and links that keep both.
struct WebView: Sendable {
    let language: ReportLanguage
    let bounds: ReplayBounds
    /// The query items that travel with every link: `lang` and the bounds, as given.
    let carried: [(String, String)]
    let user: ServerUser
    let path: String
    let csrfToken: String?

    var texts: ReportTexts { ReportTexts(language) }

    /// The names of the carried query parameters.
    static let carriedNames = ["lang", "as_of", "effective_until", "at_head"]

    /// Reads the language and bounds of `request`; a malformed one is a 400 page.
    init(_ request: Request, context: ServerRequestContext) throws {
        user = try context.requireUser()
        // An empty field of the time-travel form means "not set".
        let query = try ReportRoutes.singleValuedQuery(request).filter { !$0.value.isEmpty }
        language = try ReportRoutes.language(query)
        bounds = try ReportRoutes.bounds(query)
        carried = Self.carriedNames.compactMap { name in query[name].map { (name, $0) } }
        path = request.uri.path
        csrfToken = context.csrfToken
    }

    /// Whether the page shows the ledger as it is now.
    var isPresent: Bool { bounds == .everything }

    /// `path` with the carried query items (and `extra`), escaped for an attribute.
    func link(_ path: String, _ extra: [(String, String)] = []) -> String { e(address(path, extra)) }

    /// `path` with the carried query items (and `extra`), unescaped: for a `Location` header.
    func address(_ path: String, _ extra: [(String, String)] = []) -> String {
        let items = carried + extra
        guard !items.isEmpty else { return path }
        return path + "?" + items.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    /// This page in the other language.
    var otherLanguageLink: String {
        let other: ReportLanguage = language == .sv ? .en : .sv
        let items = carried.filter { $0.0 != "lang" } + (other == .sv ? [] : [("lang", other.rawValue)])
        return e(path + (items.isEmpty ? "" : "?" + items.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")))
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~:"))) ?? text
    }

    /// An initiative's status in the view's language.
    func status(_ status: InitiativeStatus) -> String { texts.status(status) }

    /// An amount as the reports write it.
    func money(_ money: Money) -> String {
        ReportRenderer.htmlValue(.money(ore: money.ore, currency: money.currency.code), language: language)
    }
}

/// HTML-escaped text.
func e(_ text: String) -> String { HTMLEscaping.escape(text) }
