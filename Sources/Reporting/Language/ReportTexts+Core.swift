// The report catalogue's texts for the fund reports (statement, flows, repayments, portfolio) and what every report shares, by group; `ReportText.entry` looks a key up in them.

extension ReportText {
    /// Texts every report shares: the source line, parameters and their help, common column names.
    static func commonEntry(_ key: ReportText) -> (sv: String, en: String)? {
        switch key {
        case .source: ("Källa: {0}", "Source: {0}")
        case .sourceHTML: ("Källa: {0}. Rapport {1}; hela huvudets hash {2}.", "Source: {0}. Report {1}; full head hash {2}.")
        case .report: ("Rapport", "Report")
        case .parameters: ("Parametrar", "Parameters")
        case .parameter: ("Parameter", "Parameter")
        case .value: ("Värde", "Value")
        case .keyFigures: ("Nyckeltal", "Key figures")
        case .keyFigure: ("Nyckeltal", "Figure")
        case .notes: ("Anmärkningar", "Notes")
        case .date: ("Datum", "Date")
        case .total: ("Summa", "Total")
        case .noValue: ("inget värde", "no value")
        case .sourceLine: ("liggarens position {0}, hash {1}…", "ledger position {0}, hash {1}…")
        case .sourceRecordedThrough: (", som registrerat till och med {0}", ", as recorded by {0}")
        case .sourceEffectiveThrough: (", bokfört till och med {0}", ", effective through {0}")
        case .chartAsTable: ("{0}, som tabell", "{0}, as a table")
        case .yes: ("ja", "yes")
        case .no: ("nej", "no")

        case .paramFund: ("Fond", "Fund")
        case .paramInitiative: ("Insats", "Initiative")
        case .paramYear: ("Räkenskapsår", "Fiscal year")
        case .paramDepartment: ("Förvaltning", "Department")
        case .paramContract: ("Avtal", "Contract")
        case .paramFrom: ("Från och med", "From")
        case .paramTo: ("Till och med", "To")
        case .paramSeries: ("Verifikationsserie", "Voucher series")
        case .paramChart: ("Kontoplan", "Chart of accounts")
        case .paramDiscounting: ("Diskontering", "Discounting")
        case .paramBaseYear: ("Basår", "Base year")
        case .paramPriceYear: ("Prisår", "Price year")
        case .paramPriceIndex: ("Prisindex", "Price index")
        case .paramSensitivityStep: ("Steg i känslighetsanalysen", "Sensitivity step")
        case .paramCostOfExclusion: ("Kostnad för utanförskap", "Cost of exclusion")
        case .paramHorizonYears: ("Tidshorisont (år)", "Horizon (years)")
        case .helpFund: ("Fonden (dess id).", "The fund (its id).")
        case .helpYear: ("Räkenskapsåret för nyckeltalen (standard: det senaste året med händelser).",
                         "The fiscal year of the key figures (default: the latest year with events).")
        case .helpInitiativeEvents: ("Bara den här insatsens händelser.", "Only this initiative's events.")
        case .helpInitiativeOne: ("En insats; utan den fondens alla insatser med värderade effekter.",
                                  "One initiative; without it, every initiative of the fund with valued outcomes.")
        case .helpInitiativeDecided: ("En insats; utan den fondens alla beslutade insatser.",
                                      "One initiative; without it, every decided initiative of the fund.")
        case .helpInitiativeAll: ("En insats; utan den fondens alla insatser.", "One initiative; without it, every initiative of the fund.")
        case .helpDepartment: ("Bara händelser som nämner den här förvaltningen (kod, t.ex. BUN).",
                               "Only events naming this department (code, e.g. BUN).")

        case .initiative: ("Insats", "Initiative")
        case .department: ("Förvaltning", "Department")
        case .disbursed: ("Utbetalt", "Disbursed")
        case .repaid: ("Återbetalt", "Repaid")
        case .due: ("Förfallet", "Due")
        case .waived: ("Efterskänkt", "Waived")
        case .outstanding: ("Utestående", "Outstanding")
        case .saved: ("Besparing", "Saved")
        case .year: ("År", "Year")
        case .fundSubtitle: ("Fond {0}", "Fund {0}")
        case .fundInitiativeSubtitle: ("Fond {0}, insats {1}", "Fund {0}, initiative {1}")

        case .helpPriceIndex: ("Organisationens prisindex för uppräkning.", "The organisation's price index used for uprating.")
        default: nil
        }
    }

