import ArgumentParser
import EventStore
import Foundation
import Yams

/// `fundledger apply FILE`: records the commands of a JSON or YAML file, all in one transaction.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Record the commands of a JSON or YAML command file, all or none (docs/recording.md).",
        discussion: """
            The file is a list of commands, or {defaults: {...}, commands: [...]}:
              - {command: disburse, fund: tomelilla, initiative: tidiga-insatser, amount: "250 000 kr",
                 department: BUN, voucher: V-17, effective_date: 2026-02-01, actor: ekonomi}
            Each field is named as its option on the command line (--period-start is period_start).
            --actor, --reason, --decision-ref and --effective-date are defaults for every entry. Rerunning
            the same file is a retry (the ids derive from its content) unless --command-id names a new batch.
            """)

    @Argument(help: "The command file (.json, .yaml or .yml; otherwise detected from the content); '-' reads stdin.")
    var file: String
    @OptionGroup var recording: RecordingOptions

    func run() async throws {
        try await reportingErrors {
            let source = file == "-" ? "stdin" : file
            let pending = try CommandFile.read(utf8Text(try readInput(file), source: source), source: source, path: file)
            try await recording.recordBatch(pending, source: source)
        }
    }
}

/// Reads a command file into commands, each with its fields and a label for messages.
enum CommandFile {
    /// The commands of `text`: a sequence of entries, or a mapping with `commands` and optional `defaults`.
    static func read(_ text: String, source: String, path: String) throws -> [PendingCommand] {
        let root = try parse(text, source: source, isJSON: isJSON(text, path: path))
        func fail(_ mark: Mark?, _ reason: String) -> UserError {
            UserError(description: "\(source)\(mark.map { " line \($0.line)" } ?? ""): \(reason); nothing was written", exitCode: ExitStatus.badInput)
        }
        var defaults: [String: FieldValue] = [:]
        let entries: Node.Sequence
        switch root {
        case .sequence(let sequence)?:
            entries = sequence
        case .mapping(let mapping)?:
            for (key, _) in mapping where !["commands", "defaults"].contains(key.string ?? "") {
                throw fail(key.mark, "unknown top-level key \(key.string ?? "?"); a command file has commands: and optionally defaults:")
            }
            guard case .sequence(let sequence)? = mapping["commands"] else {
                throw fail(mapping.mark, "commands: must be a list of commands")
            }
            entries = sequence
            if let node = mapping["defaults"] {
                guard case .mapping(let values) = node else { throw fail(node.mark, "defaults: must map field names to values") }
                defaults = try fields(values, origin: .document("\(source) defaults", noun: "field"))
            }
        case nil:
            throw fail(nil, "the file is empty; it holds a list of commands")
        default:
            throw fail(root?.mark, "expected a list of commands, or commands: and defaults:")
        }

        var pending: [PendingCommand] = []
        for (offset, node) in entries.enumerated() {
            let number = offset + 1
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
            guard let kind = CommandCatalog.kind(named: name) else {
                throw FieldOrigin.document(label, noun: "field").error(
                    "command", "\"\(name)\" is not a command; the commands are \(CommandCatalog.all.map(\.name).joined(separator: ", "))")
            }
            var input = FieldInput(values, origin: .document(label, noun: "field"))
            for (field, value) in defaults { input.setDefault(field, value) }
            pending.append(PendingCommand(label: label, kind: kind, input: input))
        }
        return pending
    }

    /// JSON by extension, else by a first character of `[` or `{`.
    static func isJSON(_ text: String, path: String) -> Bool {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".json") { return true }
        if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") { return false }
        return text.first(where: { !$0.isWhitespace }).map { $0 == "[" || $0 == "{" } ?? false
    }

    /// The document's node tree. JSON is read with the YAML parser too (JSON is YAML's flow style), so
    /// every scalar keeps the text it was written with: `250000.50` stays exactly that, never a `Double`.
    static func parse(_ text: String, source: String, isJSON: Bool) throws -> Node? {
        var text = text
        if isJSON {
            // Strict JSON first, so a JSON file gets a JSON message; then tabs (only ever whitespace in
            // valid JSON, since a tab inside a string must be escaped) become spaces, which YAML requires.
            do {
                _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            } catch {
                throw UserError(description: "\(source) is not valid JSON (\(jsonErrorDetail(error))); nothing was written", exitCode: ExitStatus.badInput)
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
    static func yamlErrorSummary(_ error: any Error, text: String) -> String {
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

    static func jsonErrorDetail(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
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
                guard case .scalar(let scalar) = node else {
                    throw origin.error(name, "expected a text, a list of texts, or a mapping of texts, not a nested structure")
                }
                return scalar.string
            }
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
}
