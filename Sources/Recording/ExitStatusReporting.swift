import EventStore
import FundLedger

/// An error that knows how the command line reports it (docs/exit-codes.md): one message, printed after
/// `fundledger: error: `, and the exit code. The errors of the log, the domain and the recording library
/// conform here; those of storage, read models, reports and transparency where the server sees them.
public protocol ExitStatusReporting: Error {
    /// The message; a second line, if any, is a hint.
    var exitMessage: String { get }
    /// One of `ExitStatus`.
    var exitStatus: Int32 { get }
}

extension ExitStatusReporting where Self: CustomStringConvertible {
    public var exitMessage: String { description }
}

extension ExitStatus {
    /// The message and exit code `error` states, when it is `ExitStatusReporting`.
    public static func reported(_ error: any Error) -> (message: String, status: Int32)? {
        (error as? any ExitStatusReporting).map { ($0.exitMessage, $0.exitStatus) }
    }
}

/// What every refused write says after its reason.
let nothingWritten = "; nothing was written"

extension UserError: ExitStatusReporting {
    public var exitStatus: Int32 { exitCode }
}

extension OutputFileError: ExitStatusReporting {
    public var exitStatus: Int32 { cannotCreate ? ExitStatus.cannotCreate : ExitStatus.badInput }
}

extension EventStoreError: ExitStatusReporting {
    public var exitMessage: String {
        if case .logIsNotContiguous = self { return description }
        return description + nothingWritten
    }

    public var exitStatus: Int32 {
        switch self {
        case .wrongExpectedVersion, .eventIDReusedWithDifferentContent, .batchPartiallyStored: ExitStatus.conflict
        case .logIsNotContiguous: ExitStatus.chainBroken
        default: ExitStatus.badInput
        }
    }
}

extension LedgerExportError: ExitStatusReporting {
    public var exitStatus: Int32 {
        switch self {
        case .chainBroken, .storedChainBroken: ExitStatus.chainBroken
        case .targetNotEmpty: ExitStatus.refused
        default: ExitStatus.badInput
        }
    }
}

extension CommandIDReusedError: ExitStatusReporting {
    public var exitMessage: String { description + nothingWritten }
    public var exitStatus: Int32 { ExitStatus.conflict }
}

extension UnreadableEventError: ExitStatusReporting {
    public var exitStatus: Int32 { ExitStatus.conflict }
}

extension LedgerRuleError: ExitStatusReporting {
    public var exitMessage: String { description + nothingWritten }
}

extension BatchRuleError: ExitStatusReporting {
    public var exitMessage: String { description + nothingWritten }
    public var exitStatus: Int32 { error.exitStatus }
}

extension MoneyError: ExitStatusReporting {
    public var exitMessage: String { description + nothingWritten }
    public var exitStatus: Int32 { ExitStatus.badInput }
}

/// `$FUNDLEDGER_TIME_ZONE` names no time zone: a usage error, as when a command reads a time.
extension OrganisationTime.UnknownZone: ExitStatusReporting {
    public var exitStatus: Int32 { ExitStatus.usage }
}
