import FundLedger
import Foundation
import Yams
import EventStore

/// A command file as read: its commands, and the title and description a story file (`examples/demo/`)
/// gives itself.
public struct CommandDocument: Sendable {
    public var title: String?
    public var about: String?
    public var commands: [PendingCommand]
}

/// Reads a command file into commands, each with its fields and a label for messages.
public enum CommandFile {
    /// Keys a command file may have at its top level.
    static let topLevelKeys = ["commands", "defaults", "title", "about"]

    /// The commands of `text`: a sequence of entries, or a mapping with `commands` and optional
    /// `defaults`, `title` and `about`.
    public static func read(_ text: String, source: String, path: String) throws -> CommandDocument {
        let root = try parse(text, source: source, isJSON: isJSON(text, path: path))
        func fail(_ mark: Mark?, _ reason: String) -> UserError {
            UserError(description: "\(source)\(mark.map { " line \($0.line)" } ?? ""): \(reason); nothing was written", exitCode: ExitStatus.badInput)
        }
        var document = CommandDocument(commands: [])
        var defaults: [String: FieldValue] = [:]
        let entries: Node.Sequence
        switch root {
        case .sequence(let sequence)?:
            entries = sequence
        case .mapping(let mapping)?:
            for (key, _) in mapping where !topLevelKeys.contains(key.string ?? "") {
                throw fail(key.mark, "unknown top-level key \(key.string ?? "?"); a command file has commands: and optionally defaults:, title: and about:")
            }
            guard case .sequence(let sequence)? = mapping["commands"] else {
                throw fail(mapping.mark, "commands: must be a list of commands")
            }
            entries = sequence
            if let node = mapping["defaults"] {
                guard case .mapping(let values) = node else { throw fail(node.mark, "defaults: must map field names to values") }
                defaults = try fields(values, origin: .document("\(source) defaults", noun: "field"))
            }
            for key in ["title", "about"] {
                guard let node = mapping[key] else { continue }
                guard case .scalar(let scalar) = node else { throw fail(node.mark, "\(key): must be a text") }
                if key == "title" { document.title = scalar.string } else { document.about = scalar.string }
            }
        case nil:
            throw fail(nil, "the file is empty; it holds a list of commands")
        default:
            throw fail(root?.mark, "expected a list of commands, or commands: and defaults:")
        }
        document.commands = try entries.enumerated().map { offset, node in try entry(node, number: offset + 1, defaults: defaults) }
        // A default applies only where it fits, but one that fits no entry is a typo (`effectve_date:` would
        // have recorded every entry at today's date without a word).
        let taken = Set(document.commands.flatMap { $0.kind.fields.map(\.name) } + CommandField.metadata.map(\.name))
        if let unused = defaults.keys.sorted().first(where: { !taken.contains($0) }) {
            throw fail(nil, "defaults: field \(Identifier.quoted(unused)) is a field of none of the file's commands")
        }
        return document
    }

    /// One entry: its command, fields, and the `expect:` and `note:` a story gives it.
    static func entry(_ node: Node, number: Int, defaults: [String: FieldValue]) throws -> PendingCommand {
        let line = node.mark?.line
        let where_ = "entry \(number)\(line.map { " (line \($0))" } ?? "")"
        guard case .mapping(let mapping) = node else {
            throw UserError(description: "\(where_): expected a mapping such as {command: disburse, fund: …}; nothing was written", exitCode: ExitStatus.badInput)
        }
        var values = try fields(mapping, origin: .document(where_, noun: "field"))
        let origin = FieldOrigin.document(where_, noun: "field")
        guard let command = values.removeValue(forKey: "command") else {
            throw origin.error("command", "required but not given (such as disburse; see docs/recording.md)")
        }
        guard case .text(let name) = command else { throw origin.error("command", "expected one command name, such as disburse") }
        let label = "entry \(number) (\(line.map { "line \($0), " } ?? "")\(name))"
        let labelled = FieldOrigin.document(label, noun: "field")
        guard let kind = CommandCatalog.kind(named: name) else {
            throw labelled.error(
                "command", "\"\(name)\" is not a command; the commands are \(CommandCatalog.all.map(\.name).joined(separator: ", "))")
        }
        let expected = try expectation(values.removeValue(forKey: "expect"), origin: labelled)
        var note: String?
        switch values.removeValue(forKey: "note") {
        case .text(let text)?: note = text
        case .list?: throw labelled.error("note", "expected one text")
        case .null?, nil: break
        }
        var input = FieldInput(values, origin: labelled)
        for (field, value) in defaults { input.setDefault(field, value) }
        return PendingCommand(label: label, kind: kind, input: input, expectedRefusal: expected, note: note)
    }

    /// `expect: refused RULE`: the rule that must refuse the entry.
    static func expectation(_ value: FieldValue?, origin: FieldOrigin) throws -> String? {
        guard let value, value != .null else { return nil }
        guard case .text(let text) = value else { throw origin.error("expect", "expected \"refused RULE\", such as refused over-disbursement") }
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 2, words[0] == "refused" else {
            throw origin.error("expect", "\"\(text)\" is not \"refused RULE\", such as refused over-disbursement")
        }
        return String(words[1])
    }

