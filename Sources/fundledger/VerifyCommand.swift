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
            let total = try await store.head().eventCount
            let progress = ProgressBar(label: "verify")
            let result = try await store.verifyChain { progress.update(done: $0, total: max(total, $0)) }
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
