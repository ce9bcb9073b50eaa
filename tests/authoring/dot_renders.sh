#!/usr/bin/env bash
# The decision diagram parses and renders with Graphviz, for the built-in pack
# and for the test pack of the golden cases. Skipped (77) without `dot`.
set -uo pipefail
bin=$1
golden=$2
command -v dot >/dev/null || { echo "skipped: dot (graphviz) is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for rules in "" "--rules $golden/interview-test-pack/clinic.yaml" "--rules $golden/rules-doc-words/pack.yaml"; do
  # shellcheck disable=SC2086 # $rules is two words or none
  "$bin" rules doc --format dot $rules >"$tmp/in.dot" || { echo "rules doc $rules failed"; fail=1; continue; }
  if ! dot -Tsvg "$tmp/in.dot" >/dev/null 2>"$tmp/err" || [ -s "$tmp/err" ]; then
    echo "dot -Tsvg rejected the diagram${rules:+ for $rules}:"; cat "$tmp/err"; fail=1
  fi
done
exit $fail
