#!/usr/bin/env python3
"""The fixed command ids of `fundledger demo`, as the demo's Swift scenario (until December 2026,
`DemoScenario.commandID`) derived them; examples/demo/*.yaml keep them as `command_id:`.

Each command of the demo has the id derived from its step key, "<chapter prefix>/<step key>" (a step
recorded as a batch numbers its commands "<key>/1", "<key>/2", ...): 128 bits of FNV-1a, two 64-bit
passes over the UTF-8 of "fundledger-demo:<key>" with different offsets, made an RFC 9562 version 8
UUID. examples/demo/*.yaml carry these ids as `command_id:`, so a database that holds the demo recorded
by `fundledger demo` sees the files as a retry.

    scripts/demo-command-ids.py skane/organisation/1 tomelilla/close-2024
    scripts/demo-command-ids.py --check examples/demo/*.yaml   # every `command_id:` matches its `# key:`
"""
import re
import sys
import uuid

PRIME = 0x0000_0100_0000_01B3
MASK = (1 << 64) - 1


def fnv1a(data: bytes, offset: int) -> int:
    h = offset
    for byte in data:
        h ^= byte
        h = (h * PRIME) & MASK
    return h


def command_id(key: str) -> uuid.UUID:
    data = f"fundledger-demo:{key}".encode("utf-8")
    high = fnv1a(data, 0xCBF2_9CE4_8422_2325)
    low = fnv1a(data, 0x8422_2325_CBF2_9CE4)
    b = bytearray(high.to_bytes(8, "big") + low.to_bytes(8, "big"))
    b[6] = (b[6] & 0x0F) | 0x80  # version 8 (custom)
    b[8] = (b[8] & 0x3F) | 0x80  # RFC variant
    return uuid.UUID(bytes=bytes(b))


def check(paths):
    """Each `command_id: ID  # key: KEY` line must carry the id of KEY."""
    bad = 0
    count = 0
    line_re = re.compile(r"command_id:\s*([0-9a-fA-F-]{36})\s*#\s*key:\s*(\S+)")
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if "command_id:" not in line:
                    continue
                m = line_re.search(line)
                if not m:
                    print(f"{path}:{number}: command_id without '# key: KEY'", file=sys.stderr)
                    bad += 1
                    continue
                count += 1
                if uuid.UUID(m.group(1)) != command_id(m.group(2)):
                    print(f"{path}:{number}: {m.group(1)} is not the id of {m.group(2)} ({command_id(m.group(2))})", file=sys.stderr)
                    bad += 1
    print(f"{count} command ids checked, {bad} wrong")
    return 1 if bad else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(64)
    if args[0] == "--check":
        sys.exit(check(args[1:]))
    for key in args:
        print(f"{command_id(key)}  {key}")
