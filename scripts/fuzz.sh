#!/usr/bin/env bash
# `make fuzz`: run every libFuzzer target (ASan + UBSan) for FUZZ_SECONDS each
# (default 60), from the committed seed corpora in tests/fuzz/corpus/, with the
# dictionary. Any crash, leak, timeout or out-of-memory fails the run; the
# input that caused it is kept in tests/fuzz/crashes/ to become a regression
# test. New corpus entries found go to build-fuzz/corpus/ (not committed).
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"pack expr records strict cds"}
mkdir -p tests/fuzz/crashes
status=0
for t in $targets; do
  work=build-fuzz/corpus/$t
  mkdir -p "$work"
  echo "== fuzz_$t for ${seconds}s"
  # The memory ceiling of `check` is 256 MB whatever the input (README
  # "Limits"): a fuzz input that needs more is a finding (issue 13). ASan's
  # quarantine is kept small so that it does not count against it.
  limits="-rss_limit_mb=256 -malloc_limit_mb=256"
  # shellcheck disable=SC2086  # $limits is two flags
  ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16} build-fuzz/fuzz_$t "$work" tests/fuzz/corpus/$t -dict=tests/fuzz/dictionary.txt \
    -max_total_time="$seconds" -timeout=10 $limits -max_len=65536 \
    -artifact_prefix=tests/fuzz/crashes/$t- -print_final_stats=1 2>&1 |
    grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|==[0-9]+==ERROR|SUMMARY|Done)" 
  rc=${PIPESTATUS[0]}
  [ "$rc" = 0 ] || { echo "fuzz_$t FAILED (exit $rc): see tests/fuzz/crashes/"; status=1; }
done
exit $status
