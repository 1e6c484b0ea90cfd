import Foundation

/// Why a report cannot be made, in the reader's language — part of the one catalogue of texts. Plugins and
/// the host say it in English for the command line and the API (`report sroi: no measured outcome of fund
/// tomelilla has a financial proxy; …`); the web view's report page says it in Swedish from here: translated
/// where the catalogue knows the message, else a Swedish sentence on what to check. English is unchanged.
public enum ReportErrorTexts {
    /// The plugins' messages a report page can meet (`ReportError.plugin`, `ValuationDataError`), as in
    /// `RefusalTexts`.
    static let messages: [RefusalTexts.Message] = [
        .init(rule: "report", english: "no fund \"{0}\" in the ledger (within the requested bounds); check the fund id",
              swedish: "Det finns ingen fond ”{0}” i liggaren (inom tidsresans gränser); kontrollera fondens id."),
        .init(rule: "report", english: "fund {0} does not exist (as of this report's position)",
              swedish: "Fonden {0} finns inte (vid rapportens position i liggaren)."),
        .init(rule: "report", english: "fund {0} has no initiative \"{1}\"", swedish: "Fonden {0} har ingen insats ”{1}”."),
        .init(rule: "report", english: "organisation {0} has no department \"{1}\"", swedish: "Organisationen {0} har ingen förvaltning ”{1}”."),
        .init(rule: "report", english: "fund {0} has no events within the requested bounds",
              swedish: "Fonden {0} har inga händelser inom tidsresans gränser."),
        .init(rule: "report", english: "fund {0} has no events before {1}; year {2} has no statement",
              swedish: "Fonden {0} har inga händelser före {1}; år {2} har ingen redovisning."),
        .init(rule: "report", english: "year {0} is more than {1} years after fund {2}'s last event ({3})",
              swedish: "År {0} ligger mer än {1} år efter den senaste händelsen i fonden {2} ({3})."),
        .init(rule: "report", english: "no measured outcome of fund {0} has a financial proxy; record outcomes and proxies first (docs/valuation.md)",
              swedish: "Inget uppmätt utfall i fonden {0} har en finansiell proxy; registrera utfall och proxyvärden först (docs/valuation.md)."),
        .init(rule: "report", english: "no measured outcome of {0} has a financial proxy; record outcomes and proxies first (docs/valuation.md)",
              swedish: "Inget uppmätt utfall för insatsen {0} har en finansiell proxy; registrera utfall och proxyvärden först (docs/valuation.md)."),
        .init(rule: "report", english: "no measured outcome of fund {0} has a unit cost; record outcomes and the unit-cost catalogue first (docs/valuation.md)",
              swedish: "Inget uppmätt utfall i fonden {0} har en enhetskostnad; registrera utfall och enhetskostnader först (docs/valuation.md)."),
        .init(rule: "report", english: "no measured outcome of {0} has a unit cost; record outcomes and the unit-cost catalogue first (docs/valuation.md)",
              swedish: "Inget uppmätt utfall för insatsen {0} har en enhetskostnad; registrera utfall och enhetskostnader först (docs/valuation.md)."),
        .init(rule: "report", english: "name the initiative (parameter initiative): the calculation is about one target group",
              swedish: "Ange insatsen (fältet Insats): kalkylen gäller en målgrupp."),
        .init(rule: "report", english: "the unit-cost catalogue of {0} has no {1} (the cost of one person-year of exclusion); record it with `fundledger valuation unit-cost`",
              swedish: "Enhetskostnadskatalogen för {0} saknar {1} (kostnaden för ett personår i utanförskap); registrera den med `fundledger valuation unit-cost`."),
        .init(rule: "report", english: "no target group size is recorded for {0}; record it with `fundledger valuation assumptions --target-group-size N`",
              swedish: "Ingen målgruppsstorlek är registrerad för {0}; registrera den med `fundledger valuation assumptions --target-group-size N`."),
        .init(rule: "report", english: "horizon-years is {0}; it must be 1 to {1}", swedish: "Tidshorisonten är {0} år; den ska vara 1 till {1} år."),
        .init(rule: "report", english: "the unit cost of {0} is in {1}; fund {2} reports in {3}", swedish: "Enhetskostnaden för {0} är i {1}; fonden {2} redovisar i {3}."),
        .init(rule: "report", english: "the proxy for {0} is in {1}; fund {2} reports in {3}", swedish: "Proxyvärdet för {0} är i {1}; fonden {2} redovisar i {3}."),
        .init(rule: "report", english: "fund {0} has no outcome contracts; record one with `fundledger valuation contract`",
              swedish: "Fonden {0} har inga utfallskontrakt; registrera ett med `fundledger valuation contract`."),
        .init(rule: "report", english: "fund {0} has no outcome contract {1}; record it with `fundledger valuation contract`",
              swedish: "Fonden {0} har inget utfallskontrakt {1}; registrera det med `fundledger valuation contract`."),
    ]

    /// Why the report cannot be made, in `language`: in English the error as the host writes it.
    public static func text(_ error: ReportError, in language: ReportLanguage) -> String {
        guard language == .sv else { return error.description }
        switch error {
        case .unknownPlugin(let id, _):
            return "Det finns ingen rapport ”\(id)”."
        case .plugin(_, let message):
            return "Rapporten kan inte tas fram. " + (RefusalTexts.translate(message, "report", messages)
                ?? "Kontrollera fond, insats och period, och att de värderingsuppgifter rapporten bygger på är registrerade (docs/valuation.md).")
        case .external(let id, _):
            return "Rapporttillägget \(id) svarade inte som det ska; fråga den som installerade det."
        }
    }

    /// A parameter the report cannot use, in `language`: in Swedish its label and what to write.
    public static func text(_ error: ParameterError, in language: ReportLanguage) -> String {
        guard language == .sv else { return error.description }
        let label = PluginTexts.parameterLabel(error.parameter, in: .sv)
        let kinds: [(String, String)] = [
            ("expected a whole number", "skriv ett heltal"), ("expected a decimal number", "skriv ett decimaltal, t.ex. 0,035"),
            ("expected a date", "skriv ett datum ÅÅÅÅ-MM-DD"), ("expected true or false", "svara ja eller nej"),
            ("expected an amount", "skriv ett belopp, t.ex. 1 500 000,00 kr"), ("required", "måste anges"),
            ("not a parameter of this report", "rapporten tar inte den här parametern"),
        ]
        if let choices = error.message.firstMatch(of: #/^expected one of (.+), got /#) {
            return "\(label): välj ett av \(choices.1)."
        }
        let what = kinds.first { error.message.hasPrefix($0.0) }?.1 ?? "värdet går inte att använda"
        return "\(label): \(what)."
    }
}
