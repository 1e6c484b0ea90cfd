import FundLedger
import Memberwise

/// The exit codes of the command line (docs/exit-codes.md), which scripts rely on; the server maps them to
/// HTTP statuses. Every error the recording library raises for a person carries one.
public enum ExitStatus {
    /// Success.
    public static let ok: Int32 = 0
    /// An unexpected failure.
    public static let failure: Int32 = 1
    /// `verify` or `import` found the hash chain broken.
    public static let chainBroken: Int32 = 3
    /// A write conflicted: wrong expected version, or an event id reused with other content.
    public static let conflict: Int32 = 4
    /// The database refused: missing privilege, append-only trigger, an edited migration.
    public static let refused: Int32 = 5
    /// A ledger rule refused the command (over-disbursement, a closed period, a fund criterion…); nothing
    /// was written.
    public static let ruleBroken: Int32 = 6
    /// A required option is missing (EX_USAGE, as swift-argument-parser reports its own usage errors).
    public static let usage: Int32 = 64
    /// Bad input data: a malformed file or line, an invalid event (sysexits EX_DATAERR).
    public static let badInput: Int32 = 65
    /// An output file could not be created: its folder is not writable, or the disk is full (EX_CANTCREAT).
    public static let cannotCreate: Int32 = 73
    /// No database: cannot connect, connection lost, PostgreSQL not installed (EX_UNAVAILABLE).
    public static let unavailable: Int32 = 69
}

extension LedgerRuleError {
    /// 6, except for a malformed id (rule `identifier`), which is bad input: 65.
    public var exitStatus: Int32 { rule == "identifier" ? ExitStatus.badInput : ExitStatus.ruleBroken }
}

/// An error meant for the user: a sentence and an exit code.
@PublicMemberwiseInit
public struct UserError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public var exitCode: Int32
    /// The ledger rule that refused the command, when one did (the server names it in its problem document).
    public var rule: String? = nil
}
