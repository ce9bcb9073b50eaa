#!/usr/bin/env bash
# `needlescreen --version`: two lines, the program's version (the CMake
# project's) and the built-in pack's id, version and full digest, which must
# be the stamp `check` puts on a record screened with the built-in pack.
# usage: version.sh BIN PROJECT_VERSION SOURCE_DIR
set -uo pipefail
bin=$1 want_version=$2 src=$3
fail() { echo "FAIL: $*"; exit 1; }

out=$("$bin" --version) || fail "--version exited $?"
lines=$(printf '%s\n' "$out" | wc -l)
[ "$lines" = 2 ] || fail "expected 2 lines, got $lines: $out"
first=$(printf '%s\n' "$out" | sed -n 1p)
second=$(printf '%s\n' "$out" | sed -n 2p)
[ "$first" = "needlescreen $want_version" ] ||
  fail "first line '$first', expected 'needlescreen $want_version'"
re='^built-in pack: ([a-z0-9-]+) ([0-9][0-9A-Za-z.+-]*) (sha256:[0-9a-f]{64})$'
[[ $second =~ $re ]] || fail "second line '$second' is not 'built-in pack: ID VERSION sha256:<64 hex>'"
id=${BASH_REMATCH[1]} version=${BASH_REMATCH[2]} digest=${BASH_REMATCH[3]}

# The same stamp as check's (JSON Lines: "ruleset": {"id": ..., "version": ..., "digest": ...}).
stamp=$("$bin" check --format jsonl --at 2026-11-24T21:00:00Z \
  "$src/examples/wait-acute-bruising.yaml" | grep -o '"ruleset": {"id": [^,]*, "version": [^,]*, "digest": "[^"]*"')
want="\"ruleset\": {\"id\": \"$id\", \"version\": \"$version\", \"digest\": \"$digest\""
[ "$stamp" = "$want" ] || fail "check stamps $stamp; --version says $want"

# The digest is the SHA-256 of the pack's bytes as compiled in.
sum=$(sha256sum < "$src/rules/hamstring-dry-needling.yaml" | cut -d' ' -f1)
[ "$digest" = "sha256:$sum" ] || fail "digest $digest, sha256sum of rules/ says $sum"

# --version wins over a subcommand's options and needs no record.
"$bin" --version < /dev/null | cmp -s - <(printf '%s\n' "$out") || fail "--version not repeatable"
echo "ok: $first / $second"
