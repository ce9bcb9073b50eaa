#!/usr/bin/env bash
# An exception no command handles (a defect) ends the run with one line on
# stderr naming its type, never its message, and exit 70 (README "Exit
# codes") -- not std::terminate's abort (exit 134). The shim makes the rule
# pack reader's YAML::Load throw.
# usage: internal_error.sh NEEDLESCREEN SHIM_LIBRARY
set -uo pipefail
bin=$1 shim=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'id: P-1\npatient:\n  consent: true\n' > "$work/record.yaml"
failures=0
for kind in std int; do
  NS_SHIM_THROW=$kind LD_PRELOAD=$shim "$bin" check --format jsonl "$work/record.yaml" \
    > "$work/out" 2> "$work/err"
  code=$?
  expected="needlescreen: internal error (std::runtime_error); stopped (the output ends with the last whole record written)"
  [ "$kind" = int ] && expected=${expected/std::runtime_error/int}
  if [ "$code" != 70 ]; then
    echo "FAIL ($kind): exit $code, expected 70"; failures=$((failures + 1))
  fi
  if [ "$(cat "$work/err")" != "$expected" ]; then
    echo "FAIL ($kind): stderr is not the one line expected:"; cat "$work/err"
    failures=$((failures + 1))
  fi
  if grep -q NS-SECRET-MARKER "$work/err" "$work/out"; then
    echo "FAIL ($kind): the exception's message was printed"; failures=$((failures + 1))
  fi
  [ -s "$work/out" ] && { echo "FAIL ($kind): output written"; failures=$((failures + 1)); }
done
[ "$failures" = 0 ] && echo "ok: an escaping exception is one line and exit 70"
exit $((failures > 0))
