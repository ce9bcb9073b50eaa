#!/usr/bin/env bash
# Issue 13: hostile rule packs are refused (exit 3) or linted in bounded time,
# memory and output. Each probe runs under `timeout` and `ulimit -v` and its
# stderr/stdout are counted: before the fix these took up to 24 GB, 60+ s or
# 929 MB of stderr.
# Usage: pack_limits.sh NEEDLESCREEN [memory-caps|no-memory-caps]
# (sanitizers reserve terabytes of address space: no ulimit -v under them,
# and their slower runs get 5x the time).
set -uo pipefail
bin=$1
caps=${2:-memory-caps}
vcap=1000000 slow=1
[ "$caps" = memory-caps ] || vcap=unlimited slow=5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gen() { python3 "$here/hostile_pack.py" "$@"; }
record=$tmp/record.yaml
python3 -c "print('id: \"' + 'x' * 4096 + '\"')" > "$record"

# probe NAME WANT_EXIT MAX_SECONDS MAX_STDERR MAX_STDOUT ARGS...: runs the
# binary with 1 GB of address space at most.
probe() {
  local name=$1 want=$2 seconds=$3 max_err=$4 max_out=$5
  shift 5
  (
    ulimit -v $vcap
    timeout $((seconds * slow)) "$bin" "$@" > "$tmp/out" 2> "$tmp/err"
  ) < /dev/null
  local code=$?
  local err out
  err=$(wc -c < "$tmp/err") out=$(wc -c < "$tmp/out")
  [ "$code" = "$want" ] || problem "$name: exit $code, expected $want (124: timed out)"
  [ "$err" -le "$max_err" ] || problem "$name: $err bytes on stderr (at most $max_err)"
  [ "$out" -le "$max_out" ] || problem "$name: $out bytes on stdout (at most $max_out)"
}

# Expects stderr (or stdout with `out`) of the last probe to contain TEXT.
says() {
  local file=$tmp/err
  [ "$1" = out ] && { file=$tmp/out; shift; }
  grep -qF -- "$1" "$file" || problem "expected '$1' in: $(head -c 600 "$file")"
}

# A 170 KB one-line pack with 3500 errors (929 MB of stderr for 151 KB before).
gen oneline 3500 > "$tmp/oneline.yaml"
probe oneline 3 10 20000 0 check --rules "$tmp/oneline.yaml" "$record"
says "... and 3450 more errors (not shown)"
says "the rule set is invalid (3500 errors)"
probe oneline-lint 3 10 0 20000 rules lint "$tmp/oneline.yaml"
says out "... and 3450 more errors (not shown)"

# rules lint on a 14 KB one-line pack of 500 unused fields: 97 MB before.
gen unused 500 > "$tmp/unused.yaml"
probe lint-unused 0 10 0 20000 rules lint "$tmp/unused.yaml"
says out "... and 451 more warnings (not shown)"  # 500 unused fields, never reviewed

# Three let chains (past the let limit now): 3.4 GB before.
gen chains 9999 > "$tmp/chains.yaml"
probe lint-chains 3 10 0 2000 rules lint "$tmp/chains.yaml"
says out "a pack holds at most 4096 lets; the rest are not read"
# Within the limits: one chain of 4095 lets read by 4096 rules (1.2 GB, 9 s
# before), and 1000 and-chains of 4000 characters (780 MB, 9 s).
gen chainrules 4096 > "$tmp/chainrules.yaml"
probe lint-chainrules 0 20 0 2000 rules lint "$tmp/chainrules.yaml"
says out "lint stopped analysing conditions at rule 'r0'"
gen andchains 1000 > "$tmp/andchains.yaml"
probe lint-andchains 0 30 0 2000 rules lint "$tmp/andchains.yaml"
says out "lint stopped analysing conditions"
# rules test's coverage analysis is bounded by the same budget.
printf 'cases:\n  - name: c\n    record: {id: x}\n    expect: {decision: proceed}\n' > "$tmp/case.yaml"
probe test-chainrules 0 20 2000 200000 rules test --rules "$tmp/chainrules.yaml" "$tmp/case.yaml"

