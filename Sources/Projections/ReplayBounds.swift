import EventStore
import FundLedger
import Memberwise

/// Which events a replay sees: a prefix of the log by position, and within it the events recorded by a
/// time ("as we knew it then") and effective by a date ("as booked up to then"). The bounds combine: "as
/// booked to year end 2025, as we knew it on 15 March 2026" is `recordedThrough: 2026-03-15T…Z,
/// effectiveThrough: 2025-12-31`.
///
/// A correction counts from when it was recorded and from its own effective date, so a reversal recorded
/// after the `recordedThrough` time leaves the original standing, exactly as the books looked then.
@PublicMemberwiseInit
public struct ReplayBounds: Sendable, Equatable, Codable {
    /// The last global position read; `nil` for the head at the start of the replay.
    public var throughPosition: Int64? = nil
    /// Only events recorded at or before this instant.
    public var recordedThrough: Timestamp? = nil
    /// Only events effective on or before this date.
    public var effectiveThrough: CivilDate? = nil

    /// Every event up to the head.
    public static let everything = ReplayBounds()

    /// Whether the replay folds `event` (its position is already within `throughPosition`).
    public func includes(recordedAt: Timestamp, effectiveDate: CivilDate) -> Bool {
        if let recordedThrough, recordedAt > recordedThrough { return false }
        if let effectiveThrough, effectiveDate > effectiveThrough { return false }
        return true
    }

    /// Whether any bound besides the position is set.
    public var filtersEvents: Bool { recordedThrough != nil || effectiveThrough != nil }
}
