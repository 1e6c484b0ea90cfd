extension TextTableRenderer {
    /// A listing for a terminal (`user list`, `access list`, `status`'s read models): a header row and rows,
    /// left-aligned, each column at least its `minimumWidths` entry wide (or as wide as its widest cell),
    /// `separator` apart, without trailing spaces. Columns beyond `minimumWidths` are as wide as their cells.
    public static func lines(header: [String], rows: [[String]], minimumWidths: [Int], separator: String = "  ") -> [String] {
        let table = [header] + rows
        let widths = header.indices.map { column in
            max(column < minimumWidths.count ? minimumWidths[column] : 0, table.map { $0[column].count }.max() ?? 0)
        }
        return table.map { cells in
            var text = cells.indices.map { cells[$0] + String(repeating: " ", count: widths[$0] - cells[$0].count) }
                .joined(separator: separator)
            while text.last == " " { text.removeLast() }
            return text
        }
    }
}
