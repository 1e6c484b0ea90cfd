import EventStore
import FundLedger

/// A written SIE file: the text, its code page 437 bytes (what goes to disk), and what a reader checks
/// first: how many vouchers and transactions, and that debit equals credit.
public struct SIEOutput: Sendable, Equatable {
    /// The file as text, CRLF line endings.
    public let text: String
    /// `text` in code page 437: write these bytes to the `.si` file unchanged.
    public let bytes: [UInt8]
    public let voucherCount: Int
    public let transactionCount: Int
    /// Σ positive amounts and Σ negative amounts (as a positive number), in öre; always equal.
    public let debitOre: Int64
    public let creditOre: Int64
    /// Characters of free text (names, voucher texts) SIE could not carry and that were replaced (`SIEFormat.text`).
    public let replacedCharacters: Int
}

extension SIEFile {
    /// Line ending: SIE requires a line feed and allows a carriage return before it (spec 5.5); CRLF is what
    /// the DOS-era readers most accounting systems descend from expect.
    public static let lineEnding = "\r\n"

    /// Checks the file and writes it. Throws, writing nothing, when a voucher does not balance or is empty,
    /// uses an account, dimension or object the file does not declare, falls outside `#RAR`, or when a code
    /// cannot be written unchanged.
    public func render() throws(SIEExportError) -> SIEOutput {
        try validateHeader()
        var replaced = 0
        var lines: [String] = []
        func text(_ value: String) -> String { SIEFormat.text(value, replaced: &replaced) }

        // Group order is fixed by spec 5.12: flag, identification, chart of accounts, vouchers.
        lines.append("#FLAGGA 0")
        lines.append("#PROGRAM \(text(program)) \(text(programVersion))")
        lines.append("#FORMAT PC8")
        lines.append("#GEN \(SIEFormat.date(generatedOn))" + (generatedBy.map { " " + text($0) } ?? ""))
        lines.append("#SIETYP 4")
        for comment in comments { lines.append("#PROSA \(text(comment))") }
        if let organisationNumber { lines.append("#ORGNR \(organisationNumber)") }
        lines.append("#FNAMN \(text(organisationName))")
        if let fiscalYear { lines.append("#RAR 0 \(SIEFormat.date(fiscalYear.start)) \(SIEFormat.date(fiscalYear.end))") }
        if let currency { lines.append("#VALUTA \(currency)") }

        for account in accounts.sorted(by: { $0.number < $1.number }) {
            lines.append("#KONTO \(account.number) \(text(account.name))")
        }
        for dimension in dimensions.sorted(by: { $0.number < $1.number }) {
            lines.append("#DIM \(dimension.number) \(text(dimension.name))")
        }
        for object in objects.sorted(by: { ($0.dimension, $0.code) < ($1.dimension, $1.code) }) {
            let code = try SIEFormat.code(object.code, kind: "object code")
            lines.append("#OBJEKT \(object.dimension) \(code) \(text(object.name))")
        }

        let declaredAccounts = Set(accounts.map(\.number))
        let declaredObjects = Set(objects.map { SIEObjectReference(dimension: $0.dimension, code: $0.code) })
        var debitOre: Int64 = 0
        var creditOre: Int64 = 0
        var transactionCount = 0
        for (offset, voucher) in vouchers.enumerated() {
            let number = firstVoucherNumber + offset
            try check(voucher, number: number, accounts: declaredAccounts, objects: declaredObjects)
            lines.append("#VER \(series) \(number) \(SIEFormat.date(voucher.date)) \(text(voucher.text))")
            lines.append("{")
            for transaction in voucher.transactions {
                var objectList: [String] = []
                for object in transaction.objects {
                    let code = try SIEFormat.code(object.code, kind: "object code")
                    objectList.append("\(object.dimension) \(code)")
                }
                lines.append("   #TRANS \(transaction.account) {\(objectList.joined(separator: " "))} \(SIEFormat.amount(transaction.amountOre))")
                let (sum, overflow) = transaction.amountOre > 0
                    ? debitOre.addingReportingOverflow(transaction.amountOre)
                    : creditOre.addingReportingOverflow(-transaction.amountOre)
                if overflow { throw .amountOverflow(voucher: number) }
                if transaction.amountOre > 0 { debitOre = sum } else { creditOre = sum }
                transactionCount += 1
            }
            lines.append("}")
        }
        // Every voucher balanced, so the file does; asserted at both ends (TigerBeetle-style).
        precondition(debitOre == creditOre, "balanced vouchers gave debit \(debitOre) ≠ credit \(creditOre)")

        let text = lines.map { $0 + Self.lineEnding }.joined()
        let bytes = try CP437.encode(text)
        return SIEOutput(
            text: text, bytes: bytes, voucherCount: vouchers.count, transactionCount: transactionCount,
            debitOre: debitOre, creditOre: creditOre, replacedCharacters: replaced)
    }

