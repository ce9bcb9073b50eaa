#!/usr/bin/env bash
# Renders README's screenshot of the html report, docs/report.png: the WAIT
# record of examples/batch.jsonl (line 3) in Sydney time, as headless
# Chromium shows it on screen. Usage: scripts/report-screenshot.sh [BINARY]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/needlescreen}
chromium=$(command -v chromium || command -v chromium-browser) \
  || { echo "chromium is not installed (apt-get install chromium)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp  # Chromium's profile
sed -n 3p "$root/examples/batch.jsonl" > "$tmp/records.jsonl"
(cd "$tmp" && TZ=Australia/Sydney "$bin" check --format html records.jsonl > report.html)
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --window-size=900,1200 --screenshot="$root/docs/report.png" "file://$tmp/report.html" \
  > "$tmp/chromium.log" 2>&1 || { tail -5 "$tmp/chromium.log" >&2; exit 1; }
echo "wrote $root/docs/report.png"
