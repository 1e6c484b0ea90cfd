@testable import Reporting
import Testing

/// The report catalogue is split into groups (`ReportTexts+Core`, `+Audit`, `+Evaluation`) with a `default:`
/// each, so the compiler no longer checks that every key has a text: this test does.
@Suite struct TextCatalogueGroupTests {
    @Test func everyKeyIsInExactlyOneGroup() {
        for key in ReportText.allCases {
            let found = ReportText.entryGroups.compactMap { $0(key) }
            #expect(found.count == 1, "ReportText.\(key) is in \(found.count) groups")
        }
    }
}

/// The same for the web view's catalogue (`WebTexts.swift`, two groups).
@Suite struct WebTextCatalogueGroupTests {
    @Test func everyKeyIsInExactlyOneGroup() {
        for key in WebText.allCases {
            let found = WebText.entryGroups.compactMap { $0(key) }
            #expect(found.count == 1, "WebText.\(key) is in \(found.count) groups")
        }
    }
}
