#!/usr/bin/env bash
# Installs what FundLedger needs from Debian's packages when it is missing:
#   postgresql (server: initdb, pg_ctl), libpq-dev (client library + headers), pkg-config, python3,
#   openssl (checkpoint signatures and RFC 3161 timestamps are checked with it, and the tests use it).
# Uses sudo when not root. Changes nothing when everything is present.
set -euo pipefail

missing=()
have_server() {
    command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}
have_server || missing+=(postgresql)
{ command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libpq; } || missing+=(libpq-dev pkg-config)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

if [ ${#missing[@]} -eq 0 ]; then
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
