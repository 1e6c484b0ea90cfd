import EventStore
import Foundation
import FundLedger

/// A deterministic, plausible ledger for tests and benchmarks: organisations with departments, funds with
/// capital, and initiatives that are applied for, decided, disbursed to, save money (some of it attributed to
/// other departments), repay, get waivers, measure outcomes, close, and now and then have a disbursement
/// reversed. The same seed always gives the same events (ids included), written past the command handler
/// straight into a store, in batches, so a million events never sit in memory at once.
public struct SyntheticLedger: Sendable {
    public var seed: UInt64
    public var funds: Int
    public var initiativesPerFund: Int
    /// Extra small repayments per initiative: more events without more funds, initiatives or savings (for
    /// showing what grows with the number of events and what with the number of initiatives).
    public var extraRepaymentsPerInitiative: Int

    public init(seed: UInt64, funds: Int, initiativesPerFund: Int, extraRepaymentsPerInitiative: Int = 0) {
        self.seed = seed
        self.funds = funds
        self.initiativesPerFund = initiativesPerFund
        self.extraRepaymentsPerInitiative = extraRepaymentsPerInitiative
    }

    /// About how many events this ledger has (≈ 13 per initiative).
    public var approximateEventCount: Int { funds * (initiativesPerFund * 13 + 3) }

    /// The ledger sized to about `events` events with 100 initiatives per fund.
    public static func sized(events: Int, seed: UInt64 = 42) -> SyntheticLedger {
        let perFund = 100 * 13 + 3
        return SyntheticLedger(seed: seed, funds: max(1, events / perFund), initiativesPerFund: 100)
    }

    /// About `events` events over a fixed 1 000 initiatives (10 funds of 100): the rest are repayments.
    public static func deep(events: Int, seed: UInt64 = 42) -> SyntheticLedger {
        SyntheticLedger(seed: seed, funds: 10, initiativesPerFund: 100, extraRepaymentsPerInitiative: max(0, events / 1000 - 12))
    }

    /// Every event, in order (for small ledgers).
    public func events() -> [NewEvent] {
        Array(chunks().joined())
    }

    /// Appends the ledger to `store` in batches of about `batchSize` events, generating as it goes.
    public func append(to store: any EventStore, batchSize: Int = 1000) async throws {
        var pending: [NewEvent] = []
        for chunk in chunks() {
            pending += chunk
            while pending.count >= batchSize {
                _ = try await store.append(Array(pending.prefix(batchSize)), expectations: [:])
                pending.removeFirst(batchSize)
            }
        }
        if !pending.isEmpty { _ = try await store.append(pending, expectations: [:]) }
    }

    static let departments = ["BUN", "SOC", "VOF", "KFN", "FK"]

    /// The events one organisation or fund at a time, generated lazily.
    public func chunks() -> some Sequence<[NewEvent]> {
        var random = SplitMix64(seed: seed)
        let organisationsCount = max(1, funds / 10)
        var next = 0
        return AnySequence {
            AnyIterator { () -> [NewEvent]? in
                defer { next += 1 }
                if next < organisationsCount { return organisationEvents(next, random: &random) }
                let fundIndex = next - organisationsCount
                guard fundIndex < funds else { return nil }
                let org = "212000-\(String(format: "%04d", fundIndex % organisationsCount))"
                return fundEvents(fundIndex: fundIndex, org: org, departments: Self.departments, random: &random)
            }
        }
    }

    private func organisationEvents(_ organisation: Int, random: inout SplitMix64) -> [NewEvent] {
        let org = "212000-\(String(format: "%04d", organisation))"
        var events = [event(.organisationRegistered(.init(organisationID: org, name: "Kommun \(organisation)", kind: "kommun")),
                            stream: LedgerStreams.organisation(org), org: org, date: "2021-01-01", random: &random)]
        for code in Self.departments {
            events.append(event(.departmentRegistered(.init(code: code, name: "Förvaltning \(code)", kind: code == "FK" ? .externalActor : .department)),
                                stream: LedgerStreams.organisation(org), org: org, date: "2021-01-01", random: &random))
        }
        return events
    }

