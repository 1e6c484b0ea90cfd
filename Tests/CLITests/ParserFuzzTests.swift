import EventStore
import Foundation
import FundLedger
import Testing
import TestSupport

@testable import Recording
@testable import fundledger

/// Seeded random inputs against every parser that turns text into money, dates, rates and events: the
/// amount, date and rate parsers, the JSON-lines reader of `append`, the CSV reader, the raw JSON reader
/// and the UTF-8 check. A parser may refuse an input, with the error it documents; it may never crash,
/// and what it accepts must read back the same after formatting. Each parser gets a time budget (the
/// whole suite stays under a minute) and a fixed seed, printed with any failure, so a failure replays. The suite runs one parser at a time, so
/// it takes one core for about half a minute and leaves the other to the rest of `make test`.
///
/// libFuzzer (`swift build -Xswiftc -sanitize=fuzzer`) needs a separate, instrumented build of the
/// parsers' modules and would double CI's build time; this generator is what `make test` runs
/// (docs/exit-codes.md, "Fuzzing"). Inputs that once broke a parser stay in `regressions`.
@Suite(.serialized) struct ParserFuzzTests {
    /// Inputs kept because they once got through or broke a parser.
    static let regressions = [
        "1,2,3 kr", "\u{85}", "\u{2028}", "1\u{200B}000 kr", "-0", "−0,01", "9223372036854775807", "92233720368547758,08",
        "١٢٣", "２０２６-01-01", "2026-02-29", "0000-01-01", "50 %%", "NaN%", "1e-1", "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\u0000\"}", "{\"a\":1e999999}", "\"x\"y;z", "a;\"b\nc\";d", "\u{FEFF}a;b",
        // Found by this fuzzer: an escaped line break in an unknown key reached the message raw, and a
        // quote inside a header field made separator detection read on into the next line.
        #"{"stream_id":"t","ev\nt_type":"Y","payload":{}}"#, "x,yE\"\rq,\"\"w\";2\r\n", "{\"\u{FEFF}tream_id\":\"t\"}",
    ]

    /// Characters that break parsers: digits of other scripts, separators, signs, quotes, controls.
    static let alphabet: [Character] = Array("0123456789 ,.;:-+−kKrRsSeEkrSEK%\"'\\{}[]\n\r\t\u{A0}\u{202F}\u{2009}\u{200B}\u{FEFF}\u{1B}\u{0}\u{85}\u{2028}٣３eENaninf_/TZ")

    static let seeds: [String: [String]] = [
        "money": ["1 500 000,00 kr", "1500000.00", "1,500,000.00 SEK", "-250 000 kr", "0,5", "12 345 678,90 kr", "100"],
        "date": ["2026-02-01", "1900-01-01", "9999-12-31", "2024-02-29"],
        "rate": ["50%", "0.5", "3,5 %", "0.035", "100%", "33.3333333%"],
        "csv": ["a;b;c\n1;2;3\n", "x,y\n\"q,\"\"w\";2\r\n", "h\tk\n1\t2\n"],
        "jsonl": [#"{"stream_id":"t-1","event_type":"X","payload":{"a":[1,{"b":null}]}}"#, #"{"stream_id":"t","event_type":"Y","payload":{},"expected_version":3,"effective_date":"2026-01-31"}"#],
    ]

    /// A budget per parser; the generator stops when it is spent or after `iterationsMax` inputs.
    static let budget = Duration.seconds(4)
    static let iterationsMax = 200_000

    @Test func amountsThatParseReadBackTheSame() {
        fuzz("money") { text in
            for currency in [Currency.sek, Currency("EUR")!] {
                guard let money = try? Money.parse(text, currency: currency) else { continue }
                let again = try? Money.parse(money.description, currency: currency)
                let plain = try? Money.parse(money.plainDescription, currency: currency)
                if again != money || plain != money { return "\(money) does not read back from \(money.description)" }
            }
            return nil
        }
    }

    @Test func datesThatParseReadBackTheSame() {
        fuzz("date") { text in
            guard let date = CivilDate(text) else { return nil }
            if CivilDate(date.description) != date { return "\(date) does not read back" }
            if text != date.description { return "accepted \(text.debugDescription) as \(date)" }
            return nil
        }
    }

    @Test func ratesThatParseReadBackTheSame() {
        fuzz("rate") { text in
            guard let rate = Rate(text) else { return nil }
            if Rate(rate.description) != rate || Rate(rate.percent) != rate { return "\(rate) does not read back" }
            return nil
        }
    }

    @Test func csvThatParsesRoundTrips() {
        fuzz("csv") { text in
            // A one-column header says nothing about the separator, so a round trip could not keep it.
            guard let table = try? DelimitedText.parse(text), table.header.count > 1 else { return nil }
            let written = ([table.header] + table.rows.map(\.fields)).map { fields in
                fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: String(table.separator))
            }.joined(separator: "\n")
            guard let again = try? DelimitedText.parse(written) else { return "its own quoting does not parse: \(written.debugDescription)" }
            if again.header != table.header || again.rows.map(\.fields) != table.rows.map(\.fields) { return "fields change on a round trip" }
            if table.rows.contains(where: { $0.line < table.headerLine }) { return "a row before its header" }
            return nil
        }
    }

