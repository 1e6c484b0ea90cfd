// The report catalogue's texts for the evaluation models (SROI, socio-economic, cost-benefit, outcome payments), by group; `ReportText.entry` looks a key up in them.

extension ReportText {
    /// What the evaluation models share: titles, summaries, subtitles.
    static func evaluationEntry(_ key: ReportText) -> (sv: String, en: String)? {
        switch key {
        case .titleFundStatement: ("Fondredovisning", "Fund statement")
        case .titleSavingsFlows: ("Besparingsflöden", "Savings flows")
        case .titleRepayments: ("Återbetalningar", "Repayments")
        case .titlePortfolio: ("Portfölj", "Portfolio")
        case .titleAuditTrail: ("Verifieringskedja", "Audit trail")
        case .titleSIE: ("SIE-export", "SIE export")
        case .titleSROI: ("Social avkastning (SROI)", "Social return on investment (SROI)")
        case .titleSocioEconomic: ("Socioekonomisk kalkyl", "Socio-economic calculation")
        case .titleCostBenefit: ("Kostnad–nytta", "Cost–benefit analysis")
        case .titleOutcomePayments: ("Resultatbaserade betalningar", "Outcome payments")

        case .emInitiativeSubtitle: ("Insats {0}", "Initiative {0}")
        case .emAllInitiatives: ("Alla insatser med värderade utfall", "All initiatives with valued outcomes")
        case .emPerInitiative: ("Per insats", "Per initiative")
        case .emOutcome: ("Utfall", "Outcome")
        case .emActor: ("Aktör", "Actor")
        case .emNotValued: ("{0}: {1} = \"{2}\" ({3}) är inget tal med ett år; värderas inte.",
                            "{0}: {1} = \"{2}\" ({3}) is not a number with a year; not valued.")
        default: nil
        }
    }

