import Foundation

/// The language a report is written in: every heading, label, note and the number format of the human
/// formats (table, Markdown, HTML). Swedish is the default: FundLedger's readers are Swedish finance
/// officers and auditors. Machine formats stay the same in both: JSON keys, CSV section names and column
/// ids, SIE files (their labels and values follow the language; the structure scripts read does not).
public enum ReportLanguage: String, CaseIterable, Sendable, Codable {
    /// Svenska: `1 500 000,00 kr`, `8,39 %`.
    case sv
    /// English: `1,500,000.00 SEK`, `8.39%`.
    case en

    /// The language when none is asked for.
    public static let `default` = ReportLanguage.sv

    /// The BCP 47 tag for `<html lang>`.
    public var tag: String { rawValue }

    /// The language of a POSIX locale name: `sv_SE.UTF-8` → sv, `en_GB` → en, anything else (`C`, `POSIX`,
    /// `de_DE`, empty) → nil.
    public init?(localeName: String) {
        let language = localeName.prefix { $0.isLetter }.lowercased()
        guard let known = ReportLanguage(rawValue: language) else { return nil }
        self = known
    }

    /// The language the environment asks for, as POSIX reads it: the first set of `LC_ALL`, `LC_MESSAGES`,
    /// `LANG` decides; `sv_*` gives Swedish, `en_*` English, and anything else (unset, `C`, `POSIX`,
    /// another language) the default, Swedish.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ReportLanguage {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                return ReportLanguage(localeName: value) ?? .default
            }
        }
        return .default
    }
}
