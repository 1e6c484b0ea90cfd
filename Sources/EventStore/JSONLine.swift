/// One JSON object on one line, keys in the order they are set (so output reads the same every time).
public struct JSONLine: Sendable {
    private var members: [String] = []

    public init() {}

    public subscript(key: String) -> String? {
        get { nil }
        set { if let newValue { members.append("\(JSONText.quote(key)):\(JSONText.quote(newValue))") } }
    }

    public subscript(key: String) -> Int64? {
        get { nil }
        set { if let newValue { members.append("\(JSONText.quote(key)):\(newValue)") } }
    }

    public subscript(key: String) -> Bool? {
        get { nil }
        set { if let newValue { members.append("\(JSONText.quote(key)):\(newValue)") } }
    }

    public var text: String { "{" + members.joined(separator: ",") + "}" }
}
