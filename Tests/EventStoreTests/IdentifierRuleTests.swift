import EventStore
import Foundation
import Postgres
import Testing
import TestSupport

/// The identifier rule (docs/identifiers.md) is the same in Swift and in `append_events`, and the
/// messages that quote user text never carry a control character.
@Suite struct IdentifierRuleTests {
    @Test func ordinaryIdsAreAcceptedAndHostileOnesRefused() {
        for id in ["BUN", "212000-1124", "V-17", "tidiga-insatser", "Barn- och utbildningsnämnden", "fund-tomelilla", "Välfärd/2024"] {
            #expect(Identifier.problem(id, "id") == nil, "\(id)")
        }
        let refused = ["", "a\nb", "a\tb", "a\u{1B}[31mb", "a\u{202E}b", "a\u{200B}b", "a\u{A0}b", " a", "a ", "e\u{301}",
                       "a\u{85}b", "a\u{2028}b", "\u{FEFF}a", "a\u{E000}", String(repeating: "x", count: 256)]
        for id in refused {
            let problem = Identifier.problem(id, "id")
            #expect(problem != nil, "\(id.debugDescription)")
            #expect(problem?.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } != true)
        }
        #expect(Identifier.problem(String(repeating: "å", count: 127), "id") == nil)
        #expect(Identifier.problem(String(repeating: "å", count: 128), "id") != nil, "256 bytes")
    }

    @Test func quotingShowsControlCharactersAndCutsLongText() {
        #expect(Identifier.quoted("a\u{1B}[0m\nb") == #""a\u{1B}[0m\u{A}b""#)
        #expect(Identifier.quoted(String(repeating: "x", count: 100)) == "\"" + String(repeating: "x", count: 40) + "…\"")
    }

    @Test func freeTextMayHoldLineBreaksButNoOtherControls() {
        #expect(FreeText.problem("Två rader\nmed\ttab", "reason") == nil)
        for text in ["a\u{1B}b", "a\u{7}b", "a\u{202E}b", "a\u{0}b", "a\u{9B}b"] {
            #expect(FreeText.problem(text, "reason") != nil, "\(text.debugDescription)")
        }
    }

    /// Every code point outside the surrogates, asked of PostgreSQL and of Swift: the forbidden sets agree.
    @Test func theDatabaseForbidsExactlyTheCharactersSwiftForbids() async throws {
        try await TestDatabase.withMigrated { db in
            let sqlForbidden: Set<UInt32> = try await db.withConnection { connection in
                let rows = try await connection.query("""
                    SELECT cp FROM generate_series(1, 1114111) cp
                    WHERE cp NOT BETWEEN 55296 AND 57343
                      AND event_store.identifier_problem('a' || chr(cp) || 'b') = 'holds a control, invisible or bidirectional character'
                    """)
                return Set(try rows.map { UInt32(try $0.decode(Int32.self, at: 0)) })
            }
            var swiftForbidden = Set<UInt32>()
            for value in UInt32(1)...0x10FFFF {
                if let scalar = Unicode.Scalar(value), Identifier.isForbidden(scalar) { swiftForbidden.insert(value) }
            }
            #expect(sqlForbidden.count == swiftForbidden.count)
            #expect(sqlForbidden.subtracting(swiftForbidden).sorted().prefix(5) == [])
            #expect(swiftForbidden.subtracting(sqlForbidden).sorted().prefix(5) == [])
            // The other parts of the rule, case by case.
            for (id, refused) in [(" a", true), ("a ", true), ("e\u{301}", true), ("é", false), (String(repeating: "x", count: 256), true), ("a b", false)] {
                let problem: String? = try await db.withConnection {
                    try await $0.query("SELECT event_store.identifier_problem(\(id))")[0].decodeIfPresent(String.self, at: 0)
                }
                #expect((problem != nil) == refused, "\(id.debugDescription): \(problem ?? "accepted")")
                #expect((Identifier.problem(id, "id") != nil) == refused, "\(id.debugDescription)")
            }
        }
    }

    /// Both stores refuse an event whose stream id, event type or organisation id breaks the rule.
    @Test(arguments: StoreKind.allCases)
    func bothStoresRefuseBadIdentifiers(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let events = [
                NewEvent(streamID: "a\nb", eventType: "X", payload: "{}"),
                NewEvent(streamID: "s", eventType: "X\u{202E}", payload: "{}"),
                NewEvent(streamID: "s", eventType: "X", payload: "{}", organisationID: "212000-0886 "),
            ]
            for event in events {
                await #expect(throws: EventStoreError.self) { try await store.append([event], expectations: [:]) }
            }
            let head = try await store.head()
            #expect(head.position == 0)
        }
    }
}
