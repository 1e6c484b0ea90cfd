@testable import EventStore
import Foundation
import Testing

@testable import FundLedger
@testable import Recording

/// Every error of the log, the domain and the recording library says its own message and exit code
/// (docs/exit-codes.md), as the command line prints them.
@Suite struct ExitStatusReportingTests {
    @Test func writesThatConflictAreFourAndSayNothingWasWritten() {
        let conflicts: [any Error] = [
            EventStoreError.wrongExpectedVersion(streamID: "fund-a", expected: .noStream, actual: 3),
            EventStoreError.eventIDReusedWithDifferentContent(eventID: UUID(), globalPosition: 9),
            EventStoreError.batchPartiallyStored(storedCount: 1, batchCount: 2),
        ]
        for error in conflicts {
            #expect(ExitStatus.reported(error)?.status == ExitStatus.conflict, "\(error)")
            #expect(ExitStatus.reported(error)?.message == "\(error); nothing was written")
        }
    }

    @Test func aGapInTheLogIsABrokenChainAndNotARefusal() throws {
        let gap = EventStoreError.logIsNotContiguous(expected: 4, found: 6)
        #expect(try #require(ExitStatus.reported(gap)) == (gap.description, ExitStatus.chainBroken))
        let malformed = EventStoreError.invalidAppend("empty")
        #expect(try #require(ExitStatus.reported(malformed)) == (malformed.description + "; nothing was written", ExitStatus.badInput))
    }

    @Test func exportsSayWhatTheirFileOrTheTargetHolds() {
        let broken = ChainBreak(position: 3, reason: "hash differs")
        #expect(ExitStatus.reported(LedgerExportError.chainBroken(broken))?.status == ExitStatus.chainBroken)
        #expect(ExitStatus.reported(LedgerExportError.storedChainBroken(broken))?.status == ExitStatus.chainBroken)
        #expect(ExitStatus.reported(LedgerExportError.targetNotEmpty(eventCount: 2))?.status == ExitStatus.refused)
        #expect(ExitStatus.reported(LedgerExportError.emptyFile)?.status == ExitStatus.badInput)
        #expect(ExitStatus.reported(LedgerExportError.emptyFile)?.message == LedgerExportError.emptyFile.description)
    }

    @Test func aBrokenRuleIsSixAndAMalformedIdentifierBadInput() {
        let rule = LedgerRuleError(.overDisbursement, "disbursing more than granted")
        #expect(ExitStatus.reported(rule)?.status == ExitStatus.ruleBroken)
        #expect(ExitStatus.reported(rule)?.message == "disbursing more than granted [rule: over-disbursement]; nothing was written")
        #expect(ExitStatus.reported(LedgerRuleError(.identifier, "bad id"))?.status == ExitStatus.badInput)
        let batch = BatchRuleError(index: 2, error: rule)
        #expect(ExitStatus.reported(batch)?.status == ExitStatus.ruleBroken)
        #expect(ExitStatus.reported(batch)?.message.hasPrefix("command 3: disbursing more than granted") == true)
    }

    @Test func userErrorsKeepTheirCodeAndOutputFilesTheirCause() {
        #expect(ExitStatus.reported(UserError(description: "no fund", exitCode: ExitStatus.usage))! == ("no fund", ExitStatus.usage))
        #expect(ExitStatus.reported(OutputFileError(description: "full", cannotCreate: true))?.status == ExitStatus.cannotCreate)
        #expect(ExitStatus.reported(OutputFileError(description: "a folder", cannotCreate: false))?.status == ExitStatus.badInput)
        #expect(ExitStatus.reported(MoneyError.currencyMismatch(.sek, Currency("EUR")!))?.status == ExitStatus.badInput)
        #expect(ExitStatus.reported(UnreadableEventError(globalPosition: 1, eventType: "X", reason: "r"))?.status == ExitStatus.conflict)
        #expect(ExitStatus.reported(OrganisationTime.UnknownZone(name: "Mars/Base"))?.status == ExitStatus.usage)
    }
}
