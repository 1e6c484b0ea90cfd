import FundLedger

/// The web view's own texts (navigation, forms, the audit and accessibility pages), in the same catalogue
/// folder and with the same mechanics as the reports' `ReportText`: `ReportTexts(language)(.webFunds)`.
/// The reports shown inside the web view keep their own keys.
public enum WebText: String, CaseIterable, Sendable {
    case webTitle, webSkip, webNavigation, webStart, webFunds, webReports, webAudit, webAccessibility, webOtherLanguage
    case webLoggedInAs, webLogOut, webFundsIntro, webNoFunds, webFund, webOrganisation, webBalance, webCommitted
    case webUncommitted, webInitiativeCount, webInitiatives, webInitiative, webStatus, webGranted, webDisbursed, webRepaid
    case webOutstanding, webNoInitiatives, webSavingsFlows, webTimeTravel, webTimeTravelHelp, webAsOf, webEffectiveUntil
    case webAtHead, webShow, webReset, webReportsIntro, webFormat, webRun, webDownload, webOptional, webRequired
    case webChain, webChainIntact, webChainBroken, webChainRestricted, webEvents, webHeadPosition, webHeadHash, webCheckpoints, webNoCheckpoints
    case webTreeSize, webRootHash, webRecordedAt, webExportIntro, webExportLink, webProofsIntro, webVerifyAgain
    case webNotFound, webRecord, webRecordIntro, webRecordSubmit, webRecorded, webRecordedOne, webAlreadyRecorded, webRefused, webNothingWritten
    case webFieldError, webRequiredMark, webReadOnly, webA11yTitle, webA11yIntro, webA11yStatus, webA11yTested
    case webA11yKnown, webA11yContact, webRepaymentTerms, webTimeline, webPosition
    case webOpenReport, webSignatures, webVerifyCheckpoint, webVerifyCheckpointIntro, webCheckpointNote, webLogKey, webWitnessKeys
    case webVerify, webCheckpointVerified, webCosignedBy, webConsistentWith, webCheckpointRefused,
         webCheckpointNotSigned, webCheckpointWrongLog, webCheckpointBeyondLog, webCheckpointRewritten, webCheckpointInconsistent,
         webCheckpointUnreadable, webCheckpointEmptyLog, webCheckpointChainBroken, webCheckpointTreeDiffers
    case webAuditThen, webAuditThenEmpty, webAuditEffective