    /// SROI.
    static func sroiEntry(_ key: ReportText) -> (sv: String, en: String)? {
        switch key {
        case .sroiSummary: ("Social avkastning på investeringen (SROI): effekt per utfall och år, nuvärde, nettonuvärde, kvot, återbetalningsår och känslighet.",
                            "Social return on investment: impact per outcome and year, PV, NPV, ratio, payback and sensitivity.")
        case .sroiTitle: ("Social avkastning (SROI) — {0}", "Social return on investment — {0}")
        case .sroiInputs: ("Insatta resurser (utbetalt + medfinansiering)", "Inputs (disbursed + co-financing)")
        case .sroiPresentValue: ("Effektens nuvärde", "Present value of impact")
        case .sroiNetPresentValue: ("Nettonuvärde", "Net present value")
        case .sroiRatio: ("SROI-kvot", "SROI ratio")
        case .sroiNetRatio: ("SROI-nettokvot", "Net SROI ratio")
        case .sroiPaybackYear: ("Återbetalningsår", "Payback year")
        case .sroiNoPayback: ("inte inom tidshorisonten", "not within the horizon")
        case .sroiNoteDiscounting: ("Diskontering: {0} ({1}).", "Discounting: {0} ({1}).")
        case .sroiFirstYearUndiscounted: ("år 1 diskonteras inte, år n diskonteras n − 1 gånger", "year 1 undiscounted, year n discounted n − 1 times")
        case .sroiEndOfYear: ("år n diskonteras n gånger", "year n discounted n times")
        case .sroiNoteRounding: ("Avrundning: varje steg är exakt till 10⁻⁹ öre; varje rads effekt och nuvärde avrundas till öre (halv till jämn), och summorna adderar de avrundade raderna. Kvoterna är nuvärde / insatta resurser, avrundade till {0} decimaler.",
                                 "Rounding: every step is exact to 10⁻⁹ öre; each row's impact and present value are rounded to the öre (half to even), and totals add the rounded rows. Ratios are PV / inputs, rounded to {0} decimals.")
        case .sroiNotePriceYear: ("De finansiella proxyerna är uppräknade till {0} års priser.", "Proxies are uprated to {0} prices.")
        case .sroiNoteAssumptions: ("{0}: antaganden {1} — källa: {2}.", "{0}: assumptions {1} — source: {2}.")
        case .sroiOfTheFund: ("för fonden", "of the fund")
        case .sroiOfTheInitiative: ("för insatsen", "of the initiative")
        case .sroiNoteProxy: ("Finansiell proxy {0}: {1} per {2}, {3} års priser — källa: {4}.", "Proxy {0}: {1} per {2}, {3} prices — source: {4}.")
        case .sroiNoProxy: ("{0}: ingen finansiell proxy för {1}; {2} värderas inte.", "{0}: no financial proxy for {1}; {2} not valued.")
        case .sroiNoteProxyYears: ("De finansiella proxyerna är i olika års priser ({0}); ange price-year för att räkna upp dem till ett och samma år.",
                                   "The proxies are in the prices of different years ({0}); give price-year to uprate them to one.")
        case .sroiImpactTable: ("Effekt per utfall och år", "Impact per outcome and year")
        case .sroiMeasured: ("Mätår", "Measured")
        case .sroiQuantity: ("Antal", "Quantity")
        case .sroiProxyPerUnit: ("Finansiell proxy per enhet", "Proxy per unit")
        case .sroiImpact: ("Effekt", "Impact")
        case .sroiDiscountYears: ("Diskonterad (år)", "Discounted (years)")
        case .sroiPresentValueColumn: ("Nuvärde", "Present value")
        case .sroiInputsColumn: ("Insatta resurser", "Inputs")
        case .sroiNPV: ("Nettonuvärde", "NPV")
        case .sroiSensitivityTable: ("Känslighetsanalys (varje antagande ± {0}, de övriga som registrerade)",
                                     "Sensitivity (each assumption ± {0}, the others as recorded)")
        case .sroiAssumption: ("Antagande", "Assumption")
        case .sroiRecorded: ("Registrerat", "Recorded")
        case .sroiLow: ("Lågt", "Low")
        case .sroiRatioLow: ("Kvot vid lågt", "Ratio at low")
        case .sroiHigh: ("Högt", "High")
        case .sroiRatioHigh: ("Kvot vid högt", "Ratio at high")
        case .sroiBreakEven: ("Brytvärde (nettonuvärde = 0)", "Break-even value (NPV = 0)")
        case .sroiBreaksEvenAlways: ("nettonuvärdet är ≥ 0 vid alla värden", "breaks even at any value")
        case .sroiBreaksEvenNever: ("nettonuvärdet är < 0 vid alla värden", "does not break even at any value")
        case .sroiDeadweight: ("dödvikt", "deadweight")
        case .sroiDisplacement: ("undanträngning", "displacement")
        case .sroiAttribution: ("tillskrivning", "attribution")
        case .sroiDropOff: ("avtagande", "drop-off")
        case .sroiDiscountRate: ("diskonteringsränta", "discount-rate")
        case .sroiHelpDiscounting: ("first-year-undiscounted: år 1 diskonteras inte; end-of-year: alla år diskonteras, år 1 en gång.",
                                    "first-year-undiscounted: year 1 is not discounted; end-of-year: every year is, year 1 once.")
        case .sroiHelpBaseYear: ("Året som diskonteras till (standard: det tidigaste året med ett uppmätt utfall).",
                                 "The year discounted to (default: the earliest year with a measured outcome).")
        case .sroiHelpPriceYear: ("Räkna upp varje finansiell proxy till det här årets priser (standard: varje proxys eget prisår).",
                                  "Uprate every proxy to this year's prices (default: each proxy's own price year).")
        case .sroiHelpStep: ("Hur långt varje antagande flyttas ned och upp i känslighetsanalysen (0.1 = 10 procentenheter).",
                             "How far each assumption is moved down and up in the sensitivity table (0.1 = 10 points).")
        default: nil
        }
    }

