import EventStore

/// The ledger's most frequent snapshot values — initiatives, their savings, amounts — written straight into
/// the buffer instead of through `Codable`'s containers, which spent most of a large snapshot's time in
/// generic dispatch and boxes rather than in writing.
///
/// The bytes are exactly those of the values' `Codable` encoding (the same keys in the same order, an
/// absent optional left out as `encodeIfPresent` leaves it), so the format and its reader do not change:
/// `SnapshotFastPathTests` holds every value here to `Codable`'s bytes. A value without a fast path here,
/// such as an initiative's application or decision, is written through `Codable` inside the fast one.
extension SnapshotWriter {
    /// Writes `value` directly when its type has a fast path; false (nothing written) otherwise.
    func writeLedgerValue<T>(_ value: T) throws -> Bool {
        // Metadata comparisons, as in `encodeValue`: a generic `T` reaches here unspecialized.
        if T.self == InitiativeState.self {
            try write(value as! InitiativeState)
        } else if T.self == Money.self {
            try write(value as! Money)
        } else if T.self == SavingState.self {
            try write(value as! SavingState)
        } else {
            return false
        }
        return true
    }

    /// A keyed container holding what `body` writes; `body` starts each entry with `key(_:in:)`.
    func keyedContainer(_ body: (Int) throws -> Void) throws {
        let id = openContainer()
        try body(id)
        try closeContainer(id)
    }

    /// Starts an entry of container `id`: closes what the entry before it left open, then writes the key.
    func key(_ name: String, in id: Int) throws {
        try resume(id)
        writeRaw(name)
    }

    func write(_ money: Money) throws {
        // A container of its own, closed at once: nothing written inside it can be left open.
        let id = openContainer()
        writeRaw("ore")
        write(money.ore)
        writeRaw("currency")
        write(money.currency.code)
        try closeContainer(id)
    }

    /// A `[String: Money]`, as `Dictionary`'s `Codable` writes it: a keyed container, one entry per key.
    func write(_ amounts: [String: Money]) throws {
        let id = openContainer()
        for (key, money) in amounts {
            writeRaw(key)
            try write(money)
        }
        try closeContainer(id)
    }

    func write(_ initiative: InitiativeState) throws {
        try keyedContainer { id in
            try key("id", in: id)
            write(initiative.id)
            try key("application", in: id)
            try encodeValue(initiative.application)
            try key("status", in: id)
            write(initiative.status.rawValue)
            if let assessment = initiative.assessment {
                try key("assessment", in: id)
                try encodeValue(assessment)
            }
            if let decision = initiative.decision {
                try key("decision", in: id)
                try encodeValue(decision)
            }
            if let rejection = initiative.rejection {
                try key("rejection", in: id)
                try encodeValue(rejection)
            }
            try writeAmounts(of: initiative, in: id)
            if let closing = initiative.closing {
                try key("closing", in: id)
                try encodeValue(closing)
            }
        }
    }

    /// An initiative's entries from `granted` to `outcomes`, in their declaration order.
    private func writeAmounts(of initiative: InitiativeState, in id: Int) throws {
        try key("granted", in: id)
        try write(initiative.granted)
        try key("disbursed", in: id)
        try write(initiative.disbursed)
        try key("disbursedByDepartment", in: id)
        try write(initiative.disbursedByDepartment)
        try key("coFinancing", in: id)
        try write(initiative.coFinancing)
        try key("savings", in: id)
        let savings = openContainer()
        for (savingID, saving) in initiative.savings {
            writeRaw(savingID)
            try write(saving)
        }
        try closeContainer(savings)
        try key("dues", in: id)
        try write(initiative.dues)
        try key("repaidByDepartment", in: id)
        try write(initiative.repaidByDepartment)
        try key("waivedByDepartment", in: id)
        try write(initiative.waivedByDepartment)
        try key("outcomes", in: id)
        try encodeValue(initiative.outcomes)
    }

    func write(_ dues: RepaymentDues) throws {
        try keyedContainer { id in
            try key("byDepartment", in: id)
            let byDepartment = openContainer()
            for (department, ore) in dues.byDepartment {
                writeRaw(department)
                write(ore)
            }
            try closeContainer(byDepartment)
            try key("total", in: id)
            write(dues.total)
            try key("uncapped", in: id)
            write(dues.uncapped)
            try key("nextSequence", in: id)
            write(dues.nextSequence)
        }
    }

    /// As `SavingState.encode(to:)` writes it.
    func write(_ state: SavingState) throws {
        try keyedContainer { id in
            try key("saving", in: id)
            try write(state.saving)
            try key("attributions", in: id)
            let attributions = openContainer()
            for attribution in state.attributions {
                let entry = openContainer()
                writeRaw("department")
                write(attribution.department)
                writeRaw("share")
                write(attribution.share.description)
                try closeContainer(entry)
            }
            try closeContainer(attributions)
            try key("sequence", in: id)
            write(state.sequence)
            try key("due", in: id)
            write(state.due)
            try key("due_remainder", in: id)
            write(state.dueRemainder)
        }
    }

    func write(_ saving: SavingRealised) throws {
        let id = openContainer()
        writeRaw("savingID")
        write(saving.savingID)
        writeRaw("initiativeID")
        write(saving.initiativeID)
        writeRaw("department")
        write(saving.department)
        writeRaw("amount")
        try write(saving.amount)
        writeRaw("periodStart")
        write(saving.periodStart.description)
        writeRaw("periodEnd")
        write(saving.periodEnd.description)
        writeRaw("evidence")
        write(saving.evidence)
        writeRaw("cashable")
        write(saving.cashable)
        try closeContainer(id)
    }
}
