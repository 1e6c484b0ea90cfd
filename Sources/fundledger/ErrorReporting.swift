import ArgumentParser
import EventStore
import Foundation
import PrivateCluster
import Recording

/// Runs a command body; any error is printed as one clear message on stderr and becomes an exit code.
@discardableResult
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
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

/// The message and exit code of any error: each library's errors say their own (`ExitStatusReporting`).
private func describe(_ error: any Error) -> (String, Int32) {
    if let reported = ExitStatus.reported(error) { return reported }
    switch error {
    case let error as PrivateClusterError:
        return (error.description, ExitStatus.unavailable)
    case let error as NoDatabaseError:
        return (error.description, ExitStatus.unavailable)
    default:
        return ("\(error)", ExitStatus.failure)
    }
}
