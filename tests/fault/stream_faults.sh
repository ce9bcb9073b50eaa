#!/usr/bin/env bash
# shellcheck disable=SC2034  # the fault arrays are used by name
# SPEC §1.5, issue 7 item 4, in long streams: faults scattered through 30,000
# generated JSON Lines / CSV records (so across the reader's 1 MiB reads and
# chunks, the first and the last record included, one record over the 1 MiB
# limit) must leave every other record screened exactly as without them, with
# the faulty ones `error` at their own record number and line; the same with
# --jobs 1 and --jobs 3, exit 4, nothing on stderr.
# Usage: stream_faults.sh NEEDLESCREEN NS_GENERATE
set -uo pipefail
bin=$1 gen=$2
. "$(dirname "$0")/common.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
COUNT=30000
pad=$(head -c $((1048576 + 100)) /dev/zero | tr '\0' ' ')

# The faults, by record number, for each format: the text that replaces the
# record (<FF>: byte 0xff, <NUL>: a NUL byte; <EOF>: no final newline).
declare -A jsonl_faults=(
  [1]='{"id": "X-1", "patient": {"consent": tru}}'
  [2300]='["X-2300"]'
  [2301]='"X-2301"'
  [4999]='{"id": "X-4999", "patient": {"needle_phobia": "sometimes"}}'
  [7001]="{\"id\": \"X-7001\"$pad}"
  [7002]='{"id": "X-7002", "injury": {"onset": "2026-02-30T10:00:00Z"}}'
  [11111]='{"id": "X-11111", "patient": {"needle_phobia": "no<FF>ne"}}'
  [15000]='{"id": "X-15000", "patient": {"needle_phobia": "no<NUL>ne"}}'
  [21000]='{"id": "X-21000", "clinician": {"dry_needling_certified": "maybe"}}'
  [$COUNT]='{"id": "X-last", "patient": {"con<EOF>'
)
declare -A csv_faults=(
  [1]='X-1,2026-11-24T21:00:00Z,true'
  [2300]='X-2300,2026-11-24T21:00:00Z,true,none,none,none,true,true,false,false,false,false,,,mid,true,true,extra'
  [4999]='X-4999,2026-11-24T21:00:00Z,true,sometimes,none,none,true,true,false,false,false,false,,,mid,true,true'
  [7001]="X-7001$pad,2026-11-24T21:00:00Z,true,none,none,none,true,true,false,false,false,false,,,mid,true,true"
  [7002]='X-7002,2026-11-24T21:00:00Z,true,none,none,none,true,true,false,true,false,false,2026-02-30T10:00:00Z,,mid,true,true'
  [11111]='X-11111,2026-11-24T21:00:00Z,true,no<FF>ne,none,none,true,true,false,false,false,false,,,mid,true,true'
  [15000]='X-15000,2026-11-24T21:00:00Z,true,no<NUL>ne,none,none,true,true,false,false,false,false,,,mid,true,true'
  [21000]='X-21000,"2026-11-24T21:00:00Z",true,none,none,none,true,true,false,false,false,false,,,"mid;knee",true,true'
  [$COUNT]='X-last,2026-11-24T21:00:00Z,tr<EOF>'
)

# inject SRC OFFSET FAULTS_ARRAY_NAME: SRC with record N (at line N + OFFSET) replaced.
inject() {
  local src=$1 offset=$2
  local -n replaced=$3
  local prev=1 n line text
  for n in $(printf '%s\n' "${!replaced[@]}" | sort -n); do
    line=$((n + offset))
    [ "$line" -gt "$prev" ] && sed -n "${prev},$((line - 1))p;$((line - 1))q" "$src"
    text=${replaced[$n]}
    if [ "${text: -5}" = "<EOF>" ]; then
      printf '%s' "${text:0:${#text}-5}" | sed 's/<FF>/\xff/g; s/<NUL>/\x00/g'
    else
      printf '%s\n' "$text" | sed 's/<FF>/\xff/g; s/<NUL>/\x00/g'
    fi
    prev=$((line + 1))
  done
  sed -n "${prev},\$p" "$src"
}

# Output lines of the records not in the fault list.
others() {  # others FILE FAULTS_ARRAY_NAME
  local -n skipped=$2
  awk -v skip=" ${!skipped[*]} " 'index(skip, " " NR " ") == 0' "$1"
}

for fmt in jsonl csv; do
  offset=0
  [ "$fmt" = csv ] && offset=1
  "$gen" "$fmt" $COUNT 11 > "$tmp/base.$fmt"
  "$bin" check --at "$AT" --format jsonl --jobs 1 "$tmp/base.$fmt" > "$tmp/base.out" 2> "$tmp/err"
  status=$?
  [ "$status" = 0 ] || problem "$fmt: the generated input alone gives exit $status"
  inject "$tmp/base.$fmt" $offset ${fmt}_faults > "$tmp/faulty.$fmt"
  declare -n faults=${fmt}_faults
  for jobs in 1 3; do
    where="$fmt --jobs $jobs"
    "$bin" check --at "$AT" --format jsonl --jobs $jobs "$tmp/faulty.$fmt" > "$tmp/out" 2> "$tmp/err"
    status=$?
    [ "$status" = 4 ] || problem "$where: exit $status, expected 4"
    [ -s "$tmp/err" ] && problem "$where: stderr: $(head -c 200 "$tmp/err")"
    count=$(wc -l < "$tmp/out")
    [ "$count" = $COUNT ] || problem "$where: $count output records for $COUNT input records"
    [ "$(json_record < "$tmp/out" | tr '\n' ' ')" = "$(seq -s ' ' 1 $COUNT) " ] ||
      problem "$where: the records are not numbered 1..$COUNT in order"
    expected=$(printf '%s\n' "${!faults[@]}" | sort -n | tr '\n' ' ')
    actual=$(grep -n '"decision": "error"' "$tmp/out" | cut -d: -f1 | tr '\n' ' ')
    [ "$actual" = "$expected" ] || problem "$where: error records '$actual', expected '$expected'"
    for n in "${!faults[@]}"; do
      record=$(sed -n "${n}{p;q}" "$tmp/out")
      line=$(echo "$record" | json_line)
      message=$(echo "$record" | json_error)
      [ "$line" = $((n + offset)) ] || problem "$where: record $n at line '$line', expected $((n + offset))"
      [[ $message == "line $((n + offset))"[,:]* ]] ||
        problem "$where: record $n: message does not start with its line: $message"
    done
    cmp -s <(others "$tmp/out" ${fmt}_faults) <(others "$tmp/base.out" ${fmt}_faults) ||
      problem "$where: the records without a fault differ from the run without faults"
    echo "checked $where: $count records, errors at ${expected% }"
  done
  unset -n faults
done

finish
