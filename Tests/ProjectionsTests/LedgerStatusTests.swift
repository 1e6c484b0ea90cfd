import EventStore
import Testing

@testable import Projections

/// `status --json` from a status: its keys in their fixed order, nulls where nothing is known.
@Suite struct LedgerStatusTests {
    @Test func theJSONKeepsItsKeyOrderAndSaysNullForANetworkLogin() {
        let head = LedgerHead(position: 12, hash: .zero, eventCount: 11)
        let model = ReadModelStatus(name: "balances", codeVersion: 2, storedVersion: nil, checkpoint: 10, head: 12, checksum: "abc")
        var status = LedgerStatus(head: head, schemaVersion: 15, readableOrganisations: nil, readModels: [model])
        let zeros = String(repeating: "0", count: 64)
        #expect(status.json == #"{"head_position":12,"head_hash":"\#(zeros)","event_count":11,"schema_version":15,"readable_organisations":null,"read_models":[{"name":"balances","code_version":2,"stored_version":null,"checkpoint":10,"lag":2,"checksum":"abc"}]}"#)
        status.readableOrganisations = ["212000-0886", "a\"b"]
        status.readModels = []
        #expect(status.json.hasSuffix(#""readable_organisations":["212000-0886","a\"b"],"read_models":[]}"#))
    }
}
