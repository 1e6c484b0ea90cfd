#!/usr/bin/env python3
"""Independent verifier for FundLedger exports (Python 3.11 standard library only).
The format and hash chain are specified in docs/verification.md.
Usage: verify_export.py EXPORT_FILE [--anchor POSITION:HASH ...]    (EXPORT_FILE '-' reads stdin)
Exit 0: verified. Exit 1: verification failed (one 'FAIL: ...' line on stderr). Exit 2: usage error.
"""
import argparse, hashlib, json, re, sys

CANONICAL = {1: "fundledger.event.v1", 2: "fundledger.event.v2"}  # by canonical_version
FORMATS = {1: CANONICAL[1], 2: CANONICAL[2]}  # header format_version -> its canonical field
ZERO_HASH = "0" * 64
HEX64 = r"[0-9a-f]{64}"
DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
NAT, TEXT, ORG = "a non-negative integer", "a string", "a non-empty string or null"
# Event keys -> (description, pattern a string must match). Canonical order: see canonical_bytes().
FIELDS = {
    "global_position": (NAT, None), "stream_id": (TEXT, None), "stream_version": (NAT, None),
    "event_id": ("a lowercase hyphenated uuid", r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"),
    "event_type": (TEXT, None), "schema_version": (NAT, None),
    "effective_date": ("a YYYY-MM-DD string", DATE),
    "recorded_at": ("a YYYY-MM-DDTHH:MM:SS.ffffffZ string", DATE + r"T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z"),
    "organisation_id": (ORG, None), "payload": (TEXT, None), "metadata": (TEXT, None),
    "prev_hash": ("64 lowercase hex characters", HEX64), "hash": ("64 lowercase hex characters", HEX64),
}


class Fail(Exception):
    """A verification failure; the message is the text after 'FAIL: '."""


def parse_object(raw: bytes, where: str) -> dict:
    def no_duplicate_keys(pairs):
        if len({k for k, _ in pairs}) != len(pairs):
            raise ValueError("duplicate key in object")
        return dict(pairs)
    try:
        obj = json.loads(raw.decode("utf-8"), object_pairs_hook=no_duplicate_keys)
        json.dumps(obj, ensure_ascii=False).encode("utf-8")  # rejects lone surrogates (\udXXX escapes)
    except ValueError as e:  # includes UnicodeDecodeError and UnicodeEncodeError
        raise Fail(f"{where}: not valid UTF-8 JSON ({e})")
    if not isinstance(obj, dict):
        raise Fail(f"{where}: not a JSON object")
    return obj


def is_nat(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def check_header(h: dict) -> None:
    if h.get("format") != "fundledger-export":
        raise Fail(f"header: format is {h.get('format')!r}, expected 'fundledger-export'")
    version = h.get("format_version")
    if not is_nat(version) or version not in FORMATS:
        raise Fail(f"header: format_version is {version!r}, expected 1 or 2")
    if h.get("canonical") != FORMATS[version]:
        raise Fail(f"header: canonical is {h.get('canonical')!r}, expected {FORMATS[version]!r}")
    for key in ("event_count", "head_position"):
        if not is_nat(h.get(key)):
            raise Fail(f"header: {key} must be {NAT}")
    head = h.get("head_hash")
    if not (head == "" or (isinstance(head, str) and re.fullmatch(HEX64, head))):
        raise Fail("header: head_hash must be 64 lowercase hex characters or the empty string")


def check_event(ev: dict, where: str) -> None:
    for key, (what, pattern) in FIELDS.items():
        if key not in ev:
            raise Fail(f"{where}: missing key {key}")
        v = ev[key]
        if what == NAT:
            ok = is_nat(v)
        elif what == ORG:
            ok = v is None or (isinstance(v, str) and v != "")
        else:
            ok = isinstance(v, str) and (pattern is None or re.fullmatch(pattern, v) is not None)
        if not ok:
            raise Fail(f"{where}: {key} must be {what}")
    version = ev.get("canonical_version", 1)
    if version == 2 and not ("canonical_version" in ev and isinstance(ev.get("recorded_by"), str) and ev["recorded_by"]):
        raise Fail(f"{where}: a version-2 event needs recorded_by, a non-empty string")
    if version == 1 and ("canonical_version" in ev or "recorded_by" in ev):
        raise Fail(f"{where}: a version-1 event line has neither canonical_version nor recorded_by")
    if type(version) is not int or version not in CANONICAL:
        raise Fail(f"{where}: canonical_version must be 2 (absent for version 1)")


def canonical_bytes(ev: dict) -> bytes:
    """docs/verification.md: each field as a 4-byte big-endian length and its UTF-8 bytes; in version 2
    a null field is FF FF FF FF with no bytes (version 1 writes a null organisation_id as empty text)."""
    version = ev.get("canonical_version", 1)
    common = [str(ev["global_position"]), ev["stream_id"], str(ev["stream_version"]), ev["event_id"],
              ev["event_type"], str(ev["schema_version"]), ev["effective_date"], ev["recorded_at"]]
    if version == 1:
        fields = [CANONICAL[1]] + common + [ev["organisation_id"] or "", ev["payload"], ev["metadata"]]
    else:
        fields = [CANONICAL[2]] + common + [ev["organisation_id"], ev["payload"], ev["metadata"], ev["recorded_by"]]
    return b"".join(b"\xff\xff\xff\xff" if f is None else len(b).to_bytes(4, "big") + b
                    for f, b in ((f, None if f is None else f.encode("utf-8")) for f in fields))


def event_hash(prev_hash_hex: str, ev: dict) -> str:
    return hashlib.sha256(bytes.fromhex(prev_hash_hex) + canonical_bytes(ev)).hexdigest()


def verify(lines: list[bytes], anchors: dict[int, str]) -> tuple[int, str]:
    if not lines or not lines[0].strip():
        raise Fail("header: missing (empty export)")
    header = parse_object(lines[0], "header")
    check_header(header)
    prev = ZERO_HASH
    for pos, raw in enumerate(lines[1:], start=1):  # event at position pos is on line pos + 1
        ev = parse_object(raw, f"line {pos + 1}")
        check_event(ev, f"line {pos + 1}")
        if ev["global_position"] != pos:
            raise Fail(f"position {pos}: expected global_position {pos}, found {ev['global_position']}")
        if ev["prev_hash"] != prev:
            raise Fail(f"position {pos}: prev_hash {ev['prev_hash']} does not match previous hash {prev}")
        prev = event_hash(prev, ev)
        if prev != ev["hash"]:
            raise Fail(f"position {pos}: recomputed hash {prev} does not match hash {ev['hash']}")
        if anchors.get(pos, prev) != prev:
            raise Fail(f"position {pos}: hash {prev} does not match trusted anchor {anchors[pos]}")
    if "chain_broken" in header:  # checked after the events, so a real break is named by its position
        raise Fail(f"header: written with --allow-broken from a broken chain: {header['chain_broken']}")
    n, head, declared = len(lines) - 1, (prev if len(lines) > 1 else ""), header["event_count"]
    if n < declared:
        raise Fail(f"position {n + 1}: missing (file ends after {n} events, header says {declared})")
    if n > declared:
        raise Fail(f"position {declared + 1}: not declared (header event_count {declared}, file has {n})")
    if header["head_position"] != n:
        raise Fail(f"header: head_position {header['head_position']} does not match last position {n}")
    if header["head_hash"] != head:
        raise Fail(f"header: head_hash {header['head_hash']!r} does not match computed head hash {head!r}")
    if beyond := sorted(p for p in anchors if p > n):
        raise Fail(f"position {beyond[0]}: not in export, so its trusted anchor cannot be checked")
    return n, head


def anchor(text: str) -> tuple[int, str]:
    m = re.fullmatch(r"([1-9][0-9]*):(" + HEX64 + ")", text)
    if not m:
        raise argparse.ArgumentTypeError("expected POSITION:HASH, HASH being 64 lowercase hex")
    return int(m[1]), m[2]


def main() -> int:
    ap = argparse.ArgumentParser(description="Verify the hash chain of a FundLedger export.")
    ap.add_argument("export", help="export file (JSON Lines), or - for stdin")
    ap.add_argument("--anchor", type=anchor, action="append", default=[], metavar="POSITION:HASH",
                    help="hash recorded out of band (e.g. in an audit report) that POSITION must have")
    args = ap.parse_args()  # exits 2 on usage errors
    try:
        data = sys.stdin.buffer.read() if args.export == "-" else open(args.export, "rb").read()
    except OSError as e:
        print(f"error: cannot read {args.export}: {e.strerror or e}", file=sys.stderr)
        return 2
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # the final newline terminates the last line
    try:
        n, head = verify(lines, dict(args.anchor))
    except Fail as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    print(f"OK: {n} events, head position {n}, head hash {head}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
