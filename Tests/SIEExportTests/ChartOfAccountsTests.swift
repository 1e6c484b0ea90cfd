import Foundation
import FundLedger
import Testing

/// The chart-of-accounts file: defaults, overrides, and the errors a finance officer gets.
@Suite("Chart of accounts (SIE)")
struct ChartOfAccountsTests {
    @Test("the standard chart uses the Kommun-Bas numbers of the books")
    func standard() {
        for account in Account.allCases { #expect(ChartOfAccounts.standard.number(of: account) == account.number) }
        #expect(ChartOfAccounts.standard.name(of: .fundCapital).hasPrefix("Öronmärkt eget kapital"))
    }

    @Test("a file overrides some accounts; the rest keep their defaults")
    func overrides() throws {
        let chart = try ChartOfAccounts.load(json: Data(#"{"fund_cash": {"number": "1931", "name": "Bank"}, "disbursements": {"number": "4691"}}"#.utf8))
        #expect(chart[.fundCash] == ChartOfAccounts.Entry(number: "1931", name: "Bank"))
        #expect(chart[.disbursements].number == "4691")
        #expect(chart[.disbursements].name == ChartOfAccounts.standard.name(of: .disbursements))
        #expect(chart[.fundCapital] == ChartOfAccounts.standard[.fundCapital])
    }

    @Test("errors name the account and what to change", arguments: [
        (#"{"fund_kassa": {"number": "1930"}}"#, "\"fund_kassa\" is not one of the fund's accounts; use one of fund_cash"),
        (#"{"fund_cash": {"number": "19A0"}}"#, "fund_cash has the number \"19A0\"; account numbers are 1 to 10 digits"),
        (#"{"disbursements": {"number": "01930"}}"#, "disbursements has the number \"01930\"; account numbers are 1 to 10 digits, not starting with 0"),
        (#"{"fund_cash": {"number": "12345678901"}}"#, "fund_cash has the number \"12345678901\""),
        (#"{"fund_cash": {"number": "1931"}, "fund_cash": {"number": "1932"}}"#, "given twice: fund_cash"),
        (#"{"fund_cash": {"number": "1931", "number": "1932"}}"#, "given twice: number"),
        (#"{"fund_cash": {"number": "2081"}}"#, "fund_cash and fund_capital both have the number 2081"),
        (#"{"fund_cash": {"number": 1930}}"#, "fund_cash needs \"number\" as text"),
        (#"{"fund_cash": {"number": "1930", "namn": "x"}}"#, "unknown field \"namn\""),
        (#"{"fund_cash": {"number": "1930", "name": " "}}"#, "fund_cash has an empty name"),
        (#"["fund_cash"]"#, "expected an object"),
        ("{", "not valid JSON"),
    ])
    func errors(_ json: String, _ message: String) {
        do {
            _ = try ChartOfAccounts.load(json: Data(json.utf8), source: "kontoplan.json")
            Issue.record("expected \(json) to be refused")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test("a missing file is named")
    func missingFile() {
        #expect(throws: ChartOfAccountsError.self) { try ChartOfAccounts.load(contentsOf: URL(fileURLWithPath: "/nonexistent/kontoplan.json")) }
    }

    @Test("a folder or a device is refused as such, before it is read")
    func notARegularFile() {
        for (path, reason) in [("/tmp", "it is a folder"), ("/dev/zero", "it is not a regular file")] {
            do {
                _ = try ChartOfAccounts.load(contentsOf: URL(fileURLWithPath: path))
                Issue.record("\(path) was read as a chart")
            } catch {
                #expect(error.description == "cannot read the chart of accounts \(path): \(reason)")
            }
        }
    }
}
