import EventStore
import Foundation
import Testing
import TestSupport

@testable import FundLedger

/// Initiative ids and department codes become SIE object codes, which SIE never alters: one code page 437
/// lacks (or a backslash) is refused when it is recorded, not when the fund's SIE export meets it.
@Suite("Ids SIE carries as codes")
struct SIECodeRuleTests {
    @Test("an initiative id or department code SIE cannot carry is refused by the identifier rule; Swedish letters are not")
    func codesOutsideCodePage437AreRefused() async throws {
        let ledger = try await LedgerFixture.start(on: InMemoryEventStore())
        let date = day("2025-03-01")
        for id in ["łódź-€", "a\\b", "kod-✓"] {
            let error = try await #require(throws: LedgerRuleError.self) { try await ledger.submit(id, on: date) }
            #expect(error.rule == "identifier" && error.message.contains("code page 437"), "\(id): \(error)")
        }
        let department = try await #require(throws: LedgerRuleError.self) {
            try await ledger.record(
                .registerDepartment(organisationID: LedgerFixture.organisationID, code: "KULT€", name: "Kultur", kind: .department), on: date)
        }
        #expect(department.message.contains("department code") && department.message.contains("€"), "\(department)")
        try await ledger.submit("höör-förskola", on: date)
        try await ledger.record(
            .registerDepartment(organisationID: LedgerFixture.organisationID, code: "ÅÄÖ-1", name: "Å", kind: .department), on: date)
    }
}
