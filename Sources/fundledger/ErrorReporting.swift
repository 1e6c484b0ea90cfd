import ArgumentParser
import EventStore
import Foundation
import PostgresEventStore
import FundLedger
import Postgres
import PrivateCluster
import Recording
import Projections
import Reporting
import Server
import Transparency

/// Runs a command body; any error is printed as one clear message on stderr and becomes an exit code.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let (message, code) = describe(error)
        FileHandle.standardError.write(Data("fundledger: error: \(twoLines(message))\n".utf8))
        throw ExitCode(code)
    }
}

/// A message as printed: at most two lines of at most 600 characters each (later lines are joined onto
/// the second with "; "), with control and invisible characters shown as `\u{…}`, so no input can
/// flood a terminal or send it escape sequences.
func twoLines(_ message: String) -> String {
    let lines = message.split(separator: "\n").map { Identifier.printable(String($0), limit: 600) }
    guard lines.count > 2 else { return lines.joined(separator: "\n") }
    return lines[0] + "\n" + Identifier.printable(lines[1...].joined(separator: "; "), limit: 600)
}

private func describe(_ error: any Error) -> (String, Int32) {
    switch error {
    case let error as UserError:
        return (error.description, error.exitCode)
    case let error as OutputFileError:
        return (error.description, error.cannotCreate ? ExitStatus.cannotCreate : ExitStatus.badInput)
    case let error as FileAccessError:
        return (error.description, error.cannotCreate ? ExitStatus.cannotCreate : ExitStatus.badInput)
    case let error as EventStoreError:
        switch error {
        case .wrongExpectedVersion, .eventIDReusedWithDifferentContent, .batchPartiallyStored:
            return (error.description + "; nothing was written", ExitStatus.conflict)
        case .logIsNotContiguous:
            return (error.description, ExitStatus.chainBroken)
        default:
            return (error.description + "; nothing was written", ExitStatus.badInput)
        }
    case let error as LedgerExportError:
        if case .chainBroken = error { return (error.description, ExitStatus.chainBroken) }
        if case .storedChainBroken = error { return (error.description, ExitStatus.chainBroken) }
        if case .targetNotEmpty = error { return (error.description, ExitStatus.refused) }
        return (error.description, ExitStatus.badInput)
    case let error as CommandIDReusedError:
        return (error.description + "; nothing was written", ExitStatus.conflict)
    case let error as UnreadableEventError:
        return (error.description, ExitStatus.conflict)
    case let error as LedgerRuleError:
        return (error.description + "; nothing was written", error.exitStatus)
    case let error as BatchRuleError:
        return (error.description + "; nothing was written", error.error.exitStatus)
    case let error as MoneyError:
        return (error.description + "; nothing was written", ExitStatus.badInput)
    case let error as ReadModelError:
        switch error {
        case .anotherProjectorRunning, .checkpointMoved: return (error.description, ExitStatus.conflict)
        case .unknownReadModel, .rebuildPositionOutOfRange, .throughBeforeCheckpoint, .readDatabaseDiffers:
            return (error.description, ExitStatus.usage)
        }
    case let error as ReportError:
        if case .unknownPlugin = error { return (error.description, ExitStatus.usage) }
        return (error.description, ExitStatus.badInput)
    case let error as ParameterError:
        return (error.description, ExitStatus.usage)
    case let error as ReplayError:
        return (error.description, ExitStatus.usage)
    case let error as ReplicaBehindError:
        return (error.description + "\nwait longer with --replica-wait SECONDS, or read from the primary (leave out --read-database)", ExitStatus.notYet)
    case let error as MigrationError:
        return (error.description, ExitStatus.refused)
    case let error as OrganisationAccessError:
        return (error.description, ExitStatus.badInput)
    case let error as RestrictedLoginError:
        return (error.description, ExitStatus.refused)
    case let error as ServerLoginError:
        return (error.description, ExitStatus.refused)
    case let error as PrivateClusterError:
        return (error.description, ExitStatus.unavailable)
    case let error as PostgresError:
        switch error.kind {
        case .connectionFailed where error.sqlState == "FL090":
            return (error.message, ExitStatus.refused)
        case .connectionFailed, .connectionLost:
            return (error.description + "\n(nothing was written unless the server confirmed it; rerun to check — appends with the same event ids are safe to retry)", ExitStatus.unavailable)
        default:
            // Undefined table, schema or function: the database was never migrated.
            if ["42P01", "3F000", "42883"].contains(error.sqlState ?? "") {
                return ("this database has no FundLedger schema (\(error.message)); run `fundledger migrate` first", ExitStatus.refused)
            }
            if error.sqlState == "FL005" || error.sqlState?.hasPrefix("22") == true {
                // An identifier the database refuses, or a value it cannot store (data exception).
                return (error.message + "; nothing was written", ExitStatus.badInput)
            }
            if error.sqlState == "25006" {
                // A read-only session (PGOPTIONS=-c default_transaction_read_only=on).
                return (error.message + "; nothing was written", ExitStatus.refused)
            }
            if error.isPermissionDenied || error.sqlState == "FL010" || error.sqlState == "FL020" {
                // A refused write wrote nothing (the transaction rolled back); say so, as every refusal does.
                return (error.message + "; nothing was written" + (error.hint.map { "\n" + $0 } ?? ""), ExitStatus.refused)
            }
            return (error.description, ExitStatus.failure)
        }
    default:
        return ("\(error)", ExitStatus.failure)
    }
}
