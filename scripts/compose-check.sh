#!/usr/bin/env bash
# Checks that docker-compose.yml parses, with Debian's docker-compose when it is installed (no engine needed).
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v docker-compose >/dev/null 2>&1; then
    docker-compose -f docker-compose.yml config -q
    echo "docker-compose.yml: valid"
else
    echo "docker-compose.yml: not checked (docker-compose is not installed)"
fi
