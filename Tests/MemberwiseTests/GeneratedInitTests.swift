import Memberwise
import Testing

// Types the macro expands in this module, as any target using it would: the tests call their
// initialisers, so a wrong label, order, default or assignment fails to compile or to compare.

@PublicMemberwiseInit
public struct Sample: Equatable, Sendable {
    public static let kind = "sample"
    public let id: Int
    public var name: String
    public var tags: [String] = []
    public var note: String?
    public let version = 1
    public var total: Int { id + tags.count }
}

@PublicMemberwiseInit
public struct Stepper: Sendable {
    public var step: @Sendable (Int) -> Int
    public var start: Int = 10
}

@Suite("@PublicMemberwiseInit initialisers")
struct GeneratedInitTests {
    @Test("each argument lands in the property of its label")
    func assignsEachProperty() {
        let sample = Sample(id: 7, name: "seven", tags: ["a", "b"], note: "n")
        #expect(sample.id == 7)
        #expect(sample.name == "seven")
        #expect(sample.tags == ["a", "b"])
        #expect(sample.note == "n")
        #expect(sample.version == 1)
        #expect(sample.total == 9)
    }

    @Test("an omitted argument takes the property's initial value")
    func defaults() {
        let sample = Sample(id: 1, name: "one", note: nil)
        #expect(sample.tags.isEmpty)
        #expect(sample == Sample(id: 1, name: "one", tags: [], note: nil))
        #expect(Stepper(step: { $0 * 2 }).start == 10)
    }

    @Test("a closure argument is stored and called later")
    func escapingClosure() {
        let stepper = Stepper(step: { $0 + 3 }, start: 1)
        #expect(stepper.step(stepper.start) == 4)
    }
}
