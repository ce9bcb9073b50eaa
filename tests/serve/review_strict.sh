#!/usr/bin/env bash
# Issue 19: `serve --strict` with a rule pack past its effective period does
# not start (exit 3, one line saying why, nothing listening); without
# --strict it starts and warns once. Usage: review_strict.sh BIN
set -uo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
pid=
cat > "$tmp/pack.yaml" <<'PACK'
pack: ended
version: '1'
approval_date: 2020-01-01
last_review_date: 2020-01-01
effective_period: {start: 2020-01-01, end: 2020-12-31}
fields:
  - {path: a, type: bool}
rules:
  - {id: r, outcome: swap, when: a, message: m, source: s}
PACK
fail=0
timeout 10 "$bin" serve --strict --rules "$tmp/pack.yaml" --listen 127.0.0.1:0 2> "$tmp/err"
code=$?
[ "$code" = 3 ] || { echo "FAIL: serve --strict exit $code, expected 3"; fail=1; }
grep -q 'is after its end; --strict refuses a rule pack outside its effective period: not serving' "$tmp/err" ||
  { echo "FAIL: no refusal line:"; cat "$tmp/err"; fail=1; }
grep -q listening "$tmp/err" && { echo "FAIL: it listened"; fail=1; }
"$bin" serve --rules "$tmp/pack.yaml" --listen 127.0.0.1:0 2> "$tmp/err2" &
pid=$!
for _ in $(seq 50); do grep -q listening "$tmp/err2" && break; sleep 0.1; done
grep -q listening "$tmp/err2" || { echo "FAIL: without --strict it did not start"; fail=1; }
[ "$(grep -c 'warning: the rule pack ended 1 is in effect from 2020-01-01 to 2020-12-31' "$tmp/err2")" = 1 ] ||
  { echo "FAIL: not one warning:"; cat "$tmp/err2"; fail=1; }
exit $fail
