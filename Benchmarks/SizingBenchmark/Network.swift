import Foundation
import TestSupport

/// A region's network of social investment funds, as its finance departments would record it: Region Skåne
/// and its 33 municipalities, each with one to three funds; every year each fund takes two to five new
/// initiatives (application, assessment, decision), and the accounting system's rows are imported as
/// `fundledger import-rows` reads them — monthly disbursements for two years after a decision, monthly
/// savings rows from the second year for almost four years, quarterly repayments, outcome measures twice a
/// year — with one initiative in five saving money at the region's health care (an external actor in the
/// municipality's books, the event shared with the region, and the repayment it owes too).
///
/// It produces *what a person would type or import* (command documents as `fundledger apply` reads them,
/// CSV files as `import-rows` reads them), not events: the benchmark records them through the Recorder, so
/// every event is what the real path writes, rules checked.
struct Network {
    struct Department {
        var code: String
        var name: String
        var kind: String
    }

    struct Organisation {
        var number: String
        var name: String
        var kind: String
        var departments: [Department]
        var funds: [String]
        var isRegion: Bool { kind == "region" }
    }

    struct Initiative {
        var id: String
        var fund: String
        var title: String
        /// Months since January of the first year.
        var decidedMonth: Int
        /// Öre.
        var granted: Int64
        var lead: String
        var partner: String
        var savingDepartment: String
        var sharedWithRegion: Bool
    }

    /// One recording: a command document (`apply`) or a row file of one kind for one fund (`import-rows`).
    enum Recording {
        case commands(source: String, json: String)
        case rows(source: String, kind: String, fund: String, csv: String)
    }

    static let regionNumber = "232100-0255"
    /// Skåne's municipalities. Organisation numbers are made up (212000-1001 …): each copy of the network
    /// the scale run makes renames them by their prefix, the fund ids by theirs (`sif-`) and the initiative
    /// ids by theirs (`ini-`; saving ids begin with their initiative's).
    static let municipalities = [
        "Bjuv", "Bromölla", "Burlöv", "Båstad", "Eslöv", "Helsingborg", "Hässleholm", "Höganäs", "Hörby", "Höör",
        "Klippan", "Kristianstad", "Kävlinge", "Landskrona", "Lomma", "Lund", "Malmö", "Osby", "Perstorp",
        "Simrishamn", "Sjöbo", "Skurup", "Staffanstorp", "Svalöv", "Svedala", "Tomelilla", "Trelleborg", "Vellinge",
        "Ystad", "Åstorp", "Ängelholm", "Örkelljunga", "Östra Göinge",
    ]

    let firstYear = 2021
    let years: Int
    var organisations: [Organisation] = []
    private var random: SplitMix64

    init(years: Int, seed: UInt64 = 17) {
        self.years = years
        random = SplitMix64(seed: seed)
        organisations.append(Organisation(
            number: Self.regionNumber, name: "Region Skåne", kind: "region",
            departments: [
                Department(code: "HSN", name: "Hälso- och sjukvårdsnämnden", kind: "committee"),
                Department(code: "PSYK", name: "Psykiatri Skåne", kind: "department"),
                Department(code: "RUN", name: "Regionala utvecklingsnämnden", kind: "committee"),
                Department(code: "KUN", name: "Kulturnämnden", kind: "committee"),
                Department(code: "FK", name: "Försäkringskassan", kind: "external_actor"),
            ],
            funds: ["sif-region-skane"]))
        for (index, name) in Self.municipalities.enumerated() {
            let slug = Self.slug(name)
            let fundCount = ["Malmö", "Helsingborg", "Lund"].contains(name) ? 3 : 1 + Int(random.next(below: 2))
            organisations.append(Organisation(
                number: "212000-\(1001 + index)", name: "\(name)\(name.hasSuffix("s") ? "" : "s") kommun", kind: "kommun",
                departments: [
                    Department(code: "BUN", name: "Barn- och utbildningsnämnden", kind: "committee"),
                    Department(code: "SOC", name: "Socialnämnden", kind: "committee"),
                    Department(code: "VON", name: "Vård- och omsorgsnämnden", kind: "committee"),
                    Department(code: "KFN", name: "Kultur- och fritidsnämnden", kind: "committee"),
                    Department(code: "AMN", name: "Arbetsmarknadsnämnden", kind: "committee"),
                    Department(code: "RSHS", name: "Region Skåne, hälso- och sjukvård", kind: "external_actor"),
                ],
                funds: (1...fundCount).map { "sif-\(slug)-\($0)" }))
        }
    }

