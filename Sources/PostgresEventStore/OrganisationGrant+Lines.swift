import EventStore

extension OrganisationGrant {
    /// The grant as `fundledger access list --json` prints it; `revoked_at` and `revoked_by` only once revoked.
    public var jsonLine: String {
        var line = JSONLine()
        line["login"] = login
        line["organisation_id"] = organisationID
        line["role"] = role.rawValue
        line["granted_at"] = grantedAt
        line["granted_by"] = grantedBy
        line["revoked_at"] = revokedAt
        line["revoked_by"] = revokedBy
        return line.text
    }
}
