import EventStore
import Foundation
import FundLedger

// The story `fundledger demo` records, built from the article "Sociala Investeringar – Varför det?"
// (shared/seed): Region Skåne's 10 MSEK fund and its network, and the funds of Tomelilla, Eslöv and
// Malmö. docs/demo.md tells the story and does the arithmetic behind every balance.
//
// Every command has a fixed id derived from its step key, so a second run is an idempotent retry:
// `LedgerService` sees the ids already recorded and writes nothing.

/// Where a figure or rule in the demo comes from.
enum DemoProvenance: String, Sendable {
    /// Stated in the article (Region Skåne's 10 MSEK, Tomelilla's target group and priority areas, Eslöv's criteria).
    case article = "A"
    /// From the domain primer (docs), not the article (Region Skåne's 30 % co-financing).
    case primer = "D"
    /// Made up for the demo: not in the article.
    case illustrative = "I"
    /// No amount or rule to attribute.
    case none = " "

    /// The words added to a command's recorded reason.
    var reasonSuffix: String {
        switch self {
        case .article: " [amount from the article]"
        case .primer: " [rule from the domain primer, not the article]"
        case .illustrative: " [illustrative: amount not in the article]"
        case .none: ""
        }
    }
}

/// One step of the story: one command, or several recorded atomically.
struct DemoStep: Sendable {
    enum Expectation: Sendable {
        /// The commands are recorded (or were, by an earlier run).
        case records
        /// The command must be refused with `rule`, writing nothing. It is attempted only while
        /// `attemptWhile` holds for the current state (a refusal that later steps make moot is skipped).
        case refused(rule: String, attemptWhile: @Sendable (LedgerState) -> Bool)
    }

    var key: String
    var envelopes: [CommandEnvelope]
    var source: DemoProvenance
    var expectation: Expectation
    /// Printed under the step's line.
    var note: String?
}

/// The steps of one organisation, with a few lines of context.
struct DemoChapter: Sendable {
    var title: String
    var intro: [String]
    var steps: [DemoStep]
}

/// Collects a chapter's steps with the organisation's actor and a key prefix.
struct DemoChapterBuilder {
    let prefix: String
    let actor: String
    private(set) var steps: [DemoStep] = []

    init(prefix: String, actor: String) {
        self.prefix = prefix
        self.actor = actor
    }

    func envelope(_ key: String, _ date: String, _ command: LedgerCommand, reason: String, ref: String?) -> CommandEnvelope {
        CommandEnvelope(
            command, actor: actor, reason: reason, decisionReference: ref, effectiveDate: DemoScenario.day(date),
            commandID: DemoScenario.commandID("\(prefix)/\(key)"))
    }

    /// One command.
    mutating func add(
        _ key: String, _ date: String, _ command: LedgerCommand, _ source: DemoProvenance = .none, reason: String,
        ref: String? = nil, note: String? = nil
    ) {
        let reason = reason + source.reasonSuffix
        steps.append(DemoStep(
            key: "\(prefix)/\(key)", envelopes: [envelope(key, date, command, reason: reason, ref: ref)], source: source,
            expectation: .records, note: note))
    }

    /// Several commands, recorded atomically (all or none) with `LedgerService.recordAll`.
    mutating func batch(_ key: String, _ date: String, _ commands: [LedgerCommand], _ source: DemoProvenance = .none, reason: String) {
        let reason = reason + source.reasonSuffix
        let envelopes = commands.enumerated().map { index, command in
            envelope("\(key)/\(index + 1)", date, command, reason: reason, ref: nil)
        }
        steps.append(DemoStep(key: "\(prefix)/\(key)", envelopes: envelopes, source: source, expectation: .records, note: nil))
    }

    /// A command the ledger must refuse with `rule`.
    mutating func refused(
        _ key: String, _ date: String, _ command: LedgerCommand, rule: String, reason: String, note: String? = nil,
        attemptWhile: @escaping @Sendable (LedgerState) -> Bool = { _ in true }
    ) {
        steps.append(DemoStep(
            key: "\(prefix)/\(key)", envelopes: [envelope(key, date, command, reason: reason, ref: nil)], source: .none,
            expectation: .refused(rule: rule, attemptWhile: attemptWhile), note: note))
    }

    func chapter(_ title: String, _ intro: [String]) -> DemoChapter {
        DemoChapter(title: title, intro: intro, steps: steps)
    }
}

/// The demo's organisations, funds and steps.
enum DemoScenario {
    // MARK: Ids