    /// The socio-economic model.
    static func socioEconomicEntry(_ key: ReportText) -> (sv: String, en: String)? {
        switch key {
        case .seSummary: ("Socioekonomisk kalkyl: undvikna kostnader för utanförskap per aktör, vem som investerar och vem som vinner, brytpunkt.",
                          "Socio-economic calculation: costs of exclusion avoided per actor, who invests and who gains, break-even share.")
        case .seTitle: ("Socioekonomisk kalkyl — {0}", "Socio-economic calculation — {0}")
        case .seOneYear: ("1 år", "1 year")
        case .seYears: ("{0} år", "{0} years")
        case .seInvestmentPerYear: ("Investering per år", "Investment per year")
        case .seCostPerPersonYear: ("Kostnad för utanförskap per person och år", "Cost of exclusion per person and year")
        case .seTargetGroup: ("Målgrupp (personer)", "Target group")
        case .seGroupCostPerYear: ("Målgruppens kostnad för utanförskap per år", "Target group's cost of exclusion per year")
        case .seBreakEvenShare: ("Brytpunkt, andel", "Break-even share")
        case .seBreakEvenPeople: ("Brytpunkt, personer", "Break-even people")
        case .seLeftExclusion: ("Har lämnat utanförskap (uppmätt)", "Left exclusion (measured)")
        case .seShareLeft: ("Andel som lämnat utanförskap", "Share who left exclusion")
        case .seAvoidedFirstYear: ("Undvikna kostnader, första året", "Costs avoided, first year")
        case .seAvoidedOver: ("Undvikna kostnader under {0}", "Costs avoided over {0}")
        case .seBears: ("Bär kostnaden", "Bears the cost")
        case .seGains: ("Vinner", "Gains")
        case .seNobody: ("ingen", "nobody")
        case .seNobodyYet: ("ingen ännu", "nobody yet")
        case .seActorsTable: ("Investering och undvikna kostnader per aktör", "Investment and avoided costs by actor")
        case .seCostPerPersonYearColumn: ("Kostnad per personår", "Cost per person-year")
        case .seGroupCostColumn: ("Gruppens kostnad per år", "Group's cost per year")
        case .seInvests: ("Investerar", "Invests")
        case .seAvoidedYearOne: ("Undvikt, år 1", "Avoided, year 1")
        case .seAvoidedColumn: ("Undvikt, {0}", "Avoided, {0}")
        case .seNetColumn: ("Netto, {0}", "Net, {0}")
        case .seNoteBreakEven: ("Brytpunkt, andel = investering per år / målgruppens kostnad för utanförskap per år; antalet personer avrundas uppåt.",
                                "Break-even share = investment per year / the target group's cost of exclusion per year; people rounded up.")
        case .seNoteAvoided: ("Undvikt = personer som lämnat utanförskap × varje aktörs andel av ett personår, avrundat till öre (halv till jämn); över tidshorisonten utan diskontering, i fasta priser.",
                              "Avoided = people who left exclusion × each actor's share of a person-year, rounded to the öre (half to even); over the horizon undiscounted, in fixed prices.")
        case .seNoteInvestment: ("Investering = beviljat + medfinansiering ({0}) under {1} år, som bärs av {2}.",
                                 "Investment = granted + co-financing ({0}) over {1} year(s), borne by {2}.")
        case .seNotCounted: ("{0} = \"{1}\" ({2}) är inget tal med ett år; räknas inte.", "{0} = \"{1}\" ({2}) is not a number with a year; not counted.")
        case .seNoteCost: ("Kostnad för utanförskap {0}: {1} per {2}, {3} års priser{4} — källa: {5}.",
                           "Cost of exclusion {0}: {1} per {2}, {3} prices{4} — source: {5}.")
        case .seUprated: (", uppräknad till {0}", ", uprated to {0}")
        case .seNoteTargetGroup: ("Målgrupp på {0} personer — källa: {1}.", "Target group of {0} people — source: {1}.")
        case .seHelpInitiative: ("Insatsen.", "The initiative.")
        case .seHelpExclusion: ("Enhetskostnadskatalogens kostnad för ett personår i utanförskap; också indikatorn som räknar personer som lämnat det.",
                                "The catalogue's unit cost of one person-year of exclusion; also the indicator counting people who left it.")
        case .seHelpHorizon: ("År som undvikna kostnader räknas över, utöver det första året (1–50).",
                              "Years over which avoided costs are counted, besides the first year (1–50).")
        case .seHelpPriceYear: ("Räkna upp kostnaden för utanförskap till det här årets priser (standard: dess eget prisår).",
                                "Uprate the cost of exclusion to this year's prices (default: its own price year).")
        default: nil
        }
    }

