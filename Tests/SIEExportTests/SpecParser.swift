/// An SIE 4 reader written from the specification (SIE-Gruppen, "SIE filformat utgåva 4B"), sharing no
/// code with the exporter, so a test passes only if the file is valid SIE, not merely what the writer meant.
///
/// It follows the spec's rules: code page 437 (5.8), records end with LF, CR allowed before it (5.5), fields
/// separated by spaces or tabs and optionally quoted, `\"` a quote inside a quoted field, no control
/// characters in a string (5.7), braces of a #VER alone on their lines (5.4), amounts with a point and at
/// most two decimals (5.9), dates YYYYMMDD (5.10), groups in the order flag, identification, chart of
/// accounts, vouchers (5.12), the mandatory records of type 4I (6), and balanced vouchers (#TRANS 4).
struct SpecParser {
    struct Transaction: Equatable {
        var account: String
        var objects: [Pair]
        var amountOre: Int64
    }

    struct Pair: Hashable {
        var dimension: String
        var code: String
    }

    struct Voucher: Equatable {
        var series: String
        var number: String
        var date: String
        var text: String
        var transactions: [Transaction]
    }

    /// Every record's label in file order, and the fields of the identification records.
    var labels: [String] = []
    var header: [String: [String]] = [:]
    var accounts: [String: String] = [:]
    var dimensions: [String: String] = [:]
    var objects: [Pair: String] = [:]
    var vouchers: [Voucher] = []
    /// Whether every line ended with CR LF.
    var allLinesEndWithCRLF = true

