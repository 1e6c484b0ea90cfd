-- 0006 · identifiers: what a stream id, event type and organisation id may hold (docs/identifiers.md).
--
-- The same rule as `Identifier` in Sources/EventStore/Identifier.swift (a test keeps the character lists
-- equal): 1 to 255 bytes, NFC, no leading or trailing space, none of the forbidden characters below
-- (control characters, invisible formatting and bidirectional controls, separators, spaces other than
-- U+0020, private use). Enforced by append_events for new events only: events stored before this
-- migration keep their bytes and verify unchanged, and restore_events still restores an old export.

-- Why `value` is not an identifier, or NULL if it is one (or is NULL).
CREATE FUNCTION event_store.identifier_problem(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN value IS NULL THEN NULL
        WHEN value = '' THEN 'is empty'
        WHEN octet_length(value) > 255 THEN 'is longer than 255 bytes'
        WHEN value ~ '[\u0001-\u001F\u007F-\u009F\u00A0\u00AD\u0600-\u0605\u061C\u06DD\u070F\u0890-\u0891\u08E2\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F-\u2064\u2066-\u206F\u3000\uFEFF\uFFF9-\uFFFB\uE000-\uF8FF\U000110BD\U000110CD\U00013430-\U0001343F\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0001\U000E0020-\U000E007F\U000F0000-\U0010FFFF]' THEN 'holds a control, invisible or bidirectional character'
        WHEN value ~ '^ | $' THEN 'begins or ends with a space'
        WHEN NOT (value IS NFC NORMALIZED) THEN 'is not in composed form (NFC)'
    END
$$;

-- The append of 0002 stays as it is, under another name; append_events checks identifiers first.
ALTER FUNCTION event_store.append_events(jsonb) RENAME TO append_rows;
REVOKE ALL ON FUNCTION event_store.append_rows(jsonb) FROM PUBLIC, fundledger_writer;

-- Errors: FL005 an identifier breaks the rule (the message names the event's place in the batch and
-- the field); everything else as append_rows (0002).
CREATE FUNCTION event_store.append_events(batch jsonb)
RETURNS TABLE (out_global_position bigint, out_stream_version bigint, out_hash bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
    v_bad record;
BEGIN
    SELECT b.ord, f.field, identifier_problem(f.value) AS problem INTO v_bad
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(batch -> 'events') = 'array' THEN batch -> 'events' ELSE '[]' END)
         WITH ORDINALITY b(ev, ord)
    CROSS JOIN LATERAL (VALUES ('stream_id', b.ev ->> 'stream_id'), ('event_type', b.ev ->> 'event_type'),
                               ('organisation_id', b.ev ->> 'organisation_id')) f(field, value)
    WHERE f.value <> '' AND identifier_problem(f.value) IS NOT NULL
    ORDER BY b.ord
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event % of the append: % %', v_bad.ord, v_bad.field, v_bad.problem USING ERRCODE = 'FL005';
    END IF;
    RETURN QUERY SELECT * FROM append_rows(batch);
END
$$;

REVOKE ALL ON FUNCTION event_store.append_events(jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION event_store.identifier_problem(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.append_events(jsonb) TO fundledger_writer;
GRANT EXECUTE ON FUNCTION event_store.identifier_problem(text) TO fundledger_writer, fundledger_auditor;
