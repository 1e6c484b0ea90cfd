import FundLedger
import Memberwise
import Projections

/// What a reporting plugin produces: figures, tables, chart series and notes, with no formatting. The
/// renderers (table, Markdown, CSV, JSON, HTML) decide how it looks; the host stamps it with the ledger
/// head and the parameters it was computed from, so the same document can be produced again later.
@PublicMemberwiseInit
public struct ReportDocument: Sendable, Equatable, Codable {
    /// The plugin that made it (`fund-statement`).
    public var reportID: String
    public var title: String
    public var subtitle: String? = nil
    /// The ledger head and bounds the report was computed from (set by the host).
    public var source: ReportSource = ReportSource()
    /// Every parameter with the value used (defaults included), in the plugin's declared order.
    public var parameters: [ParameterValue] = []
    public var keyFigures: [KeyFigure] = []
    public var tables: [ReportTable] = []
    public var charts: [Chart] = []
    public var notes: [String] = []
}

/// Where a report's numbers come from: a ledger head (position and chain hash) and the time-travel bounds.
@PublicMemberwiseInit
public struct ReportSource: Sendable, Equatable, Codable {
    /// Last global position read.
    public var position: Int64 = 0
    /// Chain hash at `position` (hex).
    public var hash: String = String(repeating: "0", count: 64)
    /// `--as-of`: only events recorded by this instant (ISO 8601, UTC).
    public var recordedThrough: String? = nil
    /// `--effective-until`: only events effective by this date.
    public var effectiveThrough: String? = nil
}

/// One parameter as used: its name and the value in its canonical text form.
@PublicMemberwiseInit
public struct ParameterValue: Sendable, Equatable, Codable {
    public var name: String
    public var value: String
}

/// A typed value in a report. Money stays integer öre with its currency; rates and decimals stay exact
/// text; renderers format them (Swedish or plain).
public enum ReportValue: Sendable, Equatable, Codable {
    case text(String)
    case money(ore: Int64, currency: String)
    case integer(Int64)
    /// An exact decimal, as text (`"1.436"`).
    case decimal(String)
    /// A share, as an exact decimal fraction (`"0.0839"` is 8.39 %).
    case percent(String)
    case date(String)
    /// An instant, as stored: UTC, `2026-12-02T10:40:26.784806Z`. People see it in the organisation's
    /// time zone to the second (`2026-12-02 11:40:26`); CSV and JSON keep it as stored.
    case timestamp(String)
    case empty

    /// A money value from the domain's `Money`.
    public static func amount(_ money: Money) -> ReportValue { .money(ore: money.ore, currency: money.currency.code) }

    /// A rate shown as a percentage.
    public static func share(_ rate: Rate) -> ReportValue { .percent(rate.description) }

    /// A rate as an exact decimal rounded to `decimals` places, half to even (`1.436`); empty for none.
    public static func decimal(_ rate: Rate?, decimals: Int) -> ReportValue {
        rate.map { .decimal(ExactRatio.text($0, decimals: decimals)) } ?? .empty
    }

    /// A rate as a share rounded to `decimals` places of the fraction, half to even (`0.129` is 12.9 %); empty
    /// for none.
    public static func percent(_ rate: Rate?, decimals: Int) -> ReportValue {
        rate.map { .percent(ExactRatio.text($0, decimals: decimals)) } ?? .empty
    }
}

/// A headline number.
public struct KeyFigure: Sendable, Equatable, Codable {
    public var label: String
    public var value: ReportValue

    public init(_ label: String, _ value: ReportValue) {
        self.label = label
        self.value = value
    }
}

/// A column of a table.
public struct ReportColumn: Sendable, Equatable, Codable {
    /// A stable machine name (`closing_balance`): CSV and JSON headers.
    public var id: String
    /// What people read (`Closing balance`).
    public var title: String

    public init(_ id: String, _ title: String) {
        self.id = id
        self.title = title
    }
}

/// A table: columns, rows of values (one per column) and an optional totals row.
public struct ReportTable: Sendable, Equatable, Codable {
    /// A stable machine name (`statement`).
    public var id: String
    public var title: String
    public var columns: [ReportColumn]
    public var rows: [[ReportValue]]
    public var totals: [ReportValue]?

    public init(id: String, title: String, columns: [ReportColumn], rows: [[ReportValue]], totals: [ReportValue]? = nil) {
        precondition(rows.allSatisfy { $0.count == columns.count }, "every row of \(id) needs one value per column")
        precondition(totals.map { $0.count == columns.count } ?? true, "the totals row of \(id) needs one value per column")
        self.id = id
        self.title = title
        self.columns = columns
        self.rows = rows
        self.totals = totals
    }
}

/// A chart's data; renderers that can draw (HTML) draw it, the others show it as a table.
public enum Chart: Sendable, Equatable, Codable {
    case line(LineChart)
    case heatmap(Heatmap)
}

/// Lines over time: one or more series of (date, money) points, e.g. a fund's balance.
@PublicMemberwiseInit
public struct LineChart: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    /// Currency of every y value.
    public var currency: String
    public var series: [LineSeries]
}

/// One line: points in date order; y in öre.
@PublicMemberwiseInit
public struct LineSeries: Sendable, Equatable, Codable {
    public var name: String
    public var points: [LinePoint]
}

/// A point of a line: an ISO date and an amount in öre.
@PublicMemberwiseInit
public struct LinePoint: Sendable, Equatable, Codable {
    public var date: String
    public var ore: Int64
}

/// A matrix of amounts (öre) with row and column labels, drawn as a heat map: e.g. investing department ×
/// department where the saving arose.
public struct Heatmap: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    public var rowTitle: String
    public var columnTitle: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var currency: String
    /// `cells[row][column]`, in öre.
    public var cells: [[Int64]]

    public init(id: String, title: String, rowTitle: String, columnTitle: String, rowLabels: [String],
                columnLabels: [String], currency: String, cells: [[Int64]]) {
        precondition(cells.count == rowLabels.count && cells.allSatisfy { $0.count == columnLabels.count },
                     "heat map \(id) needs one cell per row and column")
        self.id = id
        self.title = title
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.currency = currency
        self.cells = cells
    }
}
