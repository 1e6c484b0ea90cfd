"""Schemathesis hooks for tools/api-check.py: JSON lines (`application/x-ndjson`, the body of POST /v1/events)
serialized as one JSON document per line, so schemathesis can send the raw-append endpoint what it generates;
and the live event stream asked to end once caught up, so every request to it gets a whole response."""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    items = value if isinstance(value, list) else [value]
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items).encode("utf-8")


@schemathesis.hook
def before_call(context, case, kwargs):
    """GET /v1/events/stream never ends by itself: send `follow=false` (end once caught up) in place of an
    absent or true `follow`. A `follow` that is no boolean stays, for the server to refuse with 400."""
    if case.operation.path != "/v1/events/stream":
        return
    query = dict(case.query or {})
    value = query.get("follow")
    if value is None or value is True or (isinstance(value, str) and value.lower() == "true"):
        query["follow"] = "false"
        case.query = query
