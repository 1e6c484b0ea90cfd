#!/usr/bin/env python3
"""Independent verifier for FundLedger exports (Python 3.11 standard library; `openssl` for Ed25519).
The format, hash chain, Merkle tree, proofs and checkpoints are specified in docs/verification.md.
Usage: verify_export.py EXPORT_FILE [--anchor POSITION:HASH ...]    (EXPORT_FILE '-' reads stdin)
         [--checkpoint NOTE --public-key PEM [--witness-key PEM ...]]
         [--inclusion-proof JSON ...] [--consistency-proof JSON ...]
Exit 0: verified. Exit 1: verification failed (one 'FAIL: ...' line on stderr). Exit 2: usage error.
Only checkpoint signatures need `openssl` (3.0 or later, for `pkeyutl -rawin`); the rest is hashlib.
"""
import argparse, base64, hashlib, json, os, re, subprocess, sys, tempfile

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


def verify(lines: list[bytes], anchors: dict[int, str], hashes: list[bytes] | None = None) -> tuple[int, str]:
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
        if hashes is not None:
            hashes.append(bytes.fromhex(prev))
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


# --- The Merkle tree (RFC 6962 §2.1) over the events' chain hashes, and its proofs (RFC 9162 §2.1) ---

def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def merkle_root(leaves: list[bytes]) -> bytes:
    """MTH of the leaves' data, read straight from the RFC's definition."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaf_hash(leaves[0])
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(merkle_root(leaves[:k]), merkle_root(leaves[k:]))


def verify_inclusion(leaf: bytes, index: int, size: int, path: list[bytes], root: bytes) -> bool:
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes, proof: list[bytes]) -> bool:
    if first == second:
        return not proof and first_root == second_root
    if first == 0 or first > second or not proof:
        return first == 0 and not proof
    path = ([first_root] if first & (first - 1) == 0 else []) + proof
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root


def check_inclusion_proof(path: str, hashes: list[bytes]) -> str:
    proof = read_json(path)
    size, index = proof.get("tree_size"), proof.get("leaf_index")
    if not (is_nat(size) and is_nat(index) and size <= len(hashes) and index < size):
        raise Fail(f"inclusion proof {path}: tree_size {size!r} and leaf_index {index!r} must lie within the export's {len(hashes)} events")
    root = merkle_root(hashes[:size])
    if proof.get("root_hash") != root.hex():
        raise Fail(f"inclusion proof {path}: root_hash differs from the export's root for {size} events ({root.hex()})")
    audit = [bytes.fromhex(h) for h in proof.get("audit_path", [])]
    if not verify_inclusion(leaf_hash(hashes[index]), index, size, audit, root):
        raise Fail(f"inclusion proof {path}: the audit path does not lead from event {index + 1} to the root")
    return f"event {index + 1} is in the tree of {size} events"


def check_consistency_proof(path: str, hashes: list[bytes]) -> str:
    proof = read_json(path)
    first, second = proof.get("first"), proof.get("second")
    if not (is_nat(first) and is_nat(second) and 0 < first <= second <= len(hashes)):
        raise Fail(f"consistency proof {path}: first {first!r} and second {second!r} must lie within the export's {len(hashes)} events")
    roots = (merkle_root(hashes[:first]), merkle_root(hashes[:second]))
    if (proof.get("first_root_hash"), proof.get("second_root_hash")) != (roots[0].hex(), roots[1].hex()):
        raise Fail(f"consistency proof {path}: its roots differ from the export's")
    if not verify_consistency(first, second, *roots, [bytes.fromhex(h) for h in proof.get("proof", [])]):
        raise Fail(f"consistency proof {path}: the proof does not join the two roots")
    return f"the tree of {first} events is a prefix of the tree of {second}"


def read_json(path: str) -> dict:
    try:
        with open(path, "rb") as f:
            return parse_object(f.read(), path)
    except OSError as e:
        raise Fail(f"{path}: cannot read ({e.strerror or e})")


# --- Signed checkpoints (C2SP signed-note, tlog-checkpoint, tlog-cosignature) ---

def public_key(path: str) -> bytes:
    """The 32 key bytes of an Ed25519 SubjectPublicKeyInfo PEM file."""
    try:
        text = open(path, encoding="ascii").read()
        body = text.split("-----BEGIN PUBLIC KEY-----")[1].split("-----END PUBLIC KEY-----")[0]
        der = base64.b64decode("".join(body.split()))
    except (OSError, IndexError, ValueError) as e:
        raise Fail(f"{path}: not a PEM public key ({e})")
    if len(der) != 44 or der[:12] != bytes.fromhex("302a300506032b6570032100"):
        raise Fail(f"{path}: not an Ed25519 public key")
    return der[12:]


def ed25519_verifies(key_path: str, message: bytes, signature: bytes) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        msg, sig = os.path.join(folder, "message"), os.path.join(folder, "signature")
        open(msg, "wb").write(message)
        open(sig, "wb").write(signature)
        try:
            done = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key_path, "-rawin",
                                   "-in", msg, "-sigfile", sig], capture_output=True)
        except FileNotFoundError:
            raise Usage("checkpoint signatures need `openssl` on PATH (Debian: apt-get install openssl)")
        return done.returncode == 0


def key_id(name: str, kind: int, key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + key).digest()[:4]


def check_checkpoint(path: str, log_key: str, witness_keys: list[str], hashes: list[bytes]) -> str:
    size, root, signers = signed_checkpoint(path, log_key, witness_keys)
    if size > len(hashes):
        raise Fail(f"checkpoint {path}: covers {size} events, the export holds {len(hashes)}")
    if merkle_root(hashes[:size]) != root:
        raise Fail(f"checkpoint {path}: the export's first {size} events do not have the signed root: history was rewritten")
    return f"checkpoint of {size} events {signers}"


def signed_checkpoint(path: str, log_key: str, witness_keys: list[str]) -> tuple[int, bytes, str]:
    """The tree size and root of a checkpoint whose signatures verify, and who signed it."""
    try:
        note = open(path, "rb").read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise Fail(f"checkpoint {path}: cannot read ({e})")
    text, _, signatures = note.partition("\n\n")
    text += "\n"
    lines = text.split("\n")
    if len(lines) < 4 or not re.fullmatch(r"0|[1-9][0-9]*", lines[1]):
        raise Fail(f"checkpoint {path}: expected origin, tree size and root hash lines")
    size, root = int(lines[1]), base64.b64decode(lines[2])
    parsed = []
    for line in signatures.rstrip("\n").split("\n"):
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "\u2014":
            raise Fail(f"checkpoint {path}: malformed signature line {line[:40]!r}")
        parsed.append((parts[1], base64.b64decode(parts[2])))

    def signed(key_path: str, kind: int) -> str | None:
        key = public_key(key_path)
        for name, blob in parsed:
            if blob[:4] != key_id(name, kind, key):
                continue
            if kind == 1 and len(blob) == 68 and ed25519_verifies(key_path, text.encode(), blob[4:]):
                return name
            if kind == 4 and len(blob) == 76:
                message = b"cosignature/v1\ntime %d\n" % int.from_bytes(blob[4:12], "big") + text.encode()
                if ed25519_verifies(key_path, message, blob[12:]):
                    return name
        return None

    signer = signed(log_key, 1)
    if signer is None:
        raise Fail(f"checkpoint {path}: no signature verifies with {log_key}")
    witnesses = []
    for witness in witness_keys:
        name = signed(witness, 4)
        if name is None:
            raise Fail(f"checkpoint {path}: no cosignature verifies with {witness}")
        witnesses.append(name)
    return size, root, f"signed by {signer}" + (f", cosigned by {', '.join(witnesses)}" if witnesses else "")


def check_evidence(path: str, checkpoint: tuple[int, bytes, str] | None) -> list[str]:
    """One organisation's events, each recomputed from its content and proven in the tree by its path."""
    try:
        lines = [l for l in open(path, "rb").read().split(b"\n") if l]
    except OSError as e:
        raise Fail(f"evidence {path}: cannot read ({e.strerror or e})")
    if not lines:
        raise Fail(f"evidence {path}: empty")
    header = parse_object(lines[0], f"evidence {path} line 1")
    if header.get("format") != "fundledger-evidence" or header.get("format_version") != 1:
        raise Fail(f"evidence {path}: not a fundledger-evidence file (format_version 1)")
    size, organisation = header.get("tree_size"), header.get("organisation_id")
    try:
        root = bytes.fromhex(header.get("root_hash", ""))
    except ValueError:
        raise Fail(f"evidence {path}: root_hash is not hex")
    if not is_nat(size) or len(root) != 32 or header.get("event_count") != len(lines) - 1:
        raise Fail(f"evidence {path}: header tree_size, root_hash or event_count is wrong")
    if checkpoint is not None and (checkpoint[0], checkpoint[1]) != (size, root):
        raise Fail(f"evidence {path}: its tree ({size} events) is not the checkpoint's ({checkpoint[0]} events) or its root differs")
    for number, raw in enumerate(lines[1:], start=2):
        where = f"evidence {path} line {number}"
        ev = parse_object(raw, where)
        check_event(ev, where)
        if ev["organisation_id"] != organisation:
            raise Fail(f"{where}: an event of {ev['organisation_id']!r}, not {organisation!r}")
        recomputed = event_hash(ev["prev_hash"], ev)
        if recomputed != ev["hash"]:
            raise Fail(f"{where}: position {ev['global_position']}: recomputed hash {recomputed} does not match hash {ev['hash']}")
        position = ev["global_position"]
        audit = [bytes.fromhex(h) for h in ev.get("audit_path", [])]
        if not (1 <= position <= size and verify_inclusion(leaf_hash(bytes.fromhex(recomputed)), position - 1, size, audit, root)):
            raise Fail(f"{where}: position {position} is not proven in the tree of {size} events")
    signed = f", {checkpoint[2]}" if checkpoint else " (no checkpoint given: the root is only as good as its source)"
    return [f"{len(lines) - 1} events of {organisation} proven in the tree of {size} events{signed}"]


