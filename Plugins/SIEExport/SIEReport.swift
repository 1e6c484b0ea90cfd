import EventStore
import FundLedger
import Reporting

/// The report document beside an SIE file: key figures a finance officer checks before importing
/// (vouchers, debit = credit, agreement with the books), per-account totals, vouchers and transactions.
enum SIEReport {
    static func document(_ fundFile: SIEFundFile, output: SIEOutput, books: Books, _ t: ReportTexts) -> ReportDocument {
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

        return ReportDocument(
            reportID: "sie", title: t(.sieTitle),
            subtitle: t(.sieSubtitle, fundFile.fundName, fundFile.fundID, file.organisationName,
                        fundFile.from?.description ?? t(.sieFirstEntry), fundFile.to?.description ?? t(.sieLastEntry)),
            keyFigures: [
                KeyFigure(t(.sieVouchers), .integer(Int64(output.voucherCount))),
                KeyFigure(t(.sieTransactions), .integer(Int64(output.transactionCount))),
                KeyFigure(t(.sieTotalDebit), money(output.debitOre)),
                KeyFigure(t(.sieTotalCredit), money(output.creditOre)),
                KeyFigure(t(.sieDifference), money(output.debitOre - output.creditOre)),
                KeyFigure(t(.sieAgrees), .text(agrees ? t(.yes) : t(.no).uppercased())),
                KeyFigure(t(.sieFiscalYear), file.fiscalYear.map { .text("\($0.start) – \($0.end)") } ?? .empty),
                KeyFigure(t(.sieSeries), .text(file.series)),
                KeyFigure(t(.sieFileSize), .integer(Int64(output.bytes.count))),
                KeyFigure(t(.sieReplaced), .integer(Int64(output.replacedCharacters))),
            ],
            tables: [
                ReportTable(
                    id: "accounts", title: t(.sieAccountsTable),
                    columns: [ReportColumn("account", t(.sieAccount)), ReportColumn("name", t(.sieName)), ReportColumn("debit", t(.sieDebit)),
                              ReportColumn("credit", t(.sieCredit)), ReportColumn("net", t(.sieNet))],
                    rows: accountRows,
                    totals: [.text(t(.total)), .empty, money(output.debitOre), money(output.creditOre), money(output.debitOre - output.creditOre)]),
                ReportTable(
                    id: "vouchers", title: t(.sieVouchersTable),
                    columns: [ReportColumn("series", t(.sieSeries)), ReportColumn("number", t(.sieNumber)), ReportColumn("date", t(.date)),
                              ReportColumn("text", t(.sieText)), ReportColumn("amount", t(.rpAmount))],
                    rows: voucherRows),
                ReportTable(
                    id: "transactions", title: t(.sieTransactionsTable),
                    columns: [ReportColumn("voucher", t(.sieVoucher)), ReportColumn("date", t(.date)), ReportColumn("account", t(.sieAccount)),
                              ReportColumn("department", t(.sieResponsibility)), ReportColumn("initiative", t(.sieProject)),
                              ReportColumn("debit", t(.sieDebit)), ReportColumn("credit", t(.sieCredit))],
                    rows: transactionRows),
            ],
            notes: fundFile.notes + [t(.sieNoteFile)])
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
