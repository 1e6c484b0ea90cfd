import ArgumentParser
import EventStore
import Foundation
import FundLedger
import Projections
import Reporting
import SIEExport
import Server

/// `fundledger report ID`: runs a reporting plugin and renders its document.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run a reporting plugin (see `fundledger plugins`) and render its report.",
        discussion: """
            Every report is stamped with the ledger position and chain hash it was computed from; `--at-head POS` \
            computes it again from exactly that position, byte for byte. Time travel: --as-of (as we knew it then, \
            by recorded time) and --effective-until (as booked by that date) combine. See docs/reports.md.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var reads: ReadDatabaseOptions
    @Option(name: .customLong("replica-wait"), help: ArgumentHelp("With --read-database and --at-head: seconds to wait for the replica to replay that far (default 5; 0 to 3600), else exit 75.", valueName: "seconds"))
    var replicaWait: Double?
    @Argument(help: "The plugin id, e.g. fund-statement, sie, sroi.")
    var id: String
    @Option(name: .long, help: "Sets the plugin's `fund` parameter.")
    var fund: String?
    @Option(name: .long, help: "Sets the plugin's `initiative` parameter.")
    var initiative: String?
    @Option(name: .customLong("param"), help: "A plugin parameter as name=value (repeatable).")
    var params: [String] = []
    @Option(name: .long, help: "Only events recorded by this time: YYYY-MM-DD (end of day), YYYY-MM-DDTHH:MM[:SS] (the organisation's time zone, $FUNDLEDGER_TIME_ZONE or Europe/Stockholm) or …Z (UTC).")
    var asOf: String?
    @Option(name: .long, help: "Only events effective on or before this date (YYYY-MM-DD).")
    var effectiveUntil: String?
    @Option(name: .long, help: "Compute from the ledger as it was at this global position (to reproduce an earlier report).")
    var atHead: Int64?
    @Option(name: .long, help: "table (default), markdown, csv, json, html; sie writes the SIE 4I file (report sie only).")
    var format: String?
    @Option(name: .long, help: "Write to this file (atomically) instead of standard output.")
    var output: String?
    @Option(name: .long, help: "With --format csv: rfc4180 (default; comma, 1500000.00) or sv (Swedish Excel: semicolon, 1500000,00, UTF-8 with BOM).")
    var csvDialect: String?
    @Flag(name: .long, help: "Plain numbers (1500000.00) instead of the language's (1 500 000,00 kr; 1,500,000.00 SEK) in table, Markdown and HTML.")
    var plainNumbers = false
    @Option(name: .long, help: "The report's language: sv (Swedish, the default) or en (English). Without it: sv_* or en_* from LC_ALL, LC_MESSAGES or LANG; anything else is Swedish.")
    var lang: String?
    @Option(name: .customLong("plugin"), help: "An external plugin executable to use (repeatable); others are found on PATH as fundledger-report-<id>.")
    var pluginPaths: [String] = []

    /// The format asked for: explicit, or `sie` for the SIE plugin writing a .si/.se file.
    var resolvedFormat: String {
        if let format { return format }
        if id == "sie", let output, output.hasSuffix(".si") || output.hasSuffix(".se") { return "sie" }
        return "table"
    }

    /// `--param name=value` pairs with `--fund` and `--initiative`; a parameter given twice is refused,
    /// since the value that would win is not the one a reader of the command line expects.
    func pluginParameters() throws -> [String: String] {
        do {
            return try ReportParameters.commandLine(params: params, fund: fund, initiative: initiative)
        } catch let error as CommandLineParameterError {
            throw ValidationError(error.description)
        }
    }

    func validate() throws {
        let formats = ReportFormat.allCases.map(\.rawValue) + ["sie"]
        guard formats.contains(resolvedFormat) else {
            throw ValidationError("--format must be one of \(formats.joined(separator: ", ")), not \(resolvedFormat)")
        }
        if resolvedFormat == "sie" && id != "sie" { throw ValidationError("--format sie is only for `report sie`") }
        if resolvedFormat == "sie" && output == nil { throw ValidationError("--format sie writes a file: give --output FILE.si") }
        _ = try pluginParameters()
        if let effectiveUntil, CivilDate(effectiveUntil) == nil {
            throw ValidationError("--effective-until must be a date YYYY-MM-DD, got \"\(effectiveUntil)\"")
        }
        do { _ = try OrganisationTime.zone() } catch { throw ValidationError(error.description) }
        if let asOf, OrganisationTime.instant(parsing: asOf) == nil {
            throw ValidationError("--as-of must be YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] or YYYY-MM-DDTHH:MM:SSZ, got \"\(asOf)\"")
        }
        if let atHead, atHead < 0 { throw ValidationError("--at-head must be a position of 0 or more") }
        if let replicaWait {
            guard ReplicaReads.wait(seconds: replicaWait) != nil else { throw ValidationError("--replica-wait must be 0 to 3600 seconds") }
            guard reads.readDatabase != nil else { throw ValidationError("--replica-wait goes with --read-database") }
        }
        _ = try ReportLanguage.option(lang)
        if let csvDialect {
            guard CSVDialect(rawValue: csvDialect) != nil else {
                throw ValidationError("--csv-dialect must be rfc4180 or sv, not \(Identifier.quoted(csvDialect))")
            }
            guard resolvedFormat == "csv" else { throw ValidationError("--csv-dialect goes with --format csv") }
        }
    }

    func run() async throws {
        try await reportingErrors {
            BuiltInPlugins.bootstrap()
            let parameters = try pluginParameters()
            let bounds = ReplayBounds(
                throughPosition: atHead, recordedThrough: asOf.flatMap { OrganisationTime.instant(parsing: $0) }, effectiveThrough: effectiveUntil.flatMap { CivilDate($0) })
            let outputFile = try OutputFile.optional(output, option: "--output")
            let store = try await reads.store(primary: database, position: atHead, waitSeconds: replicaWait)
            let bar = ProgressBar(label: "report")
            let language = try ReportLanguage.option(lang)
            if resolvedFormat == "sie" {
                let result = try await SIEExportPlugin().export(store: store, parameters: parameters, bounds: bounds, language: language)
                try outputFile!.write(Data(result.output.bytes))
                FileHandle.standardError.write(Data("wrote \(result.output.voucherCount) vouchers to \(Identifier.printable(output!)) (SIE 4I, code page 437); ledger position \(result.document.source.position)\n".utf8))
                return
            }
            let host = ReportHost(store: store, externals: .fromEnvironment(explicitPaths: pluginPaths))
            let request = ReportRequest(pluginID: id, parameters: parameters, bounds: bounds, language: language)
            let document = try await host.run(request) { done, total in
                bar.update(done: Int64(done), total: total)
            }
            bar.finish()
            let text = try ReportRenderer.render(
                document, as: ReportFormat(rawValue: resolvedFormat)!, style: plainNumbers ? .plain : .swedish,
                csvDialect: csvDialect.flatMap(CSVDialect.init(rawValue:)) ?? .rfc4180, language: language)
            if let outputFile {
                try outputFile.write(Data(text.utf8))
            } else {
                print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            }
        }
    }
}

/// `fundledger plugins`: every report plugin with its parameters.
struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the built-in and external report plugins with their parameters.")

    @Option(name: .customLong("plugin"), help: "Also describe this external plugin executable (repeatable).")
    var pluginPaths: [String] = []
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
    @Option(name: .long, help: "sv or en: the language of the summaries and help (default from LC_ALL, LC_MESSAGES or LANG, else Swedish); ids and names stay as they are.")
    var lang: String?

    func validate() throws { _ = try ReportLanguage.option(lang) }

    func run() async throws {
        try await reportingErrors {
            BuiltInPlugins.bootstrap()
            let host = ReportHost(store: InMemoryEventStore(), externals: .fromEnvironment(explicitPaths: pluginPaths))
            let language = try ReportLanguage.option(lang)
            let (found, failures) = await host.descriptors()
            let plugins = found.map { $0.localized(language) }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(plugins), as: UTF8.self))
            } else {
                plugins.flatMap(\.listing).forEach { print($0) }
            }
            for failure in failures {
                FileHandle.standardError.write(Data("fundledger: warning: \(failure)\n".utf8))
            }
        }
    }
}

extension ReportLanguage {
    /// `--lang`: the language given, or else the environment's (`fromEnvironment`).
    static func option(_ value: String?) throws -> ReportLanguage {
        guard let value else { return fromEnvironment() }
        guard let language = ReportLanguage(rawValue: value) else {
            throw ValidationError("--lang must be sv or en, not \(Identifier.quoted(value))")
        }
        return language
    }
}
