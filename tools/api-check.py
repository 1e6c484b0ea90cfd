#!/usr/bin/env python3
"""Runs schemathesis against `fundledger serve`, with GET /openapi.json as the contract (make test).

  tools/api-check.py --fundledger .build/debug/fundledger [--examples 25] [--seconds 240]

Records the demo ledger in a database of its own (api_check) in this checkout's private cluster, adds an
admin with a token, starts the server on a free loopback port without rate limits (the failed-login one
included), and lets schemathesis generate requests for every operation: valid ones must not be refused as
malformed unless the contract cannot say why (see below), responses must match the documented status codes, content types and schemas,
no request may cause a 5xx, and malformed input must be refused. Bounded: --examples per operation, and the
whole run killed after --seconds. Exit 0 when schemathesis finds nothing; its exit status otherwise; 2 when
schemathesis is missing (scripts/install-deps.sh installs it).

Every operation is checked. GET /v1/events/stream follows the log live and never ends by itself, so the hook
(tools/schemathesis_hooks.py) sends it `follow=false` (end once caught up, part of the contract) unless the
generated request carries a `follow` that is no boolean; /v1/export and /v1/verify read the demo's small log.
Excluded check: `positive_data_acceptance` (a command body that fits the schema can still name a fund that
does not exist, which is a 4xx by the ledger's rules, not a contract breach).
"""
import argparse
import os
import subprocess
import sys

from check_database import fresh_database

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATABASE = "api_check"


def run(*args, env=None, stdin=None):
    completed = subprocess.run(list(args), env=env, input=stdin, capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"api-check: {' '.join(args)} failed (exit {completed.returncode}):\n{completed.stdout}{completed.stderr}")
    return completed.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fundledger", default=os.path.join(ROOT, ".build", "debug", "fundledger"))
    parser.add_argument("--examples", type=int, default=25)
    parser.add_argument("--seconds", type=int, default=240)
    options = parser.parse_args()
    # As a module of the python3 running this, so a `pip install --user` needs no ~/.local/bin on PATH.
    if subprocess.run([sys.executable, "-c", "import schemathesis"], capture_output=True).returncode != 0:
        print("api-check: schemathesis is not installed (scripts/install-deps.sh, or pip install schemathesis)", file=sys.stderr)
        return 2
    fundledger = os.path.abspath(options.fundledger)
    env = fresh_database(fundledger, DATABASE, run, demo=True)
    token = run(fundledger, "user", "add", "api-check", "--role", "admin", "--token", env=env).strip().splitlines()[0]
    # No rate limits: schemathesis sends wrong tokens on purpose, and the failed-login limit would answer
    # 429 to the operations that follow them from the same address, leaving them untested.
    server = subprocess.Popen([fundledger, "serve", "--port", "0", "--rate-limit", "0"], env=dict(env, FUNDLEDGER_SERVE_FAILED_LOGINS="0"),
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise SystemExit(f"api-check: the server did not start: {line!r}")
        base = line[len("listening on "):]
        check_env = dict(os.environ, SCHEMATHESIS_HOOKS="schemathesis_hooks",
                         PYTHONPATH=os.path.join(ROOT, "tools") + os.pathsep + os.environ.get("PYTHONPATH", ""))
        command = ["timeout", str(options.seconds), sys.executable, "-m", "schemathesis.cli", "run", base + "/openapi.json",
                   "-H", f"Authorization: Bearer {token}", "-n", str(options.examples), "--seed", "1", "--request-timeout", "30",
                   "--exclude-checks", "positive_data_acceptance"]
        completed = subprocess.run(command, env=check_env, cwd=os.path.join(ROOT, ".build"), capture_output=True, text=True)
        summary = completed.stdout[completed.stdout.find("SUMMARY"):] if "SUMMARY" in completed.stdout else completed.stdout[-3000:]
        print(completed.stdout[-6000:] if completed.returncode or os.environ.get("API_CHECK_VERBOSE") else "api-check: schemathesis " + " ".join(summary.split()))
        if completed.returncode:
            print(completed.stderr[-2000:], file=sys.stderr)
        return completed.returncode
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
