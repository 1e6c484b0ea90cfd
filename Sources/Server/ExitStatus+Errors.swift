import EventStore
import Postgres
import PostgresEventStore
import Projections
import Recording
import Reporting
import Transparency

// The exit codes (docs/exit-codes.md) of the errors of storage, read models, reports and transparency, which
// the recording library cannot see: the command line reports every error through `ExitStatusReporting`.

extension FileAccessError: ExitStatusReporting {
    public var exitStatus: Int32 { cannotCreate ? ExitStatus.cannotCreate : ExitStatus.badInput }
}

extension ReadModelError: ExitStatusReporting {
    public var exitStatus: Int32 {
        switch self {
        case .anotherProjectorRunning, .checkpointMoved: ExitStatus.conflict
        case .unknownReadModel, .rebuildPositionOutOfRange, .throughBeforeCheckpoint, .readDatabaseDiffers: ExitStatus.usage
        }
    }
}

extension ReportError: ExitStatusReporting {
    public var exitStatus: Int32 {
        if case .unknownPlugin = self { return ExitStatus.usage }
        return ExitStatus.badInput
    }
}

extension ParameterError: ExitStatusReporting {
    public var exitStatus: Int32 { ExitStatus.usage }
}

extension ReplayError: ExitStatusReporting {
    public var exitStatus: Int32 { ExitStatus.usage }
}

extension ReplicaBehindError: ExitStatusReporting {
    public var exitMessage: String {
        description + "\nwait longer with --replica-wait SECONDS, or read from the primary (leave out --read-database)"
    }

    public var exitStatus: Int32 { ExitStatus.notYet }
}

extension SchemaVersionError: ExitStatusReporting {
    public var exitStatus: Int32 { ExitStatus.refused }
}

extension MigrationError: ExitStatusReporting {
    public var exitStatus: Int32 { ExitStatus.refused }
}

extension OrganisationAccessError: ExitStatusReporting {
    public var exitStatus: Int32 { ExitStatus.badInput }
}

extension RestrictedLoginError: ExitStatusReporting {
    public var exitStatus: Int32 { ExitStatus.refused }
}

/// A checkpoint that does not hold is evidence that the log changed: 3, as a broken chain; an empty log
/// has nothing to sign (65).
extension CheckpointError: ExitStatusReporting {
    public var exitStatus: Int32 { self == .emptyLog ? ExitStatus.badInput : ExitStatus.chainBroken }
}

extension NoteError: ExitStatusReporting {
    public var exitStatus: Int32 { ExitStatus.badInput }
}

/// The timestamping authority did not answer or answered nonsense (69); a reply that does not verify is
/// reported by `checkpoint verify` as a broken chain (3).
extension TimestampError: ExitStatusReporting {
    public var exitStatus: Int32 { ExitStatus.unavailable }
}

/// A position or tree size beyond the log, as a proof was asked for (64); a checkpoint's tree beyond the log
/// is reported by the checkpoint commands as a broken chain (3).
extension MerkleRangeError: ExitStatusReporting {
    public var exitStatus: Int32 { ExitStatus.usage }
}

extension PostgresError: ExitStatusReporting {
    public var exitMessage: String { reported.message }
    public var exitStatus: Int32 { reported.status }

    /// 69 no connection; 5 a login the database refuses (FL090), an unmigrated database, a read-only
    /// session, a missing privilege or a refused write; 65 an identifier or value it cannot store or that is
    /// beyond its limits; else 1.
    private var reported: (message: String, status: Int32) {
        switch kind {
        case .connectionFailed where sqlState == "FL090":
            return (message, ExitStatus.refused)
        case .connectionFailed, .connectionLost:
            return (description + "\n(nothing was written unless the server confirmed it; rerun to check — appends with the same event ids are safe to retry)", ExitStatus.unavailable)
        default:
            break
        }
        let state = sqlState ?? ""
        // Undefined table, schema, function or column: the database was never migrated, or not to this version.
        if ["42P01", "3F000", "42883", "42703"].contains(state) {
            return ("this database has no FundLedger schema, or an older one than this fundledger needs (\(message)); run `fundledger migrate` first", ExitStatus.refused)
        }
        if state == "FL005" || state.hasPrefix("22") || state.hasPrefix("54") {
            // An identifier the database refuses, a value it cannot store (data exception), or one beyond its
            // limits (program limit exceeded: a text over jsonb's 256 MiB).
            return (message + "; nothing was written", ExitStatus.badInput)
        }
        if state == "25006" {
            // A read-only session (PGOPTIONS=-c default_transaction_read_only=on).
            return (message + "; nothing was written", ExitStatus.refused)
        }
        if isPermissionDenied || state == "FL010" || state == "FL020" {
            // A refused write wrote nothing (the transaction rolled back); say so, as every refusal does.
            return (message + "; nothing was written" + (hint.map { "\n" + $0 } ?? ""), ExitStatus.refused)
        }
        return (description, ExitStatus.failure)
    }
}

extension ServerLoginError: ExitStatusReporting {
    public var exitStatus: Int32 { ExitStatus.refused }
}
