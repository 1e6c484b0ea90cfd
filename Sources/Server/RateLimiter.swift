import Foundation
import HTTPTypes
import Synchronization

/// Token buckets by key (a user's name, or a client address for failed logins): each key may make `rate`
/// requests a second on average and `burst` at once; beyond that a request is refused (429) until the
/// bucket refills. Kept in memory, per server process.
public final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// Requests per second on average; 0 turns the limit off.
    public let rate: Double
    /// Requests at once.
    public let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])
    /// Buckets kept at most; past this, full (idle) buckets are dropped, which changes no answer.
    static let bucketCountMax = 10_000

    public init(rate: Double, burst: Double? = nil) {
        self.rate = rate
        self.burst = burst ?? max(1, rate * 2)
    }

    /// Whether `key` may make a request now; takes a token if so, unless `spending` is false (a look).
    public func allow(_ key: String, spending: Bool = true, now: ContinuousClock.Instant = .now) -> Bool {
        guard rate > 0 else { return true }
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * rate)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed && spending { bucket.tokens -= 1 }
            buckets[key] = bucket
            if buckets.count > Self.bucketCountMax { buckets = buckets.filter { $0.value.tokens < burst - 1 } }
            return allowed
        }
    }

    /// Gives back the token a request took (`allow`) and did not turn out to need, up to the burst.
    public func refund(_ key: String) {
        guard rate > 0 else { return }
        buckets.withLock { buckets in
            guard var bucket = buckets[key] else { return }
            bucket.tokens = min(burst, bucket.tokens + 1)
            buckets[key] = bucket
        }
    }
}

extension Problem {
    /// 429 with `Retry-After`.
    static func tooManyRequests(_ detail: String) -> Problem {
        Problem(.tooManyRequests, "rate-limited", "Too many requests", detail: detail)
    }
}