    /// The fixed id of the command with step key `key`: 128 bits of FNV-1a (two 64-bit passes with
    /// different offsets) over `fundledger-demo:<key>`, as an RFC 9562 version 8 UUID. Stable across
    /// runs and builds, and independent of the order of the steps.
    static func commandID(_ key: String) -> UUID {
        func fnv1a(_ offset: UInt64) -> UInt64 {
            var hash = offset
            for byte in "fundledger-demo:\(key)".utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
            return hash
        }
        let high = fnv1a(0xcbf2_9ce4_8422_2325)
        let low = fnv1a(0x8422_2325_cbf2_9ce4)
        var b = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            b[i] = UInt8(truncatingIfNeeded: high >> (56 - 8 * i))
            b[8 + i] = UInt8(truncatingIfNeeded: low >> (56 - 8 * i))
        }
        b[6] = (b[6] & 0x0f) | 0x80  // version 8 (custom)
        b[8] = (b[8] & 0x3f) | 0x80  // RFC variant
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }

    static func day(_ text: String) -> CivilDate {
        guard let date = CivilDate(text) else { preconditionFailure("bad demo date \(text)") }
        return date
    }

    static func kr(_ kronor: Int64) -> Money { Money(kronor: kronor, currency: .sek) }

    static func percent(_ text: String) -> Rate {
        guard let rate = Rate(text) else { preconditionFailure("bad demo rate \(text)") }
        return rate
    }

    // MARK: Organisations (organisation numbers from the organisations' public registrations, not the article)

    static let regionSkane = "232100-0255"
    static let tomelilla = "212000-0886"
    static let eslov = "212000-1173"
    static let malmo = "212000-1124"

    // MARK: Funds, in the order the statements list them

    /// Fund id, and where its capital figure comes from.
    static let funds: [(id: String, capital: DemoProvenance)] = [
        ("skane", .article), ("tomelilla", .illustrative), ("eslov", .illustrative),
        ("malmo-barn-unga", .illustrative), ("malmo-hemloshet", .illustrative), ("malmo-personalhalsa", .illustrative),
    ]

    /// Initiatives in story order (the reports list them in this order).
    static let initiatives = [
        "skane-psykisk-halsa", "skane-skolmiljo", "tomelilla-tidigt-stod", "tomelilla-laxhjalp",
        "eslov-meningsfull-fritid", "malmo-las-och-sprak", "malmo-bostad-forst", "malmo-tidig-rehab",
    ]

    /// Tomelilla's target group, word for word (a fund criterion compares it exactly).
    static let childrenAndYoungPeople = "barn och unga 0–18 år"

    // MARK: The story

    static let chapters: [DemoChapter] = [regionSkaneChapter, tomelillaChapter, eslovChapter, malmoChapter]

    /// Every step, in order.
    static var steps: [DemoStep] { chapters.flatMap(\.steps) }

    /// Command ids used by more than one command (a scenario bug: the second would count as already recorded).
    static var duplicateCommandIDs: [UUID] {
        var seen: Set<UUID> = []
        var duplicates: [UUID] = []
        for envelope in steps.flatMap(\.envelopes) where !seen.insert(envelope.commandID).inserted {
            duplicates.append(envelope.commandID)
        }
        return duplicates
    }

    /// The scenario's command with id `id`.
    static func command(withID id: UUID) -> LedgerCommand? {
        steps.flatMap(\.envelopes).first { $0.commandID == id }?.command
    }

    static var regionSkaneChapter: DemoChapter {
        var c = DemoChapterBuilder(prefix: "skane", actor: "fundledger demo (Region Skåne, ekonomi)")
        let fund = "skane"
        c.batch("organisation", "2023-01-02", [
            .registerOrganisation(id: regionSkane, name: "Region Skåne", kind: "region"),
            .registerDepartment(organisationID: regionSkane, code: "HSV", name: "Hälso- och sjukvården", kind: .department),
            .registerDepartment(organisationID: regionSkane, code: "FOLK", name: "Folkhälsoenheten", kind: .department),
            .registerDepartment(organisationID: regionSkane, code: "FHB", name: "Folkhälsoberedningen", kind: .committee),
        ], reason: "Region Skåne hosts the network for social investments (nätverk för sociala investeringar) of Skåne's municipalities")
        let policy = FundPolicy(minimumDepartments: 2, repaymentModel: .none)
        c.batch("fund", "2023-01-02", [
            .establishFund(fundID: fund, organisationID: regionSkane, name: "Region Skånes sociala investeringsfond", currency: .sek, policy: policy),
            .contributeCapital(fundID: fund, amount: kr(10_000_000), source: "Region Skåne"),
        ], .article, reason: "Region Skåne's social investment fund, capital 10 MSEK; at least two parties (domain primer); grant model (illustrative)")
        c.add("apply-psykisk-halsa", "2023-03-01", .submitApplication(fundID: fund, application: ApplicationSubmitted(
            initiativeID: "skane-psykisk-halsa", title: "Tidiga insatser för barns psykiska hälsa", departments: ["HSV", "FOLK"],
            partners: [Partner(name: "Tomelilla kommun", nonProfit: false)], targetGroup: childrenAndYoungPeople,
            priorityArea: "psykisk hälsa",
            requestedPerYear: [YearAmount(year: 2023, amount: kr(1_000_000)), YearAmount(year: 2024, amount: kr(1_000_000))],
            coFinancing: kr(600_000), expectedSavings: [ExpectedSaving(department: "HSV", year: 2025, amount: kr(500_000))],
            indicators: [Indicator(name: "BUP-remisser", unit: "remisser per år", baseline: "120", target: "90")])),
            .illustrative, reason: "evidence-based, clearly delimited, one target group and one problem (Elisabeth Bengtsson's requirement in the article)")
        c.add("apply-skolmiljo", "2023-03-15", .submitApplication(fundID: fund, application: ApplicationSubmitted(
            initiativeID: "skane-skolmiljo", title: "Hälsofrämjande skolmiljö", departments: ["FOLK", "HSV"],
            targetGroup: childrenAndYoungPeople, priorityArea: "folkhälsa",
            requestedPerYear: [YearAmount(year: 2023, amount: kr(500_000)), YearAmount(year: 2024, amount: kr(500_000))],
            coFinancing: kr(200_000))),
            .illustrative, reason: "submitted with 20 % co-financing, which the policy then in force allowed")
        c.add("policy-2023", "2023-04-01", .changePolicy(fundID: fund, policy: FundPolicy(
            minimumDepartments: 2, minimumCoFinancingShare: percent("30%"), repaymentModel: .none)),
            .primer, reason: "policy revised: at least 30 % co-financing and a calculation of future cost reductions",
            ref: "RS 2023/0301")
        c.add("assess-psykisk-halsa", "2023-04-20", .assessApplication(fundID: fund, initiativeID: "skane-psykisk-halsa", assessor: "Folkhälsoenheten"),
            reason: "criteria checked against the policy in force")
        c.add("assess-skolmiljo", "2023-04-20", .assessApplication(fundID: fund, initiativeID: "skane-skolmiljo", assessor: "Folkhälsoenheten"),
            reason: "criteria checked against the revised policy: the co-financing is now too low")
        c.add("decide-psykisk-halsa", "2023-05-10", .decideInvestment(
            fundID: fund, initiativeID: "skane-psykisk-halsa", body: "Regionstyrelsen", referenceNumber: "RS 2023/0412",
            granted: kr(2_000_000), phasing: [YearAmount(year: 2023, amount: kr(1_000_000)), YearAmount(year: 2024, amount: kr(1_000_000))]),
            .illustrative, reason: "granted as applied, in two yearly tranches", ref: "RS 2023/0412")
        c.refused("decide-skolmiljo-attempt", "2023-05-10", .decideInvestment(
            fundID: fund, initiativeID: "skane-skolmiljo", body: "Regionstyrelsen", referenceNumber: "RS 2023/0413",
            granted: kr(1_000_000), phasing: []),
            rule: "criterion:minimum-co-financing", reason: "attempted grant under the revised policy",
            note: "the policy changed after the application came in; a decision checks the criteria in force",
            attemptWhile: { $0.funds["skane"]?.initiatives["skane-skolmiljo"]?.status == .applied })
        c.add("reject-skolmiljo", "2023-05-10", .rejectApplication(
            fundID: fund, initiativeID: "skane-skolmiljo", body: "Regionstyrelsen", referenceNumber: "RS 2023/0413",
            reason: "criterion minimum-co-financing: 200 000 kr (20 %) of 1 000 000 kr requested; the policy of 2023-04-01 requires at least 30 %"),
            reason: "rejected at decision after the policy change", ref: "RS 2023/0413")
        c.add("disburse-psykisk-halsa-2023", "2023-06-01", .disburse(
            fundID: fund, initiativeID: "skane-psykisk-halsa", amount: kr(1_000_000), department: "HSV", voucher: "RS-V 2023-0611"),
            .illustrative, reason: "first tranche (2023) to the health care department that runs the initiative", ref: "RS 2023/0412")
        return c.chapter("Region Skåne (region, 232100-0255)", [
            "Social investment fund of 10 MSEK [A]; network for social investments with Skåne's municipalities [A].",
            "Criteria: at least two parties, and from 2023-04-01 at least 30 % co-financing [D]. Grant model: no repayment [I].",
        ])
    }

    static var tomelillaChapter: DemoChapter {
        var c = DemoChapterBuilder(prefix: "tomelilla", actor: "fundledger demo (Tomelilla kommun, ekonomi)")
        let fund = "tomelilla"
        let initiative = "tomelilla-tidigt-stod"
        c.batch("organisation", "2023-01-02", [
            .registerOrganisation(id: tomelilla, name: "Tomelilla kommun", kind: "kommun"),
            .registerDepartment(organisationID: tomelilla, code: "BUN", name: "Barn- och utbildningsförvaltningen", kind: .department),
            .registerDepartment(organisationID: tomelilla, code: "SOC", name: "Socialförvaltningen", kind: .department),
            .registerDepartment(organisationID: tomelilla, code: "RSHS", name: "Region Skåne, hälso- och sjukvård", kind: .externalActor),
            .registerDepartment(organisationID: tomelilla, code: "FK", name: "Försäkringskassan", kind: .externalActor),
            .registerDepartment(organisationID: tomelilla, code: "AF", name: "Arbetsförmedlingen", kind: .externalActor),
        ], reason: "member of Region Skåne's network for social investments (presented at the conference of 11 November)")
        let policy = FundPolicy(
            priorityAreas: ["måluppfyllelse i skolan", "förebygga placeringar"], targetGroups: [childrenAndYoungPeople],
            repaymentModel: .shareOfSavings(share: percent("50%"), cap: .disbursed, horizonYears: 5))
        c.batch("fund", "2023-01-02", [
            .establishFund(fundID: fund, organisationID: tomelilla, name: "Tomelilla kommuns sociala investeringsfond", currency: .sek, policy: policy),
            .contributeCapital(fundID: fund, amount: kr(5_000_000), source: "Tomelilla kommun, kommunfullmäktige"),
        ], .illustrative, reason: "target group barn och unga 0–18 år and priority areas from the article; capital and repayment model (50 % of each saving, cap = disbursed, 5 years) illustrative")
        c.add("apply-tidigt-stod", "2023-02-01", .submitApplication(fundID: fund, application: ApplicationSubmitted(
            initiativeID: initiative, title: "Tidigt stöd i förskola och skola", departments: ["BUN", "SOC"],
            targetGroup: childrenAndYoungPeople, priorityArea: "förebygga placeringar",
            requestedPerYear: [YearAmount(year: 2023, amount: kr(600_000)), YearAmount(year: 2024, amount: kr(600_000))],
            coFinancing: kr(0),
            expectedSavings: [ExpectedSaving(department: "SOC", year: 2024, amount: kr(400_000)),
                              ExpectedSaving(department: "SOC", year: 2025, amount: kr(1_000_000))],
            indicators: [Indicator(name: "placeringar", unit: "barn placerade under året", baseline: "14", target: "8")])),
            .illustrative, reason: "the school department runs it; the saving is expected in social services (fewer placements)")
        c.add("decide-tidigt-stod", "2023-03-08", .decideInvestment(
            fundID: fund, initiativeID: initiative, body: "Kommunstyrelsen", referenceNumber: "KS 2023/45", granted: kr(1_200_000),
            phasing: [YearAmount(year: 2023, amount: kr(600_000)), YearAmount(year: 2024, amount: kr(600_000))]),
            .illustrative, reason: "granted as applied", ref: "KS 2023/45")
        c.add("disburse-tidigt-stod-2023", "2023-04-03", .disburse(
            fundID: fund, initiativeID: initiative, amount: kr(600_000), department: "BUN", voucher: "TK-V 2023-0412"),
            .illustrative, reason: "tranche 2023 to BUN, which runs the initiative", ref: "KS 2023/45")
        c.add("apply-laxhjalp", "2023-11-15", .submitApplication(fundID: fund, application: ApplicationSubmitted(
            initiativeID: "tomelilla-laxhjalp", title: "Läxhjälp och mentorskap", departments: ["BUN"],
            targetGroup: childrenAndYoungPeople, priorityArea: "måluppfyllelse i skolan",
            requestedPerYear: [YearAmount(year: 2024, amount: kr(400_000)), YearAmount(year: 2025, amount: kr(400_000))],
            coFinancing: kr(0),
            indicators: [Indicator(name: "gymnasiebehörighet", unit: "andel elever i årskurs 9", baseline: "72 %", target: "80 %")])),
            .illustrative, reason: "priority area goal attainment in school (article)")
        c.add("decide-laxhjalp", "2024-01-25", .decideInvestment(
            fundID: fund, initiativeID: "tomelilla-laxhjalp", body: "Kommunstyrelsen", referenceNumber: "KS 2024/12", granted: kr(800_000),
            phasing: [YearAmount(year: 2024, amount: kr(400_000)), YearAmount(year: 2025, amount: kr(400_000))]),
            .illustrative, reason: "granted as applied", ref: "KS 2024/12")
        c.add("disburse-laxhjalp-2024", "2024-02-01", .disburse(
            fundID: fund, initiativeID: "tomelilla-laxhjalp", amount: kr(300_000), department: "BUN", voucher: "TK-V 2024-0201"),
            .illustrative, reason: "first part of the 2024 tranche", ref: "KS 2024/12")
        c.add("disburse-tidigt-stod-2024-wrong", "2024-03-01", .disburse(
            fundID: fund, initiativeID: initiative, amount: kr(600_000), department: "SOC", voucher: "TK-V 2024-0301"),
            .illustrative, reason: "tranche 2024", ref: "KS 2023/45",
            note: "a mistake: paid to SOC, but BUN runs the initiative (corrected below)")
        c.add("close-2024", "2025-01-31", .closePeriod(organisationID: tomelilla, through: day("2024-12-31")),
            reason: "bokslut 2024")
        c.add("reverse-wrong-disbursement", "2025-02-03", .reverse(
            fundID: fund, eventID: commandID("tomelilla/disburse-tidigt-stod-2024-wrong")),
            reason: "disbursement TK-V 2024-0301 went to SOC by mistake; 2024 is closed, so the correction is booked in 2025",
            note: "2024 is closed: the correction goes into the open period")
        c.add("disburse-tidigt-stod-2024-right", "2025-02-03", .disburse(
            fundID: fund, initiativeID: initiative, amount: kr(600_000), department: "BUN", voucher: "TK-V 2025-0203"),
            .illustrative, reason: "tranche 2024, to the right department (replaces TK-V 2024-0301)", ref: "KS 2023/45")
        c.add("measure-placeringar-2024", "2025-02-10", .measureOutcome(
            fundID: fund, initiativeID: initiative, indicator: "placeringar", value: "11", period: "2024"),
            .illustrative, reason: "follow-up (uppföljning) 2024")
        c.add("saving-soc-2024", "2025-03-01", .realiseSaving(fundID: fund, saving: SavingRealised(
            savingID: "tomelilla-tidigt-stod/SOC/2024", initiativeID: initiative, department: "SOC", amount: kr(400_000),
            periodStart: day("2024-01-01"), periodEnd: day("2024-12-31"),
            evidence: "3 fewer placements in 2024 than the baseline, at SOC's average cost per placement", cashable: true)),
            .illustrative, reason: "verified saving in social services; the school invested, social services saves")
        c.add("saving-rshs-2024", "2025-03-15", .realiseSaving(fundID: fund, saving: SavingRealised(
            savingID: "tomelilla-tidigt-stod/RSHS/2024", initiativeID: initiative, department: "RSHS", amount: kr(300_000),
            periodStart: day("2024-01-01"), periodEnd: day("2024-12-31"),
            evidence: "fewer child psychiatry contacts reported by Region Skåne (estimate)", cashable: false)),
            .illustrative, reason: "a saving outside the municipality, at the region's health care")
        c.add("repay-soc-2024", "2025-04-01", .receiveRepayment(
            fundID: fund, initiativeID: initiative, department: "SOC", amount: kr(200_000), method: .cash),
            .illustrative, reason: "50 % of SOC's saving 2024", ref: "KS 2023/45")
        c.add("waive-rshs", "2025-05-07", .waiveRepayment(
            fundID: fund, initiativeID: initiative, department: "RSHS", amount: kr(150_000), referenceNumber: "KS 2025/77"),
            .illustrative, reason: "Region Skåne is not bound by the fund's repayment rules; the obligation on its saving is written off",
            ref: "KS 2025/77")
        c.add("measure-placeringar-2025", "2026-02-09", .measureOutcome(
            fundID: fund, initiativeID: initiative, indicator: "placeringar", value: "9", period: "2025"),
            .illustrative, reason: "follow-up (uppföljning) 2025")
        c.add("saving-soc-2025", "2026-02-16", .realiseSaving(fundID: fund, saving: SavingRealised(
            savingID: "tomelilla-tidigt-stod/SOC/2025", initiativeID: initiative, department: "SOC", amount: kr(1_000_000),
            periodStart: day("2025-01-01"), periodEnd: day("2025-12-31"),
            evidence: "5 fewer placements in 2025 than the baseline, at SOC's average cost per placement", cashable: true)),
            .illustrative, reason: "verified saving in social services")
        c.add("attribute-soc-2025-to-bun", "2026-02-20", .attributeSaving(
            fundID: fund, savingID: "tomelilla-tidigt-stod/SOC/2025", department: "BUN", share: percent("20%")),
            .illustrative, reason: "a fifth of the avoided cost is school placements that BUN pays for", ref: "KS 2026/19")
        c.add("repay-soc-2025", "2026-03-31", .receiveRepayment(
            fundID: fund, initiativeID: initiative, department: "SOC", amount: kr(250_000), method: .cash),
            .illustrative, reason: "part payment on SOC's share of the 2025 saving", ref: "KS 2023/45")
        c.add("repay-bun-2025", "2026-03-31", .receiveRepayment(
            fundID: fund, initiativeID: initiative, department: "BUN", amount: kr(100_000), method: .frameReduction),
            .illustrative, reason: "BUN's attributed share, by frame reduction (ramjustering) in budget 2026", ref: "KS 2026/19")
        return c.chapter("Tomelilla kommun (kommun, 212000-0886)", [
            "Fund for barn och unga 0–18 år; priority areas: måluppfyllelse i skolan, förebygga placeringar [A].",
            "Capital 5 MSEK and repayment of 50 % of each saving, capped at the amount disbursed, within 5 years [I].",
        ])
    }

    static var eslovChapter: DemoChapter {
        var c = DemoChapterBuilder(prefix: "eslov", actor: "fundledger demo (Eslövs kommun, ekonomi)")
        let fund = "eslov"
        let priorityAreas = ["barns och ungas uppväxtvillkor", "arbete och egen försörjning", "trygghet och delaktighet"]
        c.batch("organisation", "2024-01-02", [
            .registerOrganisation(id: eslov, name: "Eslövs kommun", kind: "kommun"),
            .registerDepartment(organisationID: eslov, code: "KFF", name: "Kultur- och fritidsförvaltningen", kind: .department),
            .registerDepartment(organisationID: eslov, code: "BUN", name: "Barn- och utbildningsförvaltningen", kind: .department),
            .registerDepartment(organisationID: eslov, code: "SOC", name: "Socialförvaltningen", kind: .department),
        ], reason: "member of Region Skåne's network for social investments (presented at the conference of 11 November)")
        let policy = FundPolicy(
            minimumDepartments: 2, nonProfitPartnerCountsAsDepartment: true, priorityAreas: priorityAreas,
            repaymentModel: .frameReduction(share: percent("100%"), horizonYears: 5))
        c.batch("fund", "2024-01-02", [
            .establishFund(fundID: fund, organisationID: eslov, name: "Eslövs kommuns sociala investeringsfond", currency: .sek, policy: policy),
            .contributeCapital(fundID: fund, amount: kr(3_000_000), source: "Eslövs kommun, kommunfullmäktige"),
        ], .illustrative, reason: "criteria 1 (two departments, or one and a non-profit partner) and 2 (a priority area) from the article, as policy data; the three priority areas are not named in the article and are illustrative, as are the capital and the frame-reduction model")
        let longTermAndNew = "Criterion 3, long-term: builds a lasting meeting place run with the association. "
            + "Criterion 4, new thinking: develops a method for reaching young people who have no leisure activity, with a socio-economic calculation (Ingvar Nilsson's model)."
        let draft = ApplicationSubmitted(
            initiativeID: "eslov-fritid-utkast", title: "Meningsfull fritid för unga (utkast)", departments: ["KFF"],
            targetGroup: "unga 13–18 år", priorityArea: "barns och ungas uppväxtvillkor",
            requestedPerYear: [YearAmount(year: 2024, amount: kr(300_000)), YearAmount(year: 2025, amount: kr(300_000))],
            coFinancing: kr(100_000))
        c.refused("apply-fritid-draft", "2024-02-01", .submitApplication(fundID: fund, application: draft),
            rule: "criterion:minimum-departments", reason: "draft with one department and no partner",
            note: "criterion 1 (kommunövergripande): one department and no non-profit partner is not enough")
        var corrected = draft
        corrected.initiativeID = "eslov-meningsfull-fritid"
        corrected.title = "Meningsfull fritid för unga"
        corrected.partners = [Partner(name: "Lokal idrottsförening (ideell)", nonProfit: true)]
        corrected.expectedSavings = [ExpectedSaving(department: "SOC", year: 2025, amount: kr(250_000))]
        corrected.indicators = [Indicator(name: "unga utan fritidsaktivitet", unit: "andel av 13–18-åringar", baseline: "31 %", target: "20 %")]
        c.add("apply-fritid", "2024-02-12", .submitApplication(fundID: fund, application: corrected),
            .illustrative, reason: "corrected application with a non-profit partner. " + longTermAndNew)
        c.add("assess-fritid", "2024-02-26", .assessApplication(fundID: fund, initiativeID: "eslov-meningsfull-fritid", assessor: "Kommunledningskontoret, folkhälsa"),
            reason: "criteria 1 and 2 checked by the ledger; 3 and 4 assessed from the application text")
        c.add("decide-fritid", "2024-03-20", .decideInvestment(
            fundID: fund, initiativeID: "eslov-meningsfull-fritid", body: "Kommunstyrelsen", referenceNumber: "KS 2024/0123",
            granted: kr(600_000), phasing: [YearAmount(year: 2024, amount: kr(300_000)), YearAmount(year: 2025, amount: kr(300_000))]),
            .illustrative, reason: "granted as applied", ref: "KS 2024/0123")
        c.add("disburse-fritid-2024", "2024-04-02", .disburse(
            fundID: fund, initiativeID: "eslov-meningsfull-fritid", amount: kr(300_000), department: "KFF", voucher: "EK-V 2024-0402"),
            .illustrative, reason: "tranche 2024", ref: "KS 2024/0123")
        c.add("disburse-fritid-2025", "2025-01-15", .disburse(
            fundID: fund, initiativeID: "eslov-meningsfull-fritid", amount: kr(300_000), department: "KFF", voucher: "EK-V 2025-0115"),
            .illustrative, reason: "tranche 2025", ref: "KS 2024/0123")
        c.add("saving-soc-2025", "2026-02-10", .realiseSaving(fundID: fund, saving: SavingRealised(
            savingID: "eslov-meningsfull-fritid/SOC/2025", initiativeID: "eslov-meningsfull-fritid", department: "SOC", amount: kr(250_000),
            periodStart: day("2025-01-01"), periodEnd: day("2025-12-31"),
            evidence: "fewer open-care interventions for young people (öppenvårdsinsatser)", cashable: true)),
            .illustrative, reason: "culture and leisure invested, social services saves")
        c.add("repay-soc-2025", "2026-02-28", .receiveRepayment(
            fundID: fund, initiativeID: "eslov-meningsfull-fritid", department: "SOC", amount: kr(250_000), method: .frameReduction),
            .illustrative, reason: "SOC's frame for 2026 reduced by the saving (ramjustering)", ref: "KS 2024/0123")
        return c.chapter("Eslövs kommun (kommun, 212000-1173)", [
            "Four criteria [A]: 1 at least two departments (or one and a non-profit partner), 2 tied to a priority area,",
            "3 long-term, 4 develops methods or knowledge. 1 and 2 are policy data the ledger checks; 3 and 4 are in the application text.",
            "Capital 3 MSEK and repayment by frame reduction of 100 % of each saving within 5 years [I].",
        ])
    }

    static var malmoChapter: DemoChapter {
        var c = DemoChapterBuilder(prefix: "malmo", actor: "fundledger demo (Malmö stad, stadskontoret)")
        c.batch("organisation", "2024-01-02", [
            .registerOrganisation(id: malmo, name: "Malmö stad", kind: "kommun"),
            .registerDepartment(organisationID: malmo, code: "SK", name: "Stadskontoret", kind: .department),
            .registerDepartment(organisationID: malmo, code: "GRF", name: "Grundskoleförvaltningen", kind: .department),
            .registerDepartment(organisationID: malmo, code: "ASF", name: "Arbetsmarknads- och socialförvaltningen", kind: .department),
            .registerDepartment(organisationID: malmo, code: "RSHS", name: "Region Skåne, hälso- och sjukvård", kind: .externalActor),
            .registerDepartment(organisationID: malmo, code: "AF", name: "Arbetsförmedlingen", kind: .externalActor),
        ], reason: "member of Region Skåne's network for social investments (presented at the conference of 11 November)")

        // The three funds.
        c.batch("fund-barn-unga", "2024-01-02", [
            .establishFund(fundID: "malmo-barn-unga", organisationID: malmo, name: "Malmö stads sociala investeringsfond för barn och unga", currency: .sek,
                           policy: FundPolicy(minimumDepartments: 2, targetGroups: ["barn och unga"],
                                              repaymentModel: .shareOfSavings(share: percent("100%"), cap: .disbursed, horizonYears: 5))),
            .contributeCapital(fundID: "malmo-barn-unga", amount: kr(20_000_000), source: "Malmö stad, kommunfullmäktige"),
        ], .illustrative, reason: "one of Malmö's three funds (article); capital, criteria and repayment (100 % of each saving, cap = disbursed, 5 years) illustrative")
        c.batch("fund-hemloshet", "2024-01-02", [
            .establishFund(fundID: "malmo-hemloshet", organisationID: malmo, name: "Malmö stads sociala investeringsfond för hemlöshet", currency: .sek,
                           policy: FundPolicy(repaymentModel: .none)),
            .contributeCapital(fundID: "malmo-hemloshet", amount: kr(10_000_000), source: "Malmö stad, kommunfullmäktige"),
        ], .illustrative, reason: "one of Malmö's three funds (article); capital and grant model (no repayment) illustrative")
        c.batch("fund-personalhalsa", "2024-01-02", [
            .establishFund(fundID: "malmo-personalhalsa", organisationID: malmo, name: "Malmö stads sociala investeringsfond för personalhälsa", currency: .sek,
                           policy: FundPolicy(repaymentModel: .shareOfSavings(share: percent("50%"), cap: .fixed(kr(400_000)), horizonYears: 3))),
            .contributeCapital(fundID: "malmo-personalhalsa", amount: kr(5_000_000), source: "Malmö stad, kommunfullmäktige"),
        ], .illustrative, reason: "one of Malmö's three funds (article); capital and repayment (50 % of each saving, at most 400 000 kr, 3 years) illustrative")

        // Fund 1: children and young people.
        c.add("apply-las-och-sprak", "2024-01-15", .submitApplication(fundID: "malmo-barn-unga", application: ApplicationSubmitted(
            initiativeID: "malmo-las-och-sprak", title: "Läs- och språkstöd i förskoleklass till årskurs 3", departments: ["GRF", "ASF"],
            targetGroup: "barn och unga", priorityArea: "tidiga insatser",
            requestedPerYear: [YearAmount(year: 2024, amount: kr(1_000_000)), YearAmount(year: 2025, amount: kr(1_000_000))],
            coFinancing: kr(0), expectedSavings: [ExpectedSaving(department: "ASF", year: 2025, amount: kr(1_500_000))])),
            .illustrative, reason: "the school department runs it; social services expects fewer interventions")
        c.add("decide-las-och-sprak", "2024-02-07", .decideInvestment(
            fundID: "malmo-barn-unga", initiativeID: "malmo-las-och-sprak", body: "Kommunstyrelsen", referenceNumber: "STK-2024-123",
            granted: kr(2_000_000), phasing: [YearAmount(year: 2024, amount: kr(1_000_000)), YearAmount(year: 2025, amount: kr(1_000_000))]),
            .illustrative, reason: "granted as applied", ref: "STK-2024-123")
        c.add("disburse-las-och-sprak-2024", "2024-02-15", .disburse(
            fundID: "malmo-barn-unga", initiativeID: "malmo-las-och-sprak", amount: kr(1_000_000), department: "GRF", voucher: "MS-V 2024-0215"),
            .illustrative, reason: "tranche 2024", ref: "STK-2024-123")
        c.add("disburse-las-och-sprak-2025", "2025-01-20", .disburse(
            fundID: "malmo-barn-unga", initiativeID: "malmo-las-och-sprak", amount: kr(1_000_000), department: "GRF", voucher: "MS-V 2025-0120"),
            .illustrative, reason: "tranche 2025", ref: "STK-2024-123")
        c.add("saving-las-och-sprak-asf-2025", "2026-03-02", .realiseSaving(fundID: "malmo-barn-unga", saving: SavingRealised(
            savingID: "malmo-las-och-sprak/ASF/2025", initiativeID: "malmo-las-och-sprak", department: "ASF", amount: kr(1_500_000),
            periodStart: day("2025-01-01"), periodEnd: day("2025-12-31"),
            evidence: "fewer support interventions for families with children in the school's catchment area", cashable: true)),
            .illustrative, reason: "the school invested, social services saves")
        c.add("repay-las-och-sprak-asf-2025", "2026-06-30", .receiveRepayment(
            fundID: "malmo-barn-unga", initiativeID: "malmo-las-och-sprak", department: "ASF", amount: kr(1_000_000), method: .cash),
            .illustrative, reason: "first payment on the 2025 saving", ref: "STK-2024-123")

        // Fund 2: homelessness.
        c.add("apply-bostad-forst", "2024-03-01", .submitApplication(fundID: "malmo-hemloshet", application: ApplicationSubmitted(
            initiativeID: "malmo-bostad-forst", title: "Bostad först", departments: ["ASF"], targetGroup: "vuxna i hemlöshet",
            priorityArea: "hemlöshet",
            requestedPerYear: [YearAmount(year: 2024, amount: kr(1_500_000)), YearAmount(year: 2025, amount: kr(1_500_000))],
            coFinancing: kr(0))),
            .illustrative, reason: "housing first for people in long-term homelessness")
        c.add("decide-bostad-forst", "2024-04-10", .decideInvestment(
            fundID: "malmo-hemloshet", initiativeID: "malmo-bostad-forst", body: "Kommunstyrelsen", referenceNumber: "STK-2024-210",
            granted: kr(3_000_000), phasing: [YearAmount(year: 2024, amount: kr(1_500_000)), YearAmount(year: 2025, amount: kr(1_500_000))]),
            .illustrative, reason: "granted as applied", ref: "STK-2024-210")
        c.add("disburse-bostad-forst-2024", "2024-05-02", .disburse(
            fundID: "malmo-hemloshet", initiativeID: "malmo-bostad-forst", amount: kr(1_500_000), department: "ASF", voucher: "MS-V 2024-0502"),
            .illustrative, reason: "tranche 2024; the 2025 tranche is still committed", ref: "STK-2024-210")
        c.add("saving-bostad-forst-asf-2025", "2026-02-02", .realiseSaving(fundID: "malmo-hemloshet", saving: SavingRealised(
            savingID: "malmo-bostad-forst/ASF/2025", initiativeID: "malmo-bostad-forst", department: "ASF", amount: kr(600_000),
            periodStart: day("2025-01-01"), periodEnd: day("2025-12-31"), evidence: "fewer nights in emergency housing (akutboende)", cashable: true)),
            .illustrative, reason: "a grant: the saving is followed up, nothing is repaid")
        c.add("saving-bostad-forst-rshs-2025", "2026-02-02", .realiseSaving(fundID: "malmo-hemloshet", saving: SavingRealised(
            savingID: "malmo-bostad-forst/RSHS/2025", initiativeID: "malmo-bostad-forst", department: "RSHS", amount: kr(400_000),
            periodStart: day("2025-01-01"), periodEnd: day("2025-12-31"), evidence: "fewer emergency-room visits (Region Skåne, estimate)", cashable: false)),
            .illustrative, reason: "a saving at the region's health care, outside the city")

        // Fund 3: staff health.
        c.add("apply-tidig-rehab", "2024-06-03", .submitApplication(fundID: "malmo-personalhalsa", application: ApplicationSubmitted(
            initiativeID: "malmo-tidig-rehab", title: "Tidig rehabilitering vid sjukfrånvaro", departments: ["SK", "GRF"],
            targetGroup: "medarbetare i grundskolan", priorityArea: "personalhälsa",
            requestedPerYear: [YearAmount(year: 2024, amount: kr(800_000))], coFinancing: kr(0),
            expectedSavings: [ExpectedSaving(department: "GRF", year: 2025, amount: kr(1_000_000))],
            indicators: [Indicator(name: "sjukfrånvaro", unit: "andel av arbetstid", baseline: "7,4 %", target: "6,0 %")])),
            .illustrative, reason: "HR at Stadskontoret runs it; the school department saves on sick-leave costs")
        c.add("decide-tidig-rehab", "2024-08-20", .decideInvestment(
            fundID: "malmo-personalhalsa", initiativeID: "malmo-tidig-rehab", body: "Kommunstyrelsen", referenceNumber: "STK-2024-305",
            granted: kr(800_000), phasing: [YearAmount(year: 2024, amount: kr(800_000))]),
            .illustrative, reason: "granted as applied", ref: "STK-2024-305")
        c.add("disburse-tidig-rehab", "2024-09-02", .disburse(
            fundID: "malmo-personalhalsa", initiativeID: "malmo-tidig-rehab", amount: kr(800_000), department: "SK", voucher: "MS-V 2024-0902"),
            .illustrative, reason: "whole grant", ref: "STK-2024-305")
        c.add("measure-sjukfranvaro-2025", "2026-01-30", .measureOutcome(
            fundID: "malmo-personalhalsa", initiativeID: "malmo-tidig-rehab", indicator: "sjukfrånvaro", value: "6,3 %", period: "2025"),
            .illustrative, reason: "follow-up (uppföljning) 2025")
        c.add("saving-grf-2025", "2026-02-16", .realiseSaving(fundID: "malmo-personalhalsa", saving: SavingRealised(
            savingID: "malmo-tidig-rehab/GRF/2025", initiativeID: "malmo-tidig-rehab", department: "GRF", amount: kr(1_000_000),
            periodStart: day("2025-01-01"), periodEnd: day("2025-12-31"), evidence: "lower sick pay and substitute costs", cashable: true)),
            .illustrative, reason: "50 % of it would be 500 000 kr; the cap of 400 000 kr applies")
        c.add("repay-grf-2025", "2026-04-30", .receiveRepayment(
            fundID: "malmo-personalhalsa", initiativeID: "malmo-tidig-rehab", department: "GRF", amount: kr(400_000), method: .cash),
            .illustrative, reason: "repaid up to the cap", ref: "STK-2024-305")
        c.add("close-tidig-rehab", "2026-06-30", .closeInitiative(
            fundID: "malmo-personalhalsa", initiativeID: "malmo-tidig-rehab", outcome: .implemented),
            reason: "the method continues in regular operations")
        return c.chapter("Malmö stad (kommun, 212000-1124)", [
            "Stadskontoret runs three funds: children and young people, homelessness, staff health [A].",
            "Capital, criteria and repayment models of the three funds are illustrative [I].",
        ])
    }
}
