import Foundation
import EventStore
import Memberwise

/// How an organisation numbers and names the fund's accounts in its own accounting system.
///
/// The books post to five `Account`s; an organisation's chart of accounts (kontoplan) decides which
/// account number and name each one has when the postings leave FundLedger, e.g. in an SIE file. The
/// defaults are the Kommun-Bas style numbers of `Account.number` with Swedish names; an organisation
/// overrides any of them with a small JSON file (`docs/models/sie.md`):
///
/// ```json
/// {
///   "fund_cash": {"number": "1931", "name": "Bank, social investeringsfond"},
///   "disbursements": {"number": "4691"}
/// }
/// ```
///
/// Keys are the account keys (`fund_cash`, `fund_capital`, `disbursements`, `repayment_receivable`,
/// `accrued_repayments`); an account left out keeps its default, an entry without `name` keeps the default
/// name. Numbers are 1 to 10 digits not starting with 0 (SIE reads them as numbers) and no two accounts may share one,
/// because the receiving system could not tell their postings apart.
public struct ChartOfAccounts: Sendable, Equatable {
    /// One account's number and name in the organisation's chart.
    @PublicMemberwiseInit
    public struct Entry: Sendable, Equatable, Codable {
        /// The account number, digits only (`1930`).
        public var number: String
        /// The account's name as the accounting system shows it.
        public var name: String
    }

    /// Every account's entry; always complete (one per `Account`).
    public let entries: [Account: Entry]

    /// A chart with an entry for every account; throws if one is missing or the numbers break a rule.
    public init(_ entries: [Account: Entry]) throws(ChartOfAccountsError) {
        for account in Account.allCases {
            guard let entry = entries[account] else { throw .missingAccount(key: account.rawValue) }
            try Self.validate(entry, key: account.rawValue)
        }
        var owners: [String: Account] = [:]
        for account in Account.allCases {
            let number = entries[account]!.number
            if let other = owners[number] {
                throw .duplicateNumber(number: number, keys: [other.rawValue, account.rawValue])
            }
            owners[number] = account
        }
        self.entries = entries
    }

    /// Kommun-Bas style numbers (`Account.number`) with Swedish names.
    public static let standard: ChartOfAccounts = {
        let names: [Account: String] = [
            .fundCash: "Likvida medel, social investeringsfond",
            .fundCapital: "Öronmärkt eget kapital, social investeringsfond",
            .disbursements: "Lämnade bidrag från social investeringsfond",
            .repaymentReceivable: "Fordran på återbetalning till social investeringsfond",
            .accruedRepayments: "Upplupna återbetalningar till social investeringsfond",
        ]
        let entries = Dictionary(uniqueKeysWithValues: Account.allCases.map { ($0, Entry(number: $0.number, name: names[$0]!)) })
        do { return try ChartOfAccounts(entries) } catch { preconditionFailure("the standard chart of accounts is invalid: \(error)") }
    }()

    /// The entry of `account`.
    public subscript(account: Account) -> Entry { entries[account]! }

    /// The account number `account` has in this chart.
    public func number(of account: Account) -> String { self[account].number }

    /// The name `account` has in this chart.
    public func name(of account: Account) -> String { self[account].name }

    // MARK: Loading

    /// Reads a chart-of-accounts JSON file (see the type's documentation); `path` is named in errors.
    public static func load(contentsOf url: URL) throws(ChartOfAccountsError) -> ChartOfAccounts {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw .unreadable(path: url.path, reason: "no such file")
        }
        // A folder, a device (`/dev/zero` never ends) or a pipe is not a chart: refused before reading it.
        let type = (try? FileManager.default.attributesOfItem(atPath: url.path)[.type]) as? FileAttributeType
        guard !isFolder.boolValue, type == .typeRegular else {
            throw .unreadable(path: url.path, reason: isFolder.boolValue ? "it is a folder" : "it is not a regular file")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try load(json: data, source: url.path)
    }

    /// Parses chart-of-accounts JSON and applies it over `base` (the standard chart unless given).
    public static func load(json data: Data, source: String = "chart of accounts", base: ChartOfAccounts = .standard)
        throws(ChartOfAccountsError) -> ChartOfAccounts
    {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw .malformed(source: source, reason: "not valid JSON (\(error.localizedDescription))")
        }
        // A key given twice would keep its last value without a word.
        do { try RawJSON.requireUniqueKeys(String(decoding: data, as: UTF8.self)) } catch let error as RawJSON.SyntaxError {
            throw .malformed(source: source, reason: error.reason.replacingOccurrences(of: "duplicate key ", with: "an account or field given twice: "))
        } catch {
            throw .malformed(source: source, reason: "\(error)")
        }
        guard let overrides = object as? [String: Any] else {
            throw .malformed(source: source, reason: "expected an object such as {\"fund_cash\": {\"number\": \"1930\"}}")
        }
        var entries = base.entries
        for key in overrides.keys.sorted() {
            guard let account = Account(rawValue: key) else {
                throw .unknownAccount(key: key, known: Account.allCases.map(\.rawValue))
            }
            guard let fields = overrides[key] as? [String: Any] else {
                throw .malformed(source: source, reason: "\(key) must be an object with \"number\" and optionally \"name\"")
            }
            if let unknown = fields.keys.sorted().first(where: { $0 != "number" && $0 != "name" }) {
                throw .malformed(source: source, reason: "\(key) has an unknown field \"\(unknown)\" (only \"number\" and \"name\" are read)")
            }
            guard let number = fields["number"] as? String else {
                throw .malformed(source: source, reason: "\(key) needs \"number\" as text, e.g. \"number\": \"\(account.number)\"")
            }
            var entry = Entry(number: number, name: entries[account]!.name)
            if let name = fields["name"] {
                guard let name = name as? String else { throw .malformed(source: source, reason: "\(key): \"name\" must be text") }
                entry.name = name
            }
            entries[account] = entry
        }
        return try ChartOfAccounts(entries)
    }

    private static func validate(_ entry: Entry, key: String) throws(ChartOfAccountsError) {
        let isDigits = !entry.number.isEmpty && entry.number.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        // SIE's account numbers are numbers: `01930` would be read as 1930, another account's.
        guard isDigits, !entry.number.hasPrefix("0"), entry.number.count <= 10 else { throw .nonNumericNumber(key: key, number: entry.number) }
        guard !entry.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw .emptyName(key: key) }
    }
}

/// Why a chart of accounts was refused. Each message names the account key and says what to change.
public enum ChartOfAccountsError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(source: String, reason: String)
    case unknownAccount(key: String, known: [String])
    case missingAccount(key: String)
    case nonNumericNumber(key: String, number: String)
    case duplicateNumber(number: String, keys: [String])
    case emptyName(key: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read the chart of accounts \(path): \(reason)"
        case .malformed(let source, let reason):
            "chart of accounts \(source): \(reason)"
        case .unknownAccount(let key, let known):
            "chart of accounts: \"\(key)\" is not one of the fund's accounts; use one of \(known.joined(separator: ", "))"
        case .missingAccount(let key):
            "chart of accounts: no entry for \(key); every fund account needs a number"
        case .nonNumericNumber(let key, let number):
            "chart of accounts: \(key) has the number \(Identifier.quoted(number)); account numbers are 1 to 10 digits, not starting with 0 (e.g. 1930)"
        case .duplicateNumber(let number, let keys):
            "chart of accounts: \(keys.joined(separator: " and ")) both have the number \(number); give each account its own number"
        case .emptyName(let key):
            "chart of accounts: \(key) has an empty name; give it the name the accounting system shows"
        }
    }
}
