"""Schemathesis hooks for tools/api-check.py: JSON lines (`application/x-ndjson`, the body of POST /v1/events)
serialized as one JSON document per line, so schemathesis can send the raw-append endpoint what it generates."""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    items = value if isinstance(value, list) else [value]
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items).encode("utf-8")
