import EventStore
import FundLedger

/// The type of a plugin parameter; values are validated against it before the plugin runs.
public enum ParameterKind: Sendable, Equatable, Codable {
    case text
    /// A whole number.
    case integer
    /// An exact decimal (`0.035`, `3,5`), read as a `Rate`.
    case decimal
    /// A date, `YYYY-MM-DD`.
    case date
    case boolean
    /// An amount in the ledger's formats (`1 500 000,00 kr`, `1500000.00`).
    case money
    /// One of a fixed list of words.
    case choice([String])

    /// How the kind reads in help and listings.
    public var summary: String {
        switch self {
        case .text: "text"
        case .integer: "integer"
        case .decimal: "decimal"
        case .date: "date (YYYY-MM-DD)"
        case .boolean: "true|false"
        case .money: "amount"
        case .choice(let words): words.joined(separator: "|")
        }
    }
}

/// A parameter a plugin accepts: name, type, one line of help, a default, and whether it must be given.
/// Without a default and not required it is optional: the plugin reads `nil`.
public struct ParameterSpec: Sendable, Equatable, Codable {
    public var name: String
    public var kind: ParameterKind
    public var help: String
    public var defaultValue: String?
    /// The report cannot run without it (the host refuses before replaying).
    public var required: Bool
    /// The help's key in the catalogue, for a built-in plugin's parameter (`PluginDescriptor.localized`); not
    /// part of the JSON an external plugin describes itself with.
    public var helpKey: ReportText?
    /// The values an integer or decimal parameter may take (a built-in plugin's; not part of the external
    /// protocol): a value outside is refused with the parameter's other errors, before anything is read.
    public var bounds: ClosedRange<Rate>?

    private enum CodingKeys: String, CodingKey { case name, kind, help, defaultValue, required }

    public init(_ name: String, _ kind: ParameterKind, help: String, default defaultValue: String? = nil, required: Bool = false) {
        self.name = name
        self.kind = kind
        self.help = help
        self.defaultValue = defaultValue
        self.required = required
    }

    /// A parameter whose help is in the catalogue: `help` is its English text (listings, the external protocol),
    /// `localized` gives the Swedish.
    public init(_ name: String, _ kind: ParameterKind, help key: ReportText, default defaultValue: String? = nil, required: Bool = false) {
        self.init(name, kind, help: ReportTexts(.en).template(key), default: defaultValue, required: required)
        helpKey = key
    }

    /// This parameter, taking only values within `lower`…`upper` (integers or decimals).
    public func within(_ lower: Rate, _ upper: Rate) -> ParameterSpec {
        var spec = self
        spec.bounds = lower...upper
        return spec
    }

    /// `required`, `default X` or `optional`, for listings.
    public var requirement: String {
        if required { return "required" }
        return defaultValue.map { "default \($0)" } ?? "optional"
    }
}

extension ParameterSpec {
    /// `initiative`: one initiative of the fund (its id); `help` says what leaving it out means for the report.
    public static func initiative(_ help: ReportText) -> ParameterSpec {
        ParameterSpec("initiative", .text, help: help)
    }
}

/// A parameter value that does not fit its declaration.
public struct ParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    public var plugin: String
    public var parameter: String
    public var message: String

    public var description: String { "report \(plugin): parameter \(parameter): \(message)" }
}

/// Validated parameter values, read back typed. Every declared parameter has a value (given or default)
/// except optional ones without a default, which read as `nil`.
public struct ReportParameters: Sendable, Equatable {
    /// Canonical text per parameter name.
    public private(set) var values: [String: String]
    /// In declaration order, for stamping the report.
    public private(set) var used: [ParameterValue]
    /// The language the report is written in (set by the host from the request; not a plugin parameter).
    public var language: ReportLanguage = .default

    /// The catalogue in the report's language.
    public var texts: ReportTexts { ReportTexts(language) }