# Screening through that chain with the field unknown: each rule's unknown
# fields were collected by evaluating every let below every let (minutes).
probe check-chainrules 0 20 0 100000 check --rules "$tmp/chainrules.yaml" "$record"
# --explain lists at most 64 lets per rule, each evaluated once: every rule
# listing the whole chain took over 2 GB and 30 s before.
probe explain-chainrules 0 20 0 12000000 check --explain --format jsonl --rules "$tmp/chainrules.yaml" "$record"

# 100k `{id}` placeholders: 819 MB for one record before.
gen placeholders 100000 > "$tmp/ph.yaml"
probe placeholders 3 10 2000 0 check --rules "$tmp/ph.yaml" "$record"
says "a message has at most 32 placeholders"

# A 3.9 MB pack of 100k rules: refused after 47 s before; 287k lets: past 60 s.
gen rules 100000 > "$tmp/rules.yaml"
probe rules100k 3 5 2000 0 check --rules "$tmp/rules.yaml" "$record"
says "a pack holds at most 4096 rules; the rest are not read"
gen lets 287000 > "$tmp/lets.yaml"
probe lets287k 3 5 2000 0 check --rules "$tmp/lets.yaml" "$record"
says "a pack holds at most 4096 lets; the rest are not read"
# 1.5M list items under an unknown key: 8 s and 700 MB before.
python3 -c "print('pack: p\nversion: \"1\"\nx: [' + ','.join(['1'] * 1500000) + ']')" > "$tmp/nodes.yaml"
probe nodes 3 5 0 2000 rules lint "$tmp/nodes.yaml"
says out "a rule file holds at most 250000 YAML values"

# "Did you mean" hints share one work budget per pack and per test file:
# 4096 unknown 128-byte names against 4096 lets of that length (5 s before),
# and 25000 unknown 128-byte rule ids in a rule test file against 4096 rules
# (unbounded before: past 120 s). The first errors still get their hint.
gen typos 4096 > "$tmp/typos.yaml"
probe typos 3 10 40000 0 check --rules "$tmp/typos.yaml" "$record"
says "did you mean"
gen longids 4096 > "$tmp/longids.yaml"
gen typo-tests 25000 > "$tmp/typo-tests.yaml"
probe typo-tests 3 10 40000 0 rules test --rules "$tmp/longids.yaml" "$tmp/typo-tests.yaml"
says "did you mean"

# Rule files capped while reading: /dev/zero took 5.7 GB; a 50 MB pipe was read.
probe devzero 3 10 2000 0 check --rules /dev/zero "$record"
says "/dev/zero: error: rule file larger than 4194304 bytes"
gen big 50000000 > "$tmp/big.yaml"
probe pipe 3 10 2000 0 check --rules <(cat "$tmp/big.yaml") "$record"
says "error: rule file larger than 4194304 bytes"
probe lint-devzero 3 10 2000 2000 rules lint /dev/zero
probe test-devzero 3 10 2000 2000 rules test /dev/zero
says "/dev/zero: error: test file larger than 4194304 bytes"

# A symlink loop in a --rules directory: abort (exit 134) in every subcommand before.
mkdir "$tmp/loop"
cp "$here/../../rules/hamstring-dry-needling.yaml" "$tmp/loop/"
ln -s loop.yaml "$tmp/loop/loop.yaml"
ln -s . "$tmp/loop/self"
probe loop-check 3 10 2000 0 check --rules "$tmp/loop" "$record"
says "$tmp/loop/loop.yaml: error: cannot read this file: Too many levels of symbolic links"
for cmd in template "rules doc" "rules test" interview; do
  # shellcheck disable=SC2086  # the subcommand may be two words
  probe "loop-$cmd" 3 10 2000 0 $cmd --rules "$tmp/loop"
  says "$tmp/loop/loop.yaml: error: cannot read this file: Too many levels of symbolic links"
done
probe loop-lint 3 10 0 2000 rules lint "$tmp/loop"
says out "$tmp/loop/loop.yaml: error: cannot read this file: Too many levels of symbolic links"
# ... and in a directory of rule tests.
mkdir "$tmp/tests"
ln -s loop.yaml "$tmp/tests/loop.yaml"
probe loop-test-dir 3 10 2000 0 rules test "$tmp/tests"
says "$tmp/tests/loop.yaml: error: cannot read this file: Too many levels of symbolic links"

finish