    /// The fund statement, savings flows and repayments (models 1–3).
    static func fundReportEntry(_ key: ReportText) -> (sv: String, en: String)? {
        switch key {
        case .fsTitle: ("Fondredovisning: {0}", "Fund statement: {0}")
        case .fsSummary: ("Fondredovisning per räkenskapsår: ingående balans, kapitaltillskott, uttag, utbetalningar, återbetalningar, utgående balans, bundet och fritt kapital.",
                          "Fund statement per fiscal year: opening balance, contributions, withdrawals, disbursements, repayments, closing balance, committed and uncommitted.")
        case .fsSubtitle: ("Fond {0}, räkenskapsår {1}", "Fund {0}, fiscal year {1}")
        case .fsOpening: ("Ingående balans", "Opening balance")
        case .fsContributions: ("Kapitaltillskott", "Contributions")
        case .fsWithdrawals: ("Uttag", "Withdrawals")
        case .fsDisbursements: ("Utbetalningar", "Disbursements")
        case .fsRepayments: ("Återbetalningar", "Repayments")
        case .fsClosing: ("Utgående balans", "Closing balance")
        case .fsCommitted: ("Bundet kapital", "Committed")
        case .fsUncommitted: ("Fritt kapital", "Uncommitted")
        case .fsCommittedYearEnd: ("Bundet vid årets slut", "Committed at year end")
        case .fsUncommittedYearEnd: ("Fritt vid årets slut", "Uncommitted at year end")
        case .fsTable: ("Redovisning per räkenskapsår", "Statement per fiscal year")
        case .fsChart: ("Fondens saldo över tid", "Fund balance over time")
        case .fsBalance: ("Saldo", "Balance")
        case .fsNoteFormula: ("saldo = tillskjutet − uttaget − utbetalt + återbetalt; bundet = beviljat − utbetalt för beslutade, öppna insatser enligt bokföringen till och med 31 december; fritt = saldo − bundet.",
                              "balance = contributed − withdrawn − disbursed + repaid; committed = granted − disbursed on decided, open initiatives as booked through 31 December; uncommitted = balance − committed.")
        case .fsNoteYears: ("Räkenskapsåren är kalenderåren för bokföringsdagen; en rättelse räknas det år den bokförs.",
                            "Fiscal years are calendar years of the effective date; reversals count in the year they are effective.")

        case .sfTitle: ("Besparingsflöden: {0}", "Savings flows: {0}")
        case .sfSummary: ("Besparingsflöden mellan förvaltningar: investerande × besparande förvaltning, och varje förvaltnings nettoställning.",
                          "Cross-department savings flows: investing department × saving department, and each department's net position.")
        case .sfInvested: ("Investerat", "Invested")
        case .sfSaved: ("Besparingar", "Saved")
        case .sfDue: ("Förfallna återbetalningar", "Repayments due")
        case .sfNet: ("Netto ur fonden", "Net drawn from the fund")
        case .sfPairsTable: ("Investerande × besparande förvaltning", "Investing department × saving department")
        case .sfInvestingDepartment: ("Investerande förvaltning", "Investing department")
        case .sfSavingDepartment: ("Besparande förvaltning", "Saving department")
        case .sfInitiatives: ("Insatser", "Initiatives")
        case .sfDepartmentsTable: ("Nettoställning per förvaltning", "Net position per department")
        case .sfNetColumn: ("Netto (investerat − återbetalt)", "Net (invested − repaid)")
        case .sfHeatmap: ("Besparingar per investerande och besparande förvaltning", "Savings by investing and saving department")
        case .sfNoteShares: ("En besparande förvaltnings besparingar och återbetalningar fördelas på insatsens investerande förvaltningar efter deras andel av utbetalningarna (avrundning med största rest).",
                             "A saving department's savings and repayments are shared over an initiative's investing departments by their share of its disbursements (largest-remainder rounding).")
        case .sfNoteAttribution: ("Tillskrivna andelar av en besparing räknas hos den förvaltning de tillskrivs.",
                                  "Attributed shares of a saving count in the department they are attributed to.")

        case .rpTitle: ("Återbetalningar: {0}", "Repayments: {0}")
        case .rpSummary: ("Återbetalningsplan per insats och förvaltning: åtaganden, förfallet, återbetalt, efterskänkt, utestående och vad som återstår under taket.",
                          "Repayment schedule per initiative and department: obligations, due, repaid, waived, outstanding and capacity left under the cap.")
        case .rpTermsTable: ("Återbetalningsvillkor", "Repayment terms")
        case .rpTerms: ("Villkor", "Terms")
        case .rpDueSoFar: ("Förfallet hittills", "Due so far")
        case .rpRemaining: ("Kvar under taket", "Remaining under the cap")
        case .rpObligations: ("Åtaganden", "Obligations")
        case .rpSaving: ("Besparing", "Saving")
        case .rpInstalment: ("avbetalning", "instalment")
        case .rpDueDate: ("Förfallodag", "Due date")
        case .rpAmount: ("Belopp", "Amount")
        case .rpPerDepartment: ("Per förvaltning", "Per department")
        case .rpNoDecision: ("inget beslut", "no decision")
        case .rpNote: ("förfallet(t) = min(andel × besparing(t), tak − förfallet hittills) för besparingar vars period slutar inom tidshorisonten; utestående = förfallet − återbetalt − efterskänkt.",
                       "due(t) = min(share × saving(t), cap − due so far) for savings whose period ends within the horizon; outstanding = due − repaid − waived.")
        case .rpTermsNone: ("ingen (bidrag)", "none (grant)")
        case .rpTermsShare: ("{0} av realiserade besparingar, tak {1}, tidshorisont {2} år", "{0} of realised savings, cap {1}, horizon {2} years")
        case .rpCapDisbursed: ("utbetalt belopp", "the amount disbursed")
        case .rpCapNone: ("inget", "none")
        case .rpTermsPlan: ("återbetalningsplan, {0} avbetalningar", "repayment plan, {0} instalments")
        case .rpTermsFrame: ("ramjustering, {0} av realiserade besparingar, tidshorisont {1} år", "frame reduction, {0} of realised savings, horizon {1} years")
        default: nil
        }
    }

