import EventStore

/// Why an SIE file was not written. Nothing is written on any of them: a file an accounting system could
/// import with a wrong or unbalanced voucher is worse than no file. Each message says what to do next.
public enum SIEExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A character code page 437 lacks, in a code or number (free text is replaced instead).
    case notInCodePage437(character: String, codePoint: UInt32, line: Int)
    /// A voucher whose transactions do not sum to zero.
    case unbalancedVoucher(number: Int, date: CivilDate, text: String, differenceOre: Int64)
    /// A voucher without transactions.
    case emptyVoucher(number: Int, text: String)
    /// A transaction on an account the file does not declare with `#KONTO`.
    case undeclaredAccount(account: String, voucher: Int)
    /// A transaction on an object the file does not declare with `#OBJEKT`.
    case undeclaredObject(dimension: Int, code: String, voucher: Int)
    /// An object in a dimension the file does not declare with `#DIM`.
    case undeclaredDimension(dimension: Int)
    /// An account number that is not digits only.
    case invalidAccountNumber(String)
    /// An object code or series SIE cannot carry unchanged (empty, control characters, outside code page 437).
    case invalidCode(kind: String, code: String, reason: String)
    /// A voucher dated outside the fiscal year of `#RAR`.
    case voucherOutsideFiscalYear(number: Int, date: CivilDate, start: CivilDate, end: CivilDate)
    /// An organisation number not written NNNNNN-NNNN.
    case invalidOrganisationNumber(String)
    /// The fund asked for is not in the ledger.
    case unknownFund(id: String, known: [String])
    /// A period whose start is after its end, or that leaves the fiscal year.
    case invalidPeriod(String)
    /// Totals beyond what 64-bit öre can hold.
    case amountOverflow(voucher: Int)

    public var description: String {
        switch self {
        case .notInCodePage437(let character, let codePoint, let line):
            "line \(line) of the SIE file needs the character \"\(character)\" (U+\(String(codePoint, radix: 16, uppercase: true))), "
                + "which SIE's character set (code page 437) does not have; change the code or name that contains it"
        case .unbalancedVoucher(let number, let date, let text, let difference):
            "voucher \(number) (\(date), \"\(text)\") does not balance: its transactions sum to \(SIEFormat.amount(difference)) kr "
                + "instead of 0.00; an SIE voucher must balance, so no file was written"
        case .emptyVoucher(let number, let text):
            "voucher \(number) (\"\(text)\") has no transactions; an SIE voucher needs at least two"
        case .undeclaredAccount(let account, let voucher):
            "voucher \(voucher) posts to account \(account), which the chart of accounts of the file does not list"
        case .undeclaredObject(let dimension, let code, let voucher):
            "voucher \(voucher) uses object \"\(code)\" in dimension \(dimension), which the file does not declare"
        case .undeclaredDimension(let dimension):
            "object dimension \(dimension) is used but not declared"
        case .invalidAccountNumber(let number):
            "account number \"\(number)\" is not digits only; SIE requires numeric account numbers"
        case .invalidCode(let kind, let code, let reason):
            "\(kind) \"\(code)\" cannot be written to an SIE file: \(reason)"
        case .voucherOutsideFiscalYear(let number, let date, let start, let end):
            "voucher \(number) is dated \(date), outside the fiscal year \(start)–\(end) of the file; "
                + "export one fiscal year at a time (parameter year, or from/to within the year)"
        case .invalidOrganisationNumber(let number):
            "organisation number \"\(number)\" is not written NNNNNN-NNNN (six digits, a hyphen, four digits)"
        case .unknownFund(let id, let known):
            "no fund \"\(id)\" in the ledger" + (known.isEmpty ? " (it has no funds yet)" : "; funds: \(known.joined(separator: ", "))")
        case .invalidPeriod(let message):
            message
        case .amountOverflow(let voucher):
            "voucher \(voucher): amounts too large to add up exactly"
        }
    }
}
