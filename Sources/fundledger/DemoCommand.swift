import ArgumentParser
import EventStore
import Foundation

/// `fundledger demo`: records a small fund history and shows status and verification.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Record a short example history (Region Skåne's 10 MSEK fund), then show status and verify.",
        discussion: "Event ids are fixed, so running the demo twice is an idempotent retry, not a duplicate.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingErrors {
            let store = try database.store()
            print("Recording Region Skåne's social investment fund (amounts in öre; 10 MSEK from the source article):")
            for (streams, events) in DemoScenario.appends {
                let appended = try await store.append(events, expectations: streams)
                for (event, result) in zip(events, appended) {
                    print("  #\(result.globalPosition)  \(event.streamID) v\(result.streamVersion)  \(event.eventType)")
                }
            }
            let head = try await store.head()
            print("\nstatus: \(head.eventCount) events, head position \(head.position), head hash \(head.hash.hex)")
            switch try await store.verifyChain() {
            case .verified: print("verify: chain intact from position 1 to \(head.position)")
            case .broken(let failure): throw UserError(description: "verify failed at \(failure)", exitCode: ExitStatus.chainBroken)
            }
        }
    }
}

/// The demo's events: fixed ids, so a rerun returns the original positions.
enum DemoScenario {
    static func id(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!
    }

    static let organisation = "232100-0255"
    static let actor = #""actor": "ekonomi@skane.se""#

    static let appends: [([String: ExpectedVersion], [NewEvent])] = [
        (["fund-skane": .any], [
            NewEvent(eventID: id(1), streamID: "fund-skane", eventType: "FundEstablished",
                     payload: #"{"name": "Region Skånes sociala investeringsfond", "currency": "SEK", "owner": "Region Skåne"}"#,
                     metadata: "{\(actor), \"reason\": \"Regionfullmäktige decision\"}",
                     effectiveDate: CivilDate("2026-01-01"), organisationID: organisation),
            NewEvent(eventID: id(2), streamID: "fund-skane", eventType: "CapitalContributed",
                     payload: #"{"amount_ore": 1000000000, "currency": "SEK", "source": "Region Skåne"}"#,
                     metadata: "{\(actor), \"decision_ref\": \"RS 2026/0001\"}",
                     effectiveDate: CivilDate("2026-01-01"), organisationID: organisation),
        ]),
        // A disbursement touches the fund and the initiative: one atomic append over two streams.
        (["fund-skane": .any, "initiative-tidiga-insatser": .any], [
            NewEvent(eventID: id(3), streamID: "initiative-tidiga-insatser", eventType: "InvestmentDecided",
                     payload: #"{"fund": "fund-skane", "granted_ore": 150000000, "illustrative": true}"#,
                     metadata: "{\(actor), \"decision_ref\": \"RS 2026/0042\"}",
                     effectiveDate: CivilDate("2026-03-15"), organisationID: organisation),
            NewEvent(eventID: id(4), streamID: "fund-skane", eventType: "FundsDisbursed",
                     payload: #"{"initiative": "initiative-tidiga-insatser", "amount_ore": 50000000, "department": "Barn- och utbildningsförvaltningen", "illustrative": true}"#,
                     metadata: "{\(actor), \"voucher\": \"V-2026-117\"}",
                     effectiveDate: CivilDate("2026-04-01"), organisationID: organisation),
        ]),
    ]
}
