/// A plugin parameter given on the command line in a way that cannot be read: not `name=value`, or twice.
public struct CommandLineParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
}

extension ReportParameters {
    /// `--param name=value` pairs with `--fund` and `--initiative`, as the plugin's parameters. A parameter
    /// given twice is refused, since the value that would win is not the one a reader of the command line
    /// expects.
    public static func commandLine(params: [String], fund: String?, initiative: String?) throws -> [String: String] {
        var given: [(name: String, value: String, spelled: String)] = []
        for param in params {
            let parts = param.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw CommandLineParameterError(description: "--param takes name=value, got \"\(param)\"") }
            given.append((String(parts[0]), String(parts[1]), "--param \(parts[0])"))
        }
        if let fund { given.append(("fund", fund, "--fund")) }
        if let initiative { given.append(("initiative", initiative, "--initiative")) }
        var parameters: [String: String] = [:]
        var spelling: [String: String] = [:]
        for entry in given {
            if let earlier = spelling[entry.name] {
                throw CommandLineParameterError(description: "parameter \(entry.name) is given twice (\(earlier) and \(entry.spelled)); give it once")
            }
            parameters[entry.name] = entry.value
            spelling[entry.name] = entry.spelled
        }
        return parameters
    }
}

extension PluginDescriptor {
    /// How `fundledger plugins` lists it: `id  —  summary` (with the origin of an external one), then a line
    /// per parameter with its kind, help and whether it is required or its default.
    public var listing: [String] {
        ["\(id)  —  \(summary)" + (origin == "built-in" ? "" : "  [\(origin)]")]
            + parameters.map { "    --param \($0.name)=<\($0.kind.summary)>  \($0.help) (\($0.requirement))" }
    }
}
