import Foundation
import FundLedger
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import PostgresEventStore
import Recording
@testable import Server
import Testing
import TestSupport

/// `/v1/funds`, a fund's initiatives and the web view read each fund from its state snapshot and the
/// events after it (`FundStates`), kept near the head by `SnapshotKeeper`: the answer must be the whole
/// log's fold, whether the snapshots are at the head, behind it, or missing.
@Suite("Funds read from their snapshots answer as the whole fold")
struct FundStatesTests {
    @Test("after many events, with snapshots at the head, behind it and gone, the funds and initiatives are the full fold's")
    func sameAsTheFullFold() async throws {
        try await ServerFixture.with { fixture in
            try await DemoLedger.record(on: fixture.db)
            var settings = ServerSettings()
            settings.keepSnapshots = false
            let keeper = SnapshotKeeper(pool: fixture.db.pool)
            try await fixture.test(.router, settings: settings) { client in
                try await fixture.contribute(300, client)
                try await fixture.deleteSnapshots()
                try await Self.expectFullFold(fixture, client, "no snapshots")
                #expect(try await keeper.keep().contains("fund-tomelilla"))
                let kept = try #require(try await fixture.snapshotVersion("fund-tomelilla"))
                try await Self.expectFullFold(fixture, client, "snapshots at the head")
                // Appends behind the snapshot's back: commands that fold from it and leave it where it is.
                try await fixture.contribute(40, client, from: 301)
                #expect(try await keeper.keep().isEmpty, "40 events after a snapshot are not worth a new one")
                #expect(try await fixture.snapshotVersion("fund-tomelilla") == kept)
                try await Self.expectFullFold(fixture, client, "a snapshot 40 events behind")
                try await fixture.contribute(300, client, from: 341)
                #expect(try await keeper.keep() == ["fund-tomelilla"])
                #expect(try await fixture.snapshotVersion("fund-tomelilla") == kept + 340)
                try await Self.expectFullFold(fixture, client, "a new snapshot")
            }
        }
    }

    /// `/v1/funds`, each fund's initiatives and the web view's start page against `LedgerService.loadState()`.
    static func expectFullFold(_ fixture: ServerFixture, _ client: any TestClientProtocol, _ when: Comment) async throws {
        let state = try await LedgerService(store: fixture.db.store).loadState()
        #expect(state.funds.count >= 3, when)
        let response = try await client.execute(uri: "/v1/funds", method: .get, headers: fixture.auth("aud", contentType: nil))
        let funds = try #require(response.json("funds") as? [[String: Any]], when)
        #expect(funds.map { $0["id"] as? String } == state.funds.keys.sorted(), when)
        for body in funds {
            let fund = try #require(state.funds[body["id"] as? String ?? ""])
            #expect(Self.ore(body["balance_ore"]) == fund.balance.ore, when)
            #expect(Self.ore(body["committed_ore"]) == fund.committed.ore, when)
            #expect(Self.ore(body["uncommitted_ore"]) == fund.uncommitted.ore, when)
            let initiatives = try await client.execute(uri: "/v1/funds/\(fund.id)/initiatives", method: .get, headers: fixture.auth("aud", contentType: nil))
            let list = try #require(initiatives.json("initiatives") as? [[String: Any]], when)
            #expect(list.map { $0["id"] as? String } == fund.initiatives.keys.sorted(), when)
            for item in list {
                let initiative = try #require(fund.initiatives[item["id"] as? String ?? ""])
                #expect(Self.ore(item["disbursed_ore"]) == initiative.disbursed.ore, when)
                #expect(Self.ore(item["outstanding_ore"]) == initiative.repaymentBalance.outstanding.ore, when)
            }
        }
        let page = try await client.execute(uri: "/?lang=en", method: .get, headers: fixture.auth("aud", contentType: nil))
        #expect(page.status == .ok, when)
        for fund in state.funds.values { #expect(page.text.contains(fund.name), when) }
    }

    static func ore(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }
}
