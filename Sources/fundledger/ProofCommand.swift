import ArgumentParser
import EventStore
import Foundation

/// `fundledger proof inclusion|consistency`: Merkle proofs over the log (RFC 9162), as JSON.
struct ProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Print a Merkle inclusion or consistency proof over the log, as JSON (docs/verification.md).",
        subcommands: [Inclusion.self, Consistency.self])

    struct Inclusion: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove that the event at a position is in the tree of the first N events.",
            discussion: "Prints position, leaf_index, tree_size, event_hash, root_hash and audit_path (hex).")

        @OptionGroup var database: DatabaseOptions
        @Option(name: .long, help: "The event's position in the log.")
        var position: Int64
        @Option(name: .customLong("tree-size"), help: "The tree's size, e.g. a signed checkpoint's (default: the head).")
        var treeSize: Int64?

        func run() async throws {
            try await reportingErrors {
                let proof = try await provingRange { try await database.store().inclusionProof(position: position, treeSize: treeSize) }
                print(try ProofCommand.json(proof))
            }
        }
    }

    struct Consistency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove that the tree of the first M events is a prefix of the tree of the first N.",
            discussion: "Prints first, second, first_root_hash, second_root_hash and proof (hex).")

        @OptionGroup var database: DatabaseOptions
        @Option(name: .long, help: "M: the earlier tree's size, e.g. the checkpoint an auditor kept.")
        var from: Int64
        @Option(name: .long, help: "N: the later tree's size (default: the head).")
        var to: Int64?

        func run() async throws {
            try await reportingErrors {
                let proof = try await provingRange { try await database.store().consistencyProof(first: from, second: to) }
                print(try ProofCommand.json(proof))
            }
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// A position or size beyond the log is a usage error (64) naming the option.
private func provingRange<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as MerkleRangeError {
        throw UserError(description: error.description, exitCode: ExitStatus.usage)
    }
}
