#!/usr/bin/env bash
# Runs one golden case: tests/golden/<case>/cmd holds the arguments (one line,
# shell words; the binary is prepended), optional `stdin` is fed to it. The run
# happens in the case directory with TZ=UTC, or with the zone named in an
# optional `tz` file (one line, e.g. Australia/Sydney: issue 15's local times).
# stdout, stderr and the exit code are compared with expected.stdout,
# expected.stderr, expected.exit.
# UPDATE_GOLDEN=1 rewrites the expected files instead (review the diff).
set -uo pipefail
bin=$1
case_dir=$2
cd "$case_dir" || exit 2
read -r args < cmd
stdin=/dev/null
[ -f stdin ] && stdin=stdin
tz=UTC
[ -f tz ] && read -r tz < tz
# Without tzdata the C library silently reads an unknown zone as UTC, and
# the case would fail with a confusing diff.
if [ "$tz" != UTC ] && [ ! -f "/usr/share/zoneinfo/$tz" ]; then
  echo "no time zone $tz in /usr/share/zoneinfo: install tzdata (scripts/install-deps.sh)"
  exit 1
fi
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
eval "env TZ=\"$tz\" NO_COLOR= \"$bin\" $args" <"$stdin" >"$out" 2>"$err"
code=$?
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$out" expected.stdout; cp "$err" expected.stderr; echo "$code" > expected.exit
  exit 0
fi
fail=0
diff -u expected.stdout "$out" || fail=1
diff -u expected.stderr "$err" || fail=1
want=$(cat expected.exit)
[ "$code" = "$want" ] || { echo "exit code $code, expected $want"; fail=1; }
exit $fail
