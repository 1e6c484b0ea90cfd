import MemberwiseMacros
import SwiftSyntaxMacroExpansion
import SwiftSyntaxMacrosGenericTestSupport
import Testing

/// What `@PublicMemberwiseInit` writes, compared as source text after expansion: each case gives a struct's
/// members once and the initialiser expected after them.
@Suite("@PublicMemberwiseInit expansion")
struct ExpansionTests {
    @Test("one parameter per stored property, in declaration order, each assigned")
    func storedPropertiesInOrder() {
        assertInit(
            members: """
            public var year: Int
            public let amount: Money
            """,
            init: """
            public init(year: Int, amount: Money) {
                self.year = year
                self.amount = amount
            }
            """
        )
    }

    @Test("a var's initial value is the default; static, computed and initialised lets are left out")
    func defaultsAndSkippedProperties() {
        assertInit(
            members: """
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
            """,
            init: """
            public init(eventID: UUID = UUID(), tags: [String] = [], note: String?, reference: String? = nil, observed: Int = 0) {
                self.eventID = eventID
                self.tags = tags
                self.note = note
                self.reference = reference
                self.observed = observed
            }
            """
        )
    }

    @Test("a stored closure is taken @escaping; an optional one is escaping already")
    func closuresEscape() {
        assertInit(
            members: """
            public var transform: @Sendable (inout [String: Any]) throws -> Void
            public var plain: () -> Int
            public var optional: (() -> Void)?
            """,
            init: """
            public init(transform: @escaping @Sendable (inout [String: Any]) throws -> Void, plain: @escaping () -> Int, optional: (() -> Void)?) {
                self.transform = transform
                self.plain = plain
                self.optional = optional
            }
            """
        )
    }

    @Test("`var a, b: Int` declares two properties of the type named last")
    func sharedAnnotation() {
        assertInit(
            members: """
            public var x, y: Int
            var z: Double = 0
            """,
            init: """
            public init(x: Int, y: Int, z: Double = 0) {
                self.x = x
                self.y = y
                self.z = z
            }
            """
        )
    }

    @Test("a struct with no stored property gets an empty public init")
    func empty() {
        assertInit(members: #"public static let name = "marker""#, init: "public init() {\n}")
    }

    @Test("what the macro cannot take is an error at the declaration, not a wrong init")
    func refusals() {
        assertMacroExpansion(
            "@PublicMemberwiseInit\npublic enum Kind {\n    case a\n}",
            expandedSource: "public enum Kind {\n    case a\n}",
            diagnostics: [DiagnosticSpec(message: "@PublicMemberwiseInit applies to a struct", line: 1, column: 1)],
            macroSpecs: Self.macros, failureHandler: { Issue.record(Comment(rawValue: $0.message)) }
        )
        // The members start on line 3, indented by four spaces.
        assertInit(
            members: "public var count = 0",
            diagnostic: DiagnosticSpec(message: "@PublicMemberwiseInit needs a type annotation on 'count'", line: 3, column: 16)
        )
        assertInit(
            members: "lazy var value: Int = 1",
            diagnostic: DiagnosticSpec(
                message: "@PublicMemberwiseInit cannot initialise a lazy or attributed (wrapped) property; write the initialiser by hand",
                line: 3, column: 5
            )
        )
        assertInit(
            members: "var (a, b): (Int, Int)",
            diagnostic: DiagnosticSpec(message: "@PublicMemberwiseInit needs one name per stored property, not a tuple pattern", line: 3, column: 9)
        )
    }

    private static let macros = ["PublicMemberwiseInit": MacroSpec(type: PublicMemberwiseInitMacro.self)]

    /// Expands `@PublicMemberwiseInit public struct S { members }` and expects `S` with `init` after its
    /// members, or, given a `diagnostic`, `S` unchanged and that error.
    private func assertInit(
        members: String, init expectedInit: String? = nil, diagnostic: DiagnosticSpec? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        func indented(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        }
        let generated = expectedInit.map { "\n\n" + indented($0) } ?? ""
        assertMacroExpansion(
            "@PublicMemberwiseInit\npublic struct S {\n\(indented(members))\n}",
            expandedSource: "public struct S {\n\(indented(members))\(generated)\n}",
            diagnostics: diagnostic.map { [$0] } ?? [],
            macroSpecs: Self.macros,
            failureHandler: { Issue.record(Comment(rawValue: $0.message), sourceLocation: sourceLocation) }
        )
    }
}