    private func fundEvents(fundIndex: Int, org: String, departments: [String], random: inout SplitMix64) -> [NewEvent] {
        let fundID = "fund\(fundIndex)"
        let stream = LedgerStreams.fund(fundID)
        var events: [NewEvent] = []
        func add(_ domainEvent: LedgerEvent, _ date: CivilDate, id: UUID? = nil) {
            events.append(event(domainEvent, stream: stream, org: org, date: date.description, id: id, random: &random))
        }
        let start = CivilDate(year: 2021, month: 1, day: 1)!
        add(.fundEstablished(.init(fundID: fundID, organisationID: org, name: "Fond \(fundIndex)", currency: .sek, policy: FundPolicy())), start)
        let capital = Int64(initiativesPerFund) * 600_000_00
        add(.capitalContributed(.init(amount: Money(ore: capital, currency: .sek), source: "KF")), start)
        for number in 0..<initiativesPerFund {
            let id = "\(fundID)-i\(number)"
            var day = start.daysSinceEpoch + Int(random.next(below: 1500))
            func nextDate() -> CivilDate {
                day += 1 + Int(random.next(below: 90))
                return CivilDate(daysSinceEpoch: day)
            }
            let lead = departments[Int(random.next(below: 4))]
            let partner = departments[(departments.firstIndex(of: lead)! + 1 + Int(random.next(below: 3))) % 4]
            let granted = Int64(100_000 + random.next(below: 4_900_000)) * 100
            add(.applicationSubmitted(.init(
                initiativeID: id, title: "Insats \(number)", departments: [lead, partner], targetGroup: "barn 0–18",
                priorityArea: "skola", requestedPerYear: [YearAmount(year: 2022, amount: Money(ore: granted, currency: .sek))],
                coFinancing: Money(ore: granted / 3, currency: .sek))), nextDate())
            let decidedOn = nextDate()
            let terms: RepaymentModel = switch random.next(below: 3) {
            case 0: .none
            case 1: .shareOfSavings(share: Rate("0.5")!, cap: .disbursed, horizonYears: 5)
            default: .frameReduction(share: Rate("0.25")!, horizonYears: 4)
            }
            add(.investmentDecided(.init(
                initiativeID: id, body: "KS", referenceNumber: "KS \(fundIndex)/\(number)", granted: Money(ore: granted, currency: .sek),
                phasing: [], repaymentTerms: terms, decidedOn: decidedOn)), decidedOn)
            let disbursements = 2 + Int(random.next(below: 3))
            var disbursementIDs: [UUID] = []
            for part in 0..<disbursements {
                let eventID = random.uuid()
                disbursementIDs.append(eventID)
                add(.fundsDisbursed(.init(
                    initiativeID: id, amount: Money(ore: granted / Int64(disbursements), currency: .sek),
                    department: part % 2 == 0 ? lead : partner, voucher: "V\(fundIndex)-\(number)-\(part)")), nextDate(), id: eventID)
            }
            if random.next(below: 10) == 0 {
                add(.eventReversed(.init(reversedEventID: disbursementIDs[0], reversedEventType: FundsDisbursed.eventType)), nextDate())
            }
            if random.next(below: 2) == 0 {
                add(.coFinancingRecorded(.init(initiativeID: id, amount: Money(ore: granted / 4, currency: .sek), contributor: "Region")), nextDate())
            }
            let savings = 1 + Int(random.next(below: 4))
            for index in 0..<savings {
                let from = nextDate()
                let savingID = "\(id)-s\(index)"
                let savingDepartment = departments[Int(random.next(below: 5))]
                let savingEventID = random.uuid()
                add(.savingRealised(.init(
                    savingID: savingID, initiativeID: id, department: savingDepartment,
                    amount: Money(ore: granted / Int64(3 + random.next(below: 5)), currency: .sek), periodStart: from,
                    periodEnd: from.adding(years: 1), evidence: "uppföljning", cashable: random.next(below: 4) != 0)), from,
                    id: savingEventID)
                if random.next(below: 3) == 0 {
                    let attributionID = random.uuid()
                    add(.savingAttributed(.init(savingID: savingID, department: lead, share: Rate("0.4")!)), nextDate(), id: attributionID)
                    if random.next(below: 12) == 0 {
                        add(.eventReversed(.init(reversedEventID: attributionID, reversedEventType: SavingAttributed.eventType)), nextDate())
                    }
                }
                if random.next(below: 25) == 0 {
                    add(.eventReversed(.init(reversedEventID: savingEventID, reversedEventType: SavingRealised.eventType)), nextDate())
                }
            }
            if random.next(below: 2) == 0 {
                let repaymentID = random.uuid()
                add(.repaymentReceived(.init(
                    initiativeID: id, department: partner, amount: Money(ore: granted / 20, currency: .sek), method: .cash)), nextDate(),
                    id: repaymentID)
                if random.next(below: 15) == 0 {
                    add(.eventReversed(.init(reversedEventID: repaymentID, reversedEventType: RepaymentReceived.eventType)), nextDate())
                }
            }
            if random.next(below: 8) == 0 {
                add(.repaymentWaived(.init(initiativeID: id, department: partner, amount: Money(ore: granted / 50, currency: .sek), referenceNumber: "KS W\(number)")), nextDate())
            }
            for extra in 0..<extraRepaymentsPerInitiative {
                add(.repaymentReceived(.init(
                    initiativeID: id, department: extra % 2 == 0 ? lead : partner, amount: Money(ore: 100, currency: .sek),
                    method: .cash)), CivilDate(daysSinceEpoch: day))
            }
            add(.outcomeMeasured(.init(initiativeID: id, indicator: "placeringar", value: String(random.next(below: 40)), period: "2024")), nextDate())
            if random.next(below: 3) == 0 {
                add(.initiativeClosed(.init(initiativeID: id, outcome: .completed)), nextDate())
            }
        }
        return events
    }

    private func event(_ domainEvent: LedgerEvent, stream: String, org: String, date: String, id: UUID? = nil,
                       random: inout SplitMix64) -> NewEvent {
        let eventID = id ?? random.uuid()
        // Generated values always encode; a failure here is a bug in the generator.
        return try! EventCoding.newEvent(
            domainEvent, stream: stream, metadata: EventMetadata(actor: "generator"), effectiveDate: CivilDate(date)!,
            organisationID: org, eventID: eventID)
    }
}
