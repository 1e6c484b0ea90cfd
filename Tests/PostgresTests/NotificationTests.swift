import Foundation
import Postgres
import Testing
import TestSupport

/// LISTEN/NOTIFY: notifications from another connection arrive; waits end on timeout or `interruptWait()`.
@Suite struct NotificationTests {
    @Test func listenerReceivesANotificationFromAnotherConnection() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(to: db) { listener in
                try await withConnection(to: db) { sender in
                    try await listener.listen("fund_events")
                    try await sender.notify("fund_events", payload: "position 7: Socialförvaltningen")
                    let received = try await listener.waitForNotifications(timeout: .seconds(30))
                    let senderPID = await sender.backendProcessID
                    #expect(senderPID != 0)
                    #expect(received.count == 1)
                    #expect(received.first?.channel == "fund_events")
                    #expect(received.first?.payload == "position 7: Socialförvaltningen")
                    #expect(received.first?.senderProcessID == senderPID)
                }
            }
        }
    }

    @Test func notificationsAreDeliveredOnCommitOnly() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(to: db) { listener in
                try await withConnection(to: db) { sender in
                    try await listener.listen("appends")
                    struct Abort: Error {}
                    _ = try? await sender.transaction { sender in
                        try sender.notify("appends", payload: "rolled back")
                        throw Abort()
                    }
                    try await sender.transaction { sender in
                        try sender.notify("appends", payload: "one")
                        try sender.notify("appends", payload: "two")
                    }
                    var payloads: [String] = []
                    let deadline = ContinuousClock.now + .seconds(30)
                    while payloads.count < 2, ContinuousClock.now < deadline {
                        payloads += try await listener.waitForNotifications(timeout: .seconds(5)).map(\.payload)
                    }
                    #expect(payloads == ["one", "two"])
                }
            }
        }
    }

    @Test func channelNamesAreQuotedAndUnlistenStopsDelivery() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(to: db) { listener in
                try await withConnection(to: db) { sender in
                    let channel = "Fund \"A\"; DROP TABLE x"
                    try await listener.listen(channel)
                    try await sender.notify(channel, payload: "hello")
                    let received = try await listener.waitForNotifications(timeout: .seconds(30))
                    #expect(received.map(\.channel) == [channel])
                    #expect(received.map(\.payload) == ["hello"])

                    try await listener.unlisten(channel)
                    try await sender.notify(channel, payload: "after unlisten")
                    // Make sure the second notification would have arrived by now: a round trip on the sender.
                    _ = try await sender.query("SELECT 1")
                    let none = try await listener.waitForNotifications(timeout: .milliseconds(300))
                    #expect(none.isEmpty)
                }
            }
        }
    }

    @Test func waitReturnsEmptyOnTimeout() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(to: db) { listener in
                try await listener.listen("quiet")
                let start = ContinuousClock.now
                let received = try await listener.waitForNotifications(timeout: .milliseconds(300))
                let elapsed = ContinuousClock.now - start
                #expect(received.isEmpty)
                #expect(elapsed >= .milliseconds(250))
                #expect(elapsed < .seconds(10))
            }
        }
    }

    @Test func interruptWaitWakesTheListenerEarly() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(to: db) { listener in
                try await listener.listen("quiet")
                let start = ContinuousClock.now
                let waiting = Task { try await listener.waitForNotifications(timeout: .seconds(30)) }
                try await Task.sleep(for: .milliseconds(200))
                listener.interruptWait()
                let received = try await waiting.value
                let elapsed = ContinuousClock.now - start
                #expect(received.isEmpty)
                #expect(elapsed < .seconds(10))
                // The wake-up was consumed: the next wait runs its full (short) timeout.
                let again = ContinuousClock.now
                _ = try await listener.waitForNotifications(timeout: .milliseconds(300))
                #expect(ContinuousClock.now - again >= .milliseconds(250))
            }
        }
    }

    @Test(.bug(id: "negative-wait-timeout-blocks", "waitForNotifications(timeout:) with a negative timeout waits indefinitely"))
    func negativeTimeoutReturnsAtOnce() async throws {
        try await TestDatabase.withEmpty { db in
            try await withConnection(to: db) { listener in
                try await listener.listen("quiet")
                // A caller computing `deadline - now` after the deadline passes a negative duration.
                let waiting = Task { () throws -> ([PostgresNotification], Duration) in
                    let start = ContinuousClock.now
                    let received = try await listener.waitForNotifications(timeout: .milliseconds(-1))
                    return (received, ContinuousClock.now - start)
                }
                // A wait that blocked would last until this interrupt, 20 s on; one that returns at once
                // ends long before. The bound is far from both so a loaded machine cannot blur them.
                let interrupter = Task {
                    try? await Task.sleep(for: .seconds(20))
                    listener.interruptWait()  // so a failure cannot hang
                }
                let (received, elapsed) = try await waiting.value
                interrupter.cancel()
                #expect(received.isEmpty)
                #expect(elapsed < .seconds(10))
            }
        }
    }
}
