import Foundation

extension Migrator {
    /// The migrations `fundledger migrate` applies: the `NNNN_name.sql` files of `directory` (`--schema-dir`)
    /// or else of `$FUNDLEDGER_SCHEMA_DIR` when one is named (a schema under development), else those
    /// embedded in the binary.
    public static func chosen(directory: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Migrator {
        if let directory { return try load(from: URL(fileURLWithPath: directory)) }
        if let folder = environment["FUNDLEDGER_SCHEMA_DIR"], !folder.isEmpty { return try load(from: URL(fileURLWithPath: folder)) }
        return embedded()
    }
}
