import EventStore
import Foundation
import FundLedger
import Hummingbird
import NIOCore
import Postgres
import PostgresEventStore
import Recording
import Reporting

/// Recording from the web view, for recorders and administrators: a form per common command, its fields
/// those of the command catalogue (the same as `apply` files and `POST /v1/commands`), recorded through
/// the `Recorder` and group commit. A refusal is shown next to the field it names, and nothing is written;
/// in the page's language throughout (`RefusalTexts`, `FieldErrorTexts`).
struct WebRecordPages: Sendable {
    let committer: GroupCommitter
    let zone: TimeZone

    /// The commands the web view offers, in the order a fund's year goes.
    static let kinds = ["apply", "decide", "disburse", "realise_saving", "receive_repayment", "waive_repayment"]
    /// Metadata fields a person fills in (the actor is the user).
    static let metadataFields = ["reason", "decision_ref", "effective_date"]
    /// The form's hidden command id, made when the form is shown: a form sent again (a reload of the answer,
    /// a second click, Back and send) is the same command, recorded once — as `POST /v1/commands` treats an
    /// identical body. A form shown after a success gets a new one.
    static let commandIDField = CommandField.commandID.name

    /// `GET /funds/{fund}/record?command=NAME`: the list of commands, and the chosen one's form.
    func form(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let view = try WebView(request, context: context)
        let fund = context.pathParameter("fund") ?? ""
        let chosen = request.uri.queryParameters["command"].map(String.init) ?? Self.kinds[0]
        guard let kind = CommandCatalog.kind(named: chosen), Self.kinds.contains(chosen) else { return WebErrors.notFound(view, what: chosen) }
        guard try await FundStates(pool: committer.pool).fund(fund) != nil else { return WebErrors.notFound(view, what: fund) }
        // An auditor learns it before filling in the form, not after sending it.
        guard context.user?.role.mayRecord == true else {
            return page(view, fund: fund, kind: kind, values: [:], problem: (nil, view.texts(.webReadOnly), nil), status: .forbidden)
        }
        return page(view, fund: fund, kind: kind, values: [:], done: try await notice(request, view))
    }

    /// The query items of the address a successful post sends the browser to (Post/Redirect/Get): the last
    /// position written, how many events, and whether an earlier post had recorded them.
    static func doneItems(_ outcome: RecordingOutcome) -> [(String, String)] {
        let position = outcome.events.last.map { String($0.event.globalPosition) } ?? "0"
        let repeated = !outcome.events.isEmpty && outcome.events.allSatisfy(\.alreadyRecorded)
        return [("recorded", position), ("events", String(outcome.events.count))] + (repeated ? [("repeated", "1")] : [])
    }

    /// What the form says after the redirect of a successful post (`doneItems`): nothing unless the event at
    /// `recorded` was recorded by this user, so a link made up or passed on says nothing.
    func notice(_ request: Request, _ view: WebView) async throws -> String? {
        let query = request.uri.queryParameters
        guard let position = query["recorded"].flatMap({ Int64(String($0)) }), position > 0,
            let count = query["events"].flatMap({ Int(String($0)) }), (1...AppendLimits.eventCountMax).contains(count)
        else { return nil }
        // One position, by its index: a read "after position - 1" would walk past every event row-level
        // security hides from the reader before it found one.
        let recordedBy = try await committer.pool.withConnection { connection in
            try await connection.query("SELECT recorded_by FROM event_store.events WHERE global_position = \(position)").first?
                .decodeIfPresent(String.self, at: 0)
        }
        guard recordedBy?.hasSuffix("/" + view.user.name) == true else { return nil }
        if query["repeated"] == "1" { return view.texts(.webAlreadyRecorded, String(position)) }
        return count == 1 ? view.texts(.webRecordedOne, String(position)) : view.texts(.webRecorded, count, String(position))
    }

