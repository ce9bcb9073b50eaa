#!/usr/bin/env bash
# docs/rules.md must be what `needlescreen rules doc --format md` writes for
# the built-in pack: a rule changed without `make docs` fails here.
set -uo pipefail
bin=$1
src=$2
if ! "$bin" rules doc --format md | diff -u "$src/docs/rules.md" -; then
  echo "docs/rules.md is stale: run \`make docs\` and commit docs/rules.md and docs/decision.svg"
  exit 1
fi
