#!/usr/bin/env bash
# `rules cases` reaches full rule coverage by itself (issue 19): the cases it
# writes for a pack pass `rules test` on that pack with --coverage-min 100.
# Usage: cases_cover.sh BIN [--rules PACK]...
set -euo pipefail
bin=$1
shift
out=$(mktemp --suffix=.yaml)
trap 'rm -f "$out"' EXIT
"$bin" rules cases "$@" >"$out"
"$bin" rules test "$@" --coverage-min 100 "$out"
