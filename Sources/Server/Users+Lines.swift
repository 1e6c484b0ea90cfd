import EventStore

extension ServerUser {
    /// The user as `fundledger user list --json` prints it: name, role, whether disabled, when created; never
    /// a token or password hash.
    public var jsonLine: String {
        var line = JSONLine()
        line["name"] = name
        line["role"] = role.rawValue
        line["disabled"] = disabled
        line["created_at"] = createdAt
        return line.text
    }
}
