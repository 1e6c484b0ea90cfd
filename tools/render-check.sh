#!/usr/bin/env bash
# Renders an HTML report to a PNG with headless Chromium, to check by eye that its tables and SVG charts
# draw (the tests check the markup; only a browser shows the picture).
#
#   tools/render-check.sh report.html [out.png] [WIDTHxHEIGHT]
#
# Needs chromium, chromium-browser or google-chrome on PATH (Debian: apt-get install chromium). Exits 2
# with a message when none is installed, 1 when the browser fails or writes no image, 0 with the PNG's
# path otherwise. The page loads from a file:// URL with networking off, so a report that tried to reach
# the network would show the gap rather than fetch anything.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 3 ]]; then
    echo "usage: $0 REPORT.html [OUT.png] [WIDTHxHEIGHT]" >&2
    exit 64
fi
html=$1
png=${2:-${html%.*}.png}
size=${3:-1280x2000}
if [[ ! -f $html ]]; then
    echo "render-check: no such file: $html" >&2
    exit 1
fi

browser=""
for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$candidate" >/dev/null 2>&1; then
        browser=$(command -v "$candidate")
        break
    fi
done
if [[ -z $browser ]]; then
    echo "render-check: no headless browser found (looked for chromium, chromium-browser, google-chrome);" >&2
    echo "install one (Debian: sudo apt-get install -y chromium) or open $html in any browser by hand" >&2
    exit 2
fi

absolute=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
png=$(cd "$(dirname "$png")" && pwd)/$(basename "$png")
rm -f "$png"
# --no-sandbox: needed when run as root (CI); the page is our own static file.
"$browser" --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --proxy-server="127.0.0.1:9" --proxy-bypass-list="<-loopback>" \
    --window-size="${size/x/,}" --screenshot="$png" "file://$absolute" >/dev/null 2>&1 || {
    echo "render-check: $browser failed to render $html" >&2
    exit 1
}
if [[ ! -s $png ]]; then
    echo "render-check: $browser wrote no screenshot for $html" >&2
    exit 1
fi
echo "$png"
