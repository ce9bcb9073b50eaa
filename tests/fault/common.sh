# shellcheck shell=bash disable=SC2034  # (variables used by the sourcing scripts)
# Shared by the fault tests (sourced, not run): the screening time, failure
# collection, and the KNOWN BUG switch for assertions that fail on a bug that
# is reported but not fixed yet (the suite stays green; the bug stays visible).
AT=2026-11-24T21:00:00Z
export LC_ALL=C  # byte-wise sed and grep: inputs hold invalid UTF-8 on purpose
failures=0

problem() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# known_bug VARIABLE MESSAGE: a failed assertion that VARIABLE=1 marks as a
# known, reported bug. Set the variable to 0 once the bug is fixed.
known_bug() {
  local var=$1
  shift
  if [ "${!var:-0}" = 1 ]; then
    echo "KNOWN BUG ($var): $*"
  else
    problem "$*"
  fi
}

# Called when an assertion behind a KNOWN_BUG_* variable holds: the bug is fixed.
bug_fixed() {
  local var=$1
  if [ "${!var:-0}" = 1 ]; then echo "NOTE: $var: the assertion holds now; set $var=0"; fi
}

finish() {
  if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
  fi
  echo "all assertions held"
}

# The fields of a JSON Lines output record (fixed key order: record, line,
# [file,] id, decision, error|summary ...).
# (cut, not sed: a regex over 50 MB of output takes seconds.)
json_record() { cut -d' ' -f2 | tr -d ,; }
json_line() { cut -d' ' -f4 | tr -d ,; }
json_decision() { sed -n 's/.*"decision": "\([a-z]*\)".*/\1/p'; }
json_error() { sed -n 's/.*"decision": "error", "error": "\(\([^"\\]\|\\.\)*\)".*/\1/p'; }
