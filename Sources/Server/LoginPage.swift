import Crypto
import Foundation
import Reporting

/// The login page: a small form in Swedish, served by the server itself, with no script and nothing
/// fetched from elsewhere. Its fields are `username` and `password`, each with a label; the button says
/// "Logga in"; keyboard focus is always visible.
public enum LoginPage {
    /// The page's only style, inline; `contentSecurityPolicy` allows exactly this text by its hash.
    static let style = """
        body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1e24}
        main{max-width:22rem;margin:4rem auto;padding:2rem;background:#fff;border:1px solid #c9ced6;border-radius:.5rem}
        h1{font-size:1.5rem;margin:0 0 1rem}
        label{display:block;font-weight:600;margin:1rem 0 .25rem}
        input{box-sizing:border-box;width:100%;padding:.5rem;font:inherit;border:1px solid #6b7280;border-radius:.25rem}
        button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:0;border-radius:.25rem;cursor:pointer}
        :focus-visible{outline:3px solid #b45309;outline-offset:2px}
        .fel{padding:.75rem;background:#fdecec;border:1px solid #b42318;border-radius:.25rem;color:#7a1010}
        """

    /// `default-src 'none'`: no script, no image, nothing from elsewhere; the one style by its hash; the
    /// form posts only here; no other site may frame the page.
    static let contentSecurityPolicy: String = {
        let hash = Data(SHA256.hash(data: Data(style.utf8))).base64EncodedString()
        return "default-src 'none'; style-src 'sha256-\(hash)'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }()

    /// The page, with `message` (already Swedish) above the form, `username` filled in again after a
    /// failed attempt, and `next` (a safe local path) carried to the login that follows.
    public static func html(message: String? = nil, username: String = "", next: String? = nil) -> String {
        var lines = [
            "<!DOCTYPE html>", #"<html lang="sv">"#, "<head>", #"<meta charset="utf-8">"#,
            #"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
            "<title>Logga in – FundLedger</title>", "<style>\(style)</style>", "</head>", "<body>", "<main>",
            "<h1>Logga in</h1>",
        ]
        if let message { lines.append(#"<p class="fel" role="alert" id="fel">\#(escape(message))</p>"#) }
        lines += [
            #"<form method="post" action="/login"\#(message == nil ? "" : #" aria-describedby="fel""#)>"#,
            next.map { #"<input type="hidden" name="next" value="\#(escape($0))">"# },
            #"<label for="username">Användarnamn</label>"#,
            #"<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="\#(escape(username))">"#,
            #"<label for="password">Lösenord</label>"#,
            // After a refusal the password is to be typed again: focus goes there (the message above it is read first).
            message == nil ? #"<input id="password" name="password" type="password" autocomplete="current-password" required>"#
                : #"<input id="password" name="password" type="password" autocomplete="current-password" required autofocus aria-describedby="fel">"#,
            #"<button type="submit">Logga in</button>"#,
            "</form>", "</main>", "</body>", "</html>",
        ].compactMap { $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text safe inside an element or a quoted attribute (the reports' escaping).
    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}