    private func validateHeader() throws(SIEExportError) {
        if let organisationNumber, !Self.isOrganisationNumber(organisationNumber) {
            throw .invalidOrganisationNumber(organisationNumber)
        }
        let seriesIsPlain = series.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        guard !series.isEmpty, series.count <= Self.seriesLengthMax, seriesIsPlain else {
            throw .invalidCode(kind: "voucher series", code: series, reason: "use 1 to \(Self.seriesLengthMax) letters A–Z or digits, e.g. A")
        }
        guard firstVoucherNumber >= 1 else {
            throw .invalidCode(kind: "first voucher number", code: String(firstVoucherNumber), reason: "voucher numbers start at 1")
        }
        if let fiscalYear, fiscalYear.start > fiscalYear.end {
            throw .invalidPeriod("the fiscal year starts \(fiscalYear.start), after it ends \(fiscalYear.end)")
        }
        if let currency, currency.count != 3 || !currency.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) {
            throw .invalidCode(kind: "currency", code: currency, reason: "use a three-letter ISO 4217 code such as SEK")
        }
        for account in accounts where account.number.isEmpty || !account.number.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
            throw .invalidAccountNumber(account.number)
        }
        let declaredDimensions = Set(dimensions.map(\.number))
        for object in objects where !declaredDimensions.contains(object.dimension) {
            throw .undeclaredDimension(dimension: object.dimension)
        }
    }

    private func check(
        _ voucher: SIEVoucher, number: Int, accounts: Set<String>, objects: Set<SIEObjectReference>
    ) throws(SIEExportError) {
        guard !voucher.transactions.isEmpty else { throw .emptyVoucher(number: number, text: voucher.text) }
        var sum: Int64 = 0
        for transaction in voucher.transactions {
            guard accounts.contains(transaction.account) else {
                throw .undeclaredAccount(account: transaction.account, voucher: number)
            }
            for object in transaction.objects where !objects.contains(object) {
                throw .undeclaredObject(dimension: object.dimension, code: object.code, voucher: number)
            }
            let (next, overflow) = sum.addingReportingOverflow(transaction.amountOre)
            if overflow { throw .amountOverflow(voucher: number) }
            sum = next
        }
        guard sum == 0 else {
            throw .unbalancedVoucher(number: number, date: voucher.date, text: voucher.text, differenceOre: sum)
        }
        if let fiscalYear, !fiscalYear.contains(voucher.date) {
            throw .voucherOutsideFiscalYear(number: number, date: voucher.date, start: fiscalYear.start, end: fiscalYear.end)
        }
    }

    /// Six digits, a hyphen, four digits (spec: #ORGNR has a hyphen after the sixth digit).
    static func isOrganisationNumber(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return scalars.count == 11 && scalars[6] == "-"
            && scalars.enumerated().allSatisfy { $0.offset == 6 || ("0"..."9").contains($0.element) }
    }
}
