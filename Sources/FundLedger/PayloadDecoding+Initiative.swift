import EventStore

// Hand-written payload decoding (see PayloadReader.swift) for the initiative events, savings and repayments.

extension YearAmount: PayloadReadable {
    private static let fields = PayloadFields("year", "amount")

    init(reading reader: inout PayloadReader) throws {
        var year: Int?, amount: Money?
        try reader.readObject(Self.fields) { field, reader in
            if field == 0 { year = try reader.readInt() } else { amount = try reader.read() }
        }
        self.init(year: try Self.fields.required(year, 0), amount: try Self.fields.required(amount, 1))
    }
}

extension ExpectedSaving: PayloadReadable {
    private static let fields = PayloadFields("department", "year", "amount")

    init(reading reader: inout PayloadReader) throws {
        var department: String?, year: Int?, amount: Money?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: department = try reader.readString()
            case 1: year = try reader.readInt()
            default: amount = try reader.read()
            }
        }
        let f = Self.fields
        self.init(department: try f.required(department, 0), year: try f.required(year, 1), amount: try f.required(amount, 2))
    }
}

extension Partner: PayloadReadable {
    private static let fields = PayloadFields("name", "non_profit")

    init(reading reader: inout PayloadReader) throws {
        var name: String?, nonProfit: Bool?
        try reader.readObject(Self.fields) { field, reader in
            if field == 0 { name = try reader.readString() } else { nonProfit = try reader.readBool() }
        }
        self.init(name: try Self.fields.required(name, 0), nonProfit: try Self.fields.required(nonProfit, 1))
    }
}

extension Indicator: PayloadReadable {
    private static let fields = PayloadFields("name", "unit", "baseline", "target")

    init(reading reader: inout PayloadReader) throws {
        var values: [String?] = [nil, nil, nil, nil]
        try reader.readObject(Self.fields) { field, reader in values[field] = try reader.readString() }
        let f = Self.fields
        self.init(
            name: try f.required(values[0], 0), unit: try f.required(values[1], 1), baseline: try f.required(values[2], 2),
            target: try f.required(values[3], 3))
    }
}

extension CriterionResult: PayloadReadable {
    private static let fields = PayloadFields("criterion", "met", "note")

    init(reading reader: inout PayloadReader) throws {
        var criterion: String?, met: Bool?, note: String?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: criterion = try reader.readString()
            case 1: met = try reader.readBool()
            default: note = try reader.readString()
            }
        }
        let f = Self.fields
        self.init(criterion: try f.required(criterion, 0), met: try f.required(met, 1), note: try f.required(note, 2))
    }
}

extension ApplicationSubmitted: PayloadReadable {
    private static let fields = PayloadFields(
        "initiative_id", "title", "departments", "partners", "target_group", "priority_area", "requested_per_year", "co_financing",
        "expected_savings", "indicators")

    init(reading reader: inout PayloadReader) throws {
        var initiativeID: String?, title: String?, departments: [String]?, partners: [Partner]?, targetGroup: String?
        var priorityArea: String?, requested: [YearAmount]?, coFinancing: Money?, savings: [ExpectedSaving]?, indicators: [Indicator]?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: initiativeID = try reader.readString()
            case 1: title = try reader.readString()
            case 2: departments = try reader.readArray()
            case 3: partners = try reader.readArray()
            case 4: targetGroup = try reader.readString()
            case 5: priorityArea = try reader.readString()
            case 6: requested = try reader.readArray()
            case 7: coFinancing = try reader.read()
            case 8: savings = try reader.readArray()
            default: indicators = try reader.readArray()
            }
        }
        let f = Self.fields
        self.init(
            initiativeID: try f.required(initiativeID, 0), title: try f.required(title, 1), departments: try f.required(departments, 2),
            partners: try f.required(partners, 3), targetGroup: try f.required(targetGroup, 4),
            priorityArea: try f.required(priorityArea, 5), requestedPerYear: try f.required(requested, 6),
            coFinancing: try f.required(coFinancing, 7), expectedSavings: try f.required(savings, 8),
            indicators: try f.required(indicators, 9))
    }
}

extension ApplicationAssessed: PayloadReadable {
    private static let fields = PayloadFields("initiative_id", "assessor", "results")

    init(reading reader: inout PayloadReader) throws {
        var initiativeID: String?, assessor: String?, results: [CriterionResult]?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: initiativeID = try reader.readString()
            case 1: assessor = try reader.readString()
            default: results = try reader.readArray()
            }
        }
        let f = Self.fields
        self.init(initiativeID: try f.required(initiativeID, 0), assessor: try f.required(assessor, 1), results: try f.required(results, 2))
    }
}

extension InvestmentDecided: PayloadReadable {
    private static let fields = PayloadFields(
        "initiative_id", "body", "reference_number", "granted", "phasing", "repayment_terms", "decided_on")

