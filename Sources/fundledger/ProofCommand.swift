import Reporting
import Recording
import ArgumentParser
import EventStore
import Foundation
import PostgresEventStore

/// `fundledger proof inclusion|consistency`: Merkle proofs over the log (RFC 9162), as JSON.
struct ProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Print a Merkle inclusion or consistency proof over the log, as JSON (docs/verification.md).",
        subcommands: [Inclusion.self, Consistency.self, Organisation.self])

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
                let proof = try await database.store().inclusionProof(position: position, treeSize: treeSize)
                print(try JSONText.sortedLine(proof))
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
                let proof = try await database.store().consistencyProof(first: from, second: to)
                print(try JSONText.sortedLine(proof))
            }
        }
    }

    struct Organisation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One organisation's events with an inclusion proof each, for its auditor (JSON lines).",
            discussion: """
                Line 1: {"format":"fundledger-evidence","format_version":1,"organisation_id",…,"tree_size","root_hash","event_count"}; \
                then each event of the organisation among the first N as an export line with its "audit_path". \
                `tools/verify_export.py --evidence FILE --checkpoint NOTE --public-key PEM` checks it without the rest of the log.
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(name: .long, help: "The organisation number whose events to prove.")
        var organisation: String
        @Option(name: .customLong("tree-size"), help: "The tree's size, e.g. a signed checkpoint's (default: the head).")
        var treeSize: Int64?
        @Option(name: [.short, .long], help: "Write the evidence here (default: standard output).")
        var output: String?

        func run() async throws {
            try await reportingErrors {
                let file = try OutputFile.optional(output, option: "--output")
                let evidence = try await database.store().organisationEvidence(organisation, treeSize: treeSize)
                let text = try evidence.jsonLines()
                if let file { try file.write(Data(text.utf8)) } else { print(text, terminator: "") }
            }
        }
    }
}
