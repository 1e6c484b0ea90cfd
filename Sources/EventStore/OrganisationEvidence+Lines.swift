import Foundation

extension OrganisationEvidence {
    /// The evidence file `fundledger proof organisation` writes and `tools/verify_export.py --evidence` checks:
    /// a header line (`format`, `format_version`, `organisation_id`, `tree_size`, `root_hash`, `event_count`),
    /// then each event as an export line with its `audit_path`; keys sorted, one object a line.
    public func jsonLines() throws -> String {
        let header: [String: Any] = [
            "format": "fundledger-evidence", "format_version": 1, "organisation_id": organisationID, "tree_size": treeSize,
            "root_hash": rootHash.hex, "event_count": events.count,
        ]
        var lines = [try Self.line(header)]
        for (event, path) in events {
            var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(event)) as? [String: Any] ?? [:]
            object["audit_path"] = path
            lines.append(try Self.line(object))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func line(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }
}
