import Recording
import ArgumentParser
import EventStore
import Foundation

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

    /// The anchors by position; a usage error names the one that is malformed or given twice.
    func parsedAnchors() throws -> [Int64: ChainHash] {
        var anchors: [Int64: ChainHash] = [:]
        for text in anchor {
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let position = Int64(parts[0]), position >= 1,
                let hash = ChainHash(hex: parts[1].lowercased())
            else {
                throw ValidationError("--anchor must be POSITION:HASH, a position of 1 or more and 64 hexadecimal digits, got \(Identifier.quoted(text))")
            }
            if let earlier = anchors[position], earlier != hash {
                throw ValidationError("--anchor gives position \(position) two different hashes")
            }
            anchors[position] = hash
        }
        return anchors
    }

    func run() async throws {
        try await reportingErrors {
            let anchors = try parsedAnchors()
            let store = try database.store()
            let total = try await store.head().eventCount
            let progress = ProgressBar(label: "verify")
            var anchorFailure: String?
            let result = try await store.verifyChain(
                onEvent: { event in
                    if anchorFailure == nil, let expected = anchors[event.globalPosition], expected != event.hash {
                        anchorFailure = "the event at position \(event.globalPosition) has hash \(event.hash.hex), not the anchored \(expected.hex)"
                    }
                },
                progress: { progress.update(done: $0, total: max(total, $0)) })
            progress.finish()
            switch result {
            case .verified(let head):
                try Self.check(head, anchors: anchors, anchorFailure: anchorFailure, expectHead: expectHead)
                let anchored = anchors.isEmpty ? "" : ", \(anchors.count) anchor\(anchors.count == 1 ? "" : "s") match"
                print("verified \(head.eventCount) events: chain intact\(anchored), head position \(head.position), head hash \(head.hash.hex)")
            case .broken(let failure):
                throw UserError(description: "hash chain broken at \(failure)", exitCode: ExitStatus.chainBroken)
            }
        }
    }

    /// A chain that holds can still differ from what an auditor saw: an anchor that moved or vanished,
    /// or another head than expected (exit 3).
    static func check(_ head: LedgerHead, anchors: [Int64: ChainHash], anchorFailure: String?, expectHead: String?) throws {
        if let anchorFailure {
            throw UserError(description: "the chain holds but was rewritten since the audit: \(anchorFailure)", exitCode: ExitStatus.chainBroken)
        }
        if let missing = anchors.keys.filter({ $0 > head.position }).min() {
            throw UserError(
                description: "anchored position \(missing) is beyond the head (position \(head.position)): events were removed since the audit",
                exitCode: ExitStatus.chainBroken)
        }
        if let expectHead, expectHead.lowercased() != head.hash.hex {
            throw UserError(description: "the chain holds but its head hash \(head.hash.hex) differs from the expected \(expectHead)", exitCode: ExitStatus.chainBroken)
        }
    }
}
