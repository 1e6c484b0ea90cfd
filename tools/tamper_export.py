#!/usr/bin/env python3
"""Write a tampered copy of a FundLedger export, for tests of verify_export.py.

Usage: tamper_export.py IN OUT --mode payload|delete|swap --position P
  payload: insert a space before the final '}' or ']' of the payload text of the
           event with global_position P (still valid JSON text; hash left as is)
  delete:  drop the line of the event at position P
  swap:    swap the lines of the events at positions P and P+1
Only the affected lines change; the header and other lines are copied byte for byte.
"""
import argparse, json, sys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--mode", required=True, choices=["payload", "delete", "swap"])
    ap.add_argument("--position", required=True, type=int)
    args = ap.parse_args()
    with open(args.input, "rb") as f:
        lines = f.read().split(b"\n")
    trailing = lines and lines[-1] == b""
    if trailing:
        lines.pop()
    # map global_position -> line index (line 0 is the header)
    index = {json.loads(line)["global_position"]: i for i, line in enumerate(lines) if i > 0}
    p = args.position
    needed = [p, p + 1] if args.mode == "swap" else [p]
    if any(q not in index for q in needed):
        print(f"error: export has no event at position(s) {needed}", file=sys.stderr)
        return 2
    i = index[p]
    if args.mode == "payload":
        event = json.loads(lines[i])
        text = event["payload"]
        event["payload"] = text[:-1] + " " + text[-1] if text[-1:] in ("}", "]") else text + " "
        lines[i] = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    elif args.mode == "delete":
        del lines[i]
    else:
        j = index[p + 1]
        lines[i], lines[j] = lines[j], lines[i]
    with open(args.output, "wb") as f:
        f.write(b"\n".join(lines) + (b"\n" if trailing else b""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
