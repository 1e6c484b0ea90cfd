import EventStore
import FundLedger
import Reporting

/// The report document beside an SIE file: key figures a finance officer checks before importing
/// (vouchers, debit = credit, agreement with the books), per-account totals, vouchers and transactions.
enum SIEReport {
    static func document(_ fundFile: SIEFundFile, output: SIEOutput, books: Books) -> ReportDocument {
        let file = fundFile.file
        let currency = file.currency ?? "SEK"
        func money(_ ore: Int64) -> ReportValue { .money(ore: ore, currency: currency) }

        let netByNumber = accountTotals(file)
        let agrees = agreesWithBooks(netByNumber, fundFile: fundFile, books: books)
        let accountRows: [[ReportValue]] = file.accounts.sorted { $0.number < $1.number }.map { account in
            let totals = netByNumber[account.number] ?? (0, 0)
            return [.text(account.number), .text(account.name), money(totals.debit), money(totals.credit), money(totals.debit - totals.credit)]
        }
        var voucherRows: [[ReportValue]] = []
        var transactionRows: [[ReportValue]] = []
        for (offset, voucher) in file.vouchers.enumerated() {
            let number = Int64(file.firstVoucherNumber + offset)
            let debit = voucher.transactions.reduce(Int64(0)) { $0 + max($1.amountOre, 0) }
            voucherRows.append([.text(file.series), .integer(number), .date(voucher.date.description), .text(voucher.text), money(debit)])
            for transaction in voucher.transactions {
                func object(_ dimension: Int) -> ReportValue {
                    transaction.objects.first { $0.dimension == dimension }.map { .text($0.code) } ?? .empty
                }
                transactionRows.append([
                    .integer(number), .date(voucher.date.description), .text(transaction.account),
                    object(SIEDimension.responsibility.number), object(SIEDimension.project.number),
                    transaction.amountOre > 0 ? money(transaction.amountOre) : .empty,
                    transaction.amountOre < 0 ? money(-transaction.amountOre) : .empty,
                ])
            }
        }

        let period = "\(fundFile.from?.description ?? "first entry") – \(fundFile.to?.description ?? "last entry")"
        return ReportDocument(
            reportID: "sie", title: "SIE 4I export",
            subtitle: "\(fundFile.fundName) (\(fundFile.fundID)), \(file.organisationName), \(period)",
            keyFigures: [
                KeyFigure("Vouchers", .integer(Int64(output.voucherCount))),
                KeyFigure("Transactions", .integer(Int64(output.transactionCount))),
                KeyFigure("Total debit", money(output.debitOre)),
                KeyFigure("Total credit", money(output.creditOre)),
                KeyFigure("Debit − credit (must be 0)", money(output.debitOre - output.creditOre)),
                KeyFigure("Agrees with the books' trial balance", .text(agrees ? "yes" : "NO")),
                KeyFigure("Fiscal year (#RAR)", file.fiscalYear.map { .text("\($0.start) – \($0.end)") } ?? .empty),
                KeyFigure("Voucher series", .text(file.series)),
                KeyFigure("File size (bytes, code page 437)", .integer(Int64(output.bytes.count))),
                KeyFigure("Characters replaced in names and texts", .integer(Int64(output.replacedCharacters))),
            ],
            tables: [
                ReportTable(
                    id: "accounts", title: "Per account (#KONTO), period movement",
                    columns: [ReportColumn("account", "Account"), ReportColumn("name", "Name"), ReportColumn("debit", "Debit"),
                              ReportColumn("credit", "Credit"), ReportColumn("net", "Net")],
                    rows: accountRows,
                    totals: [.text("Total"), .empty, money(output.debitOre), money(output.creditOre), money(output.debitOre - output.creditOre)]),
                ReportTable(
                    id: "vouchers", title: "Vouchers (#VER)",
                    columns: [ReportColumn("series", "Series"), ReportColumn("number", "No."), ReportColumn("date", "Date"),
                              ReportColumn("text", "Text"), ReportColumn("amount", "Amount")],
                    rows: voucherRows),
                ReportTable(
                    id: "transactions", title: "Transactions (#TRANS)",
                    columns: [ReportColumn("voucher", "Voucher"), ReportColumn("date", "Date"), ReportColumn("account", "Account"),
                              ReportColumn("department", "Ansvar (dim 1)"), ReportColumn("initiative", "Projekt (dim 6)"),
                              ReportColumn("debit", "Debit"), ReportColumn("credit", "Credit")],
                    rows: transactionRows),
            ],
            notes: fundFile.notes + [
                "The file is SIE type 4I (vouchers for import), code page 437 (#FORMAT PC8), CRLF line endings; "
                    + "SIE recommends the extension .si for import files. See docs/models/sie.md.",
            ])
    }

    /// Debit and credit per account number over the file's transactions.
    static func accountTotals(_ file: SIEFile) -> [String: (debit: Int64, credit: Int64)] {
        var totals: [String: (debit: Int64, credit: Int64)] = [:]
        for transaction in file.vouchers.flatMap(\.transactions) {
            var entry = totals[transaction.account] ?? (0, 0)
            if transaction.amountOre > 0 { entry.debit += transaction.amountOre } else { entry.credit -= transaction.amountOre }
            totals[transaction.account] = entry
        }
        return totals
    }

    /// Whether each account's net in the file equals the books' trial balance at the period's end less the one
    /// the day before it starts: the file holds exactly the period's postings, no more, no fewer.
    static func agreesWithBooks(_ totals: [String: (debit: Int64, credit: Int64)], fundFile: SIEFundFile, books: Books) -> Bool {
        let fundID = fundFile.fundID
        let closing = books.trialBalance(fundID: fundID, through: fundFile.to)
        let opening = fundFile.from.map { books.trialBalance(fundID: fundID, through: CivilDate(daysSinceEpoch: $0.daysSinceEpoch - 1)) } ?? [:]
        return Account.allCases.allSatisfy { account in
            let expected = closing[account, default: 0] - opening[account, default: 0]
            let inFile = totals[fundFile.chart.number(of: account)].map { $0.debit - $0.credit } ?? 0
            return expected == inFile
        }
    }
}