    init(reading reader: inout PayloadReader) throws {
        var initiativeID: String?, body: String?, reference: String?, granted: Money?, phasing: [YearAmount]?
        var terms: RepaymentModel?, decidedOn: CivilDate?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: initiativeID = try reader.readString()
            case 1: body = try reader.readString()
            case 2: reference = try reader.readString()
            case 3: granted = try reader.read()
            case 4: phasing = try reader.readArray()
            case 5: terms = try reader.read()
            default: decidedOn = try reader.read()
            }
        }
        let f = Self.fields
        self.init(
            initiativeID: try f.required(initiativeID, 0), body: try f.required(body, 1), referenceNumber: try f.required(reference, 2),
            granted: try f.required(granted, 3), phasing: try f.required(phasing, 4), repaymentTerms: try f.required(terms, 5),
            decidedOn: try f.required(decidedOn, 6))
    }
}

extension ApplicationRejected: PayloadReadable {
    private static let fields = PayloadFields("initiative_id", "body", "reference_number", "reason")

    init(reading reader: inout PayloadReader) throws {
        var values: [String?] = [nil, nil, nil, nil]
        try reader.readObject(Self.fields) { field, reader in values[field] = try reader.readString() }
        let f = Self.fields
        self.init(
            initiativeID: try f.required(values[0], 0), body: try f.required(values[1], 1),
            referenceNumber: try f.required(values[2], 2), reason: try f.required(values[3], 3))
    }
}

extension DecisionAmended: PayloadReadable {
    private static let fields = PayloadFields("initiative_id", "reference_number", "granted")

    init(reading reader: inout PayloadReader) throws {
        var initiativeID: String?, reference: String?, granted: Money?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: initiativeID = try reader.readString()
            case 1: reference = try reader.readString()
            default: granted = try reader.read()
            }
        }
        let f = Self.fields
        self.init(initiativeID: try f.required(initiativeID, 0), referenceNumber: try f.required(reference, 1), granted: try f.required(granted, 2))
    }
}

extension DecisionRevoked: PayloadReadable {
    private static let fields = PayloadFields("initiative_id", "reference_number")

    init(reading reader: inout PayloadReader) throws {
        var initiativeID: String?, reference: String?
        try reader.readObject(Self.fields) { field, reader in
            if field == 0 { initiativeID = try reader.readString() } else { reference = try reader.readString() }
        }
        self.init(initiativeID: try Self.fields.required(initiativeID, 0), referenceNumber: try Self.fields.required(reference, 1))
    }
}

extension FundsDisbursed: PayloadReadable {
    private static let fields = PayloadFields("initiative_id", "amount", "department", "voucher")

    init(reading reader: inout PayloadReader) throws {
        var initiativeID: String?, amount: Money?, department: String?, voucher: String?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: initiativeID = try reader.readString()
            case 1: amount = try reader.read()
            case 2: department = try reader.readString()
            default: voucher = try reader.readString()
            }
        }
        let f = Self.fields
        self.init(
            initiativeID: try f.required(initiativeID, 0), amount: try f.required(amount, 1), department: try f.required(department, 2),
            voucher: try f.required(voucher, 3))
    }
}

extension CoFinancingRecorded: PayloadReadable {
    private static let fields = PayloadFields("initiative_id", "amount", "contributor")

    init(reading reader: inout PayloadReader) throws {
        var initiativeID: String?, amount: Money?, contributor: String?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: initiativeID = try reader.readString()
            case 1: amount = try reader.read()
            default: contributor = try reader.readString()
            }
        }
        let f = Self.fields
        self.init(initiativeID: try f.required(initiativeID, 0), amount: try f.required(amount, 1), contributor: try f.required(contributor, 2))
    }
}

extension OutcomeMeasured: PayloadReadable {
    private static let fields = PayloadFields("initiative_id", "indicator", "value", "period", "quantity")

    /// Reads the current version (2); version 1 payloads are upcast before they get here.
    init(reading reader: inout PayloadReader) throws {
        var values: [String?] = [nil, nil, nil, nil]
        var quantity: Rate?
        try reader.readObject(Self.fields) { field, reader in
            if field == 4 { quantity = try reader.readOptional() } else { values[field] = try reader.readString() }
        }
        let f = Self.fields
        // Not `init(initiativeID:indicator:value:period:)`: it would parse the value for a quantity the payload has.
        initiativeID = try f.required(values[0], 0)
        indicator = try f.required(values[1], 1)
        value = try f.required(values[2], 2)
        period = try f.required(values[3], 3)
        self.quantity = quantity
    }
}

extension InitiativeClosed: PayloadReadable {
    private static let fields = PayloadFields("initiative_id", "outcome")

    init(reading reader: inout PayloadReader) throws {
        var initiativeID: String?, outcome: ClosingOutcome?
        try reader.readObject(Self.fields) { field, reader in
            if field == 0 { initiativeID = try reader.readString() } else { outcome = try reader.read() }
        }
        self.init(initiativeID: try Self.fields.required(initiativeID, 0), outcome: try Self.fields.required(outcome, 1))
    }
}