    /// The text in Swedish and in English.
    var entry: (sv: String, en: String) {
        switch self {
        case .webTitle: ("FundLedger – social investeringsfond", "FundLedger – social investment fund")
        case .webSkip: ("Hoppa till innehållet", "Skip to content")
        case .webNavigation: ("Huvudmeny", "Main menu")
        case .webStart: ("Start", "Home")
        case .webFunds: ("Fonder", "Funds")
        case .webReports: ("Rapporter", "Reports")
        case .webAudit: ("Granskning", "Audit")
        case .webAccessibility: ("Tillgänglighet", "Accessibility")
        case .webOtherLanguage: ("In English", "På svenska")
        case .webLoggedInAs: ("Inloggad som {0} ({1})", "Logged in as {0} ({1})")
        case .webLogOut: ("Logga ut", "Log out")
        case .webFundsIntro: ("Fondernas kapital i korthet: saldo, bundet kapital (beslutat men inte utbetalt) och fritt kapital.",
                              "The funds' capital at a glance: balance, committed (decided but not disbursed) and uncommitted capital.")
        case .webNoFunds: ("Inga fonder är registrerade ännu.", "No funds are recorded yet.")
        case .webFund: ("Fond", "Fund")
        case .webOrganisation: ("Organisation", "Organisation number")
        case .webBalance: ("Saldo", "Balance")
        case .webCommitted: ("Bundet kapital", "Committed")
        case .webUncommitted: ("Fritt kapital", "Uncommitted")
        case .webInitiativeCount: ("Insatser", "Initiatives")
        case .webInitiatives: ("Fondens insatser", "The fund's initiatives")
        case .webInitiative: ("Insats", "Initiative")
        case .webStatus: ("Status", "Status")
        case .webGranted: ("Beviljat", "Granted")
        case .webDisbursed: ("Utbetalt", "Disbursed")
        case .webRepaid: ("Återbetalt", "Repaid")
        case .webOutstanding: ("Kvar att återbetala", "Outstanding")
        case .webNoInitiatives: ("Fonden har inga insatser ännu.", "The fund has no initiatives yet.")
        case .webSavingsFlows: ("Besparingsflöden", "Savings flows")
        case .webTimeTravel: ("Tidsresa", "Time travel")
        case .webTimeTravelHelp: ("Visa sidan som liggaren såg ut tidigare: bokfört till ett datum, som det var känt vid en tidpunkt, eller vid en position.",
                                  "Show the page as the ledger was earlier: as booked to a date, as known at a time, or at a position.")
        case .webAsOf: ("Som känt vid (datum eller tidpunkt)", "As known at (date or time)")
        case .webEffectiveUntil: ("Bokfört till och med (datum)", "Booked through (date)")
        case .webAtHead: ("Vid position", "At position")
        case .webShow: ("Visa", "Show")
        case .webReset: ("Visa nuläget", "Show the present")
        case .webReportsIntro: ("Välj en rapport, fyll i dess parametrar och visa den här eller ladda ned den i ett format.",
                                "Choose a report, fill in its parameters, and show it here or download it in a format.")
        case .webFormat: ("Format", "Format")
        case .webRun: ("Visa rapporten", "Show the report")
        case .webDownload: ("Ladda ned", "Download")
        case .webOptional: ("valfri", "optional")
        case .webRequired: ("obligatorisk", "required")
        case .webChain: ("Hashkedjan", "The hash chain")
        case .webChainIntact: ("Kedjan är obruten: alla {0} händelser stämmer.", "The chain holds: all {0} events check out.")
        case .webChainBroken: ("Kedjan är bruten: {0}", "The chain is broken: {0}")
        case .webChainRestricted: (
            "Du ser bara din organisations händelser, så hela kedjan kan inte verifieras här: nätverkets administratör verifierar den, och din organisations händelser kontrolleras mot en signerad kontrollpunkt med inklusionsbevis (fundledger proof organisation).",
            "You see only your organisation's events, so the whole chain cannot be verified here: the network's administrator verifies it, and your organisation's events are checked against a signed checkpoint with inclusion proofs (fundledger proof organisation).")
        case .webEvents: ("Händelser", "Events")
        case .webHeadPosition: ("Senaste position", "Head position")
        case .webHeadHash: ("Senaste hash", "Head hash")
        case .webCheckpoints: ("Signerade kontrollpunkter", "Signed checkpoints")
        case .webNoCheckpoints: ("Inga kontrollpunkter är signerade ännu; förvaltaren signerar dem med fundledger checkpoint sign.",
                                 "No checkpoints are signed yet; the administrator signs them with fundledger checkpoint sign.")
        case .webTreeSize: ("Trädets storlek", "Tree size")
        case .webRootHash: ("Rothash", "Root hash")
        case .webRecordedAt: ("Position i liggaren", "Position in the log")
        case .webExportIntro: ("Hela liggaren med alla hashar, att kontrollera med tools/verify_export.py utan att lita på databasen.",
                               "The whole ledger with every hash, to check with tools/verify_export.py without trusting the database.")
        case .webExportLink: ("Ladda ned exporten (JSON Lines)", "Download the export (JSON Lines)")
        case .webProofsIntro: ("Inklusions- och konsistensbevis hämtas från /v1/proofs/inclusion och /v1/proofs/consistency.",
                               "Inclusion and consistency proofs come from /v1/proofs/inclusion and /v1/proofs/consistency.")
        case .webVerifyAgain: ("Kontrollera kedjan igen", "Verify the chain again")
        case .webNotFound: ("Sidan finns inte: {0}", "No such page: {0}")
        case .webRecord: ("Registrera", "Record")
        case .webRecordIntro: ("Registrera en händelse i fonden. Fondens regler prövas innan något skrivs; ett nej skriver ingenting.",
                               "Record an event in the fund. The fund's rules are checked before anything is written; a refusal writes nothing.")
        case .webRecordSubmit: ("Registrera", "Record")
        case .webRecorded: ("Registrerat: {0} händelser, till och med position {1}.", "Recorded: {0} events, through position {1}.")
        case .webRecordedOne: ("Registrerat: en händelse, position {0}.", "Recorded: one event, position {0}.")
        case .webAlreadyRecorded: ("Redan registrerat, position {0}: formuläret hade skickats förut, så ingenting nytt skrevs.",
                                   "Already recorded, position {0}: the form was sent before, so nothing new was written.")
        case .webRefused: ("Inte registrerat: {0}", "Not recorded: {0}")
        case .webNothingWritten: ("Ingenting skrevs.", "Nothing was written.")
        case .webFieldError: ("Fel i fältet {0}: {1}", "Error in the field {0}: {1}")
        case .webRequiredMark: ("(obligatoriskt)", "(required)")
        case .webReadOnly: ("Din roll får bara läsa; att registrera kräver rollen registrerare (recorder) eller administratör (admin).",
                            "Your role may only read; recording needs the role recorder or admin.")
        case .webAuditThen: ("Vid tidsresans gräns hade liggaren {0} händelser; den sista, på position {1}, har hashen",
                             "At the time-travel bound the log held {0} events; the last, at position {1}, has the hash")
        case .webAuditThenEmpty: ("Vid tidsresans gräns var liggaren tom.", "At the time-travel bound the log was empty.")
        case .webAuditEffective: ("Ett bokföringsdatum begränsar inte loggen, som ligger i den ordning händelserna registrerades; granskningen följer position och tidpunkt.",
                                  "A booking date does not bound the log, which is in the order events were recorded; the audit follows position and time.")
        case .webA11yTitle: ("Tillgänglighetsredogörelse", "Accessibility statement")
        case .webA11yIntro: ("FundLedger ska kunna användas av alla. Den här redogörelsen beskriver hur webbvyn uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service (DOS-lagen) och WCAG 2.1 nivå AA.",
                             "FundLedger should be usable by everyone. This statement describes how the web view meets the Swedish act on accessibility to digital public services (DOS-lagen, 2018:1937) and WCAG 2.1 level AA.")
        case .webA11yStatus: ("Webbvyn är förenlig med WCAG 2.1 nivå AA med de undantag som anges nedan.",
                              "The web view conforms to WCAG 2.1 level AA with the exceptions listed below.")
        case .webA11yTested: ("Varje sida och varje HTML-rapport kontrolleras automatiskt i Chromium med axe-core vid 360, 768 och 1280 pixlars bredd: inga allvarliga fel, inget horisontellt spill, inga överlappande diagramtexter och ingen diagramtext mindre än 10 pixlar. Formulären går att fylla i med enbart tangentbord.",
                              "Every page and every HTML report is checked automatically in Chromium with axe-core at 360, 768 and 1280 pixels wide: no serious violations, no horizontal overflow, no overlapping chart labels and no chart text smaller than 10 pixels. The forms can be filled in with the keyboard alone.")
        case .webA11yKnown: ("Kända brister: på en mobiltelefon visar diagrammen färre datum på tidsaxeln (tabellen under varje diagram visar alla siffror), och breda tabeller rullas i sidled i sin egen ruta.",
                             "Known gaps: on a phone the charts label fewer dates on the time axis (the table under each chart shows every figure), and wide tables scroll sideways in a box of their own.")
        case .webA11yContact: ("Upptäcker du en brist, kontakta fondens förvaltare. Du kan också anmäla till Myndigheten för digital förvaltning (Digg).",
                               "If you find a problem, contact the fund's administrator. You can also report it to the Agency for Digital Government (Digg).")
        case .webRepaymentTerms: ("Återbetalningsplan", "Repayment schedule")
        case .webTimeline: ("Alla händelser", "Every event")
        case .webPosition: ("Position", "Position")
        case .webOpenReport: ("Öppna", "Open")
        case .webSignatures: ("Signaturer", "Signatures")
        case .webVerifyCheckpoint: ("Kontrollera en signerad kontrollpunkt", "Verify a signed checkpoint")
        case .webVerifyCheckpointIntro: ("Klistra in kontrollpunkten du har sparat (med vittnenas medsignaturer) och de publika nycklarna du litar på. Roten räknas om från liggarens egna händelser och jämförs med den senaste tidigare kontrollpunkten.",
                                        "Paste the checkpoint you kept (with the witnesses' cosignatures) and the public keys you trust. The root is recomputed from the ledger's own events and checked against the latest earlier checkpoint.")
        case .webCheckpointNote: ("Kontrollpunkten (signerad anteckning)", "The checkpoint (signed note)")
        case .webLogKey: ("Liggarens publika nyckel (PEM)", "The log's public key (PEM)")
        case .webWitnessKeys: ("Vittnenas publika nycklar (PEM, valfria)", "The witnesses' public keys (PEM, optional)")
        case .webVerify: ("Kontrollera", "Verify")
        case .webCheckpointVerified: ("Kontrollpunkten stämmer: {0} händelser, rot {1}; signerad av {2}", "The checkpoint holds: {0} events, root {1}; signed by {2}")
        case .webCosignedBy: ("; medsignerad av {0}", "; cosigned by {0}")
        case .webConsistentWith: ("; förenlig med kontrollpunkten över {0} händelser (position {1})", "; consistent with the checkpoint of {0} events (position {1})")
        case .webCheckpointRefused: ("Kontrollpunkten stämmer inte: {0}", "The checkpoint does not hold: {0}")
        case .webCheckpointNotSigned: ("ingen signatur i kontrollpunkten stämmer med {0}", "no signature in the checkpoint verifies with {0}")
        case .webCheckpointWrongLog: ("kontrollpunkten gäller loggen {0}, den här loggen är {1}", "the checkpoint is for the log {0}, this one is {1}")
        case .webCheckpointBeyondLog: (
            "kontrollpunkten omfattar {0} händelser, loggen har {1}: händelser har tagits bort",
            "the checkpoint covers {0} events, the log holds {1}: events were removed")
        case .webCheckpointRewritten: (
            "loggens första {0} händelser har Merkle-roten {1}…, kontrollpunkten signerade {2}…: historiken har skrivits om",
            "the log's first {0} events have the Merkle root {1}…, the checkpoint signed {2}…: history was rewritten")
        case .webCheckpointInconsistent: (
            "den går inte ihop med den tidigare registrerade kontrollpunkten (inget konsistensbevis förenar dem)",
            "it is not consistent with the checkpoint recorded before it (no consistency proof joins them)")
        case .webCheckpointUnreadable: (
            "texten är inte en signerad kontrollpunkt med en publik Ed25519-nyckel i PEM-format",
            "the text is not a signed checkpoint with an Ed25519 public key in PEM")
        case .webCheckpointEmptyLog: ("loggen är tom", "the log is empty")
        case .webCheckpointChainBroken: (
            "loggens hashkedja bryts vid position {0}: en händelses innehåll eller ordning har ändrats",
            "the log's hash chain breaks at position {0}: an event's content or order was changed")
        case .webCheckpointTreeDiffers: (
            "det lagrade Merkle-trädet stämmer inte med händelsernas egna hashar: trädet eller händelserna har ändrats",
            "the stored Merkle tree does not match the events' own hashes: the tree or the events were changed")
        }
    }
}

extension ReportTexts {
    /// An initiative's status in words: `beslutad`, `decided`.
    public func status(_ status: InitiativeStatus) -> String {
        switch status {
        case .applied: self(.statusApplied)
        case .decided: self(.statusDecided)
        case .rejected: self(.statusRejected)
        case .revoked: self(.statusRevoked)
        case .closed: self(.statusClosed)
        }
    }

    /// The web view's text of `key`, with `{0}`, `{1}` … replaced by `arguments` in order.
    public func callAsFunction(_ key: WebText, _ arguments: any CustomStringConvertible...) -> String {
        Self.fill(template(key), arguments.map(\.description))
    }

    /// The web view's text of `key` with its placeholders unfilled.
    public func template(_ key: WebText) -> String {
        switch language {
        case .sv: key.entry.sv
        case .en: key.entry.en
        }
    }
}
