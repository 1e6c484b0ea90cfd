import Postgres
import TestSupport

/// What an administrator who gets around the append-only triggers can do: on a superuser connection with the
/// triggers off (`session_replication_role = replica`), set the payload of the event at `position` to
/// `payload` (an SQL expression over the old row `r`, e.g. `jsonb_set(r.payload, '{memo}', '"x"')`) and
/// recompute every later `prev_hash` and `hash`, so that the rewritten chain verifies on its own. `then` is
/// more SQL run in the same session afterwards.
func rewriteHistory(_ db: TestDatabase, at position: Int64, payload: String, then: String = "") async throws {
    try await db.withConnection { admin in
        try await admin.executeScript(unsafeSQL: """
            SET session_replication_role = replica;
            DO $$
            DECLARE r record; prev bytea;
            BEGIN
                SELECT hash INTO prev FROM event_store.events WHERE global_position = \(position - 1);
                FOR r IN SELECT * FROM event_store.events WHERE global_position >= \(position) ORDER BY global_position LOOP
                    UPDATE event_store.events SET prev_hash = prev,
                        payload = CASE WHEN r.global_position = \(position) THEN \(payload) ELSE r.payload END
                    WHERE global_position = r.global_position;
                    UPDATE event_store.events e SET hash = sha256(prev || event_store.canonical_bytes_of(e))
                    WHERE global_position = r.global_position RETURNING hash INTO prev;
                END LOOP;
            END $$;
            \(then)
            """)
    }
}
