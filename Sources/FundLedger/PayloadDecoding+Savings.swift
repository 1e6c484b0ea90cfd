import EventStore

// Hand-written payload decoding (see PayloadReader.swift) for savings and repayments.

extension SavingRealised: PayloadReadable {
    private static let fields = PayloadFields(
        "saving_id", "initiative_id", "department", "amount", "period_start", "period_end", "evidence", "cashable")

    init(reading reader: inout PayloadReader) throws {
        var savingID: String?, initiativeID: String?, department: String?, amount: Money?
        var periodStart: CivilDate?, periodEnd: CivilDate?, evidence: String?, cashable: Bool?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: savingID = try reader.readString()
            case 1: initiativeID = try reader.readString()
            case 2: department = try reader.readString()
            case 3: amount = try reader.read()
            case 4: periodStart = try reader.read()
            case 5: periodEnd = try reader.read()
            case 6: evidence = try reader.readString()
            default: cashable = try reader.readBool()
            }
        }
        let f = Self.fields
        self.init(
            savingID: try f.required(savingID, 0), initiativeID: try f.required(initiativeID, 1), department: try f.required(department, 2),
            amount: try f.required(amount, 3), periodStart: try f.required(periodStart, 4), periodEnd: try f.required(periodEnd, 5),
            evidence: try f.required(evidence, 6), cashable: try f.required(cashable, 7))
    }
}

extension SavingAttributed: PayloadReadable {
    private static let fields = PayloadFields("saving_id", "department", "share")

    init(reading reader: inout PayloadReader) throws {
        var savingID: String?, department: String?, share: Rate?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: savingID = try reader.readString()
            case 1: department = try reader.readString()
            default: share = try reader.read()
            }
        }
        let f = Self.fields
        self.init(savingID: try f.required(savingID, 0), department: try f.required(department, 1), share: try f.required(share, 2))
    }
}

extension RepaymentReceived: PayloadReadable {
    private static let fields = PayloadFields("initiative_id", "department", "amount", "method")

    init(reading reader: inout PayloadReader) throws {
        var initiativeID: String?, department: String?, amount: Money?, method: RepaymentMethod?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: initiativeID = try reader.readString()
            case 1: department = try reader.readString()
            case 2: amount = try reader.read()
            default: method = try reader.read()
            }
        }
        let f = Self.fields
        self.init(
            initiativeID: try f.required(initiativeID, 0), department: try f.required(department, 1), amount: try f.required(amount, 2),
            method: try f.required(method, 3))
    }
}

extension RepaymentWaived: PayloadReadable {
    private static let fields = PayloadFields("initiative_id", "department", "amount", "reference_number")

    init(reading reader: inout PayloadReader) throws {
        var initiativeID: String?, department: String?, amount: Money?, reference: String?
        try reader.readObject(Self.fields) { field, reader in
            switch field {
            case 0: initiativeID = try reader.readString()
            case 1: department = try reader.readString()
            case 2: amount = try reader.read()
            default: reference = try reader.readString()
            }
        }
        let f = Self.fields
        self.init(
            initiativeID: try f.required(initiativeID, 0), department: try f.required(department, 1), amount: try f.required(amount, 2),
            referenceNumber: try f.required(reference, 3))
    }
}
