#!/usr/bin/env bash
# Issue 19: check --counterfactual gives the same bytes at --jobs 2 as at
# --jobs 1 (each worker searches its own records with the shared finder), in
# JSON Lines and in text, with a bad record kept in its place. And its
# hostile ends: a full disk (exit 5, one line), an empty input (no output,
# exit 0), a usage error with stderr full (still exit 2).
set -euo pipefail
bin=$1 gen=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gen" jsonl 20000 19 > "$tmp/in.jsonl"
sed -i '10001s/^/#broken /' "$tmp/in.jsonl"
for fmt in jsonl text; do
  set +e
  "$bin" check --counterfactual --format "$fmt" --jobs 1 "$tmp/in.jsonl" > "$tmp/one.$fmt"; a=$?
  "$bin" check --counterfactual --format "$fmt" --jobs 2 "$tmp/in.jsonl" > "$tmp/two.$fmt"; b=$?
  set -e
  [ "$a" = 4 ] && [ "$b" = 4 ] || { echo "$fmt: exit codes $a and $b, expected 4 (one bad record)"; exit 1; }
  cmp "$tmp/one.$fmt" "$tmp/two.$fmt" || { echo "$fmt: --jobs 2 output differs from --jobs 1"; exit 1; }
done
searched=$(grep -c '"counterfactual": {' "$tmp/one.jsonl" || true)
[ "$searched" -gt 1000 ] || { echo "only $searched records were searched"; exit 1; }
lines=$(wc -l < "$tmp/one.jsonl")
[ "$lines" = 20000 ] || { echo "$lines output lines, expected 20000"; exit 1; }
echo "--counterfactual: --jobs 1 and --jobs 2 identical over $lines records ($searched searched)"

set +e
"$bin" check --counterfactual --format jsonl --jobs 2 "$tmp/in.jsonl" > /dev/full 2> "$tmp/err"; full=$?
: | "$bin" check --counterfactual --format jsonl --input-format jsonl - > "$tmp/empty"; empty=$?
"$bin" check --counterfactual --format csv "$tmp/in.jsonl" 2> /dev/full; usage=$?
set -e
[ "$full" = 5 ] && [ "$(wc -l < "$tmp/err")" = 1 ] || { echo "/dev/full: exit $full, stderr:"; cat "$tmp/err"; exit 1; }
[ "$empty" = 0 ] && [ ! -s "$tmp/empty" ] || { echo "empty input: exit $empty or output written"; exit 1; }
[ "$usage" = 2 ] || { echo "--format csv with stderr full: exit $usage, expected 2"; exit 1; }
echo "--counterfactual: /dev/full exit 5, empty input exit 0, csv with stderr full exit 2"
