import Foundation
import Testing
import TestSupport

@testable import Recording

/// Command files: a story's title, description, expected refusals and notes; the demo carried in the binary.
@Suite struct StoryFileTests {
    @Test func titleAboutExpectAndNote() throws {
        let text = """
            title: A story
            about: |
              Two lines
              of context.
            commands:
              - {command: contribute, fund: f, amount: 1 kr, source: s}
              - {command: withdraw, fund: f, amount: 9 kr, expect: refused over-withdrawal, note: not enough capital}
            """
        let document = try CommandFile.read(text, source: "s.yaml", path: "s.yaml")
        #expect(document.title == "A story")
        #expect(document.about == "Two lines\nof context.\n")
        #expect(document.commands.map(\.expectedRefusal) == [nil, "over-withdrawal"])
        #expect(document.commands.map(\.note) == [nil, "not enough capital"])
    }

    @Test(arguments: ["refused", "refuses over-withdrawal", "refused a b", "[refused, x]"])
    func aMalformedExpectationIsRefused(_ expect: String) {
        let text = "- {command: withdraw, fund: f, amount: 9 kr, expect: \(expect)}\n"
        let error = #expect(throws: UserError.self) { try CommandFile.read(text, source: "s.yaml", path: "s.yaml") }
        #expect(error?.description.contains("field expect") == true, "\(String(describing: error))")
        #expect(error?.exitCode == ExitStatus.badInput)
    }

    @Test func anUnknownTopLevelKeyIsRefused() {
        let error = #expect(throws: UserError.self) {
            try CommandFile.read("titel: x\ncommands: []\n", source: "s.yaml", path: "s.yaml")
        }
        #expect(error?.description.contains("unknown top-level key titel") == true)
    }

    /// The binary's demo is examples/demo/, byte for byte (`python3 scripts/embed-migrations.py`).
    @Test func theEmbeddedDemoIsTheExamplesFolder() throws {
        let folder = TestServer.repositoryRoot.appendingPathComponent("examples/demo")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(EmbeddedDemo.files.map(\.name) == names.map { String($0.dropLast(5)) })
        for (name, text) in EmbeddedDemo.files {
            let onDisk = try String(contentsOf: folder.appendingPathComponent(name + ".yaml"), encoding: .utf8)
            #expect(text == onDisk, "run python3 scripts/embed-migrations.py (\(name))")
            let document = try CommandFile.read(text, source: name, path: name + ".yaml")
            #expect(document.title != nil && !document.commands.isEmpty)
            #expect(document.commands.allSatisfy { $0.input.has(.commandID) }, "every demo entry keeps its fixed id")
        }
    }
}
