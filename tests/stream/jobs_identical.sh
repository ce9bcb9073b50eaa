#!/usr/bin/env bash
# SPEC §5: --jobs N keeps input order; the output is byte-identical to --jobs 1.
# Several chunks' worth of generated records, bad ones mixed in, both formats.
set -euo pipefail
bin=$1 gen=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for fmt in jsonl csv; do
  "$gen" "$fmt" 60000 7 > "$tmp/in.$fmt"
  # A malformed record in the middle must stay in its place in both runs.
  if [ "$fmt" = csv ]; then sed -i '30001s/$/,extra-cell/' "$tmp/in.$fmt"; else sed -i '30001s/^/#broken /' "$tmp/in.$fmt"; fi
  set +e
  "$bin" check --format "$fmt" --jobs 1 "$tmp/in.$fmt" > "$tmp/one.$fmt"; a=$?
  "$bin" check --format "$fmt" --jobs 2 "$tmp/in.$fmt" > "$tmp/two.$fmt"; b=$?
  set -e
  [ "$a" = 4 ] && [ "$b" = 4 ] || { echo "$fmt: exit codes $a and $b, expected 4 (one bad record)"; exit 1; }
  cmp "$tmp/one.$fmt" "$tmp/two.$fmt" || { echo "$fmt: --jobs 2 output differs from --jobs 1"; exit 1; }
  lines=$(wc -l < "$tmp/one.$fmt")
  want=$((60000 + $([ "$fmt" = csv ] && echo 1 || echo 0)))
  [ "$lines" = "$want" ] || { echo "$fmt: $lines output lines, expected $want"; exit 1; }
  echo "$fmt: --jobs 1 and --jobs 2 identical over $lines lines"
done