    /// Cost-benefit analysis and outcome payments.
    static func costBenefitEntry(_ key: ReportText) -> (sv: String, en: String)? {
        switch key {
        case .cbSummary: ("Kostnad–nytta per aktör: fiskalt, ekonomiskt och socialt värde, realiserbart eller inte, fiskal avkastning och återbetalningsår.",
                          "Cost–benefit by agency: fiscal, economic and social value, cashable or not, fiscal return and payback.")
        case .opSummary: ("Resultatbaserade betalningar per avtal: minskning mot jämförelsegruppen, tröskel, tak, förfallna belopp.",
                          "Outcome payments per contract: reduction against the comparison group, threshold, cap, amounts due.")

        case .cbTitle: ("Kostnads–nyttoanalys — {0}", "Cost–benefit analysis — {0}")
        case .cbNotYet: ("ännu inte", "not yet")
        case .cbCost: ("Kostnad (utbetalt + medfinansiering)", "Cost (disbursed + co-financing)")
        case .cbFiscalBenefits: ("Fiskal nytta", "Fiscal benefits")
        case .cbCashableOf: ("varav realiserbar", "of which cashable")
        case .cbEconomicBenefits: ("Ekonomisk nytta", "Economic benefits")
        case .cbSocialBenefits: ("Social nytta", "Social benefits")
        case .cbFiscalReturn: ("Fiskal avkastning", "Fiscal return")
        case .cbEconomicReturn: ("Ekonomisk avkastning (fiskal + ekonomisk)", "Economic return (fiscal + economic)")
        case .cbPublicValueReturn: ("Samhällsvärdets avkastning (all nytta)", "Public value return (all benefits)")
        case .cbPaybackYear: ("Återbetalningsår (fiskalt)", "Payback year (fiscal)")
        case .cbAgenciesTable: ("Fiskal nytta och avkastning per aktör", "Fiscal benefits and return by agency")
        case .cbAgency: ("Aktör", "Agency")
        case .cbCashable: ("Realiserbar", "Cashable")
        case .cbNonCashable: ("Ej realiserbar", "Non-cashable")
        case .cbFiscalBenefit: ("Fiskal nytta", "Fiscal benefit")
        case .cbReturnOnCost: ("Avkastning på hela kostnaden", "Return on the whole cost")
        case .cbBenefitsTable: ("Nytta per utfall och aktör", "Benefits by outcome and actor")
        case .cbBeforeAdjustments: ("Före justeringar", "Before adjustments")
        case .cbBenefit: ("Nytta", "Benefit")
        case .cbYearsTable: ("Kostnader och fiskal nytta per år", "Costs and fiscal benefits by year")
        case .cbCostColumn: ("Kostnad", "Cost")
        case .cbCumulativeCost: ("Ackumulerad kostnad", "Cumulative cost")
        case .cbCumulativeFiscal: ("Ackumulerad fiskal nytta", "Cumulative fiscal benefit")
        case .cbFiscal: ("Fiskal nytta", "Fiscal")
        case .cbEconomic: ("Ekonomisk nytta", "Economic")
        case .cbSocial: ("Social nytta", "Social")
        case .cbNoteFormula: ("nytta = antal × aktörens andel av enhetskostnaden × (1 − dödvikt) × (1 − undanträngning) × (1 − tillskrivning) × (1 − optimismjustering), exakt till 10⁻⁹ öre och avrundad till öre per rad (halv till jämn); summorna adderar raderna.",
                              "benefit = quantity × the actor's share of the unit cost × (1 − deadweight) × (1 − displacement) × (1 − attribution) × (1 − optimism bias), exact to 10⁻⁹ öre and rounded to the öre per line (half to even); totals add the lines.")
        case .cbNoteReturns: ("Avkastningen är nytta / kostnad, avrundad till {0} decimaler; återbetalningsåret är det första år då den ackumulerade fiskala nyttan når de ackumulerade kostnaderna.",
                              "Returns are benefits / cost, rounded to {0} decimals; payback is the first year in which cumulative fiscal benefits reach cumulative costs.")
        case .cbNotePriceYear: ("Enhetskostnaderna är uppräknade till {0} års priser, varje andel för sig.", "Unit costs are uprated to {0} prices, each share on its own.")
        case .cbNoUnitCost: ("{0}: ingen enhetskostnad för {1}; {2} värderas inte.", "{0}: no unit cost for {1}; {2} not valued.")
        case .cbNoteAssumptions: ("{0}: dödvikt {1}, undanträngning {2}, tillskrivning {3}, optimismjustering {4} — källa: {5}.",
                                  "{0}: deadweight {1}, displacement {2}, attribution {3}, optimism bias {4} — source: {5}.")
        case .cbNoteUnitCost: ("Enhetskostnad {0}: {1} per {2} ({3}), {4} års priser — källa: {5}.", "Unit cost {0}: {1} per {2} ({3}), {4} prices — source: {5}.")
        case .cbKindFiscal: ("fiskalt", "fiscal")
        case .cbKindEconomic: ("ekonomiskt", "economic")
        case .cbKindSocial: ("socialt", "social")
        case .cbHelpPriceYear: ("Räkna upp varje enhetskostnad till det här årets priser (standard: varje posts eget prisår).",
                                "Uprate every unit cost to this year's prices (default: each entry's own price year).")

        case .opTitle: ("Resultatbaserade betalningar — {0}", "Outcome payments — {0}")
        case .opContractSubtitle: ("Avtal {0}", "Contract {0}")
        case .opAllContracts: ("Alla avtal", "All contracts")
        case .opDueTotal: ("Förfallet totalt", "Due in total")
        case .opCapsTotal: ("Tak totalt", "Caps in total")
        case .opLeftUnderCaps: ("Kvar under taken", "Left under the caps")
        case .opNoteReduction: ("minskning = (jämförelsegrupp − behandlade) / jämförelsegrupp, jämförd exakt med tröskeln; visas i procent med 2 decimaler (exakt, 9 decimaler, i CSV och JSON).",
                                "reduction = (comparison − treated) / comparison, compared exactly with the threshold; shown as a percentage to 2 decimals (exact, 9 decimals, in CSV and JSON).")
        case .opNoteDue: ("förfallet = (jämförelsegrupp − behandlade) × ersättning per utfall, avrundat till öre (halv till jämn), bara vid eller över tröskeln och aldrig utöver det som återstår under taket.",
                          "due = (comparison − treated) × payment per outcome, rounded to the öre (half to even), only at or above the threshold, and never beyond what is left of the cap.")
        case .opNotNumber: ("{0}: {1} = \"{2}\" ({3}) är inget tal; räknas inte.", "{0}: {1} = \"{2}\" ({3}) is not a number; not counted.")
        case .opNoComparison: ("{0}: {1} har ett värde för de behandlade men inget för jämförelsegruppen; inget förfaller för perioden ännu.",
                               "{0}: {1} has a treated figure but no comparison figure; nothing is due for it yet.")
        case .opNoteContract: ("{0} ({1}): {2} mot {3}, tröskel {4}, {5} per utfall, tak {6} — källa: {7}.",
                               "{0} ({1}): {2} against {3}, threshold {4}, {5} per outcome, cap {6} — source: {7}.")
        case .opTable: ("Betalningar per avtal och period", "Payments by contract and period")
        case .opTreated: ("Behandlade", "Treated")
        case .opComparison: ("Jämförelsegrupp", "Comparison")
        case .opReduction: ("Minskning", "Reduction")
        case .opThreshold: ("Tröskel", "Threshold")
        case .opThresholdMet: ("Tröskeln nådd", "Threshold met")
        case .opOutcomesPaid: ("Utfall som ersätts", "Outcomes paid for")
        case .opEarned: ("Intjänat före tak", "Earned before cap")
        case .opHelpContract: ("Ett avtal; utan det fondens alla avtal.", "One contract; without it, every contract of the fund.")
        default: nil
        }
    }
}
