import Reporting
import Recording
import ArgumentParser
import EventStore
import Foundation
import PostgresEventStore

/// `fundledger export`: writes the log as verifiable JSON lines.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every event, with hashes, as JSON lines (docs/verification.md); verify with tools/verify_export.py.")

    @OptionGroup var database: DatabaseOptions
    @Option(name: [.short, .long], help: "Output file (written whole or not at all); default stdout.")
    var output: String?
    @Flag(name: .long, help: "Write the export even if the stored chain is broken, its header saying where (forensics; such a file never imports).")
    var allowBroken = false

    func run() async throws {
        try await reportingErrors {
            let file = try OutputFile.optional(output, option: "--output")
            let store = try database.store()
            try await store.requireWholeLog(for: "export", suggestingProofs: true)
            let head = try await LedgerExport.write(
                from: store, to: file, exportedAt: InMemoryEventStore.systemClock(), allowBroken: allowBroken)
            if let output {
                FileHandle.standardError.write(Data("exported \(head.eventCount) events to \(Identifier.printable(output)), head position \(head.position), head hash \(head.hash.hex)\n".utf8))
            }
        }
    }
}

/// `fundledger import`: restores an export into an empty store.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Restore an export into an empty event store, verifying the whole chain first (all or nothing).",
        discussion: "Runs as the database owner: the writer and auditor roles cannot restore.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Export file; '-' reads stdin.")
    var file: String

    func run() async throws {
        try await reportingErrors {
            let (header, lines) = try LedgerExport.readVerified(try readInput(file))
            let pool = try await database.writingPool(connectionCountMax: 1)
            let position = try await LedgerExport.restore(lines: lines, into: pool)
            print("imported \(lines.count) events up to position \(position), head hash \(header.headHash.isEmpty ? ChainHash.zero.hex : header.headHash)")
        }
    }
}
