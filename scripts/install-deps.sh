#!/usr/bin/env bash
# Installs what FundLedger needs from Debian's packages when it is missing:
#   postgresql (server: initdb, pg_ctl, pg_basebackup), libpq-dev (client library + headers), pkg-config, python3,
#   openssl (checkpoint signatures and RFC 3161 timestamps are checked with it, and the tests use it),
#   chromium and chromium-driver (tools/browser-check.py opens the HTML reports in a real browser),
#   docker-compose (scripts/compose-check.sh parses docker-compose.yml; no engine);
# and from PyPI, for the browser check: selenium and axe-selenium-python (axe-core); for the API check:
# schemathesis (tools/api-check.py runs it against the server's OpenAPI document).
# Uses sudo when not root. Changes nothing when everything is present.
set -euo pipefail

missing=()
have_server() {
    # initdb and pg_ctl for the private cluster; pg_basebackup for its standby (`db replica start`, the replica tests).
    for tool in initdb pg_basebackup; do
        command -v $tool >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/$tool >/dev/null 2>&1 || return 1
    done
}
have_server || missing+=(postgresql)
{ command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libpq; } || missing+=(libpq-dev pkg-config)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
# `make test` checks that docker-compose.yml parses (`docker-compose config`, no Docker engine needed).
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)

# The browser check's Python packages, for the python3 that runs it. Debian's own python3 is "externally
# managed" (PEP 668): pip refuses to install into it unless told --break-system-packages, which only adds
# these two packages to that user's site (pip install --user as a normal user, the system's as root) and
# replaces nothing Debian installed. A pyenv or venv python3 takes them without it.
install_python_packages() {
    python3 -c 'import selenium, axe_selenium_python, schemathesis' >/dev/null 2>&1 && return 0
    echo "installing missing Python packages: selenium axe-selenium-python schemathesis"
    python3 -m pip --version >/dev/null 2>&1 || missing_pip=1
    if [ "${missing_pip:-0}" = 1 ]; then
        echo "error: python3 has no pip (Debian: apt-get install python3-pip)" >&2
        exit 69
    fi
    local flags=()
    [ "$(id -u)" -eq 0 ] || [ -n "${VIRTUAL_ENV:-}" ] || flags+=(--user)
    if python3 -c 'import sys, sysconfig, os; sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 1)'; then
        flags+=(--break-system-packages)
    fi
    python3 -m pip install --quiet "${flags[@]}" selenium axe-selenium-python schemathesis
}

if [ ${#missing[@]} -eq 0 ]; then
    install_python_packages
    exit 0
fi

echo "installing missing packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "error: need root or sudo to install ${missing[*]} (apt-get install -y ${missing[*]})" >&2
    exit 69
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
install_python_packages