    /// JSON by extension, else by a first character of `[` or `{`.
    public static func isJSON(_ text: String, path: String) -> Bool {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".json") { return true }
        if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") { return false }
        return text.first(where: { !$0.isWhitespace }).map { $0 == "[" || $0 == "{" } ?? false
    }

    /// The document's node tree. JSON is read with the YAML parser too (JSON is YAML's flow style), so
    /// every scalar keeps the text it was written with: `250000.50` stays exactly that, never a `Double`.
    public static func parse(_ text: String, source: String, isJSON: Bool) throws -> Node? {
        var text = text
        if isJSON {
            // Strict JSON first, so a JSON file gets a JSON message; then tabs (only ever whitespace in
            // valid JSON, since a tab inside a string must be escaped) become spaces, which YAML requires.
            do {
                try RawJSON.requireValid(text)
            } catch let error as RawJSON.SyntaxError {
                let before = text.utf8.prefix(error.offset)
                let line = before.count(where: { $0 == 0x0A }) + 1
                let column = before.count - (before.lastIndex(of: 0x0A).map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
                throw UserError(
                    description: "\(source) is not valid JSON (line \(line), column \(column): \(error.reason)); nothing was written",
                    exitCode: ExitStatus.badInput)
            }
            text = text.replacingOccurrences(of: "\t", with: " ")
        }
        do {
            return try Yams.compose(yaml: text)
        } catch {
            throw UserError(
                description: "\(source) is not valid \(isJSON ? "JSON" : "YAML"): \(yamlErrorSummary(error, text: text)); nothing was written",
                exitCode: ExitStatus.badInput)
        }
    }

    /// One line for a YAML error: where (line and column), what, and at most 30 characters of the text
    /// there. Yams' own description quotes the whole source line, which may be 200 000 characters long.
    public static func yamlErrorSummary(_ error: any Error, text: String) -> String {
        func at(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> String {
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(mark.line - 1).first ?? ""
            let excerpt = line.unicodeScalars.dropFirst(max(0, mark.column - 11)).prefix(30)
            let near = excerpt.isEmpty ? "" : " near \(Identifier.quoted(String(String.UnicodeScalarView(excerpt))))"
            return "line \(mark.line), column \(mark.column): \(problem)\(context.map { " \($0.text)" } ?? "")\(near)"
        }
        switch error as? YamlError {
        case let .scanner(context, problem, mark, _)?, let .parser(context, problem, mark, _)?,
            let .composer(context, problem, mark, _)?:
            return at(mark, problem, context)
        case let .reader(problem, offset, _, _)?:
            return "\(problem)\(offset.map { " at byte \($0)" } ?? "")"
        case let .duplicatedKeysInMapping(duplicates, context)?:
            return at(context.mark, "key \(duplicates.sorted().map { Identifier.quoted($0) }.joined(separator: ", ")) given twice", nil)
        default:
            return Identifier.printable(String(describing: error).split(separator: "\n").first.map(String.init) ?? "", limit: 200)
        }
    }

    /// A mapping's values as fields: a text, a list of texts, or a mapping of texts (`{2026: "500 000 kr"}`
    /// becomes `2026=500 000 kr`, the same as `--request 2026="500 000 kr"`). Null means not given, but the
    /// field is still named, so an unknown one is an error (`{amount: 1,2,3 kr}` is amount 1 plus the
    /// null fields `2` and `3 kr`, and must not record 1 kr).
    static func fields(_ mapping: Node.Mapping, origin: FieldOrigin) throws -> [String: FieldValue] {
        var fields: [String: FieldValue] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { throw origin.error("a field name must be a text") }
            let name = key == "command" ? key : FieldInput.canonical(key)
            guard fields[name] == nil else { throw origin.error(name, "given twice (as \(key) and under another name)") }
            func scalar(_ node: Node) throws -> String {
                try requireStandardTag(node, field: name, origin: origin)
                guard case .scalar(let scalar) = node else {
                    throw origin.error(name, "expected a text, a list of texts, or a mapping of texts, not a nested structure")
                }
                return scalar.string
            }
            try requireStandardTag(value, field: name, origin: origin)
            switch value {
            case .scalar(let text):
                fields[name] = value.null == nil ? .text(text.string) : .null
            case .sequence(let items):
                fields[name] = .list(try items.map(scalar))
            case .mapping(let pairs):
                fields[name] = .list(try pairs.map { "\(try scalar($0.key))=\(try scalar($0.value))" })
            case .alias:
                throw origin.error(name, "aliases are not supported")
            }
        }
        return fields
    }

    /// YAML's own types only: a value tagged `!custom` or `!!binary` was read as its text without a word
    /// (`amount: !custom 1 kr` recorded 1 kr), so a tag this reader does not understand is refused instead.
    static func requireStandardTag(_ node: Node, field: String, origin: FieldOrigin) throws {
        let tag = node.tag.description
        let standard = ["str", "int", "float", "bool", "null", "timestamp", "map", "seq"].map { "tag:yaml.org,2002:" + $0 }
        guard standard.contains(tag) || tag == "?" || tag == "!" else {
            throw origin.error(field, "the YAML tag \(Identifier.quoted(tag)) is not read here; write the value without it")
        }
    }
}