class Usage(Exception):
    """A usage problem found while verifying (exit 2)."""


def anchor(text: str) -> tuple[int, str]:
    m = re.fullmatch(r"([1-9][0-9]*):(" + HEX64 + ")", text)
    if not m:
        raise argparse.ArgumentTypeError("expected POSITION:HASH, HASH being 64 lowercase hex")
    return int(m[1]), m[2]


def main() -> int:
    ap = argparse.ArgumentParser(description="Verify the hash chain of a FundLedger export.")
    ap.add_argument("export", nargs="?", help="export file (JSON Lines), or - for stdin")
    ap.add_argument("--evidence", metavar="FILE", help="one organisation's events with proofs (`fundledger proof organisation`)")
    ap.add_argument("--anchor", type=anchor, action="append", default=[], metavar="POSITION:HASH",
                    help="hash recorded out of band (e.g. in an audit report) that POSITION must have")
    ap.add_argument("--checkpoint", metavar="NOTE", help="a signed checkpoint: its root must be the export's")
    ap.add_argument("--public-key", metavar="PEM", help="the log's Ed25519 public key (with --checkpoint)")
    ap.add_argument("--witness-key", metavar="PEM", action="append", default=[], help="a witness whose cosignature must verify")
    ap.add_argument("--inclusion-proof", metavar="JSON", action="append", default=[], help="from `fundledger proof inclusion`")
    ap.add_argument("--consistency-proof", metavar="JSON", action="append", default=[], help="from `fundledger proof consistency`")
    args = ap.parse_args()  # exits 2 on usage errors
    if bool(args.checkpoint) != bool(args.public_key):
        ap.error("--checkpoint and --public-key go together")
    if args.export is None and (not args.evidence or args.anchor or args.inclusion_proof or args.consistency_proof):
        ap.error("give an export file (only --evidence, with --checkpoint, works without one)")
    lines: list[bytes] = []
    if args.export is not None:
        try:
            data = sys.stdin.buffer.read() if args.export == "-" else open(args.export, "rb").read()
        except OSError as e:
            print(f"error: cannot read {args.export}: {e.strerror or e}", file=sys.stderr)
            return 2
        lines = data.split(b"\n")
        if lines[-1] == b"":
            lines.pop()  # the final newline terminates the last line
    try:
        results = checks(args, lines)
    except Fail as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    except Usage as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for line in results:
        print(f"OK: {line}")
    return 0


def checks(args: argparse.Namespace, lines: list[bytes]) -> list[str]:
    """Every check asked for, in order; a `Fail` stops at the first that does not hold."""
    results: list[str] = []
    hashes: list[bytes] = []
    if args.export is not None:
        n, head = verify(lines, dict(args.anchor), hashes)
        results.append(f"{n} events, head position {n}, head hash {head}")
        if args.checkpoint:
            results.append(check_checkpoint(args.checkpoint, args.public_key, args.witness_key, hashes))
        results += [check_inclusion_proof(p, hashes) for p in args.inclusion_proof]
        results += [check_consistency_proof(p, hashes) for p in args.consistency_proof]
    if args.evidence:
        signed = signed_checkpoint(args.checkpoint, args.public_key, args.witness_key) if args.checkpoint else None
        results += check_evidence(args.evidence, signed)
    return results


if __name__ == "__main__":
    sys.exit(main())
