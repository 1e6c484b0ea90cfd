import EventStore
import Foundation
import FundLedger
import Memberwise

/// A deterministic, plausible ledger for tests and benchmarks: organisations with departments, funds with
/// capital, and initiatives that are applied for, decided, disbursed to, save money (some of it attributed to
/// other departments), repay, get waivers, measure outcomes, close, and now and then have a disbursement
/// reversed. The same seed always gives the same events (ids included), written past the command handler
/// straight into a store, in batches, so a million events never sit in memory at once.
@PublicMemberwiseInit
public struct SyntheticLedger: Sendable {
    public var seed: UInt64
    public var funds: Int
    public var initiativesPerFund: Int
    /// Extra small repayments per initiative: more events without more funds, initiatives or savings (for
    /// showing what grows with the number of events and what with the number of initiatives).
    public var extraRepaymentsPerInitiative: Int = 0

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
        var events = [Self.event(.organisationRegistered(.init(organisationID: org, name: "Kommun \(organisation)", kind: "kommun")),
                            stream: LedgerStreams.organisation(org), org: org, date: "2021-01-01", random: &random)]
        for code in Self.departments {
            events.append(Self.event(.departmentRegistered(.init(code: code, name: "Förvaltning \(code)", kind: code == "FK" ? .externalActor : .department)),
                                stream: LedgerStreams.organisation(org), org: org, date: "2021-01-01", random: &random))
        }
        return events
    }

    /// One fund's events: establishment, capital, and `initiativesPerFund` initiatives.
    ///
    /// The helpers below draw from `random` in exactly the order the events are generated; the same seed must
    /// keep giving the same ledger, so their calls (and the draws inside each event) must not be reordered.
    private func fundEvents(fundIndex: Int, org: String, departments: [String], random: inout SplitMix64) -> [NewEvent] {
        let fundID = "fund\(fundIndex)"
        var script = FundScript(fundID: fundID, fundIndex: fundIndex, org: org, departments: departments, random: random)
        defer { random = script.random }
        let start = CivilDate(year: 2021, month: 1, day: 1)!
        script.add(.fundEstablished(.init(fundID: fundID, organisationID: org, name: "Fond \(fundIndex)", currency: .sek, policy: FundPolicy())), start)
        let capital = Int64(initiativesPerFund) * 600_000_00
        script.add(.capitalContributed(.init(amount: Money(ore: capital, currency: .sek), source: "KF")), start)
        for number in 0..<initiativesPerFund {
            script.day = start.daysSinceEpoch + Int(script.random.next(below: 1500))
            let initiative = script.applyAndDecide(number: number)
            script.disburse(initiative)
            script.realiseSavings(initiative)
            script.repay(initiative, extraRepayments: extraRepaymentsPerInitiative)
            script.measureAndClose(initiative)
        }
        return script.events
    }

    /// One initiative as the generator drew it.
    private struct Initiative {
        var id: String
        var number: Int
        var lead: String
        var partner: String
        /// Öre.
        var granted: Int64
    }

    /// One fund's events as they are generated: the random source, the events so far and the current
    /// initiative's latest date.
    private struct FundScript {
        let fundID: String
        let fundIndex: Int
        let org: String
        let departments: [String]
        var random: SplitMix64
        var events: [NewEvent] = []
        /// The current initiative's latest date, in days since the epoch.
        var day = 0

        init(fundID: String, fundIndex: Int, org: String, departments: [String], random: SplitMix64) {
            self.fundID = fundID
            self.fundIndex = fundIndex
            self.org = org
            self.departments = departments
            self.random = random
        }

        mutating func add(_ domainEvent: LedgerEvent, _ date: CivilDate, id: UUID? = nil) {
            events.append(SyntheticLedger.event(
                domainEvent, stream: LedgerStreams.fund(fundID), org: org, date: date.description, id: id, random: &random))
        }

        /// A date 1 to 90 days after the current initiative's latest.
        mutating func nextDate() -> CivilDate {
            day += 1 + Int(random.next(below: 90))
            return CivilDate(daysSinceEpoch: day)
        }

        /// The application and the decision, with the initiative's departments, amount and repayment terms.
        mutating func applyAndDecide(number: Int) -> Initiative {
            let id = "\(fundID)-i\(number)"
            let lead = departments[Int(random.next(below: 4))]
            let partner = departments[(departments.firstIndex(of: lead)! + 1 + Int(random.next(below: 3))) % 4]
            let granted = Int64(100_000 + random.next(below: 4_900_000)) * 100
            let submittedOn = nextDate()
            add(.applicationSubmitted(.init(
                initiativeID: id, title: "Insats \(number)", departments: [lead, partner], targetGroup: "barn 0–18",
                priorityArea: "skola", requestedPerYear: [YearAmount(year: 2022, amount: Money(ore: granted, currency: .sek))],
                coFinancing: Money(ore: granted / 3, currency: .sek))), submittedOn)
            let decidedOn = nextDate()
            let terms: RepaymentModel = switch random.next(below: 3) {
            case 0: .none
            case 1: .shareOfSavings(share: Rate("0.5")!, cap: .disbursed, horizonYears: 5)
            default: .frameReduction(share: Rate("0.25")!, horizonYears: 4)
            }
            add(.investmentDecided(.init(
                initiativeID: id, body: "KS", referenceNumber: "KS \(fundIndex)/\(number)", granted: Money(ore: granted, currency: .sek),
                phasing: [], repaymentTerms: terms, decidedOn: decidedOn)), decidedOn)
            return Initiative(id: id, number: number, lead: lead, partner: partner, granted: granted)
        }

        /// Two to four disbursements (the first now and then reversed), and sometimes co-financing.
        mutating func disburse(_ initiative: Initiative) {
            let disbursements = 2 + Int(random.next(below: 3))
            var disbursementIDs: [UUID] = []
            for part in 0..<disbursements {
                let eventID = random.uuid()
                disbursementIDs.append(eventID)
                let date = nextDate()
                add(.fundsDisbursed(.init(
                    initiativeID: initiative.id, amount: Money(ore: initiative.granted / Int64(disbursements), currency: .sek),
                    department: part % 2 == 0 ? initiative.lead : initiative.partner,
                    voucher: "V\(fundIndex)-\(initiative.number)-\(part)")), date, id: eventID)
            }
            if random.next(below: 10) == 0 {
                let date = nextDate()
                add(.eventReversed(.init(reversedEventID: disbursementIDs[0], reversedEventType: FundsDisbursed.eventType)), date)
            }
            if random.next(below: 2) == 0 {
                let date = nextDate()
                add(.coFinancingRecorded(.init(
                    initiativeID: initiative.id, amount: Money(ore: initiative.granted / 4, currency: .sek), contributor: "Region")), date)
            }
        }

        /// One to four savings, some attributed to the lead department, now and then reversed.
        mutating func realiseSavings(_ initiative: Initiative) {
            let savings = 1 + Int(random.next(below: 4))
            for index in 0..<savings {
                let from = nextDate()
                let savingID = "\(initiative.id)-s\(index)"
                let savingDepartment = departments[Int(random.next(below: 5))]
                let savingEventID = random.uuid()
                // The divisor is drawn before `cashable`, as the arguments are evaluated left to right.
                let divisor = Int64(3 + random.next(below: 5))
                let cashable = random.next(below: 4) != 0
                add(.savingRealised(.init(
                    savingID: savingID, initiativeID: initiative.id, department: savingDepartment,
                    amount: Money(ore: initiative.granted / divisor, currency: .sek), periodStart: from,
                    periodEnd: from.adding(years: 1), evidence: "uppföljning", cashable: cashable)), from,
                    id: savingEventID)
                if random.next(below: 3) == 0 {
                    let attributionID = random.uuid()
                    let date = nextDate()
                    add(.savingAttributed(.init(savingID: savingID, department: initiative.lead, share: Rate("0.4")!)), date, id: attributionID)
                    if random.next(below: 12) == 0 {
                        let date = nextDate()
                        add(.eventReversed(.init(reversedEventID: attributionID, reversedEventType: SavingAttributed.eventType)), date)
                    }
                }
                if random.next(below: 25) == 0 {
                    let date = nextDate()
                    add(.eventReversed(.init(reversedEventID: savingEventID, reversedEventType: SavingRealised.eventType)), date)
                }
            }
        }

        /// Sometimes a repayment (now and then reversed) and a waiver, then `extraRepayments` small repayments.
        mutating func repay(_ initiative: Initiative, extraRepayments: Int) {
            let (id, lead, partner, granted) = (initiative.id, initiative.lead, initiative.partner, initiative.granted)
            if random.next(below: 2) == 0 {
                let repaymentID = random.uuid()
                let date = nextDate()
                add(.repaymentReceived(.init(
                    initiativeID: id, department: partner, amount: Money(ore: granted / 20, currency: .sek), method: .cash)), date,
                    id: repaymentID)
                if random.next(below: 15) == 0 {
                    let date = nextDate()
                    add(.eventReversed(.init(reversedEventID: repaymentID, reversedEventType: RepaymentReceived.eventType)), date)
                }
            }
            if random.next(below: 8) == 0 {
                let date = nextDate()
                add(.repaymentWaived(.init(
                    initiativeID: id, department: partner, amount: Money(ore: granted / 50, currency: .sek),
                    referenceNumber: "KS W\(initiative.number)")), date)
            }
            for extra in 0..<extraRepayments {
                add(.repaymentReceived(.init(
                    initiativeID: id, department: extra % 2 == 0 ? lead : partner, amount: Money(ore: 100, currency: .sek),
                    method: .cash)), CivilDate(daysSinceEpoch: day))
            }
        }

        /// The outcome measurement, and sometimes the closing.
        mutating func measureAndClose(_ initiative: Initiative) {
            // The value is drawn before the date, as the arguments are evaluated left to right.
            let value = String(random.next(below: 40))
            let measuredOn = nextDate()
            add(.outcomeMeasured(.init(initiativeID: initiative.id, indicator: "placeringar", value: value, period: "2024")), measuredOn)
            if random.next(below: 3) == 0 {
                let date = nextDate()
                add(.initiativeClosed(.init(initiativeID: initiative.id, outcome: .completed)), date)
            }
        }
    }

    fileprivate static func event(_ domainEvent: LedgerEvent, stream: String, org: String, date: String, id: UUID? = nil,
                       random: inout SplitMix64) -> NewEvent {
        let eventID = id ?? random.uuid()
        // Generated values always encode; a failure here is a bug in the generator.
        return try! EventCoding.newEvent(
            domainEvent, stream: stream, metadata: EventMetadata(actor: "generator"), effectiveDate: CivilDate(date)!,
            organisationID: org, eventID: eventID)
    }
}