    struct Failure: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "SIE line \(line): \(message)" }
    }

    // MARK: Code page 437, only the characters Swedish text needs; any other high byte fails the parse

    static let upperBytes: [UInt8: Character] = [
        0x81: "ü", 0x82: "é", 0x84: "ä", 0x86: "å", 0x8E: "Ä", 0x8F: "Å", 0x90: "É", 0x94: "ö", 0x99: "Ö", 0x9A: "Ü",
    ]

    static func decode(_ bytes: [UInt8]) throws -> String {
        var text = ""
        var line = 1
        for byte in bytes {
            if byte < 0x80 {
                text.unicodeScalars.append(Unicode.Scalar(byte))
                if byte == 0x0A { line += 1 }
            } else if let character = upperBytes[byte] {
                text.append(character)
            } else {
                throw Failure(line: line, message: "byte 0x\(String(byte, radix: 16)) is not a character this parser expects")
            }
        }
        return text
    }

    // MARK: Tokens

    enum Token: Equatable {
        case field(String)
        case open
        case close
    }

    static func tokens(_ line: String, number: Int) throws -> [Token] {
        var tokens: [Token] = []
        var scalars = Array(line.unicodeScalars)[...]
        while let first = scalars.first {
            switch first {
            case " ", "\t":
                scalars.removeFirst()
            case "{":
                tokens.append(.open)
                scalars.removeFirst()
            case "}":
                tokens.append(.close)
                scalars.removeFirst()
            case "\"":
                scalars.removeFirst()
                var value = String.UnicodeScalarView()
                var closed = false
                while let next = scalars.popFirst() {
                    if next == "\\", scalars.first == "\"" {
                        value.append(scalars.removeFirst())
                    } else if next == "\"" {
                        closed = true
                        break
                    } else if next.value < 32 || next.value == 127 {
                        throw Failure(line: number, message: "control character inside a string")
                    } else {
                        value.append(next)
                    }
                }
                guard closed else { throw Failure(line: number, message: "unterminated string") }
                tokens.append(.field(String(value)))
            default:
                var value = String.UnicodeScalarView()
                while let next = scalars.first, !" \t{}\"".unicodeScalars.contains(next) {
                    value.append(scalars.removeFirst())
                }
                tokens.append(.field(String(value)))
            }
        }
        return tokens
    }

    // MARK: Records

    static let identification: Set<String> = [
        "#PROGRAM", "#FORMAT", "#GEN", "#SIETYP", "#PROSA", "#FTYP", "#FNR", "#ORGNR", "#BKOD", "#ADRESS", "#FNAMN", "#RAR",
        "#TAXAR", "#OMFATTN", "#KPTYP", "#VALUTA",
    ]
    static let chart: Set<String> = ["#KONTO", "#KTYP", "#ENHET", "#SRU", "#DIM", "#UNDERDIM", "#OBJEKT"]
    static let mandatory4I = ["#FLAGGA", "#PROGRAM", "#FORMAT", "#GEN", "#SIETYP", "#FNAMN"]

    static func parse(_ bytes: [UInt8]) throws -> SpecParser {
        var parser = SpecParser()
        let text = try decode(bytes)
        // Split on line-feed scalars: as Characters, "\r\n" is one grapheme and would never equal "\n".
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        if lines.last == "" { lines.removeLast() } else { throw Failure(line: lines.count, message: "the last record does not end with a line feed") }
        var group = 0
        var index = 0
        func fields(_ tokens: [Token], _ number: Int) throws -> [String] {
            try tokens.map { token in
                guard case .field(let value) = token else { throw Failure(line: number, message: "unexpected brace") }
                return value
            }
        }
        while index < lines.count {
            var line = lines[index]
            let number = index + 1
            index += 1
            if line.hasSuffix("\r") { line.removeLast() } else { parser.allLinesEndWithCRLF = false }
            let tokens = try tokens(line, number: number)
            guard case .field(let label)? = tokens.first else {
                if tokens.isEmpty { continue }
                throw Failure(line: number, message: "a brace outside a #VER")
            }
            let recordGroup = label == "#FLAGGA" ? 1 : identification.contains(label) ? 2 : chart.contains(label) ? 3 : label == "#VER" ? 4 : 0
            guard recordGroup > 0 else { throw Failure(line: number, message: "\(label) is not a record this export may contain") }
            guard recordGroup >= group else { throw Failure(line: number, message: "\(label) comes after a later group (spec 5.12)") }
            if parser.labels.isEmpty, label != "#FLAGGA" { throw Failure(line: number, message: "the file must start with #FLAGGA") }
            group = recordGroup
            parser.labels.append(label)
            let values = label == "#VER" ? [] : try fields(Array(tokens.dropFirst()), number)
            switch label {
            case "#KONTO":
                guard values.count >= 2, isDigits(values[0]) else { throw Failure(line: number, message: "#KONTO needs a numeric account and a name") }
                parser.accounts[values[0]] = values[1]
            case "#DIM":
                guard values.count >= 2, isDigits(values[0]) else { throw Failure(line: number, message: "#DIM needs a number and a name") }
                parser.dimensions[values[0]] = values[1]
            case "#OBJEKT":
                guard values.count >= 3 else { throw Failure(line: number, message: "#OBJEKT needs dimension, code and name") }
                guard parser.dimensions[values[0]] != nil else { throw Failure(line: number, message: "object in undeclared dimension \(values[0])") }
                parser.objects[Pair(dimension: values[0], code: values[1])] = values[2]
            case "#VER":
                let voucher = try parseVoucher(tokens, number: number, lines: lines, index: &index, parser: &parser)
                parser.vouchers.append(voucher)
            default:
                parser.header[label] = values
            }
        }
        try parser.check()
        return parser
    }

    private static func parseVoucher(
        _ tokens: [Token], number: Int, lines: [String], index: inout Int, parser: inout SpecParser
    ) throws -> Voucher {
        let head = tokens.dropFirst().compactMap { token -> String? in if case .field(let v) = token { v } else { nil } }
        guard head.count >= 3, tokens.count == head.count + 1, isDate(head[2]) else {
            throw Failure(line: number, message: "#VER needs series, number and a date YYYYMMDD")
        }
        var voucher = Voucher(series: head[0], number: head[1], date: head[2], text: head.count > 3 ? head[3] : "", transactions: [])
        func nextLine() throws -> (String, Int) {
            guard index < lines.count else { throw Failure(line: index, message: "the file ends inside a #VER") }
            var line = lines[index]
            index += 1
            if line.hasSuffix("\r") { line.removeLast() } else { parser.allLinesEndWithCRLF = false }
            return (line, index)
        }
        let (open, openNumber) = try nextLine()
        // \u{7B} is an opening brace, escaped so that line-based brace counters stay balanced.
        guard try Self.tokens(open, number: openNumber) == [.open] else { throw Failure(line: openNumber, message: "#VER must be followed by \u{7B} alone on a line") }
        while true {
            let (line, lineNumber) = try nextLine()
            let tokens = try Self.tokens(line, number: lineNumber)
            if tokens == [.close] { break }
            voucher.transactions.append(try parseTransaction(tokens, number: lineNumber))
        }
        return voucher
    }

    /// One `#TRANS account {dimension code …} amount` line inside a voucher.
    private static func parseTransaction(_ tokens: [Token], number lineNumber: Int) throws -> Transaction {
        guard tokens.first == .field("#TRANS") else { throw Failure(line: lineNumber, message: "only #TRANS lines inside a #VER here") }
        guard tokens.count >= 4, case .field(let account) = tokens[1], isDigits(account), tokens[2] == .open,
            let close = tokens.firstIndex(of: .close), case .field(let amount)? = tokens.dropFirst(close + 1).first
        else { throw Failure(line: lineNumber, message: "#TRANS needs account {objects} amount") }
        let listed = tokens[3..<close].compactMap { token -> String? in if case .field(let v) = token { v } else { nil } }
        guard listed.count == close - 3, listed.count % 2 == 0 else { throw Failure(line: lineNumber, message: "object list must hold dimension/code pairs") }
        let pairs = stride(from: 0, to: listed.count, by: 2).map { Pair(dimension: listed[$0], code: listed[$0 + 1]) }
        guard let ore = ore(amount) else { throw Failure(line: lineNumber, message: "amount \(amount) is not -digits.dd") }
        return Transaction(account: account, objects: pairs, amountOre: ore)
    }

    /// Structure beyond single lines: mandatory records, declared accounts and objects, balanced vouchers.
    func check() throws {
        for label in Self.mandatory4I where !labels.contains(label) { throw Failure(line: 0, message: "mandatory \(label) missing") }
        guard header["#FORMAT"] == ["PC8"] else { throw Failure(line: 0, message: "#FORMAT must be PC8") }
        guard header["#SIETYP"] == ["4"] else { throw Failure(line: 0, message: "#SIETYP must be 4") }
        guard let gen = header["#GEN"]?.first, Self.isDate(gen) else { throw Failure(line: 0, message: "#GEN needs a date") }
        let rar = header["#RAR"]
        if let rar { guard rar.count >= 3, rar[0] == "0", Self.isDate(rar[1]), Self.isDate(rar[2]) else { throw Failure(line: 0, message: "bad #RAR") } }
        var lastNumber: [String: Int] = [:]
        for voucher in vouchers {
            guard let number = Int(voucher.number), number > (lastNumber[voucher.series] ?? 0) else {
                throw Failure(line: 0, message: "voucher \(voucher.number) not in ascending order in series \(voucher.series)")
            }
            lastNumber[voucher.series] = number
            if let rar, voucher.date < rar[1] || voucher.date > rar[2] { throw Failure(line: 0, message: "voucher \(number) outside #RAR") }
            guard voucher.transactions.reduce(0, { $0 + $1.amountOre }) == 0 else {
                throw Failure(line: 0, message: "voucher \(number) does not balance")
            }
            for transaction in voucher.transactions {
                guard accounts[transaction.account] != nil else { throw Failure(line: 0, message: "account \(transaction.account) not declared") }
                for pair in transaction.objects where objects[pair] == nil {
                    throw Failure(line: 0, message: "object \(pair.dimension) \(pair.code) not declared")
                }
            }
        }
    }

    /// Net (debit positive) per account over all vouchers.
    var netByAccount: [String: Int64] {
        vouchers.flatMap(\.transactions).reduce(into: [:]) { $0[$1.account, default: 0] += $1.amountOre }
    }

    static func isDigits(_ text: String) -> Bool { !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber } }

    static func isDate(_ text: String) -> Bool {
        guard text.count == 8, isDigits(text), let month = Int(text.dropFirst(4).prefix(2)), let day = Int(text.suffix(2)) else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// `-123.45`, `123.4` or `123` as öre.
    static func ore(_ text: String) -> Int64? {
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), isDigits(String(parts[0])), let kronor = Int64(parts[0]) else { return nil }
        var ore: Int64 = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), isDigits(String(parts[1])), let fraction = Int64(parts[1]) else { return nil }
            ore = parts[1].count == 1 ? fraction * 10 : fraction
        }
        let value = kronor * 100 + ore
        return negative ? -value : value
    }
}
