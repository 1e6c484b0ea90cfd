import CLibPQ

/// Conninfo helpers built on libpq's own parser, so URIs and `key=value` strings are treated alike.
public enum ConnectionString {
    /// `conninfo` with its database replaced by `database`, as a `key=value` string.
    public static func replacingDatabase(in conninfo: String, with database: String) throws -> String {
        var options = try parse(conninfo)
        options["dbname"] = database
        return render(options)
    }

    /// The `key=value` pairs libpq reads from `conninfo` (only those given explicitly).
    public static func parse(_ conninfo: String) throws -> [String: String] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(conninfo, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "unreadable connection string"
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresError(kind: .connectionFailed, message: "invalid connection string: \(message)")
        }
        defer { PQconninfoFree(parsed) }
        var options: [String: String] = [:]
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { options[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return options
    }

    /// Renders options as a `key=value` conninfo string, quoting values as libpq requires.
    public static func render(_ options: [String: String]) -> String {
        options.sorted { $0.key < $1.key }.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            return "\(key)='\(escaped)'"
        }.joined(separator: " ")
    }
}
