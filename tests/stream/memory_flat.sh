#!/usr/bin/env bash
# SPEC §5: memory flat in the number of records. Peak RSS screening 1,000,000
# streamed records must stay within a small margin of that for 200,000 (both
# long enough for every in-flight chunk buffer to have been allocated).
set -euo pipefail
bin=$1 gen=$2
peak() {  # records -> peak RSS in KB of `check` reading them from a pipe
  "$gen" jsonl "$1" | /usr/bin/time -f "%M" -o /dev/stderr "$bin" check --format jsonl --jobs 2 \
    --input-format jsonl - 2>&1 >/dev/null | tail -n 1
}
small=$(peak 200000)
large=$(peak 1000000)
echo "peak RSS: 200,000 records ${small} KB; 1,000,000 records ${large} KB"
[ "$large" -le $((small + small / 4 + 8192)) ] || { echo "memory grows with the record count"; exit 1; }
