import ArgumentParser
import EventStore
import Foundation

/// `fundledger verify`: recomputes the hash chain.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the whole hash chain; exit 0 if it holds, 3 naming the first bad position if not.")

    @OptionGroup var database: DatabaseOptions
    @Option(name: .long, help: "Also require this head hash (64 hex digits) at the head position, e.g. from an earlier audit.")
    var expectHead: String?

    func run() async throws {
        try await reportingErrors {
            let store = try database.store()
            let progress = ProgressLine(label: "verified")
            let result = try await store.verifyChain { progress.update($0) }
            progress.finish()
            switch result {
            case .verified(let head):
                if let expectHead, expectHead.lowercased() != head.hash.hex {
                    throw UserError(description: "the chain holds but its head hash \(head.hash.hex) differs from the expected \(expectHead)", exitCode: ExitStatus.chainBroken)
                }
                print("verified \(head.eventCount) events: chain intact, head position \(head.position), head hash \(head.hash.hex)")
            case .broken(let failure):
                throw UserError(description: "hash chain broken at \(failure)", exitCode: ExitStatus.chainBroken)
            }
        }
    }
}

/// A one-line progress counter on a terminal's stderr; silent when stderr is not a terminal.
final class ProgressLine {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private var lastDraw = Date.distantPast

    init(label: String) {
        self.label = label
    }

    func update(_ count: Int64) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        FileHandle.standardError.write(Data("\r\(label) \(count) events…".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
