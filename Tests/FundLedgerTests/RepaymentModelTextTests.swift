import EventStore
import FundLedger
import PropertyBased
import Testing

/// `RepaymentModel(parsing:currency:)`, `text` and `syntax`: the language the CLI reads, printed back.
@Suite("Repayment model text")
struct RepaymentModelTextTests {
    static func parse(_ text: String, _ currency: Currency = .sek) throws(RepaymentModelSyntaxError) -> RepaymentModel {
        try RepaymentModel(parsing: text, currency: currency)
    }

    @Test("reads every form")
    func forms() throws {
        #expect(try Self.parse("none") == RepaymentModel.none)
        #expect(try Self.parse("Grant") == RepaymentModel.none)
        #expect(try Self.parse("share:50%:horizon=5") == .shareOfSavings(share: Rate("0.5")!, cap: .disbursed, horizonYears: 5))
        #expect(try Self.parse(" share : 0.5 : cap = unlimited : horizon = 5y ") == .shareOfSavings(share: Rate("0.5")!, cap: .unlimited, horizonYears: 5))
        #expect(try Self.parse("share:30%:cap=none:horizon=2") == .shareOfSavings(share: Rate("0.3")!, cap: .unlimited, horizonYears: 2))
        #expect(try Self.parse("share:30%:cap=1 500 000 kr:horizon=2")
            == .shareOfSavings(share: Rate("0.3")!, cap: .fixed(Money(ore: 150_000_000, currency: .sek)), horizonYears: 2))
        #expect(try Self.parse("FRAME:100%:horizon=3") == .frameReduction(share: .one, horizonYears: 3))
        #expect(try Self.parse("plan:BUN@2027-12-31=100 000 kr;SOC@2028-12-31=50 000 kr;") == .repaymentPlan(instalments: [
            PlannedInstalment(department: "BUN", due: CivilDate("2027-12-31")!, amount: Money(ore: 10_000_000, currency: .sek)),
            PlannedInstalment(department: "SOC", due: CivilDate("2028-12-31")!, amount: Money(ore: 5_000_000, currency: .sek)),
        ]))
    }

    static let syntax = "none, share:50%:cap=disbursed:horizon=5 (cap: disbursed, unlimited or an amount), frame:100%:horizon=3, or plan:DEPT@YYYY-MM-DD=AMOUNT;…"

    @Test("the syntax is the one the help texts show")
    func syntaxText() {
        #expect(RepaymentModel.syntax == Self.syntax)
    }

    @Test("bad input is refused with the CLI's messages", arguments: [
        ("none:1", "\"none:1\": none takes no parameters; write \(syntax)"),
        ("share", "\"share\": the share is missing; write \(syntax)"),
        ("share:50%", "\"share:50%\": horizon=YEARS is missing; write \(syntax)"),
        ("share:50%:horizon", "\"share:50%:horizon\": \"horizon\" is not NAME=VALUE; write \(syntax)"),
        ("frame:50%:cap=disbursed:horizon=2", "\"frame:50%:cap=disbursed:horizon=2\": unknown parameter cap; write \(syntax)"),
        ("loan:5%", "\"loan:5%\": unknown model loan; write \(syntax)"),
        ("", "\"\": unknown model ; write \(syntax)"),
        ("plan:", "\"plan:\": a plan needs at least one instalment; write \(syntax)"),
        ("plan:BUN=100", "\"plan:BUN=100\": \"BUN=100\" is not DEPT@YYYY-MM-DD=AMOUNT; write \(syntax)"),
        ("share:half:horizon=5", "\"half\" is not a share; write a percentage such as 30% or a decimal such as 0.3"),
        ("share:50:horizon=5", "\"50\" is ambiguous; write 50% or 0.5"),
        ("share:50%:horizon=0", "\"0\" is not a whole number from 1 to 100"),
        ("plan:BUN@2027-02-30=100", "\"2027-02-30\" is not a date; write YYYY-MM-DD, such as 2026-02-01"),
    ])
    func badInput(_ text: String, _ message: String) {
        let error = #expect(throws: RepaymentModelSyntaxError.self) { try Self.parse(text) }
        #expect(error?.description == message)
    }

    @Test("an amount the money parser refuses names its reason")
    func badAmount() throws {
        let error = #expect(throws: RepaymentModelSyntaxError.self) { try Self.parse("share:50%:cap=1,005 kr:horizon=5") }
        let expected: String
        do { _ = try Money.parse("1,005 kr", currency: .sek); expected = "" } catch { expected = error.description }
        #expect(error?.description == expected)
        #expect(!expected.isEmpty)
    }

    static let examples: [RepaymentModel] = [
        .none,
        .shareOfSavings(share: Rate("0.5")!, cap: .disbursed, horizonYears: 5),
        .shareOfSavings(share: Rate("0.333333333")!, cap: .unlimited, horizonYears: 100),
        .shareOfSavings(share: .one, cap: .fixed(Money(ore: 123_456_789, currency: .sek)), horizonYears: 1),
        .frameReduction(share: Rate("0.035")!, horizonYears: 3),
        .repaymentPlan(instalments: [PlannedInstalment(department: "BUN", due: CivilDate("2027-12-31")!, amount: Money(ore: 1, currency: .sek))]),
    ]

    @Test("the printed text reads back as the same model", arguments: examples)
    func roundTrip(_ model: RepaymentModel) throws {
        #expect(try Self.parse(model.text) == model)
    }

    @Test("printed text of many models reads back (property)")
    func roundTripProperty() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...3), Gen.int(in: 0...Int(Int32.max)).array(of: 1...8)) { kind, numbers in
            for currency in [Currency.sek, .eur] {
                let model = Self.model(kind: kind, numbers, currency)
                #expect((try? Self.parse(model.text, currency)) == model, "\(model.text)")
            }
        }
    }

    /// A valid model of `kind` built from arbitrary numbers: shares of up to 9 decimals in (0, 1], horizons
    /// 1…100, amounts up to the ledger's limit, dates across four centuries.
    static func model(kind: Int, _ numbers: [Int], _ currency: Currency) -> RepaymentModel {
        func share(_ n: Int) -> Rate { Rate(units: Int64(n % Int(Rate.scale)) + 1) }
        func horizon(_ n: Int) -> Int { n % 100 + 1 }
        func amount(_ n: Int) -> Money { Money(ore: Int64(n) * Int64(n % 997 + 1) + 1, currency: currency) }
        let first = numbers[0]
        switch kind {
        case 0: return .none
        case 1:
            let cap: CapRule = switch first % 3 { case 0: .disbursed; case 1: .unlimited; default: .fixed(amount(first)) }
            return .shareOfSavings(share: share(first), cap: cap, horizonYears: horizon(first / 7))
        case 2: return .frameReduction(share: share(first), horizonYears: horizon(first / 3))
        default:
            return .repaymentPlan(instalments: numbers.enumerated().map { index, n in
                PlannedInstalment(
                    department: ["BUN", "SOC", "ÄO", "kultur-1"][(n + index) % 4],
                    due: CivilDate(daysSinceEpoch: n % 146_097 - 50_000), amount: amount(n))
            })
        }
    }

    @Test("the summary describes the model in words")
    func summary() {
        #expect(RepaymentModel.shareOfSavings(share: Rate("0.5")!, cap: .disbursed, horizonYears: 5).summary
            == "50% of each saving, capped at the amount disbursed, within 5 years of the decision")
        #expect(RepaymentModel.none.summary == "none (grant)")
    }
}
