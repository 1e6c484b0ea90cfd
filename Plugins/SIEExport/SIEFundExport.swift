import EventStore
import Foundation
import FundLedger
import Memberwise
import Projections

/// What to export: one fund, a period, the voucher series and the organisation's chart of accounts.
@PublicMemberwiseInit
public struct SIEExportRequest: Sendable, Equatable {
    public var fundID: String
    /// Fiscal year (a kommun's or region's is the calendar year): sets `#RAR` and the default period.
    public var fiscalYear: Int? = nil
    /// First and last effective date exported; `nil`: the fiscal year's bound, or the whole history.
    public var from: CivilDate? = nil
    public var to: CivilDate? = nil
    public var series: String = "A"
    public var chart: ChartOfAccounts = .standard
    /// The ledger head the books were folded to; written as `#PROSA` so the file can be traced and reproduced.
    public var head: ReplayHead? = nil
}

/// A fund's SIE file, with what the report shows beside it.
public struct SIEFundFile: Sendable, Equatable {
    public var fundID: String
    public var fundName: String
    public var file: SIEFile
    /// The journal entry behind each voucher, in voucher order.
    public var entries: [JournalEntry]
    /// The period actually exported (`nil` bound: open).
    public var from: CivilDate?
    public var to: CivilDate?
    /// Things the reader should know (no `#RAR` written, no `#ORGNR` written).
    public var notes: [String]
    /// The chart the account numbers come from.
    public var chart: ChartOfAccounts
}

/// Turns a fund's double-entry books into an SIE 4I file: one voucher per journal entry in journal order,
/// one `#TRANS` per posting, departments in dimension 1 (ansvar) and initiatives in dimension 6 (projekt).
public enum SIEFundExport {
    /// The SIE file for `request` from `books`. Pure: the same books and request give the same file.
    public static func file(from books: Books, request: SIEExportRequest) throws(SIEExportError) -> SIEFundFile {
        let state = books.state
        guard let fund = state.funds[request.fundID] else {
            throw .unknownFund(id: request.fundID, known: state.funds.keys.sorted())
        }
        var notes: [String] = []
        var request = request
        if request.fiscalYear == nil && request.from == nil && request.to == nil {
            // An SIE 4I file holds one fiscal year: the receiving system books it into that year and closes
            // its result accounts at the year end. Without a period, the latest year with postings.
            let latest = books.journal.filter { $0.fundID == fund.id }.map(\.effectiveDate.year).max()
            request.fiscalYear = latest
            if let latest { notes.append("Fiscal year \(latest), the fund's latest with postings; give year=YYYY for another.") }
        }
        let (from, to, fiscalYear) = try period(request, books: books)
        let entries = books.journal.filter { entry in
            entry.fundID == fund.id && from.map { entry.effectiveDate >= $0 } ?? true && to.map { entry.effectiveDate <= $0 } ?? true
        }
        let first = from ?? entries.map(\.effectiveDate).min(), last = to ?? entries.map(\.effectiveDate).max()
        let rar = fiscalYear ?? impliedFiscalYear(from: first, to: last)
        if rar == nil, let first, let last {
            throw .invalidPeriod("the period \(first)–\(last) spans several fiscal years; an SIE 4I file holds one fiscal year (give year=YYYY, or from and to inside one year)")
        }

        let organisation = state.organisations[fund.organisationID]
        var organisationNumber: String? = fund.organisationID
        if !SIEFile.isOrganisationNumber(fund.organisationID) {
            organisationNumber = nil
            notes.append("No #ORGNR written: the organisation id \"\(fund.organisationID)\" is not an organisation number (NNNNNN-NNNN).")
        }

        var usedAccounts = Set<Account>()
        var usedObjects = Set<SIEObjectReference>()
        let vouchers = entries.map { entry in
            SIEVoucher(date: entry.effectiveDate, text: VoucherText.of(entry, in: state), transactions: entry.postings.map { posting in
                usedAccounts.insert(posting.account)
                var objects: [SIEObjectReference] = []
                if let department = posting.department {
                    objects.append(SIEObjectReference(dimension: SIEDimension.responsibility.number, code: department))
                }
                if let initiative = posting.initiative {
                    objects.append(SIEObjectReference(dimension: SIEDimension.project.number, code: initiative))
                }
                usedObjects.formUnion(objects)
                return SIETransaction(account: request.chart.number(of: posting.account), objects: objects, amountOre: posting.amount.ore)
            })
        }
        let objects = usedObjects.map { reference in
            let name = reference.dimension == SIEDimension.responsibility.number
                ? organisation?.departments[reference.code]?.name
                : fund.initiatives[reference.code]?.application.title
            return SIEObject(dimension: reference.dimension, code: reference.code, name: name ?? reference.code)
        }
        let dimensions = [SIEDimension.responsibility, .project].filter { dimension in objects.contains { $0.dimension == dimension.number } }

        var comments = ["Social investeringsfond \(fund.id): \(fund.name); period \(from?.description ?? "början") - \(to?.description ?? "senaste")"]
        if let head = request.head { comments.append("Huvudbok t.o.m. position \(head.position), kedjehash \(head.hash)") }
        comments.append("Konteringsregler version \(Books.rulesVersion)")

        // #GEN is the books' date, not the clock's, so an export can be reproduced byte for byte.
        let generatedOn = entries.map(\.effectiveDate).max() ?? to ?? rar?.end ?? from ?? CivilDate(daysSinceEpoch: 0)
        let file = SIEFile(
            generatedOn: generatedOn, comments: comments, organisationNumber: organisationNumber,
            organisationName: organisation?.name ?? fund.organisationID, fiscalYear: rar, currency: fund.currency.code,
            accounts: usedAccounts.sorted().map { SIEAccount(number: request.chart.number(of: $0), name: request.chart.name(of: $0)) },
            dimensions: dimensions, objects: objects, series: request.series, vouchers: vouchers)
        return SIEFundFile(fundID: fund.id, fundName: fund.name, file: file, entries: entries, from: from, to: to, notes: notes, chart: request.chart)
    }

    /// The period's bounds and the `#RAR` year: a fiscal year bounds the period, and a period given with it
    /// must lie inside it.
    private static func period(_ request: SIEExportRequest, books: Books) throws(SIEExportError)
        -> (CivilDate?, CivilDate?, SIEFiscalYear?)
    {
        if let from = request.from, let to = request.to, from > to {
            throw .invalidPeriod("the period starts \(from), after it ends \(to); give from on or before to")
        }
        guard let year = request.fiscalYear else { return (request.from, request.to, nil) }
        guard let fiscalYear = SIEFiscalYear.calendarYear(year) else {
            throw .invalidPeriod("\(year) is not a year the ledger can date (1–9999)")
        }
        let from = request.from ?? fiscalYear.start
        let to = request.to ?? fiscalYear.end
        guard fiscalYear.contains(from), fiscalYear.contains(to) else {
            throw .invalidPeriod("the period \(from)–\(to) is not inside fiscal year \(year); an SIE 4I file holds one fiscal year")
        }
        return (from, to, fiscalYear)
    }

    /// The calendar year holding the whole period, if one does.
    private static func impliedFiscalYear(from: CivilDate?, to: CivilDate?) -> SIEFiscalYear? {
        guard let from, let to, from.year == to.year else { return nil }
        return SIEFiscalYear.calendarYear(from.year)
    }
}