    @Test func appendLinesAreAcceptedWholeOrRefusedWithALineNumber() {
        fuzz("jsonl") { text in
            do {
                let (events, _) = try AppendInput.parse(Data(text.utf8))
                for event in events where !RawJSON.isSingleObject(event.payload) || !RawJSON.isSingleObject(event.metadata) {
                    return "accepted a payload that is not one JSON object: \(event.payload.debugDescription)"
                }
            } catch let error as UserError {
                if error.exitCode != ExitStatus.badInput { return "exit \(error.exitCode) for bad input" }
                if error.description.contains("\n") { return "a message of several lines" }
            } catch {
                return "unexpected error \(error)"
            }
            return nil
        }
    }

    /// JSON lines written on Windows: "\r\n" is one Swift `Character`, so splitting on "\n" read a whole CRLF
    /// file as its first line (found by an adversarial probe). Each reader splits on both, and names the right line.
    @Test func jsonLinesAndConfigFilesWithCRLFReadLikeLF() throws {
        let events = [#"{"stream_id":"t-1","event_type":"X","payload":{}}"#, #"{"stream_id":"t-2","event_type":"X","payload":{}}"#]
        #expect(try AppendInput.parse(Data((events.joined(separator: "\r\n") + "\r\n").utf8)).0.map(\.streamID) == ["t-1", "t-2"])
        let bad = events.joined(separator: "\r\n") + "\r\n" + #"{"stream_id":"t-3","event_type":"X","payload":{},"bogus":1}"# + "\r\n"
        #expect(throws: UserError.self) { try AppendInput.parse(Data(bad.utf8)) }
        do { _ = try AppendInput.parse(Data(bad.utf8)) } catch { #expect("\(error)".hasPrefix("line 3:"), "\(error)") }

        let rows = #"{"initiative":"i","department":"BUN","voucher":"J1","amount":"1 kr"}"# + "\r\n"
            + #"{"initiative":"i","department":"BUN","voucher":"J2","amount":"2 kr"}"# + "\r\n"
        #expect(try RowFile.jsonLines(rows, kind: .disbursements, source: "r.jsonl").map(\.label) == ["row 1 (line 1)", "row 2 (line 2)"])
    }

    @Test func rawJSONAgreesWithFoundationOnWhatIsAnObject() {
        fuzz("jsonl") { text in
            guard let members = try? RawJSON.members(of: text) else { return nil }
            let object: [String: Any]
            do {
                object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
            } catch {
                // Foundation refuses numbers beyond Double (1e999999); they are valid JSON, and
                // PostgreSQL's numeric refuses them on append (exit 65).
                let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? (error as NSError).localizedDescription
                if detail.contains("Number") { return nil }
                return "RawJSON accepted what JSONSerialization refuses: \(text.debugDescription)"
            }
            // Foundation drops U+FEFF inside keys; RawJSON keeps every byte the user sent.
            func withoutBOM(_ key: String) -> [Unicode.Scalar] { key.unicodeScalars.filter { $0 != "\u{FEFF}" } }
            let keys = Set(members.keys.map { String(String.UnicodeScalarView(withoutBOM($0))) })
            let foundationKeys = Set(object.keys.map { String(String.UnicodeScalarView(withoutBOM($0))) })
            return keys == foundationKeys ? nil : "keys differ"
        }
    }

    @Test func strictUTF8AcceptsExactlyValidUTF8() {
        var generator = SplitMix64(seed: 0x5EED_0008)
        let deadline = ContinuousClock.now + Self.budget
        for _ in 0..<Self.iterationsMax where ContinuousClock.now < deadline {
            let bytes = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                Bool.random(using: &generator) ? UInt8.random(in: 0x20...0x7E, using: &generator) : UInt8.random(in: 0x80...0xFF, using: &generator)
            }
            let valid = String(validating: bytes, as: UTF8.self)
            do {
                let text = try StrictUTF8.decode(bytes)
                #expect(valid == text, "\(bytes)")
            } catch {
                #expect(valid == nil, "refused valid UTF-8 \(bytes)")
                #expect(error.column >= 1 && error.column <= bytes.count, "\(bytes): \(error)")
            }
        }
    }

    /// Feeds `check` the regressions, the seeds of `kind` and mutations of them until the budget is
    /// spent; records the first input each failure was seen on.
    private func fuzz(_ kind: String, sourceLocation: SourceLocation = #_sourceLocation, _ check: (String) -> String?) {
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: kind.utf8.reduce(5381) { $0 &* 33 &+ Int($1) }))
        let seeds = Self.seeds[kind] ?? []
        var failures = 0
        func run(_ input: String) {
            guard let problem = check(input), failures < 5 else { return }
            failures += 1
            Issue.record("\(kind) fuzz: \(problem) (input \(input.debugDescription))", sourceLocation: sourceLocation)
        }
        (Self.regressions + seeds).forEach(run)
        let deadline = ContinuousClock.now + Self.budget
        var iterations = 0
        while iterations < Self.iterationsMax && ContinuousClock.now < deadline {
            iterations += 1
            run(Self.mutate(seeds.randomElement(using: &generator) ?? "", using: &generator))
        }
        #expect(iterations > 100, "the \(kind) fuzzer ran only \(iterations) inputs")
    }

    /// One to four random edits: insert, delete, replace or duplicate a stretch.
    static func mutate(_ seed: String, using generator: inout SplitMix64) -> String {
        var characters = Array(seed)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = Int.random(in: 0...characters.count, using: &generator)
            let character = alphabet.randomElement(using: &generator)!
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: characters.insert(character, at: position)
            case 1 where position < characters.count: characters.remove(at: position)
            case 2 where position < characters.count: characters[position] = character
            default:
                let end = min(characters.count, position + Int.random(in: 1...6, using: &generator))
                characters.insert(contentsOf: characters[position..<end], at: position)
            }
        }
        return String(characters)
    }
}
