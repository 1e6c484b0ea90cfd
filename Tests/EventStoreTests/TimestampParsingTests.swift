import EventStore
import Testing
import TestSupport

/// Stored rows carry `YYYY-MM-DDTHH:MM:SS.ffffffZ`; the fast path that reads it must agree with the
/// general parser and refuse what it refuses.
@Suite("Timestamp parsing")
struct TimestampParsingTests {
    @Test("every canonical timestamp reads back as itself", arguments: [1, 2, 3] as [UInt64])
    func canonicalRoundTrip(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<2_000 {
            // 0001-01-01 … 9999-12-31, in microseconds since 1970.
            let micros = random.int64(in: -62_135_596_800_000_000...253_402_300_799_999_999)
            let timestamp = Timestamp(microsecondsSinceEpoch: micros)
            #expect(Timestamp(timestamp.description) == timestamp, "\(timestamp)")
            // The same instant with fewer fraction digits takes the general path and must agree.
            let short = String(timestamp.description.dropLast(4)) + "Z"
            #expect(Timestamp(short)?.microsecondsSinceEpoch == micros / 1000 * 1000 - (micros % 1000 < 0 ? 1000 : 0))
        }
    }

    @Test("malformed timestamps are refused", arguments: [
        "2026-12-06T24:00:00.000000Z", "2026-12-06T23:60:00.000000Z", "2026-12-06T23:59:60.000000Z",
        "2026-02-30T10:00:00.000000Z", "2026-12-06 10:00:00.000000Z", "2026-12-06T10:00:00.00000aZ",
        "2026-12-06T10:00:00.000000+", "2026-12-06T1:00:00.0000000Z", "２026-12-06T10:00:00.000000Z", "",
    ])
    func malformedRefused(text: String) {
        #expect(Timestamp(text) == nil)
    }
}
