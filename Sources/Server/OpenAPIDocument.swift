/// The API's contract as an OpenAPI 3.1 document, written by hand and served at `GET /openapi.json`.
/// `ServerTests` checks that its paths and methods are exactly the router's.
public enum OpenAPIDocument {
    public static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "FundLedger API",
        "version": "0.1.0",
        "description": "Records commands and raw events, reads funds, events (also live, as Server-Sent Events) and reports of a FundLedger ledger (docs/server.md). Everything under /v1 needs Authorization: Bearer TOKEN (`fundledger user add NAME --role ROLE --token`) or the session cookie a person gets at POST /login (`--password-stdin`); a session's unsafe requests also carry its CSRF token (header X-CSRF-Token or form field csrf_token). Errors are RFC 9457 problem documents."
      },
      "servers": [{"url": "http://127.0.0.1:8080"}],
      "components": {
        "securitySchemes": {
          "bearer": {"type": "http", "scheme": "bearer"},
          "session": {"type": "apiKey", "in": "cookie", "name": "fundledger_session", "description": "From POST /login; HttpOnly, SameSite=Strict. POST, PUT, PATCH and DELETE also need the session's CSRF token (X-CSRF-Token header or csrf_token form field), and an Origin header, if sent, naming this server."}
        },
        "schemas": {
          "Problem": {
            "type": "object",
            "required": ["type", "title", "status", "detail"],
            "properties": {
              "type": {"type": "string", "description": "urn:fundledger:problem:SLUG"},
              "title": {"type": "string"},
              "status": {"type": "integer"},
              "detail": {"type": "string"},
              "rule": {"type": "string", "description": "The ledger rule that refused the command (rule-refused only)."}
            }
          },
          "Fund": {
            "type": "object",
            "required": ["id", "organisation_id", "name", "currency", "balance_ore", "committed_ore", "uncommitted_ore"],
            "properties": {
              "id": {"type": "string"}, "organisation_id": {"type": "string"}, "name": {"type": "string"},
              "currency": {"type": "string"}, "balance_ore": {"type": "integer"}, "committed_ore": {"type": "integer"},
              "uncommitted_ore": {"type": "integer"}
            }
          },
          "Initiative": {
            "type": "object",
            "required": ["id", "title", "status", "currency", "granted_ore", "disbursed_ore", "committed_ore", "repaid_ore", "outstanding_ore"],
            "properties": {
              "id": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "string"}, "currency": {"type": "string"},
              "granted_ore": {"type": "integer"}, "disbursed_ore": {"type": "integer"}, "committed_ore": {"type": "integer"},
              "repaid_ore": {"type": "integer"}, "outstanding_ore": {"type": "integer"}
            }
          },
          "Recorded": {
            "type": "object",
            "required": ["events", "refused_as_expected", "entry_count", "already_recorded"],
            "properties": {
              "events": {"type": "array", "items": {
                "type": "object",
                "required": ["entry", "event_id", "event_type", "global_position", "stream_id", "stream_version", "effective_date", "already_recorded"],
                "properties": {
                  "entry": {"type": "integer"}, "event_id": {"type": "string", "format": "uuid"}, "event_type": {"type": "string"},
                  "global_position": {"type": "integer"}, "stream_id": {"type": "string"}, "stream_version": {"type": "integer"},
                  "effective_date": {"type": "string", "format": "date"}, "already_recorded": {"type": "boolean"}
                }
              }},
              "refused_as_expected": {"type": "array", "items": {
                "type": "object", "properties": {"entry": {"type": "integer"}, "rule": {"type": "string"}, "message": {"type": "string"}}
              }},
              "entry_count": {"type": "integer"},
              "already_recorded": {"type": "boolean"}
            }
          }
        },
        "responses": {
          "BadRequest": {"description": "Malformed request; nothing was written.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "Unauthorized": {"description": "No, a wrong or a disabled user's token.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "Forbidden": {"description": "The user's role may not do this.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "NotFound": {"description": "No such resource.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "Conflict": {"description": "A wrong expected version or a reused event id; nothing was written.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "TooLarge": {"description": "Body over 1 MiB; nothing was written.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "UnsupportedType": {"description": "A body of another content type; nothing was written.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "Unavailable": {"description": "The database cannot be reached, the batch could not be committed, or the server is stopping; nothing was written.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        }
      },
      "paths": {
        "/health": {"get": {
          "summary": "The process is up (no login, no database).", "security": [],
          "responses": {"200": {"description": "Up.", "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"type": "string"}}}}}}}
        }},
        "/ready": {"get": {
          "summary": "The database answers and its schema is at this program's version (no login).", "security": [],
          "responses": {
            "200": {"description": "Ready.", "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"type": "string"}, "schema_version": {"type": "integer"}}}}}},
            "503": {"description": "Not ready.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
          }
        }},
        "/openapi.json": {"get": {
          "summary": "This document (no login).", "security": [],
          "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object"}}}}}
        }},
        "/login": {
          "get": {
            "summary": "The login page: an HTML form in Swedish (fields username and password) that posts to /login (no login).", "security": [],
            "parameters": [{"name": "next", "in": "query", "required": false, "schema": {"type": "string"}, "description": "A local path (one leading /) to go to after logging in; anything else is ignored."}],
            "responses": {"200": {"description": "The form.", "content": {"text/html": {"schema": {"type": "string"}}}}}
          },
          "post": {
            "summary": "Log in with a password: 303 to next (or /) with the session cookie fundledger_session (HttpOnly, SameSite=Strict, Path=/, Max-Age the session's lifetime, Secure over TLS or with X-Forwarded-Proto: https). A wrong name or password is the form again with 401, not saying which; failures count against the address's failed-login limit (429 beyond).", "security": [],
            "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {
              "type": "object", "required": ["username", "password"],
              "properties": {"username": {"type": "string"}, "password": {"type": "string"}, "next": {"type": "string"}}
            }}}},
            "responses": {
              "303": {"description": "Logged in; Set-Cookie holds the session.", "headers": {"Set-Cookie": {"schema": {"type": "string"}}, "Location": {"schema": {"type": "string"}}}},
              "400": {"description": "A field missing: the form again.", "content": {"text/html": {"schema": {"type": "string"}}}},
              "401": {"description": "A wrong name or password: the form again.", "content": {"text/html": {"schema": {"type": "string"}}}},
              "403": {"description": "An Origin header naming another site.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
              "415": {"$ref": "#/components/responses/UnsupportedType"},
              "429": {"description": "Too many failed logins from this address: the form again.", "content": {"text/html": {"schema": {"type": "string"}}}}
            }
          }
        },
        "/logout": {"post": {
          "summary": "End the session (its row is deleted) and clear the cookie: 303 to /login. With a live session the request must carry its CSRF token (403 otherwise).", "security": [{"session": []}],
          "requestBody": {"required": false, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"csrf_token": {"type": "string"}}}}}},
          "responses": {
            "303": {"description": "Logged out; Set-Cookie clears the cookie.", "headers": {"Set-Cookie": {"schema": {"type": "string"}}, "Location": {"schema": {"type": "string"}}}},
            "403": {"$ref": "#/components/responses/Forbidden"}
          }
        }},
        "/metrics": {"get": {
          "summary": "Counters in Prometheus's text exposition format 0.0.4: requests and latency by route, events appended, group-commit batch sizes, rate-limited requests, read-model lag (any role).", "security": [{"bearer": []}, {"session": []}],
          "responses": {
            "200": {"description": "The metrics.", "content": {"text/plain": {"schema": {"type": "string"}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}
          }
        }},
        "/v1/funds": {"get": {
          "summary": "Every fund with its balance, committed and uncommitted capital in öre.", "security": [{"bearer": []}, {"session": []}],
          "responses": {
            "200": {"description": "The funds.", "content": {"application/json": {"schema": {"type": "object", "required": ["funds"], "properties": {"funds": {"type": "array", "items": {"$ref": "#/components/schemas/Fund"}}}}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}
          }
        }},
        "/v1/funds/{id}/initiatives": {"get": {
          "summary": "One fund's initiatives.", "security": [{"bearer": []}, {"session": []}],
          "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
          "responses": {
            "200": {"description": "The initiatives.", "content": {"application/json": {"schema": {"type": "object", "required": ["initiatives"], "properties": {"initiatives": {"type": "array", "items": {"$ref": "#/components/schemas/Initiative"}}}}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
            "404": {"$ref": "#/components/responses/NotFound"}
          }
        }},
        "/v1/events": {"get": {
          "summary": "The log after a position, as JSON lines (the lines `fundledger read` prints).", "security": [{"bearer": []}, {"session": []}],
          "parameters": [
            {"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
            {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1000}}
          ],
          "responses": {
            "200": {"description": "One event per line.", "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}
          }
        }, "post": {
          "summary": "Append raw events, all or none: the JSON lines `fundledger append` takes; the actor (the authenticated user) is added to each event's metadata. Fund-ledger events in ledger streams go through /v1/commands (recorder or admin).", "security": [{"bearer": []}, {"session": []}],
          "requestBody": {"required": true, "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
          "responses": {
            "201": {"description": "Appended: one line per event with its position, stream version and hash.", "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
            "403": {"$ref": "#/components/responses/Forbidden"}, "409": {"$ref": "#/components/responses/Conflict"},
            "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/UnsupportedType"},
            "503": {"$ref": "#/components/responses/Unavailable"}
          }
        }},
        "/v1/events/stream": {"get": {
          "summary": "Server-Sent Events: every event after `after` (or after the Last-Event-ID header, which wins), then each new one as it commits; `id:` is the position, `data:` the line GET /v1/events gives. Never ends by itself.", "security": [{"bearer": []}, {"session": []}],
          "parameters": [
            {"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
            {"name": "Last-Event-ID", "in": "header", "schema": {"type": "string", "pattern": "^[0-9]+$"}}
          ],
          "responses": {
            "200": {"description": "The event stream.", "content": {"text/event-stream": {"schema": {"type": "string"}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}
          }
        }},
        "/v1/reports": {"get": {
          "summary": "Every report plugin with its parameters (what `fundledger plugins --json` prints).", "security": [{"bearer": []}, {"session": []}],
          "parameters": [{"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["sv", "en"], "default": "sv"}}],
          "responses": {
            "200": {"description": "The plugins.", "content": {"application/json": {"schema": {"type": "object", "required": ["plugins"], "properties": {"plugins": {"type": "array", "items": {"type": "object"}}}}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}
          }
        }},
        "/v1/reports/{plugin}": {"get": {
          "summary": "Run a report plugin, as `fundledger report PLUGIN` does. Every query parameter other than those listed is the plugin's own (GET /v1/reports lists them). The headers FundLedger-Ledger-Position and FundLedger-Ledger-Hash name the ledger state it was computed from.", "security": [{"bearer": []}, {"session": []}],
          "parameters": [
            {"name": "plugin", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "table", "markdown", "csv", "html", "sie"], "default": "json"}},
            {"name": "at_head", "in": "query", "schema": {"type": "integer", "minimum": 0}},
            {"name": "as_of", "in": "query", "schema": {"type": "string"}, "description": "YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (the organisation's zone) or …Z"},
            {"name": "effective_until", "in": "query", "schema": {"type": "string", "format": "date"}},
            {"name": "csv_dialect", "in": "query", "schema": {"type": "string", "enum": ["rfc4180", "sv"]}},
            {"name": "plain_numbers", "in": "query", "schema": {"type": "boolean"}},
            {"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["sv", "en"], "default": "sv"}, "description": "The language of the report's texts (Content-Language says which)"}
          ],
          "responses": {
            "200": {"description": "The report in the format asked for (sie: the SIE 4I file, code page 437).", "content": {
              "application/json": {"schema": {"type": "object"}}, "text/plain": {"schema": {"type": "string"}}, "text/markdown": {"schema": {"type": "string"}},
              "text/csv": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}, "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            }},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
            "404": {"$ref": "#/components/responses/NotFound"},
            "422": {"description": "The plugin cannot make the report (an unknown fund or initiative, missing valuation data).", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            "502": {"description": "An external plugin failed.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
          }
        }},
        "/v1/status": {"get": {
          "summary": "The head position and hash, event count, schema version and each read model's checkpoint and lag (`fundledger status --json`).", "security": [{"bearer": []}, {"session": []}],
          "responses": {
            "200": {"description": "The status.", "content": {"application/json": {"schema": {"type": "object", "required": ["head_position", "head_hash", "event_count", "schema_version", "read_models"]}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}
          }
        }},
        "/v1/verify": {"get": {
          "summary": "Recompute the whole hash chain (`fundledger verify`); 200 either way, with intact true or false and the problem.", "security": [{"bearer": []}, {"session": []}],
          "parameters": [
            {"name": "anchor", "in": "query", "schema": {"type": "string"}, "description": "POSITION:HASH from an earlier audit, several separated by commas"},
            {"name": "expect_head", "in": "query", "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}}
          ],
          "responses": {
            "200": {"description": "The verdict.", "content": {"application/json": {"schema": {"type": "object", "required": ["intact"], "properties": {
              "intact": {"type": "boolean"}, "event_count": {"type": "integer"}, "head_position": {"type": "integer"}, "head_hash": {"type": "string"},
              "anchors_matched": {"type": "integer"}, "problem": {"type": "string"}}}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}
          }
        }},
        "/v1/export": {"get": {
          "summary": "The export `fundledger export` writes (JSON lines: a header, then every event with its hashes), streamed; verify it with tools/verify_export.py.", "security": [{"bearer": []}, {"session": []}],
          "responses": {
            "200": {"description": "The export.", "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}
          }
        }},
        "/v1/checkpoints": {"get": {
          "summary": "Every signed checkpoint recorded in the log, oldest first.", "security": [{"bearer": []}, {"session": []}],
          "responses": {
            "200": {"description": "The checkpoints.", "content": {"application/json": {"schema": {"type": "object", "required": ["checkpoints"], "properties": {"checkpoints": {"type": "array", "items": {"type": "object", "properties": {
              "position": {"type": "integer"}, "tree_size": {"type": "integer"}, "root_hash": {"type": "string"}, "note": {"type": "string"}}}}}}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}
          }
        }},
        "/v1/proofs/{kind}": {"get": {
          "summary": "A Merkle proof as `fundledger proof` prints it: kind inclusion (position, tree_size) or consistency (from, to).", "security": [{"bearer": []}, {"session": []}],
          "parameters": [
            {"name": "kind", "in": "path", "required": true, "schema": {"type": "string", "enum": ["inclusion", "consistency"]}},
            {"name": "position", "in": "query", "schema": {"type": "integer", "minimum": 1}},
            {"name": "tree_size", "in": "query", "schema": {"type": "integer", "minimum": 1}},
            {"name": "from", "in": "query", "schema": {"type": "integer", "minimum": 1}},
            {"name": "to", "in": "query", "schema": {"type": "integer", "minimum": 1}}
          ],
          "responses": {
            "200": {"description": "The proof.", "content": {"application/json": {"schema": {"type": "object"}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
            "404": {"$ref": "#/components/responses/NotFound"}
          }
        }},
        "/v1/commands": {"post": {
          "summary": "Record commands all or none, with the authenticated user as actor (recorder or admin).", "security": [{"bearer": []}, {"session": []}],
          "requestBody": {"required": true, "content": {
            "application/json": {"schema": {"description": "A list of commands, {defaults, commands}, or one command object, as in an apply file (docs/recording.md); no actor field.", "oneOf": [{"type": "array"}, {"type": "object"}]}},
            "application/yaml": {"schema": {"type": "string"}}
          }},
          "responses": {
            "200": {"description": "Every command was recorded before by an identical request; nothing new was written.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Recorded"}}}},
            "201": {"description": "Recorded.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Recorded"}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
            "403": {"$ref": "#/components/responses/Forbidden"},
            "409": {"description": "Conflict: a command id reused with other content; nothing was written.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            "413": {"description": "Body over 1 MiB; nothing was written.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            "415": {"description": "Neither JSON nor YAML; nothing was written.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            "422": {"description": "A ledger rule refused a command (the problem names the rule); nothing was written.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            "503": {"$ref": "#/components/responses/Unavailable"}
          }
        }}
      }
    }
    """#
}
