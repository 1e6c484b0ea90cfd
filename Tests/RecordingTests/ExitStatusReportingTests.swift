@testable import EventStore
import Foundation
import Testing

@testable import FundLedger
@testable import Recording

/// Every error of the log, the domain and the recording library says its own message and exit code
/// (docs/exit-codes.md), as the command line prints them.
@Suite struct ExitStatusReportingTests {
    static func reported(_ error: any Error) -> (message: String, status: Int32)? {
        (error as? any ExitStatusReporting).map { ($0.exitMessage, $0.exitStatus) }
    }

    @Test func writesThatConflictAreFourAndSayNothingWasWritten() {
        let conflicts: [any Error] = [
            EventStoreError.wrongExpectedVersion(streamID: "fund-a", expected: .noStream, actual: 3),
            EventStoreError.eventIDReusedWithDifferentContent(eventID: UUID(), globalPosition: 9),
            EventStoreError.batchPartiallyStored(storedCount: 1, batchCount: 2),
        ]
        for error in conflicts {
            #expect(Self.reported(error)?.status == ExitStatus.conflict, "\(error)")
            #expect(Self.reported(error)?.message == "\(error); nothing was written")
        }
    }

    @Test func aGapInTheLogIsABrokenChainAndNotARefusal() throws {
        let gap = EventStoreError.logIsNotContiguous(expected: 4, found: 6)
        #expect(try #require(Self.reported(gap)) == (gap.description, ExitStatus.chainBroken))
        let malformed = EventStoreError.invalidAppend("empty")
        #expect(try #require(Self.reported(malformed)) == (malformed.description + "; nothing was written", ExitStatus.badInput))
    }

    @Test func exportsSayWhatTheirFileOrTheTargetHolds() {
        let broken = ChainBreak(position: 3, reason: "hash differs")
        #expect(Self.reported(LedgerExportError.chainBroken(broken))?.status == ExitStatus.chainBroken)
        #expect(Self.reported(LedgerExportError.storedChainBroken(broken))?.status == ExitStatus.chainBroken)
        #expect(Self.reported(LedgerExportError.targetNotEmpty(eventCount: 2))?.status == ExitStatus.refused)
        #expect(Self.reported(LedgerExportError.emptyFile)?.status == ExitStatus.badInput)
        #expect(Self.reported(LedgerExportError.emptyFile)?.message == LedgerExportError.emptyFile.description)
    }

    @Test func aBrokenRuleIsSixAndAMalformedIdentifierBadInput() {
        let rule = LedgerRuleError(.overDisbursement, "disbursing more than granted")
        #expect(Self.reported(rule)?.status == ExitStatus.ruleBroken)
        #expect(Self.reported(rule)?.message == "disbursing more than granted [rule: over-disbursement]; nothing was written")
        #expect(Self.reported(LedgerRuleError(.identifier, "bad id"))?.status == ExitStatus.badInput)
        let batch = BatchRuleError(index: 2, error: rule)
        #expect(Self.reported(batch)?.status == ExitStatus.ruleBroken)
        #expect(Self.reported(batch)?.message.hasPrefix("command 3: disbursing more than granted") == true)
    }

    @Test func userErrorsKeepTheirCodeAndOutputFilesTheirCause() {
        #expect(Self.reported(UserError(description: "no fund", exitCode: ExitStatus.usage))! == ("no fund", ExitStatus.usage))
        #expect(Self.reported(OutputFileError(description: "full", cannotCreate: true))?.status == ExitStatus.cannotCreate)
        #expect(Self.reported(OutputFileError(description: "a folder", cannotCreate: false))?.status == ExitStatus.badInput)
        #expect(Self.reported(MoneyError.currencyMismatch(.sek, Currency("EUR")!))?.status == ExitStatus.badInput)
        #expect(Self.reported(UnreadableEventError(globalPosition: 1, eventType: "X", reason: "r"))?.status == ExitStatus.conflict)
        #expect(Self.reported(OrganisationTime.UnknownZone(name: "Mars/Base"))?.status == ExitStatus.usage)
    }
}
