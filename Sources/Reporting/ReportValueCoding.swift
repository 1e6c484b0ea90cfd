// The JSON shape of report values and charts. A report document travels as JSON (the `json` format and
// the answers of external plugins written in any language), so its variants get a shape a person can
// write by hand instead of Swift's synthesised `{"money": {"_0": …}}`:
//
//   {"text": "Tomelilla"}   {"money": {"ore": 150000000, "currency": "SEK"}}   {"integer": 12}
//   {"decimal": "1.436"}    {"percent": "0.0839"}    {"date": "2026-03-31"}    null (empty)
//   {"line": {…LineChart…}}    {"heatmap": {…Heatmap…}}

extension ReportValue {
    private enum Key: String, CodingKey {
        case text, money, integer, decimal, percent, date, timestamp
    }

    private struct MoneyBody: Codable {
        var ore: Int64
        var currency: String
    }

    public init(from decoder: any Decoder) throws {
        if try decoder.singleValueContainer().decodeNil() {
            self = .empty
            return
        }
        let container = try decoder.container(keyedBy: Key.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a report value is null or an object with exactly one of text, money, integer, decimal, percent, date"))
        }
        switch key {
        case .text: self = .text(try container.decode(String.self, forKey: key))
        case .money:
            let body = try container.decode(MoneyBody.self, forKey: key)
            self = .money(ore: body.ore, currency: body.currency)
        case .integer: self = .integer(try container.decode(Int64.self, forKey: key))
        case .decimal: self = .decimal(try container.decode(String.self, forKey: key))
        case .percent: self = .percent(try container.decode(String.self, forKey: key))
        case .date: self = .date(try container.decode(String.self, forKey: key))
        case .timestamp: self = .timestamp(try container.decode(String.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if case .empty = self {
            var container = encoder.singleValueContainer()
            try container.encodeNil()
            return
        }
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .text(let text): try container.encode(text, forKey: .text)
        case .money(let ore, let currency): try container.encode(MoneyBody(ore: ore, currency: currency), forKey: .money)
        case .integer(let value): try container.encode(value, forKey: .integer)
        case .decimal(let text): try container.encode(text, forKey: .decimal)
        case .percent(let text): try container.encode(text, forKey: .percent)
        case .date(let text): try container.encode(text, forKey: .date)
        case .timestamp(let text): try container.encode(text, forKey: .timestamp)
        case .empty: break
        }
    }
}

extension Chart {
    private enum Key: String, CodingKey {
        case line, heatmap
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "a chart is an object with exactly one of line, heatmap"))
        }
        switch key {
        case .line: self = .line(try container.decode(LineChart.self, forKey: key))
        case .heatmap: self = .heatmap(try container.decode(Heatmap.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .line(let chart): try container.encode(chart, forKey: .line)
        case .heatmap(let map): try container.encode(map, forKey: .heatmap)
        }
    }
}
