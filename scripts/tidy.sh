#!/usr/bin/env bash
# clang-tidy over every .cc file in src/ with the checks of .clang-tidy, where
# every warning is an error: exits non-zero on any finding.
#
#   scripts/tidy.sh [REGEX...]   only the src/ files matching a regex
#
# TIDY_JOBS sets the parallel clang-tidy processes (default: nproc). The
# compile commands come from build/ (the `default` preset, as `make build`
# configures it); a build/ without compile_commands.json is configured first.
# Nothing is compiled: the generated built-in pack (build/generated/) is not
# checked, so it need not exist.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/install-deps.sh clang-tidy
if [ ! -f build/compile_commands.json ]; then
  echo "tidy: configuring build/ for its compile_commands.json" >&2
  cmake --preset default -DNS_WERROR="${WERROR:-OFF}" >/dev/null
fi
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("^$root/src/.*\.cc\$")
# -quiet drops the "N warnings generated" counts of system headers (they are
# filtered out by HeaderFilterRegex anyway).
tidy=(run-clang-tidy -j "${TIDY_JOBS:-$(nproc)}" -p build -quiet "${files[@]}")
if [ -t 1 ]; then
  exec "${tidy[@]}"
fi
# run-clang-tidy 14 always asks for colour: keep escape codes out of CI logs.
# pipefail keeps run-clang-tidy's exit status.
"${tidy[@]}" | sed 's/\x1b\[[0-9;]*m//g'