    static func slug(_ name: String) -> String {
        let folded = name.lowercased().folding(options: .diacriticInsensitive, locale: Locale(identifier: "sv_SE"))
        return String(folded.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    var organisationYears: Int { organisations.count * years }

    /// Every recording, year by year: each organisation's command document, then its funds' row files.
    mutating func recordings() -> [Recording] {
        var initiatives: [String: [Initiative]] = [:]
        var result: [Recording] = []
        for year in 0..<years {
            for organisation in organisations {
                var commands: [[String: Any]] = []
                if year == 0 { commands += setUp(organisation) } else {
                    commands.append([
                        "command": "close_period", "organisation": organisation.number,
                        "through": "\(firstYear + year - 1)-12-31", "effective_date": "\(firstYear + year)-02-20",
                    ])
                }
                for fund in organisation.funds {
                    let new = newInitiatives(fund: fund, year: year, organisation: organisation)
                    initiatives[fund, default: []] += new
                    let total = new.reduce(Int64(0)) { $0 + $1.granted }
                    commands.append([
                        "command": "contribute", "fund": fund, "amount": Self.amount(total + total / 10),
                        "source": "\(organisation.isRegion ? "RF" : "KF") budget \(firstYear + year)",
                        "decision_ref": "\(organisation.isRegion ? "RF" : "KF") \(firstYear + year - 1)/\(40 + random.next(below: 60))",
                        "effective_date": "\(firstYear + year)-01-15",
                    ])
                    for initiative in new { commands += application(initiative, organisation: organisation) }
                }
                let document: [String: Any] = ["defaults": ["actor": "ekonomi-\(Self.slug(organisation.name))"], "commands": commands]
                let json = String(decoding: try! JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]), as: UTF8.self)
                result.append(.commands(source: "\(organisation.number)-\(firstYear + year).json", json: json))
                for fund in organisation.funds {
                    result += rows(fund: fund, year: year, initiatives: initiatives[fund] ?? [])
                }
            }
        }
        return result
    }

    private func setUp(_ organisation: Organisation) -> [[String: Any]] {
        let start = "\(firstYear)-01-02"
        var commands: [[String: Any]] = [[
            "command": "register_organisation", "organisation": organisation.number, "name": organisation.name,
            "kind": organisation.kind, "effective_date": start,
        ]]
        for department in organisation.departments {
            commands.append([
                "command": "register_department", "organisation": organisation.number, "code": department.code,
                "name": department.name, "kind": department.kind, "effective_date": start,
            ])
        }
        for (index, fund) in organisation.funds.enumerated() {
            commands.append([
                "command": "establish_fund", "fund": fund, "organisation": organisation.number,
                "name": index == 0 ? "\(organisation.name)s sociala investeringsfond" : "Fond för tidiga insatser \(index + 1)",
                "min_departments": 2, "target_groups": ["barn och unga 0-18", "unga vuxna 18-25"],
                "priority_areas": ["förebygga placeringar", "måluppfyllelse i skolan", "psykisk hälsa"],
                "repayment": "share:50%:cap=disbursed:horizon=5",
                "decision_ref": "\(organisation.isRegion ? "RF" : "KF") \(firstYear - 1)/\(100 + index)", "effective_date": start,
            ])
        }
        return commands
    }

    private mutating func newInitiatives(fund: String, year: Int, organisation: Organisation) -> [Initiative] {
        let count = 2 + Int(random.next(below: 4))
        let codes = organisation.departments.filter { $0.kind != "external_actor" }.map(\.code)
        return (0..<count).map { number in
            let lead = codes[Int(random.next(below: UInt64(codes.count)))]
            var partner = codes[Int(random.next(below: UInt64(codes.count)))]
            if partner == lead { partner = codes[(codes.firstIndex(of: lead)! + 1) % codes.count] }
            let crossOrganisation = !organisation.isRegion && random.next(below: 5) == 0
            let titles = ["Tidiga insatser i förskolan", "Familjecentral", "Skolnärvaroteam", "Föräldrastöd i grupp",
                          "Mobilt ungdomsteam", "Samordnad individuell plan", "Läsfrämjande i lågstadiet", "Feriepraktik med handledning"]
            return Initiative(
                id: "ini-\(fund.dropFirst(4))-\(firstYear + year)-\(number + 1)", fund: fund,
                title: titles[Int(random.next(below: UInt64(titles.count)))], decidedMonth: year * 12 + 1 + Int(random.next(below: 10)),
                granted: Int64(100 + random.next(below: 300)) * 1_000_000, lead: lead, partner: partner,
                savingDepartment: crossOrganisation ? "RSHS" : (random.next(below: 2) == 0 ? partner : lead),
                sharedWithRegion: crossOrganisation)
        }
    }

    private mutating func application(_ initiative: Initiative, organisation: Organisation) -> [[String: Any]] {
        let applied = initiative.decidedMonth - 1
        let (year, _) = month(applied)
        let half = initiative.granted / 2
        let body = organisation.isRegion ? "regionstyrelsen" : "kommunstyrelsen"
        return [
            [
                "command": "apply", "fund": initiative.fund, "initiative": initiative.id, "title": initiative.title,
                "departments": [initiative.lead, initiative.partner], "target_group": "barn och unga 0-18",
                "priority_area": ["förebygga placeringar", "måluppfyllelse i skolan", "psykisk hälsa"][Int(random.next(below: 3))],
                "requests": ["\(year)": Self.amount(half), "\(year + 1)": Self.amount(initiative.granted - half)],
                "co_financing": Self.amount(initiative.granted / 5),
                "expected_savings": ["\(initiative.savingDepartment):\(year + 2)=\(Self.amount(initiative.granted / 3))",
                                     "\(initiative.savingDepartment):\(year + 3)=\(Self.amount(initiative.granted / 2))"],
                "indicators": ["placeringar|barn per år|\(20 + random.next(below: 30))|\(10 + random.next(below: 10))"],
                "effective_date": date(applied, day: 5),
            ],
            ["command": "assess", "fund": initiative.fund, "initiative": initiative.id, "assessor": "utvecklingsstrateg",
             "effective_date": date(applied, day: 20)],
            [
                "command": "decide", "fund": initiative.fund, "initiative": initiative.id, "body": body,
                "decision_ref": "\(organisation.isRegion ? "RS" : "KS") \(year)/\(random.next(below: 400) + 1)",
                "granted": Self.amount(initiative.granted),
                "phasing": ["\(year)": Self.amount(half), "\(year + 1)": Self.amount(initiative.granted - half)],
                "effective_date": date(initiative.decidedMonth, day: 10),
            ],
        ]
    }

