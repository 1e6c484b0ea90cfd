import EventStore
import Memberwise

/// Everything an SIE 4I file holds, before it is written: who wrote it and when, whose books, the fiscal
/// year, the accounts, dimensions and objects it declares, and the vouchers. Build one directly to write
/// any balanced vouchers as SIE, or let `SIEFundExport` build it from a fund's books; `render()` checks it
/// and writes it.
@PublicMemberwiseInit
public struct SIEFile: Sendable, Equatable {
    /// `#PROGRAM` name and version.
    public var program: String = "FundLedger"
    public var programVersion: String = SIEFile.fundLedgerVersion
    /// `#GEN` date. Never the wall clock: the same ledger must give the same bytes.
    public var generatedOn: CivilDate
    /// `#GEN` signature: the person or process that generated the file (optional).
    public var generatedBy: String? = nil
    /// `#PROSA` lines: free comments (the ledger head the file was made from, the posting rules).
    public var comments: [String] = []
    /// `#ORGNR`, written NNNNNN-NNNN (optional in 4I).
    public var organisationNumber: String?
    /// `#FNAMN`: the organisation's legal name.
    public var organisationName: String
    /// `#RAR 0 start end` (optional in 4I); every voucher must then be dated within it.
    public var fiscalYear: SIEFiscalYear?
    /// `#VALUTA` (ISO 4217; SIE assumes SEK without it).
    public var currency: String? = "SEK"
    /// `#KONTO`: every account a transaction uses must be here.
    public var accounts: [SIEAccount]
    /// `#DIM`: every dimension an object belongs to must be here.
    public var dimensions: [SIEDimension] = []
    /// `#OBJEKT`: every object a transaction names must be here.
    public var objects: [SIEObject] = []
    /// The voucher series (`A`): letters and digits, at most `seriesLengthMax`.
    public var series: String = "A"
    /// The number of the first voucher; the rest follow 1 by 1 in the order of `vouchers`.
    public var firstVoucherNumber: Int = 1
    public var vouchers: [SIEVoucher]

    /// A limit so a typo cannot become a 200-character series the receiving system truncates.
    public static let seriesLengthMax = 10

    /// The version `#PROGRAM` names for files FundLedger writes.
    public static let fundLedgerVersion = "1.0"
}

/// `#RAR 0`: the fiscal year the vouchers belong to (for a kommun or region, the calendar year).
@PublicMemberwiseInit
public struct SIEFiscalYear: Sendable, Equatable {
    public var start: CivilDate
    public var end: CivilDate

    /// The calendar year `year`.
    public static func calendarYear(_ year: Int) -> SIEFiscalYear? {
        guard let start = CivilDate(year: year, month: 1, day: 1), let end = CivilDate(year: year, month: 12, day: 31) else {
            return nil
        }
        return SIEFiscalYear(start: start, end: end)
    }

    public func contains(_ date: CivilDate) -> Bool { start <= date && date <= end }
}

/// `#KONTO number "name"`.
@PublicMemberwiseInit
public struct SIEAccount: Sendable, Equatable {
    public var number: String
    public var name: String
}

/// `#DIM number "name"`. SIE reserves 1 for kostnadsställe/resultatenhet and 6 for projekt (spec 8.17).
@PublicMemberwiseInit
public struct SIEDimension: Sendable, Equatable {
    public var number: Int
    public var name: String

    /// Dimension 1, kostnadsställe/resultatenhet: in a kommun the responsible unit (ansvar), here the department.
    public static let responsibility = SIEDimension(number: 1, name: "Ansvar")
    /// Dimension 6, projekt: here the initiative the fund finances.
    public static let project = SIEDimension(number: 6, name: "Projekt")
}

/// `#OBJEKT dimension "code" "name"`.
@PublicMemberwiseInit
public struct SIEObject: Sendable, Equatable {
    public var dimension: Int
    public var code: String
    public var name: String
}

/// One `dimension "code"` pair of a transaction's object list.
@PublicMemberwiseInit
public struct SIEObjectReference: Sendable, Equatable, Hashable {
    public var dimension: Int
    public var code: String
}

/// `#TRANS account {objects} amount`: positive is debit, negative credit.
@PublicMemberwiseInit
public struct SIETransaction: Sendable, Equatable {
    public var account: String
    public var objects: [SIEObjectReference] = []
    public var amountOre: Int64
}

/// `#VER series number date "text"` with its transactions, which must sum to zero.
@PublicMemberwiseInit
public struct SIEVoucher: Sendable, Equatable {
    public var date: CivilDate
    public var text: String
    public var transactions: [SIETransaction]
}
