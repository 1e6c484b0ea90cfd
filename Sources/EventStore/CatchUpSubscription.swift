/// Every event after a checkpoint, in position order, then every new one as it is appended.
///
/// Reading by position is the source of truth; the store's wake-up (NOTIFY for PostgreSQL) only ends the
/// wait early. Because positions are gap-free and commit-ordered, `position > checkpoint` can never skip
/// an event that commits later with a smaller position, so nothing is missed or delivered twice.
public struct CatchUpSubscription: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent

    public let store: any EventStore
    public let checkpoint: Int64
    public let batchSize: Int
    /// The longest wait before re-reading without a wake-up (a safety net, not a poll loop).
    public let idleTimeout: Duration

    public init(store: any EventStore, after checkpoint: Int64, batchSize: Int = 500, idleTimeout: Duration = .seconds(5)) {
        self.store = store
        self.checkpoint = checkpoint
        self.batchSize = batchSize
        self.idleTimeout = idleTimeout
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(subscription: self, checkpoint: checkpoint)
    }

    /// Delivers buffered events, refilling by position and waiting for appends when caught up.
    public struct Iterator: AsyncIteratorProtocol {
        let subscription: CatchUpSubscription
        var checkpoint: Int64
        var buffer: [RecordedEvent] = []
        var index = 0

        public mutating func next() async throws -> RecordedEvent? {
            while index == buffer.count {
                try Task.checkCancellation()
                buffer = try await subscription.store.readAll(after: checkpoint, limit: subscription.batchSize)
                index = 0
                if buffer.isEmpty {
                    try await subscription.store.waitForAppends(after: checkpoint, timeout: subscription.idleTimeout)
                }
            }
            let event = buffer[index]
            index += 1
            guard event.globalPosition == checkpoint + 1 else {
                throw EventStoreError.logIsNotContiguous(expected: checkpoint + 1, found: event.globalPosition)
            }
            checkpoint = event.globalPosition
            return event
        }
    }
}
