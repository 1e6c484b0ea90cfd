import FundLedger
import Reporting
import Testing

/// Rates written into a report's prose (notes, titles): Swedish writes `3,5 %`, with a decimal comma and a
/// no-break space before the sign; English keeps `Rate.percent` (`3.5%`), byte for byte as before.
@Suite struct PercentProseTests {
    static let noBreakSpace = "\u{00A0}"

    @Test func swedishHasADecimalCommaAndANoBreakSpace() throws {
        let cases: [(String, sv: String, en: String)] = [
            ("0.5", "50\(Self.noBreakSpace)%", "50%"), ("0.035", "3,5\(Self.noBreakSpace)%", "3.5%"), ("0", "0\(Self.noBreakSpace)%", "0%"),
            ("1", "100\(Self.noBreakSpace)%", "100%"), ("-0.0025", "-0,25\(Self.noBreakSpace)%", "-0.25%"),
            ("0.333333333", "33,3333333\(Self.noBreakSpace)%", "33.3333333%"),
        ]
        for (decimal, sv, en) in cases {
            let rate = try #require(Rate(decimal))
            #expect(ReportTexts(.sv).percent(rate) == sv, "\(decimal)")
            #expect(ReportTexts(.en).percent(rate) == en, "\(decimal)")
            #expect(ReportTexts(.en).percent(rate) == rate.percent, "English is Rate.percent, unchanged")
            #expect(Rate(sv) == rate, "the Swedish form reads back: \(sv)")
        }
    }

    @Test func aSwedishNoteWithARateHasNoEnglishPercent() throws {
        let rate = try #require(Rate("0.1"))
        let sv = ReportTexts(.sv)(.rpTermsFrame, ReportTexts(.sv).percent(rate), 3)
        #expect(sv == "ramjustering, 10\(Self.noBreakSpace)% av realiserade besparingar, tidshorisont 3 år")
        let en = ReportTexts(.en)(.rpTermsFrame, ReportTexts(.en).percent(rate), 3)
        #expect(en == "frame reduction, 10% of realised savings, horizon 3 years")
    }
}