    /// One fund's rows of one year, per kind, as the accounting system would export them.
    private mutating func rows(fund: String, year: Int, initiatives: [Initiative]) -> [Recording] {
        var disbursements = ["initiative;amount;department;voucher;effective_date"]
        var savings = ["saving;initiative;department;amount;period_start;period_end;evidence;cashable;effective_date;share_with"]
        var repayments = ["initiative;department;amount;effective_date;share_with"]
        var outcomes = ["initiative;indicator;value;period;effective_date"]
        var voucher = 0
        func inYear(_ month: Int) -> Bool { month / 12 == year }
        for initiative in initiatives {
            let decided = initiative.decidedMonth
            let region = initiative.sharedWithRegion ? Self.regionNumber : ""
            for offset in 1...24 where inYear(decided + offset) {
                voucher += 1
                disbursements.append([
                    initiative.id, Self.swedishAmount(initiative.granted / 24), offset % 2 == 1 ? initiative.lead : initiative.partner,
                    "V\(firstYear + year)-\(String(format: "%05d", voucher))", date(decided + offset, day: 25),
                ].joined(separator: ";"))
            }
            // Savings for month m are booked on the 10th of m + 1; the file of a year holds what was booked in it.
            for offset in 13...56 where inYear(decided + offset + 1) {
                let saved = decided + offset
                let (savedYear, savedMonth) = month(saved)
                savings.append([
                    initiative.id + "-s\(savedYear)\(String(format: "%02d", savedMonth))", initiative.id, initiative.savingDepartment,
                    Self.swedishAmount(initiative.granted / 60), date(saved, day: 1), lastDay(saved),
                    "\"Uppföljning \(savedYear)-\(String(format: "%02d", savedMonth)), \(initiative.savingDepartment)\"",
                    random.next(below: 4) == 0 ? "nej" : "ja", date(saved + 1, day: 10), region,
                ].joined(separator: ";"))
            }
            for offset in stride(from: 15, through: 57, by: 3) where inYear(decided + offset) {
                repayments.append([
                    initiative.id, initiative.savingDepartment, Self.swedishAmount(initiative.granted / 80),
                    date(decided + offset, day: 25), region,
                ].joined(separator: ";"))
            }
            for offset in stride(from: 12, through: 60, by: 6) where inYear(decided + offset) {
                let (measuredYear, measuredMonth) = month(decided + offset)
                outcomes.append([
                    initiative.id, "placeringar", "\(5 + random.next(below: 40))",
                    "\(measuredMonth <= 6 ? measuredYear - 1 : measuredYear)-H\(measuredMonth <= 6 ? 2 : 1)", date(decided + offset, day: 15),
                ].joined(separator: ";"))
            }
        }
        let label = "\(fund)-\(firstYear + year)"
        return [("disbursements", disbursements), ("savings", savings), ("repayments", repayments), ("outcomes", outcomes)]
            .filter { $0.1.count > 1 }
            .map { .rows(source: "\(label)-\($0.0).csv", kind: $0.0, fund: fund, csv: $0.1.joined(separator: "\n") + "\n") }
    }

    /// (year, month 1…12) of a month index.
    func month(_ index: Int) -> (Int, Int) { (firstYear + index / 12, index % 12 + 1) }

    func date(_ index: Int, day: Int) -> String {
        let (year, month) = month(index)
        return "\(year)-\(String(format: "%02d", month))-\(String(format: "%02d", day))"
    }

    func lastDay(_ index: Int) -> String {
        let (year, month) = month(index)
        let days = [31, year % 4 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return date(index, day: days)
    }

    /// `1234567.89` from öre.
    static func amount(_ ore: Int64) -> String { "\(ore / 100).\(String(format: "%02d", ore % 100))" }

    /// `1 234 567,89`, as a Swedish accounting export writes it.
    static func swedishAmount(_ ore: Int64) -> String {
        var kronor = String(ore / 100)
        var grouped = ""
        while kronor.count > 3 {
            grouped = " " + kronor.suffix(3) + grouped
            kronor = String(kronor.dropLast(3))
        }
        return "\"\(kronor)\(grouped),\(String(format: "%02d", ore % 100))\""
    }
}
