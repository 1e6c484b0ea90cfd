import EventStore
import Testing

/// Dates, timestamps and JSON helpers that the hash chain depends on byte for byte.
@Suite("Value types")
struct ValueTypeTests {
    @Test("CivilDate parses only real YYYY-MM-DD dates and round-trips through days since epoch")
    func civilDate() throws {
        #expect(CivilDate("2024-02-29")?.description == "2024-02-29")
        #expect(CivilDate("2025-02-29") == nil)
        #expect(CivilDate("2025-13-01") == nil)
        #expect(CivilDate("2025-1-01") == nil)
        #expect(CivilDate("2025-01-01 ") == nil)
        #expect(CivilDate("１２３４-01-01") == nil)
        #expect(CivilDate(daysSinceEpoch: 0).description == "1970-01-01")
        for text in ["1900-01-01", "1999-12-31", "2000-02-29", "2026-11-29", "9999-12-31"] {
            let date = try #require(CivilDate(text))
            #expect(CivilDate(daysSinceEpoch: date.daysSinceEpoch) == date)
        }
        #expect(CivilDate("2026-03-01")!.daysSinceEpoch - CivilDate("2026-02-28")!.daysSinceEpoch == 1)
    }

    @Test("Timestamp prints UTC with six fraction digits and parses what PostgreSQL prints")
    func timestamp() throws {
        let stamp = try #require(Timestamp("2026-11-29T00:05:19.514919Z"))
        #expect(stamp.description == "2026-11-29T00:05:19.514919Z")
        #expect(Timestamp("2026-11-29T00:05:19Z")?.description == "2026-11-29T00:05:19.000000Z")
        #expect(Timestamp("2026-11-29T00:05:19.5Z")?.description == "2026-11-29T00:05:19.500000Z")
        #expect(Timestamp(microsecondsSinceEpoch: -1).description == "1969-12-31T23:59:59.999999Z")
        #expect(Timestamp("2026-11-29T24:00:00Z") == nil)
        #expect(Timestamp("2026-11-29 00:05:19Z") == nil)
        #expect(Timestamp("2026-11-29T00:05:19+01:00") == nil)
        #expect(stamp.utcDate.description == "2026-11-29")
    }

    @Test("RawJSON keeps each member's text exactly and rejects anything but one object")
    func rawJSON() throws {
        let members = try RawJSON.members(of: #" {"payload": {"amount": 1.50, "n": [1, {"x": null}]}, "id": "a\"b", "v": -2e3} "#)
        #expect(members["payload"] == #"{"amount": 1.50, "n": [1, {"x": null}]}"#)
        #expect(members["id"] == #""a\"b""#)
        #expect(members["v"] == "-2e3")
        for bad in ["", "[]", "{", #"{"a": 1,}"#, #"{"a": 01}"#, #"{"a": 1} {"#, #"{"a": "\q"}"#, #"{"a": tru}"#, #"{"a": 1, "a": 2}"#] {
            #expect(throws: RawJSON.SyntaxError.self, "\(bad)") { try RawJSON.members(of: bad) }
        }
        #expect(RawJSON.isSingleObject(#"{"a": {"b": [1, 2.5e-3, "ä"]}}"#))
        #expect(!RawJSON.isSingleObject(#"{"a": 1}, "stream_id": "x""#))
        #expect(!RawJSON.isSingleObject("[1]"))
        #expect(!RawJSON.isSingleObject(#"{"a": "unterminated}"#))
    }

    @Test("RawJSON refuses nesting beyond its limit instead of exhausting the stack")
    func rawJSONDepth() {
        let deep = "{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(!RawJSON.isSingleObject(deep))
        #expect(throws: RawJSON.SyntaxError.self) { try RawJSON.members(of: deep) }
        let fine = "{\"a\":" + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "}"
        #expect(RawJSON.isSingleObject(fine))
    }

    @Test("JSONText.quote escapes what JSON requires")
    func quoting() throws {
        let text = "a\"b\\c\nd\u{01}ä"
        #expect(JSONText.quote(text) == #""a\"b\\c\nd\u0001ä""#)
        #expect(try RawJSON.members(of: "{\"k\": \(JSONText.quote(text))}")["k"] == JSONText.quote(text))
    }

    @Test("ExpectedVersion parses the CLI's words and checks versions")
    func expectedVersion() {
        #expect(ExpectedVersion("any") == .any)
        #expect(ExpectedVersion("no_stream") == .noStream)
        #expect(ExpectedVersion("exists") == .streamExists)
        #expect(ExpectedVersion("7") == .exact(7))
        #expect(ExpectedVersion("-1") == nil)
        #expect(ExpectedVersion("seven") == nil)
        #expect(ExpectedVersion.exact(0).isSatisfied(by: nil))
        #expect(!ExpectedVersion.noStream.isSatisfied(by: 1))
        #expect(!ExpectedVersion.streamExists.isSatisfied(by: nil))
    }
}
