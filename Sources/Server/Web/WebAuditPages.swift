import EventStore
import Foundation
import HTTPTypes
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

    /// `GET /audit`: verifies the whole chain on each visit; with time travel, also the head as it stood then.
    func audit(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await page(try WebView(request, context: context), checkpointResult: nil)
    }

    /// `POST /audit/checkpoint`: checks a signed checkpoint an auditor kept (`fundledger checkpoint verify`
    /// in a form) and shows the audit page with the verdict.
    func verifyCheckpoint(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let form = WebForm.decode(String(buffer: try await request.collectBody(upTo: ServerLimits.bodyBytesMax)))
        let view = try WebView(request, context: context)
        let texts = view.texts
        do {
            let note = try SignedNote(parsing: (form["note"] ?? "").replacingOccurrences(of: "\r\n", with: "\n"))
            let logKey = try Ed25519PEM.publicKey(pem: form["log_key"] ?? "")
            let witnesses = try Self.pemBlocks(form["witness_keys"] ?? "").map { try Ed25519PEM.publicKey(pem: $0) }
            let result = try await CheckpointLog.verify(note, logKey: logKey, witnessKeys: witnesses, against: store)
            var line = texts(.webCheckpointVerified, result.checkpoint.treeSize, result.checkpoint.rootHash.hex, result.signedBy.joined(separator: ", "))
            if !result.cosignedBy.isEmpty { line += texts(.webCosignedBy, result.cosignedBy.joined(separator: ", ")) }
            if let earlier = result.consistentWith { line += texts(.webConsistentWith, earlier.checkpoint.treeSize, earlier.position) }
            return try await page(view, checkpointResult: (true, line), form: form)
        } catch {
            return try await page(view, checkpointResult: (false, texts(.webCheckpointRefused, Self.refusal(error, texts))), form: form, status: .unprocessableContent)
        }
    }

    /// Why a kept checkpoint does not hold, in the page's language; a note or key that cannot be read is one
    /// sentence, whatever the parser's (English) detail.
    static func refusal(_ error: any Error, _ texts: ReportTexts) -> String {
        guard let error = error as? CheckpointError else { return texts(.webCheckpointUnreadable) }
        switch error {
        case .emptyLog: return texts(.webCheckpointEmptyLog)
        case .notSignedBy(let what): return texts(.webCheckpointNotSigned, what)
        case .wrongOrigin(let found, let expected): return texts(.webCheckpointWrongLog, found, expected)
        case .beyondTheLog(let size, let count): return texts(.webCheckpointBeyondLog, size, count)
        case .rootDiffers(let size, let checkpoint, let log): return texts(.webCheckpointRewritten, size, String(log.prefix(16)), String(checkpoint.prefix(16)))
        case .inconsistent: return texts(.webCheckpointInconsistent)
        case .chainBroken(let failure): return texts(.webCheckpointChainBroken, failure.position)
        case .storedTreeDiffers: return texts(.webCheckpointTreeDiffers)
        }
    }

    /// Each `-----BEGIN … -----END …-----` block of `text`.
    static func pemBlocks(_ text: String) -> [String] {
        text.components(separatedBy: "-----END PUBLIC KEY-----").filter { $0.contains("-----BEGIN") }.map { $0 + "-----END PUBLIC KEY-----" }
    }

    private func page(
        _ view: WebView, checkpointResult: (holds: Bool, text: String)?, form: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let texts = view.texts
        var main = "<h1>\(e(texts(.webAudit)))</h1><section aria-labelledby=\"chain\"><h2 id=\"chain\">\(e(texts(.webChain)))</h2>"
        // The chain is always verified whole (its integrity now); with time travel the page also shows the head
        // as it stood at the bound, and only the checkpoints recorded by then. A user granted some organisations
        // reads part of the log: not a chain to verify (docs/access.md).
        var then: (position: Int64, hash: String, count: Int64)?
        let bounds = view.bounds
        let verdict = try await store.readableOrganisations() != nil ? nil : store.verifyChain(onEvent: { event in
            guard !view.isPresent, event.globalPosition <= (bounds.throughPosition ?? .max),
                  bounds.recordedThrough.map({ event.recordedAt <= $0 }) ?? true else { return }
            then = (event.globalPosition, event.hash.hex, (then?.count ?? 0) + 1)
        })
        switch verdict {
        case nil:
            main += "<p role=\"status\">\(e(texts(.webChainRestricted)))</p>"
        case .verified(let head):
            main += "<p class=\"ok\" role=\"status\">\(e(texts(.webChainIntact, head.eventCount)))</p><dl class=\"parameters\">"
                + "<dt>\(e(texts(.webHeadPosition)))</dt><dd>\(head.position)</dd><dt>\(e(texts(.webHeadHash)))</dt><dd><code>\(head.hash.hex)</code></dd></dl>"
        case .broken(let failure):
            main += "<p class=\"error\" role=\"alert\">\(e(texts(.webChainBroken, failure.description)))</p>"
        }
        if !view.isPresent {
            main += "<p class=\"banner\">" + (then.map { e(texts(.webAuditThen, $0.count, $0.position)) + " <code>\($0.hash)</code>" }
                ?? e(texts(.webAuditThenEmpty)))
            if bounds.effectiveThrough != nil { main += " " + e(texts(.webAuditEffective)) }
            main += "</p>"
        }
        main += "<p><a href=\"\(view.link("/audit"))\">\(e(texts(.webVerifyAgain)))</a></p></section>"
        main += try await checkpoints(view, through: view.isPresent ? nil : (then?.position ?? 0))
        main += checkpointForm(view, result: checkpointResult, form: form)
        main += "<section aria-labelledby=\"export\"><h2 id=\"export\">Export</h2><p>\(e(texts(.webExportIntro)))</p>"
            + "<p><a href=\"/v1/export\" download>\(e(texts(.webExportLink)))</a></p><p class=\"hint\">\(e(texts(.webProofsIntro)))</p></section>"
        return WebLayout.page(view, title: texts(.webAudit), main: main, status: status)
    }

    /// The form to check a kept checkpoint, with the last verdict above it.
    private func checkpointForm(_ view: WebView, result: (holds: Bool, text: String)?, form: [String: String]) -> String {
        let texts = view.texts
        var html = "<section aria-labelledby=\"verify-checkpoint\"><h2 id=\"verify-checkpoint\">\(e(texts(.webVerifyCheckpoint)))</h2>"
        if let result { html += "<p class=\"\(result.holds ? "ok" : "error")\" role=\"\(result.holds ? "status" : "alert")\">\(e(result.text))</p>" }
        html += "<p class=\"hint\">\(e(texts(.webVerifyCheckpointIntro)))</p><form method=\"post\" action=\"\(view.link("/audit/checkpoint"))\">"
        if let token = view.csrfToken { html += "<input type=\"hidden\" name=\"csrf_token\" value=\"\(e(token))\">" }
        for (name, label) in [("note", WebText.webCheckpointNote), ("log_key", .webLogKey), ("witness_keys", .webWitnessKeys)] {
            html += "<div class=\"field\"><label for=\"cp-\(name)\">\(e(texts(label)))</label>"
                + "<textarea id=\"cp-\(name)\" name=\"\(name)\" rows=\"5\" spellcheck=\"false\">\(e(form[name] ?? ""))</textarea></div>"
        }
        return html + "<div class=\"field\"><button type=\"submit\">\(e(texts(.webVerify)))</button></div></form></section>"
    }

    /// The checkpoints recorded in the log (with time travel: at or before position `through`).
    private func checkpoints(_ view: WebView, through: Int64?) async throws -> String {
        let texts = view.texts
        var html = "<section aria-labelledby=\"checkpoints\"><h2 id=\"checkpoints\">\(e(texts(.webCheckpoints)))</h2>"
        let recorded = try await CheckpointLog.recorded(in: store).filter { $0.position <= (through ?? .max) }
        guard !recorded.isEmpty else { return html + "<p>\(e(texts(.webNoCheckpoints)))</p></section>" }
        let rows = recorded.map { checkpoint in
            let signers = ((try? SignedNote(parsing: checkpoint.note))?.signatures.map(\.name) ?? []).joined(separator: ", ")
            return "<tr><th scope=\"row\">\(checkpoint.position)</th><td class=\"num\">\(checkpoint.checkpoint.treeSize)</td>"
                + "<td><code>\(checkpoint.checkpoint.rootHash.hex)</code></td><td>\(e(signers))</td></tr>"
        }
        html += WebTable.html(
            id: "checkpoints-table", caption: texts(.webCheckpoints),
            columns: [texts(.webRecordedAt), texts(.webTreeSize), texts(.webRootHash), texts(.webSignatures)], numericFrom: 1, rows: rows)
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
