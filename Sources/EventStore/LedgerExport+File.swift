extension LedgerExport {
    /// Writes the export of `store` (`write`) to `file`, whole or not at all, or without one to standard
    /// output; a file is removed again if the export fails.
    @discardableResult
    public static func write(
        from store: any EventStore, to file: OutputFile?, exportedAt: Timestamp, allowBroken: Bool = false
    ) async throws -> LedgerHead {
        let sink = try LineSink(file)
        do {
            let head = try await write(from: store, exportedAt: exportedAt, allowBroken: allowBroken) { try sink.write($0) }
            try sink.finish()
            return head
        } catch {
            sink.abandon()
            throw error
        }
    }
}