    /// `POST /funds/{fund}/record`: records the form's command; the page again with what happened.
    func record(_ request: Request, context: ServerRequestContext) async throws -> Response {
        guard FormFields.isFormContentType(request.headers[.contentType]) else {
            throw Problem(
                .unsupportedMediaType, "unsupported-media-type", "Unsupported media type",
                detail: "the record form posts application/x-www-form-urlencoded; POST /v1/commands takes JSON; nothing was written")
        }
        var request = request
        let body = String(buffer: try await request.collectBody(upTo: ServerLimits.bodyBytesMax))
        let form = WebForm.decode(body)
        let view = try WebView(request, context: context)
        let fund = context.pathParameter("fund") ?? ""
        guard let name = form["command"], Self.kinds.contains(name), let kind = CommandCatalog.kind(named: name) else {
            return WebErrors.notFound(view, what: form["command"] ?? "")
        }
        // Only the form's own fields, each once: a crafted post with an `actor`, an unknown or a repeated
        // field is refused rather than partly ignored (the form a browser sends has none of these).
        let allowed = Set(["command", "csrf_token", Self.commandIDField] + Self.fieldNames(kind))
        if let odd = WebForm.names(body).first(where: { !allowed.contains($0) }) ?? WebForm.repeatedName(body) {
            throw Problem.badRequest("field \(Identifier.quoted(odd)) is not one of this form's, or is given twice; nothing was written")
        }
        guard let user = context.user, user.role.mayRecord else {
            return page(view, fund: fund, kind: kind, values: form, problem: (nil, view.texts(.webReadOnly), nil), status: .forbidden)
        }
        var fields: [String: FieldValue] = [CommandField.fund.name: .text(fund)]
        for field in kind.fields + CommandField.metadata where Self.fieldNames(kind).contains(field.name) {
            guard let value = form[field.name], !value.isEmpty else { continue }
            // Several values of a repeatable field are separated by semicolons: amounts hold commas ("1,50 kr").
            fields[field.name] = field.form == .repeatable ? .list(value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }) : .text(value)
        }
        if let id = form[Self.commandIDField], !id.isEmpty { fields[Self.commandIDField] = .text(id) }
        let defaults = MetadataDefaults(actor: user.name, effectiveDate: OrganisationTime.today(in: zone))
        do {
            let outcome = try await committer.submit(actor: user.name) { [fields] pool in
                let recorder = Recorder(
                    service: LedgerService(store: PostgresEventStore(pool: pool, appendsInSavepoint: true)),
                    metadata: [CommandField.actor.name: .text(user.name)], defaults: defaults)
                return try await recorder.record(kind, fields, origin: .document(view.texts(.webRecord), noun: "field"))
            }
            // A reload of the answer asks nothing and sends nothing again: the browser shows a GET.
            let location = view.address("/funds/\(WebView.encode(fund))/record", [("command", kind.name)] + Self.doneItems(outcome))
            return Response(status: .seeOther, headers: [.location: location])
        } catch let error as UserError where error.rule != nil {
            let rule = error.rule ?? ""
            let message = RefusalTexts.refusal(rule: rule, message: Self.ruleMessage(error.description, rule: rule, label: view.texts(.webRecord)), in: view.language)
            return page(view, fund: fund, kind: kind, values: form, problem: (nil, message, rule), status: .unprocessableContent)
        } catch let error as UserError {
            let field = Self.fieldNamed(in: error.description, kind)
            let reason = Self.plain(error.description, label: view.texts(.webRecord))
            let message = FieldErrorTexts.message(field: field ?? "", reason: reason, in: view.language)
            return page(view, fund: fund, kind: kind, values: form, problem: (field, message, nil), status: .unprocessableContent)
        } catch let error as LedgerRuleError {
            let message = RefusalTexts.refusal(rule: error.rule, message: error.message, in: view.language)
            return page(view, fund: fund, kind: kind, values: form, problem: (nil, message, error.rule), status: .unprocessableContent)
        }
    }

    /// The domain's own message in a refusal the recorder passed on (`… [rule: over-disbursement]; nothing was
    /// written`), without what the page says itself.
    static func ruleMessage(_ description: String, rule: String, label: String) -> String {
        var text = plain(description, label: label)
        if text.hasSuffix(" [rule: \(rule)]") { text = String(text.dropLast(" [rule: \(rule)]".count)) }
        return text
    }

    /// A message without what the page says itself: the form's label, the field's name (the message
    /// stands next to the field) and "nothing was written" (the page says it in its language).
    static func plain(_ message: String, label: String) -> String {
        var text = message
        if let range = text.range(of: #"field [a-z_]+: "#, options: .regularExpression) {
            text = String(text[range.upperBound...])
        } else if text.hasPrefix(label + ": ") {
            text = String(text.dropFirst(label.count + 2))
        }
        if text.hasSuffix("; nothing was written") { text = String(text.dropLast("; nothing was written".count)) }
        return text
    }

    /// The fields a person fills in for `kind`: its own (but the fund, fixed by the page) and the metadata.
    static func fieldNames(_ kind: CommandKind) -> [String] {
        kind.fields.map(\.name).filter { $0 != CommandField.fund.name } + metadataFields
    }

    /// The form's field a refusal names (`field amount: …`), if any; a name the library reads for the form's
    /// (`department` for `departments`) counts as the form's.
    static func fieldNamed(in message: String, _ kind: CommandKind) -> String? {
        guard let found = message.firstMatch(of: #/field ([a-z_]+)[: ]/#) else { return nil }
        let named = String(found.1)
        return fieldNames(kind).first { $0 == named } ?? fieldNames(kind).first { FieldInput.canonical($0) == FieldInput.canonical(named) }
    }

    func page(
        _ view: WebView, fund: String, kind: CommandKind, values: [String: String], problem: (field: String?, message: String, rule: String?)? = nil,
        done: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let texts = view.texts
        var main = "<h1>\(e(texts(.webRecord))): \(e(fund))</h1><p>\(e(texts(.webRecordIntro)))</p>"
        main += "<nav aria-label=\"\(e(texts(.webRecord)))\"><ul>" + Self.kinds.map { name in
            "<li><a href=\"\(view.link("/funds/\(WebView.encode(fund))/record", [("command", name)]))\"\(name == kind.name ? " aria-current=\"page\"" : "")>\(e(CommandLabels.command(name, in: view.language)))</a></li>"
        }.joined() + "</ul></nav>"
        if let done { main += "<p class=\"ok\" role=\"status\">\(e(done))</p>" }
        if let problem, problem.field == nil {
            // The rule's id is for people who look it up (docs/ledger-model.md); the Swedish text does not show it.
            let rule = problem.rule.map { " data-rule=\"\(e($0))\"" } ?? ""
            // Focus moves to the refusal, so a keyboard or screen-reader user starts from what went wrong.
            main += "<p class=\"error\" role=\"alert\" id=\"form-error\" tabindex=\"-1\" autofocus\(rule)>\(e(texts(.webRefused, problem.message))) \(e(texts(.webNothingWritten)))</p>"
        }
        main += "<form method=\"post\" action=\"\(view.link("/funds/\(WebView.encode(fund))/record"))\"><h2>\(e(CommandLabels.command(kind.name, in: view.language)))</h2>"
        main += "<input type=\"hidden\" name=\"command\" value=\"\(e(kind.name))\">"
        if let token = view.csrfToken { main += "<input type=\"hidden\" name=\"csrf_token\" value=\"\(e(token))\">" }
        // Kept through a refusal (nothing was recorded under it), new after a success.
        let commandID = values[Self.commandIDField].flatMap(UUID.init(uuidString:)) ?? UUID()
        main += "<input type=\"hidden\" name=\"\(Self.commandIDField)\" value=\"\(commandID.uuidString.lowercased())\">"
        for name in Self.fieldNames(kind) {
            guard let field = kind.field(named: name) else { continue }
            main += fieldHTML(field, value: values[name] ?? "", error: problem?.field == name ? problem?.message : nil, view)
        }
        main += "<div class=\"field\"><button type=\"submit\">\(e(texts(.webRecordSubmit)))</button></div></form>"
        return WebLayout.page(view, title: texts(.webRecord), main: main, status: status)
    }

    /// One labelled input; an error is shown under it and tied to it with `aria-describedby`.
    func fieldHTML(_ field: CommandField, value: String, error: String?, _ view: WebView) -> String {
        let id = "field-\(field.name)"
        let label = CommandLabels.field(field.name, in: view.language)
        var described = ["\(id)-help"]
        var html = "<div class=\"field\"><label for=\"\(id)\">\(e(label))</label>"
        if let error {
            described.insert("\(id)-error", at: 0)
            html += "<span class=\"error\" id=\"\(id)-error\">\(e(view.texts(.webRefused, error))) \(e(view.texts(.webNothingWritten)))</span>"
        }
        html += "<input id=\"\(id)\" name=\"\(e(field.name))\" type=\"text\" value=\"\(e(value))\" aria-describedby=\"\(described.joined(separator: " "))\""
            + (error == nil ? "" : " aria-invalid=\"true\" autofocus") + ">"
        html += "<span class=\"hint\" id=\"\(id)-help\">\(e(view.language == .en ? field.help : CommandLabels.swedishHint(field.name)))</span></div>"
        return html
    }
}

/// `application/x-www-form-urlencoded` bodies.
enum WebForm {
    /// The field names of `body`, in order, repeats included.
    static func names(_ body: String) -> [String] {
        body.split(separator: "&").map { pair in
            let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            return String(name).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(name)
        }
    }

    /// The first field name given twice in `body`, if any.
    static func repeatedName(_ body: String) -> String? {
        var seen: Set<String> = []
        return names(body).first { !seen.insert($0).inserted }
    }

    /// The fields of `body`; a name given twice keeps its first value.
    static func decode(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text) }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }
}
