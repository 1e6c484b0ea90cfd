/// An error page of the web view in the reader's language — part of the one catalogue of texts. The server
/// words its problems in English for API clients (`query parameter at_head: "igår" is not a position …`);
/// a page in Swedish says the same from here: the time-travel bounds by their labels in the form and the
/// address's parameter name (`Vid position (at_head): …`), anything else by its status. English is the
/// problem's own detail.
public enum PageErrorTexts {
    /// The query problems a person can make by typing into the time-travel form or editing an address.
    static var messages: [RefusalTexts.Message] {
        let t = ReportTexts(.sv)
        return [
            .init(rule: "page", english: "query parameter at_head: {0:quoted} is not a position (a whole number, 0 or more)",
                  swedish: "\(t(.webAtHead)) (at_head): {0} är ingen position i liggaren; skriv ett heltal, 0 eller mer."),
            .init(rule: "page", english: "query parameter as_of must be YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] or YYYY-MM-DDTHH:MM:SSZ, not {0:quoted}",
                  swedish: "\(t(.webAsOf)) (as_of): skriv ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM-DDTHH:MM[:SS] eller ÅÅÅÅ-MM-DDTHH:MM:SSZ, inte {0}."),
            .init(rule: "page", english: "query parameter effective_until must be a date YYYY-MM-DD, not {0:quoted}",
                  swedish: "\(t(.webEffectiveUntil)) (effective_until): skriv ett datum ÅÅÅÅ-MM-DD, inte {0}."),
            .init(rule: "page", english: "position {0} is beyond the ledger's head (position {1}); pick a position at or below the head",
                  swedish: "\(t(.webAtHead)) (at_head): {0} är efter liggarens senaste position, {1}; välj en position till och med {1}."),
            .init(rule: "page", english: "field {0:quoted} is not one of this form's, or is given twice; nothing was written",
                  swedish: "Formuläret har ett fält som inte hör till det, eller ett fält två gånger ({0}); ingenting skrevs. Ladda om sidan och fyll i formuläret igen."),
            .init(rule: "page", english: "a request of a logged-in session that changes something must carry the session's CSRF token (form field csrf_token or header X-CSRF-Token)",
                  swedish: "Formuläret hör till en inloggning som inte längre gäller (du har loggat in på nytt eller ut sedan sidan öppnades); ladda om sidan och fyll i det igen. Ingenting skrevs."),
            .init(rule: "page", english: "the Origin header names another site than this server; log in from this server's own /login",
                  swedish: "Inloggningen kom från en annan webbplats än den här servern; logga in från serverns egen inloggningssida."),
            .init(rule: "page", english: "the Origin header names another site than this server; cross-site requests are refused",
                  swedish: "Formuläret skickades från en annan webbplats än den här servern, så det togs inte emot. Ingenting skrevs."),
            .init(rule: "page", english: "user {0} has {1} reports in the making already; wait until one is done",
                  swedish: "Du har redan {1} rapporter eller sidor med rapporter som tas fram; vänta tills någon av dem är klar och ladda sedan om sidan."),
            .init(rule: "page", english: "query parameter lang must be sv or en, not {0:quoted}", swedish: "Språket (lang) ska vara sv eller en, inte {0}."),
            .init(rule: "page", english: "query parameter {0:quoted} is given twice", swedish: "Parametern {0} står två gånger i adressen."),
            .init(rule: "page", english: "the event at position {0} ({1}) is not a valid {2} for the fund ledger: {3}; no fold reads past it until `fundledger correction skip --event {4} --reason …` records that it is skipped (it stays in the log)",
                  swedish: "Liggaren har en händelse som inte går att läsa, på position {0} ({1}), så det som bygger på den kan inte visas. Den skrevs förbi liggarens regler; fondens förvaltare kan hoppa över den med fundledger correction skip --event {4}."),
            .init(rule: "page", english: "the event at position {0} ({1}) is not a valid {2} for the fund ledger: {3}",
                  swedish: "Liggaren har en händelse som inte går att läsa, på position {0} ({1}), så det som bygger på den kan inte visas: den skrevs av en nyare version av FundLedger än servern."),
        ]
    }

    /// What a page with `status` and the server's `detail` says, in `language`.
    public static func text(status: Int, detail: String, in language: ReportLanguage) -> String {
        guard language == .sv else { return detail }
        if let translated = RefusalTexts.translate(detail, "page", messages) { return translated }
        switch status {
        case 400: return "Adressen går inte att läsa; kontrollera det som står efter frågetecknet."
        case 403: return "Din roll får inte göra det här."
        case 404: return "Sidan finns inte."
        case 405: return "Sidan går inte att öppna så; gå till den med en länk eller ett formulär i FundLedger."
        case 413: return "Det som skickades är för stort."
        case 415: return "Formuläret skickades i ett format som sidan inte tar emot; skicka det från sidan själv."
        case 429: return "För många förfrågningar på kort tid; vänta en stund och försök igen."
        case 500...: return "Något gick fel på servern; försök igen senare. Händer det igen, kontakta fondens förvaltare."
        default: return "Det gick inte att genomföra."
        }
    }
}
