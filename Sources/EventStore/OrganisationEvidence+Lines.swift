import Foundation

extension OrganisationEvidence {
    /// Line 1 of the evidence file: what it proves and against which tree.
    struct Header: Encodable {
        var format = "fundledger-evidence"
        var formatVersion = 1
        var organisationID: String
        var treeSize: Int64
        var rootHash: String
        var eventCount: Int

        enum CodingKeys: String, CodingKey {
            case format
            case formatVersion = "format_version"
            case organisationID = "organisation_id"
            case treeSize = "tree_size"
            case rootHash = "root_hash"
            case eventCount = "event_count"
        }
    }

    /// The evidence file `fundledger proof organisation` writes and `tools/verify_export.py --evidence` checks:
    /// a header line (`format`, `format_version`, `organisation_id`, `tree_size`, `root_hash`, `event_count`),
    /// then each event as an export line with its `audit_path`; keys sorted, one object a line.
    public func jsonLines() throws -> String {
        var lines = [try JSONText.sortedLine(Header(
            organisationID: organisationID, treeSize: treeSize, rootHash: rootHash.hex, eventCount: events.count))]
        for (event, path) in events {
            var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(event)) as? [String: Any] ?? [:]
            object["audit_path"] = path
            lines.append(String(decoding: try JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