    /// The portfolio.
    static func portfolioEntry(_ key: ReportText) -> (sv: String, en: String)? {
        switch key {
        case .pfTitle: ("Portfölj: {0}", "Portfolio: {0}")
        case .pfSummary: ("Fondens insatser: status, beviljat, utbetalt, återstående, medfinansiering, förväntade mot realiserade besparingar, återbetalningar och indikatorer.",
                          "Initiatives of a fund: status, granted, disbursed, remaining, co-financing, expected vs realised savings, repayments and indicators.")
        case .pfSubtitleAll: ("Fond {0}, {1} insatser", "Fund {0}, {1} initiatives")
        case .pfInitiatives: ("Insatser", "Initiatives")
        case .pfTitleColumn: ("Benämning", "Title")
        case .pfStatus: ("Läge", "Status")
        case .pfGranted: ("Beviljat", "Granted")
        case .pfRemaining: ("Återstår", "Remaining")
        case .pfCoFinancing: ("Medfinansiering", "Co-financing")
        case .pfExpectedSavings: ("Förväntade besparingar", "Expected savings")
        case .pfRealisedSavings: ("Realiserade besparingar", "Realised savings")
        case .pfRepaymentsDue: ("Förfallna återbetalningar", "Repayments due")
        case .pfSavingsTable: ("Förväntade och realiserade besparingar per förvaltning", "Expected and realised savings per department")
        case .pfExpected: ("Förväntat", "Expected")
        case .pfRealised: ("Realiserat", "Realised")
        case .pfDifference: ("Realiserat − förväntat", "Realised − expected")
        case .pfRepaymentsTable: ("Återbetalningar per förvaltning", "Repayments per department")
        case .pfIndicatorsTable: ("Indikatorer mot mål", "Indicators against targets")
        case .pfIndicator: ("Indikator", "Indicator")
        case .pfUnit: ("Enhet", "Unit")
        case .pfBaseline: ("Utgångsläge", "Baseline")
        case .pfTarget: ("Mål", "Target")
        case .pfLatest: ("Senast uppmätt", "Latest measured")
        case .pfPeriod: ("Period", "Period")
        case .pfNoteRemaining: ("Återstår = beviljat − utbetalt så länge beslutet står fast och insatsen är öppen; förväntade besparingar är ansökans, summerade över dess år.",
                                "Remaining = granted − disbursed while the decision stands and the initiative is open; expected savings are the application's, summed over its years.")
        case .pfNoteRealised: ("Realiserade besparingar räknar tillskrivna andelar hos den förvaltning de tillskrivs.",
                               "Realised savings count attributed shares in the department they are attributed to.")
        default: nil
        }
    }
}
