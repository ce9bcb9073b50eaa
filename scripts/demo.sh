#!/usr/bin/env bash
# `make demo`: screen every example with the built-in pack, as a clinician sees it.
set -uo pipefail
bin=${1:-build/needlescreen}
cd "$(dirname "$0")/.."
for f in examples/*.yaml; do
  echo "\$ needlescreen check $f"
  "$bin" check --format text "$f"
done
echo "\$ needlescreen check --format jsonl examples/batch.jsonl | jq -c '{id, decision}'"
"$bin" check --format jsonl --summary examples/batch.jsonl |
  if command -v jq >/dev/null; then jq -c '{record, id, decision}'; else cat; fi
echo "(exit code of the batch: ${PIPESTATUS[0]}; 4 means a record could not be read, as B-005 shows)"
exit 0
