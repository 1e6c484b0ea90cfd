import Testing

/// The independent parser must itself refuse what the specification forbids, or its passes prove nothing.
@Suite("SIE spec parser")
struct SpecParserTests {
    static let header = ["#FLAGGA 0", "#PROGRAM \"X\" 1", "#FORMAT PC8", "#GEN 20250301", "#SIETYP 4", "#FNAMN \"K\"", "#KONTO 1930 \"Bank\"",
                         "#KONTO 4690 \"Bidrag\"", "#DIM 1 \"Ansvar\"", "#OBJEKT 1 \"BUN\" \"Barn\""]

    static func bytes(_ lines: [String]) -> [UInt8] { Array(lines.map { $0 + "\r\n" }.joined().utf8) }

    static func voucher(_ first: String, _ second: String) -> [String] {
        ["#VER A 1 20250301 \"x\"", "{", first, second, "}"]
    }

    @Test("a valid file parses")
    func valid() throws {
        let parsed = try SpecParser.parse(Self.bytes(Self.header + Self.voucher("#TRANS 4690 {1 \"BUN\"} 10.50", "#TRANS 1930 {} -10.5")))
        #expect(parsed.netByAccount == ["4690": 1050, "1930": -1050])
    }

    @Test("refused: unbalanced, undeclared account or object, wrong order, missing #FORMAT, UTF-8 bytes, LF missing", arguments: [
        bytes(header + voucher("#TRANS 4690 {} 10.50", "#TRANS 1930 {} -10.49")),
        bytes(header + voucher("#TRANS 4010 {} 10.50", "#TRANS 1930 {} -10.50")),
        bytes(header + voucher("#TRANS 4690 {1 \"SOC\"} 10.50", "#TRANS 1930 {} -10.50")),
        bytes(header + voucher("#TRANS 4690 {} 10.505", "#TRANS 1930 {} -10.505")),
        bytes(header + ["#OBJEKT 6 \"p\" \"Projekt\""]),
        bytes(Array(header.dropFirst()) + ["#FLAGGA 0"]),
        bytes(header.filter { $0 != "#FORMAT PC8" }),
        bytes(header + ["#PROSA \"för sent\""]),
        bytes(header + ["#FNAMN \"Kommun Ö\""]),
        Array(bytes(header).dropLast()),
    ])
    func refused(_ bytes: [UInt8]) {
        #expect(throws: SpecParser.Failure.self) { try SpecParser.parse(bytes) }
    }
}