    /// Validates `given` against `specs`: unknown names, missing required values and values of the wrong
    /// type are errors that name the parameter.
    public init(validating given: [String: String], against specs: [ParameterSpec], plugin: String) throws {
        let known = Set(specs.map(\.name))
        if let unknown = given.keys.sorted().first(where: { !known.contains($0) }) {
            let names = specs.map(\.name).joined(separator: ", ")
            throw ParameterError(plugin: plugin, parameter: unknown,
                                 message: "not a parameter of this report (it takes: \(names.isEmpty ? "none" : names))")
        }
        values = [:]
        used = []
        for spec in specs {
            guard let raw = given[spec.name] ?? spec.defaultValue else {
                if spec.required {
                    let hint = spec.name == "fund" || spec.name == "initiative" ? "--\(spec.name) ID" : "--param \(spec.name)=…"
                    throw ParameterError(plugin: plugin, parameter: spec.name, message: "required; give it with " + hint)
                }
                continue
            }
            let canonical = try Self.canonical(raw, spec: spec, plugin: plugin)
            values[spec.name] = canonical
            used.append(ParameterValue(name: spec.name, value: canonical))
        }
    }

    /// Values from a plugin's own defaults only (no validation needed beyond the defaults').
    public init(values: [String: String]) {
        self.values = values
        self.used = values.keys.sorted().map { ParameterValue(name: $0, value: values[$0]!) }
    }

    static func canonical(_ raw: String, spec: ParameterSpec, plugin: String) throws -> String {
        func fail(_ message: String) -> ParameterError {
            ParameterError(plugin: plugin, parameter: spec.name, message: message)
        }
        let text = raw.trimmingCharacters(in: .whitespaces)
        switch spec.kind {
        case .text:
            return raw
        case .integer:
            guard let value = Int64(text) else { throw fail("expected a whole number, got \(Identifier.quoted(raw))") }
            if let bounds = spec.bounds, !(bounds.lowerBound.units / Rate.scale...bounds.upperBound.units / Rate.scale).contains(value) {
                throw fail("\(value) is out of range; give \(bounds.lowerBound.units / Rate.scale) to \(bounds.upperBound.units / Rate.scale)")
            }
            return String(value)
        case .decimal:
            guard let rate = Rate(text) ?? Rate(text.replacingOccurrences(of: ",", with: ".")) else {
                throw fail("expected a decimal number such as 0.035, got \(Identifier.quoted(raw))")
            }
            if let bounds = spec.bounds, !bounds.contains(rate) {
                throw fail("\(rate) is out of range; give \(bounds.lowerBound) to \(bounds.upperBound)")
            }
            return rate.description
        case .date:
            guard let date = CivilDate(text) else { throw fail("expected a date YYYY-MM-DD, got \(Identifier.quoted(raw))") }
            return date.description
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "1", "ja": return "true"
            case "false", "no", "0", "nej": return "false"
            default: throw fail("expected true or false, got \(Identifier.quoted(raw))")
            }
        case .money:
            do { return String(try Money.parse(text).plainDescription.split(separator: " ")[0]) } catch {
                throw fail("expected an amount such as 1500000.00 or \"1 500 000,00 kr\", got \(Identifier.quoted(raw)) (\(error))")
            }
        case .choice(let words):
            guard words.contains(text) else { throw fail("expected one of \(words.joined(separator: ", ")), got \(Identifier.quoted(raw))") }
            return text
        }
    }

    /// The value of `name`, or `nil` when optional and not given.
    public func text(_ name: String) -> String? { values[name] }

    public func integer(_ name: String) -> Int64? { values[name].flatMap { Int64($0) } }

    public func decimal(_ name: String) -> Rate? { values[name].flatMap { Rate($0) } }

    public func date(_ name: String) -> CivilDate? { values[name].flatMap { CivilDate($0) } }

    public func boolean(_ name: String) -> Bool? { values[name].map { $0 == "true" } }

    public func money(_ name: String, currency: Currency = .sek) -> Money? {
        values[name].flatMap { try? Money.parse($0, currency: currency) }
    }
}
