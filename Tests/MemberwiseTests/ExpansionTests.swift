import FundLedgerMacros
import SwiftSyntaxMacroExpansion
import SwiftSyntaxMacrosGenericTestSupport
import Testing

/// What `@PublicMemberwiseInit` writes, compared as source text after expansion.
@Suite("@PublicMemberwiseInit expansion")
struct ExpansionTests {
    @Test("one parameter per stored property, in declaration order, each assigned")
    func storedPropertiesInOrder() {
        assertExpansion(
            """
            @PublicMemberwiseInit
            public struct YearAmount: Sendable {
                public var year: Int
                public let amount: Money
            }
            """,
            """
            public struct YearAmount: Sendable {
                public var year: Int
                public let amount: Money

                public init(year: Int, amount: Money) {
                    self.year = year
                    self.amount = amount
                }
            }
            """
        )
    }

    @Test("a var's initial value is the default; static, computed and initialised lets are left out")
    func defaultsAndSkippedProperties() {
        assertExpansion(
            """
            @PublicMemberwiseInit
            public struct Event {
                public static let eventType = "Event"
                public static var schemaVersion: Int { 2 }
                public let kind = "event"
                public var eventID: UUID = UUID()
                public var tags: [String] = []
                public var note: String?
                public var reference: String? = nil
                public var count: Int { tags.count }
                public var label: String { get { note ?? "" } set { note = newValue } }
                public var observed: Int = 0 { didSet { print(observed) } }
            }
            """,
            """
            public struct Event {
                public static let eventType = "Event"
                public static var schemaVersion: Int { 2 }
                public let kind = "event"
                public var eventID: UUID = UUID()
                public var tags: [String] = []
                public var note: String?
                public var reference: String? = nil
                public var count: Int { tags.count }
                public var label: String { get { note ?? "" } set { note = newValue } }
                public var observed: Int = 0 { didSet { print(observed) } }

                public init(eventID: UUID = UUID(), tags: [String] = [], note: String?, reference: String? = nil, observed: Int = 0) {
                    self.eventID = eventID
                    self.tags = tags
                    self.note = note
                    self.reference = reference
                    self.observed = observed
                }
            }
            """
        )
    }

    @Test("a stored closure is taken @escaping; an optional one is escaping already")
    func closuresEscape() {
        assertExpansion(
            """
            @PublicMemberwiseInit
            public struct Upcaster {
                public var transform: @Sendable (inout [String: Any]) throws -> Void
                public var plain: () -> Int
                public var optional: (() -> Void)?
            }
            """,
            """
            public struct Upcaster {
                public var transform: @Sendable (inout [String: Any]) throws -> Void
                public var plain: () -> Int
                public var optional: (() -> Void)?

                public init(transform: @escaping @Sendable (inout [String: Any]) throws -> Void, plain: @escaping () -> Int, optional: (() -> Void)?) {
                    self.transform = transform
                    self.plain = plain
                    self.optional = optional
                }
            }
            """
        )
    }

    @Test("`var a, b: Int` declares two properties of the type named last")
    func sharedAnnotation() {
        assertExpansion(
            """
            @PublicMemberwiseInit
            public struct Point {
                public var x, y: Int
                var z: Double = 0
            }
            """,
            """
            public struct Point {
                public var x, y: Int
                var z: Double = 0

                public init(x: Int, y: Int, z: Double = 0) {
                    self.x = x
                    self.y = y
                    self.z = z
                }
            }
            """
        )
    }

    @Test("a struct with no stored property gets an empty public init")
    func empty() {
        assertExpansion(
            """
            @PublicMemberwiseInit
            public struct Marker {
                public static let name = "marker"
            }
            """,
            """
            public struct Marker {
                public static let name = "marker"

                public init() {
                }
            }
            """
        )
    }

    @Test("what the macro cannot take is an error at the declaration, not a wrong init")
    func refusals() {
        assertExpansion(
            "@PublicMemberwiseInit\npublic enum Kind {\n    case a\n}",
            "public enum Kind {\n    case a\n}",
            diagnostics: [DiagnosticSpec(message: "@PublicMemberwiseInit applies to a struct", line: 1, column: 1)]
        )
        assertExpansion(
            "@PublicMemberwiseInit\npublic struct Inferred {\n    public var count = 0\n}",
            "public struct Inferred {\n    public var count = 0\n}",
            diagnostics: [DiagnosticSpec(message: "@PublicMemberwiseInit needs a type annotation on 'count'", line: 3, column: 16)]
        )
        assertExpansion(
            "@PublicMemberwiseInit\npublic struct Cached {\n    lazy var value: Int = 1\n}",
            "public struct Cached {\n    lazy var value: Int = 1\n}",
            diagnostics: [DiagnosticSpec(
                message: "@PublicMemberwiseInit cannot initialise a lazy or attributed (wrapped) property; write the initialiser by hand",
                line: 3, column: 5
            )]
        )
        assertExpansion(
            "@PublicMemberwiseInit\npublic struct Pair {\n    var (a, b): (Int, Int)\n}",
            "public struct Pair {\n    var (a, b): (Int, Int)\n}",
            diagnostics: [DiagnosticSpec(message: "@PublicMemberwiseInit needs one name per stored property, not a tuple pattern", line: 3, column: 9)]
        )
    }

    private func assertExpansion(
        _ source: String, _ expanded: String, diagnostics: [DiagnosticSpec] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        assertMacroExpansion(
            source, expandedSource: expanded, diagnostics: diagnostics,
            macroSpecs: ["PublicMemberwiseInit": MacroSpec(type: PublicMemberwiseInitMacro.self)],
            failureHandler: { Issue.record(Comment(rawValue: $0.message), sourceLocation: sourceLocation) }
        )
    }
}
