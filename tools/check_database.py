"""A database of its own for a check of tools/ (api-check.py, browser-check.py), in this checkout's private
cluster: dropped if a previous run left it, created, migrated and, if asked, holding the demo ledger."""
import os


def fresh_database(fundledger, database, run, demo=False):
    """Creates `database` afresh and applies the migrations (then `fundledger demo` with `demo`); returns the
    environment whose DATABASE_URL names it. `run(*args, env=None)` is the check's own: it runs a command and
    returns its output, and stops the check, naming it, when the command fails."""
    server = run(fundledger, "db", "url", "--name", "postgres").strip()
    run("psql", server, "-q", "-v", "ON_ERROR_STOP=1", "-c", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)",
        "-c", f"CREATE DATABASE {database}")
    env = dict(os.environ)
    env["DATABASE_URL"] = run(fundledger, "db", "url", "--name", database).strip()
    run(fundledger, "migrate", env=env)
    if demo:
        run(fundledger, "demo", env=env)
    return env
