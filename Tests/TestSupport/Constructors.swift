import EventStore
import FundLedger

/// A date written `YYYY-MM-DD`.
public func day(_ text: String) -> CivilDate {
    guard let date = CivilDate(text) else { preconditionFailure("not a date: \(text)") }
    return date
}

/// Whole kronor (SEK), as öre.
public func kr(_ kronor: Int64) -> Money { Money(kronor: kronor, currency: .sek) }

/// A rate written as text: `"0.4"`, `"40 %"`.
public func rate(_ text: String) -> Rate {
    guard let rate = Rate(text) else { preconditionFailure("not a rate: \(text)") }
    return rate
}
