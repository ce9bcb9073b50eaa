#!/usr/bin/env bash
# Issue 16: the html report is the same page at --jobs 2 as at --jobs 1, over
# several chunks of generated records with a bad one in the middle.
set -euo pipefail
bin=$1 gen=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gen" jsonl 6000 7 > "$tmp/in.jsonl"
sed -i '3001s/^/#broken /' "$tmp/in.jsonl"
set +e
"$bin" check --format html --at 2026-11-24T21:00:00Z --jobs 1 "$tmp/in.jsonl" > "$tmp/one.html"; a=$?
"$bin" check --format html --at 2026-11-24T21:00:00Z --jobs 2 "$tmp/in.jsonl" > "$tmp/two.html"; b=$?
set -e
if [ "$a" != 4 ] || [ "$b" != 4 ]; then
  echo "exit codes $a and $b, expected 4 (one bad record)"; exit 1
fi
cmp "$tmp/one.html" "$tmp/two.html" || { echo "--jobs 2 html differs from --jobs 1"; exit 1; }
sections=$(grep -o '<section class="record ' "$tmp/one.html" | wc -l)
[ "$sections" = 6000 ] || { echo "$sections sections, expected 6000"; exit 1; }
tail -c 30 "$tmp/one.html" | grep -q '</html>' || { echo "the page is not closed"; exit 1; }
echo "--jobs 1 and --jobs 2 identical over $sections records ($(wc -c < "$tmp/one.html") bytes)"
