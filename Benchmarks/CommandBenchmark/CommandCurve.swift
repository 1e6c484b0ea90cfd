import BenchmarkSupport
import EventStore
import Foundation
import FundLedger
import Postgres
import PostgresEventStore
import PrivateCluster

/// One command's cost at growing fund histories, with and without snapshots, on a private database.
struct CommandCurve {
    var sizes: [Int]
    static let organisationID = "212000-1124"
    static let fundID = "bench"
    static let timedCommandCount = 30
    static let baselineCommandCount = 3
    static let baselineSizeMax = 100_000

    func run() async throws {
        let conninfo = try await Self.prepareDatabase()
        let pool = ConnectionPool(conninfo: conninfo, connectionCountMax: 2)
        let store = PostgresEventStore(pool: pool)
        try await Self.establish(LedgerService(store: store))
        print("FundLedger command benchmark: one `fund contribute` on a fund whose stream holds N events (release build)")
        print("")
        print("| events on the fund | first command after the bulk append | command, snapshots | ÷ at \(sizes.first ?? 0) | command, whole stream | ÷ at \(sizes.first ?? 0) |")
        print("|---:|---:|---:|---:|---:|---:|")
        var first: (snapshot: Double, whole: Double?)?
        var appended = try await store.streamVersion(LedgerStreams.fund(Self.fundID)) ?? 0
        for size in sizes {
            appended += try await Self.grow(store, by: Int64(size) - appended, from: appended)
            let service = LedgerService(store: store)
            let warmUp = try await timed { try await Self.contribute(service) }
            var times: [Double] = []
            for _ in 0..<Self.timedCommandCount { times.append(try await timed { try await Self.contribute(service) }) }
            var whole: Double?
            if size <= Self.baselineSizeMax {
                let unsnapshotted = LedgerService(store: store, snapshotInterval: 0)
                var baseline: [Double] = []
                for _ in 0..<Self.baselineCommandCount { baseline.append(try await timed { try await Self.contribute(unsnapshotted) }) }
                whole = median(baseline)
            }
            appended = try await store.streamVersion(LedgerStreams.fund(Self.fundID)) ?? appended
            let current = (median(times), whole)
            if first == nil { first = current }
            let wholeText = whole.map(milliseconds) ?? "—"
            let wholeRatio = whole.flatMap { value in first?.whole.map { String(format: "%.2f×", value / $0) } } ?? "—"
            print("| \(size) | \(milliseconds(warmUp)) | \(milliseconds(current.0)) | \(String(format: "%.2f×", current.0 / first!.snapshot)) | \(wholeText) | \(wholeRatio) |")
        }
        await pool.closeAll()
    }

    static func contribute(_ service: LedgerService) async throws {
        try await service.record(CommandEnvelope(
            .contributeCapital(fundID: fundID, amount: Money(ore: 100, currency: .sek), source: "benchmark"),
            actor: "benchmark", effectiveDate: CivilDate("2026-01-02")!))
    }

    static func establish(_ service: LedgerService) async throws {
        let date = CivilDate("2026-01-01")!
        try await service.record(CommandEnvelope(.registerOrganisation(id: organisationID, name: "Eslöv", kind: "kommun"), actor: "benchmark", effectiveDate: date))
        try await service.record(CommandEnvelope(
            .establishFund(fundID: fundID, organisationID: organisationID, name: "Bench", currency: .sek, policy: FundPolicy()),
            actor: "benchmark", effectiveDate: date))
    }

    /// Appends `count` contributions to the fund past the rules, 1 000 per append.
    static func grow(_ store: PostgresEventStore, by count: Int64, from version: Int64) async throws -> Int64 {
        guard count > 0 else { return 0 }
        let event = try EventCoding.newEvent(
            .capitalContributed(.init(amount: Money(ore: 100, currency: .sek), source: "import")), stream: LedgerStreams.fund(fundID),
            metadata: EventMetadata(actor: "benchmark"), effectiveDate: CivilDate("2026-01-02")!, organisationID: organisationID)
        var left = count
        while left > 0 {
            let batch = Int(min(left, 1000))
            let events = (0..<batch).map { _ in
                var copy = event
                copy.eventID = UUID()
                return copy
            }
            _ = try await store.append(events, expectations: [:])
            left -= Int64(batch)
        }
        return count
    }

    static func prepareDatabase() async throws -> String {
        try await BenchmarkDatabase.recreate("fundledger_bench_commands")
    }
}
