import ArgumentParser
import Recording

/// A command whose own fields are parsed by `CommandLineFields`, which has its own rule for a field given
/// twice (repeatable fields, clearing flags): the check below leaves those options to it.
protocol ParsesItsOwnFields {
    /// Every spelling of the options `CommandLineFields` parses for this command.
    static var ownFieldOptions: Set<String> { get }
}

extension CatalogueSubcommand: ParsesItsOwnFields {
    static var ownFieldOptions: Set<String> { RepeatedOptions.spellings(of: Kind.kind.fields) }
}

extension PeriodCommand.Close: ParsesItsOwnFields {
    static var ownFieldOptions: Set<String> { RepeatedOptions.spellings(of: ClosePeriod.kind.fields) }
}

/// Refuses an option given twice where it takes one value. ArgumentParser keeps the last value without a
/// word, so `verify --expect-head H1 --expect-head H2` checked H2 only and `report --fund a --fund b`
/// reported on b; the recording commands already refused it (docs/exit-codes.md: 64).
enum RepeatedOptions {
    /// Options that take a list: each may be given any number of times.
    static let repeatable: Set<String> = ["--param", "--plugin", "--witness-key", "--share-with", "--anchor"]
    /// Short names of long options (`-o` is `--output`).
    static let aliases = ["-o": "--output"]

    /// The first option of `arguments` (after the subcommand words) given twice, unless it may repeat; the
    /// words after `--` are values, not options.
    static func firstRepeated(_ arguments: [String], exempt: Set<String>) -> String? {
        var seen: Set<String> = []
        for word in arguments {
            if word == "--" { break }
            guard word.hasPrefix("-"), word.count > 1, !word.dropFirst().allSatisfy({ $0.isNumber || $0 == "." || $0 == "," }) else { continue }
            let spelled = String(word.split(separator: "=", maxSplits: 1)[0])
            let name = aliases[spelled] ?? spelled
            guard !repeatable.contains(name), !exempt.contains(name) else { continue }
            if !seen.insert(name).inserted { return spelled }
        }
        return nil
    }

    /// Throws a usage error (64) naming the first repeated option of the command line `arguments`, for the
    /// subcommand `command` they select.
    static func check(_ arguments: [String], command: any ParsableCommand.Type) throws {
        let exempt = (command as? any ParsesItsOwnFields.Type)?.ownFieldOptions ?? []
        if let option = firstRepeated(arguments, exempt: exempt) {
            throw ValidationError("\(option) is given twice; it takes one value")
        }
    }

    /// Each option name of `fields`, with the `--no-` form of flags and the clearing flags.
    static func spellings(of fields: [CommandField]) -> Set<String> {
        Set(fields.flatMap { field in
            field.optionNames + field.optionNames.map { "--no-" + $0.dropFirst(2) } + (field.clearingFlag.map { [$0] } ?? [])
        })
    }
}
