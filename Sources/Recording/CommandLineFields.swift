import EventStore

/// A command's fields as typed on the command line: `--amount "250 000 kr" --department BUN --cashable`.
/// The options come from the catalogue (`CommandKind.fields`), so the command line takes exactly the
/// fields a command file takes, under the same names.
public enum CommandLineFields {
    /// The fields given in `arguments`. A misspelt or unknown option, a missing value, a field given twice
    /// or a stray word is a usage error (exit 64) naming it.
    public static func parse(_ arguments: [String], for kind: some CommandDeclaration) throws -> [String: FieldValue] {
        var values: [String: FieldValue] = [:]
        var clearedBy: [String: String] = [:]
        var remaining = arguments[...]
        while let token = remaining.popFirst() {
            guard token.hasPrefix("--"), token.count > 2 else {
                throw usage(kind, "unexpected argument \(Identifier.quoted(token)); every field is an option such as \(kind.fields[0].optionName) \(kind.fields[0].valueName)")
            }
            let (option, inline) = split(token)
            guard let (field, fixed) = match(option, in: kind) else {
                throw usage(kind, "\(kind.commandLine) has no option \(Identifier.quoted(option)); it takes \(optionList(kind))")
            }
            let value: String
            if let fixed {
                guard inline == nil else { throw usage(kind, "\(option) takes no value; it is a flag") }
                guard let text = fixed else {
                    try store(.list([]), for: field, option: option, in: &values, kind: kind)
                    clearedBy[field.name] = option
                    continue
                }
                value = text
            } else if let inline {
                value = inline
            } else {
                guard let next = remaining.popFirst() else { throw usage(kind, "\(option) needs a value: \(field.valueName)") }
                value = next
            }
            if let flag = clearedBy[field.name] { throw usage(kind, "\(flag) and \(option) contradict each other") }
            try store(.text(value), for: field, option: option, in: &values, kind: kind)
        }
        return values
    }

    /// `--amount=5` as the option and its value.
    static func split(_ token: String) -> (option: String, inline: String?) {
        guard let equals = token.firstIndex(of: "=") else { return (token, nil) }
        return (String(token[..<equals]), String(token[token.index(after: equals)...]))
    }

    /// The field `option` names, and for a flag the value it stands for (`nil` inside: an empty list).
    static func match(_ option: String, in kind: some CommandDeclaration) -> (CommandField, String??)? {
        for field in kind.fields {
            switch field.form {
            case .value, .repeatable:
                if field.optionNames.contains(option) { return (field, nil) }
                if field.clearingFlag == option { return (field, .some(nil)) }
            case .flag:
                if field.optionNames.contains(option) { return (field, "true") }
            case .invertibleFlag:
                if field.optionNames.contains(option) { return (field, "true") }
                if field.optionNames.map({ "--no-" + $0.dropFirst(2) }).contains(option) { return (field, "false") }
            }
        }
        return nil
    }

    static func store(_ value: FieldValue, for field: CommandField, option: String, in values: inout [String: FieldValue], kind: some CommandDeclaration) throws {
        switch (values[field.name], value, field.form) {
        case (nil, .text(let text), .repeatable):
            values[field.name] = .list([text])
        case (nil, _, _):
            values[field.name] = value
        case (.list(let items)?, .text(let text), .repeatable) where !items.isEmpty:
            values[field.name] = .list(items + [text])
        case (.list?, _, .repeatable):
            throw usage(kind, "\(field.clearingFlag ?? option) and \(field.optionName) contradict each other")
        default:
            throw usage(kind, "\(option) is given twice; it takes one value")
        }
    }

    static func usage(_ kind: some CommandDeclaration, _ message: String) -> UserError {
        UserError(description: "\(message)\n(see fundledger \(kind.commandLine) --help)", exitCode: ExitStatus.usage)
    }

    static func optionList(_ kind: some CommandDeclaration) -> String {
        kind.fields.map(\.optionName).joined(separator: ", ")
    }

    /// The fields as help lists them: each option on a line, its help below, wrapped to fit 80 columns.
    public static func help(for kind: some CommandDeclaration) -> String {
        kind.fields.map { field in
            let spelling: String
            switch field.form {
            case .value: spelling = "\(field.optionName) \(field.valueName)"
            case .repeatable: spelling = "\(field.optionName) \(field.valueName) (repeatable)"
            case .flag: spelling = field.optionName
            case .invertibleFlag: spelling = "\(field.optionName) | --no-\(field.optionName.dropFirst(2))"
            }
            let others = field.optionNames.dropFirst().map { " Also \($0)." }.joined()
            let extra = field.clearingFlag.map { " \($0) allows any." } ?? ""
            return (["  " + spelling] + wrap(field.help + others + extra, width: 72).map { "      " + $0 }).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// `text` in lines of at most `width` characters, broken at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + (line.isEmpty ? [] : [line])
    }
}
