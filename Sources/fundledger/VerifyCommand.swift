import Recording
import ArgumentParser
import EventStore
import Foundation
import Reporting

/// `fundledger verify`: recomputes the hash chain.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the whole hash chain; exit 0 if it holds, 3 naming the first bad position if not.",
        discussion: """
            --anchor POSITION:HASH (repeatable) checks hashes kept from an earlier audit: the event at POSITION \
            must still have HASH, however many events were appended since. --expect-head HASH requires HASH \
            to be the current head. A malformed hash or position is a usage error (64), never a broken chain.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(name: .long, help: "Also require this head hash (64 hex digits) at the head position, e.g. from an earlier audit.")
    var expectHead: String?
    @Option(name: .long, help: "POSITION:HASH from an earlier audit (repeatable): the event at POSITION must still have HASH (64 hex digits).")
    var anchor: [String] = []

    func validate() throws {
        if let expectHead, ChainHash(hex: expectHead.lowercased()) == nil {
            throw ValidationError("--expect-head must be 64 hexadecimal digits (a head hash from `verify` or `status`), got \(Identifier.quoted(expectHead))")
        }
        _ = try parsedAnchors()
    }

    /// The anchors and the expected head; a usage error names the anchor that is malformed or given twice.
    func parsedAnchors() throws -> ChainAnchors {
        var anchors = ChainAnchors()
        for text in anchor {
            do { try anchors.add(text) } catch { throw ValidationError("--anchor \(error.message)") }
        }
        anchors.expectedHead = expectHead.flatMap { ChainHash(hex: $0.lowercased()) }
        return anchors
    }

    func run() async throws {
        try await reportingErrors {
            var anchors = try parsedAnchors()
            let store = try database.store()
            try await store.requireWholeLog(for: "verify", suggestingProofs: true)
            let total = try await store.head().eventCount
            let progress = ProgressBar(label: "verify")
            let result = try await store.verifyChain(
                onEvent: { anchors.observe($0) }, progress: { progress.update(done: $0, total: max(total, $0)) })
            progress.finish()
            switch result {
            case .verified(let head):
                if let discrepancy = anchors.discrepancy(head: head) {
                    throw UserError(description: discrepancy, exitCode: ExitStatus.chainBroken)
                }
                let count = anchors.hashes.count
                let anchored = count == 0 ? "" : ", \(count) anchor\(count == 1 ? "" : "s") match"
                print("verified \(head.eventCount) events: chain intact\(anchored), head position \(head.position), head hash \(head.hash.hex)")
            case .broken(let failure):
                throw UserError(description: "hash chain broken at \(failure)", exitCode: ExitStatus.chainBroken)
            }
        }
    }
}
