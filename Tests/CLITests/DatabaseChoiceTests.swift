import Foundation
import PrivateCluster
import Testing

/// Which database a command uses when none is named, without running the binary: `--database`, then
/// `DATABASE_URL`, then the `PG*` variables, then the private cluster, which must be running.
@Suite struct DatabaseChoiceTests {
    /// A folder with no private cluster in it, and the environment that points the cluster there.
    static let nowhere: [String: String] = ["FUNDLEDGER_DATA": "/nonexistent/fundledger-data"]

    @Test func theFirstThatNamesADatabaseWins() throws {
        let url = "postgresql:///other"
        #expect(try DatabaseChoice.resolve("dbname=given", environment: ["DATABASE_URL": url]) == ("dbname=given", "--database"))
        #expect(try DatabaseChoice.resolve("", environment: ["DATABASE_URL": url]) == (url, "DATABASE_URL"))
        #expect(try DatabaseChoice.resolve(nil, environment: ["DATABASE_URL": "", "PGHOST": "/tmp"]) == ("", "PG* environment variables"))
    }

    @Test func withoutOneThePrivateClusterMustBeRunning() {
        let error = #expect(throws: NoDatabaseError.self) { try DatabaseChoice.resolve(nil, environment: Self.nowhere) }
        #expect(error?.description == "no database given and the private database in /nonexistent/fundledger-data is not running; start it with `fundledger db start`, or pass --database / set DATABASE_URL")
    }

    @Test func theVariableThatPointsElsewhereIsNamed() {
        #expect(DatabaseChoice.otherThanPrivate(environment: [:]) == nil)
        #expect(DatabaseChoice.otherThanPrivate(environment: ["DATABASE_URL": ""]) == nil)
        #expect(DatabaseChoice.otherThanPrivate(environment: ["DATABASE_URL": "x", "PGUSER": "u"]) == "DATABASE_URL")
        #expect(DatabaseChoice.otherThanPrivate(environment: ["PGPORT": "5433", "PGUSER": "u"]) == "PGPORT")
    }
}
