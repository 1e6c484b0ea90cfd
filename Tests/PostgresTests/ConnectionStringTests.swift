import Postgres
import Testing
import TestSupport

/// `ConnectionString` reads URIs and key=value strings alike and replaces the database in either.
@Suite struct ConnectionStringTests {
    @Test func replacesTheDatabaseInAURI() throws {
        let replaced = try ConnectionString.replacingDatabase(
            in: "postgresql://alice:s%40cret@db.example.se:5433/ledger?sslmode=require&application_name=fl", with: "ledger_copy")
        #expect(try ConnectionString.parse(replaced) == [
            "user": "alice", "password": "s@cret", "host": "db.example.se", "port": "5433",
            "dbname": "ledger_copy", "sslmode": "require", "application_name": "fl",
        ])
    }

    @Test func replacesTheDatabaseInKeyValuePairs() throws {
        let replaced = try ConnectionString.replacingDatabase(
            in: "host=/tmp/fl/run port=5432 dbname=fundledger user=postgres", with: "fl_test_1")
        #expect(replaced == "dbname='fl_test_1' host='/tmp/fl/run' port='5432' user='postgres'")
        #expect(try ConnectionString.parse(replaced)["dbname"] == "fl_test_1")
    }

    @Test func addsADatabaseWhenNoneWasGiven() throws {
        #expect(try ConnectionString.parse(ConnectionString.replacingDatabase(in: "", with: "x")) == ["dbname": "x"])
        #expect(try ConnectionString.parse(ConnectionString.replacingDatabase(in: "postgresql://h", with: "x")) == [
            "host": "h", "dbname": "x",
        ])
    }

    @Test func quotesAwkwardValues() throws {
        let name = #"Region Skåne's "fond" \ 2026"#
        let replaced = try ConnectionString.replacingDatabase(in: "host=/tmp user='a b'", with: name)
        #expect(try ConnectionString.parse(replaced) == ["host": "/tmp", "user": "a b", "dbname": name])
    }

    @Test func rejectsAnUnreadableString() {
        #expect {
            _ = try ConnectionString.replacingDatabase(in: "host=/tmp port", with: "x")
        } throws: { error in
            (error as? PostgresError)?.kind == .connectionFailed
                && (error as? PostgresError)?.message.hasPrefix("invalid connection string") == true
        }
    }

    @Test func replacedConninfoConnectsToThatDatabase() async throws {
        try await TestDatabase.withEmpty { db in
            let maintenance = try ConnectionString.replacingDatabase(in: db.conninfo, with: "postgres")
            let back = try ConnectionString.replacingDatabase(in: maintenance, with: db.name)
            let connection = try await PostgresConnection(conninfo: back)
            let name = try await connection.query("SELECT current_database()")[0].decode(String.self, at: 0)
            await connection.close()
            #expect(name == db.name)
        }
    }
}
