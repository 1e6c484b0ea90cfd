import EventStore

// Hand-written payload decoding (see PayloadReader.swift) for valuation data.

extension CostShare: PayloadReadable {
    private static let fields = PayloadFields("actor", "amount", "cashable")

    init(reading reader: inout PayloadReader) throws {
        var actor: String?, amount: Money?, cashable: Bool?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: actor = try reader.readString()
            case 1: amount = try reader.read()
            default: cashable = try reader.readBool()
            }
        }
        let f = Self.fields
        self.init(actor: try f.required(actor, 0), amount: try f.required(amount, 1), cashable: try f.required(cashable, 2))
    }
}

extension UnitCostRecorded: PayloadReadable {
    private static let fields = PayloadFields("outcome_id", "description", "unit", "kind", "cost", "split", "source", "price_year")

    init(reading reader: inout PayloadReader) throws {
        var outcomeID: String?, description: String?, unit: String?, kind: ValueKind?, cost: Money?, split: [CostShare]?
        var source: String?, priceYear: Int?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: outcomeID = try reader.readString()
            case 1: description = try reader.readString()
            case 2: unit = try reader.readString()
            case 3: kind = try reader.read()
            case 4: cost = try reader.read()
            case 5: split = try reader.readArray()
            case 6: source = try reader.readString()
            default: priceYear = try reader.readInt()
            }
        }
        let f = Self.fields
        self.init(
            outcomeID: try f.required(outcomeID, 0), description: try f.required(description, 1), unit: try f.required(unit, 2),
            kind: try f.required(kind, 3), cost: try f.required(cost, 4), split: try f.required(split, 5), source: try f.required(source, 6),
            priceYear: try f.required(priceYear, 7))
    }
}

extension FinancialProxyRecorded: PayloadReadable {
    private static let fields = PayloadFields("outcome_id", "description", "unit", "value", "source", "price_year")

    init(reading reader: inout PayloadReader) throws {
        var outcomeID: String?, description: String?, unit: String?, value: Money?, source: String?, priceYear: Int?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: outcomeID = try reader.readString()
            case 1: description = try reader.readString()
            case 2: unit = try reader.readString()
            case 3: value = try reader.read()
            case 4: source = try reader.readString()
            default: priceYear = try reader.readInt()
            }
        }
        let f = Self.fields
        self.init(
            outcomeID: try f.required(outcomeID, 0), description: try f.required(description, 1), unit: try f.required(unit, 2),
            value: try f.required(value, 3), source: try f.required(source, 4), priceYear: try f.required(priceYear, 5))
    }
}

extension IndexPoint: PayloadReadable {
    private static let fields = PayloadFields("year", "level")

    init(reading reader: inout PayloadReader) throws {
        var year: Int?, level: Rate?
        try reader.readObject(Self.fields) { field, reader in
            if field == 0 { year = try reader.readInt() } else { level = try reader.read() }
        }
        self.init(year: try Self.fields.required(year, 0), level: try Self.fields.required(level, 1))
    }
}

extension PriceIndexRecorded: PayloadReadable {
    private static let fields = PayloadFields("index_id", "points", "source")

    init(reading reader: inout PayloadReader) throws {
        var indexID: String?, points: [IndexPoint]?, source: String?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: indexID = try reader.readString()
            case 1: points = try reader.readArray()
            default: source = try reader.readString()
            }
        }
        let f = Self.fields
        self.init(indexID: try f.required(indexID, 0), points: try f.required(points, 1), source: try f.required(source, 2))
    }
}

extension EvaluationAssumptionsRecorded: PayloadReadable {
    private static let fields = PayloadFields(
        "initiative_id", "deadweight", "displacement", "attribution", "drop_off", "discount_rate", "optimism_bias", "horizon_years",
        "target_group_size", "source")

    init(reading reader: inout PayloadReader) throws {
        var initiativeID: String?, rates: [Rate?] = Array(repeating: nil, count: 6), horizon: Int?, groupSize: Int?, source: String?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: initiativeID = try reader.readOptional()
            case 1...6: rates[field - 1] = try reader.read(Rate.self)
            case 7: horizon = try reader.readInt()
            case 8: groupSize = try reader.readOptional()
            default: source = try reader.readString()
            }
        }
        let f = Self.fields
        self.init(
            initiativeID: initiativeID, deadweight: try f.required(rates[0], 1), displacement: try f.required(rates[1], 2),
            attribution: try f.required(rates[2], 3), dropOff: try f.required(rates[3], 4), discountRate: try f.required(rates[4], 5),
            optimismBias: try f.required(rates[5], 6), horizonYears: try f.required(horizon, 7), targetGroupSize: groupSize,
            source: try f.required(source, 9))
    }
}

extension OutcomeContractAgreed: PayloadReadable {
    private static let fields = PayloadFields(
        "contract_id", "initiative_id", "treated_indicator", "comparison_indicator", "threshold", "payment_per_outcome", "cap", "source")

    init(reading reader: inout PayloadReader) throws {
        var texts: [String?] = [nil, nil, nil, nil], threshold: Rate?, payment: Money?, cap: Money?, source: String?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0...3: texts[field] = try reader.readString()
            case 4: threshold = try reader.read()
            case 5: payment = try reader.read()
            case 6: cap = try reader.read()
            default: source = try reader.readString()
            }
        }
        let f = Self.fields
        self.init(
            contractID: try f.required(texts[0], 0), initiativeID: try f.required(texts[1], 1),
            treatedIndicator: try f.required(texts[2], 2), comparisonIndicator: try f.required(texts[3], 3),
            threshold: try f.required(threshold, 4), paymentPerOutcome: try f.required(payment, 5), cap: try f.required(cap, 6),
            source: try f.required(source, 7))
    }
}
