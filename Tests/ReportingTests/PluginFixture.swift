import EventStore
import Foundation
import FundLedger
import Reporting
import TestSupport

/// Throwaway plugin executables in a fresh temporary folder, and the example plugin shipped in
/// `examples/plugins/`.
struct PluginFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fundledger-plugins-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The folder holding `fundledger-report-event-summary`.
    static let examples = TestServer.repositoryRoot.appendingPathComponent("examples/plugins").path

    /// Writes an executable `fundledger-report-<id>` shell script that describes itself correctly and then
    /// runs `body` for a report. Returns its path.
    @discardableResult
    func shellPlugin(_ id: String, _ body: String) throws -> String {
        let script = """
            #!/bin/sh
            if [ "$1" = "--describe" ]; then
              echo '{"protocol_version": 1, "id": "\(id)", "summary": "a test plugin", "parameters": []}'
              exit 0
            fi
            \(body)

            """
        return try write("fundledger-report-\(id)", script)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Tomelilla-style events appended directly (the plugin only counts them; the rules are tested elsewhere):
/// 10 MSEK capital and two disbursements in `fund-a` in 2025, one disbursement in `fund-b` in 2026, and an
/// administrator's note that is not a domain event.
func appendSampleEvents(to store: any EventStore) async throws {
    let metadata = EventMetadata(actor: "controller@tomelilla.se")
    func event(_ payload: any DomainEvent, _ stream: String, _ date: String) throws -> NewEvent {
        try EventCoding.newEvent(LedgerEvent(payload), stream: stream, metadata: metadata, effectiveDate: CivilDate(date)!,
                                 organisationID: "212000-1124")
    }
    _ = try await store.append([
        try event(CapitalContributed(amount: Money(kronor: 10_000_000, currency: .sek), source: "KF 2025/12"), "fund-a", "2025-01-02"),
        try event(FundsDisbursed(initiativeID: "tidiga-insatser", amount: Money(kronor: 1_500_000, currency: .sek), department: "BUN",
                                 voucher: "V-100"), "fund-a", "2025-03-01"),
        try event(FundsDisbursed(initiativeID: "tidiga-insatser", amount: Money(kronor: 250_000, currency: .sek), department: "BUN",
                                 voucher: "V-120"), "fund-a", "2025-09-01"),
    ], expectations: [:])
    _ = try await store.append([
        try event(FundsDisbursed(initiativeID: "familj", amount: Money(kronor: 1_000_000, currency: .sek), department: "SOC",
                                 voucher: "V-7"), "fund-b", "2026-02-01"),
        testEvent("audit-2026", "AuditNoteRecorded", payload: #"{"note": "Årsrevision"}"#),
    ], expectations: [:])
}
