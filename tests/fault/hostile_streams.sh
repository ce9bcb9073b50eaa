#!/usr/bin/env bash
# Issue 13, "Bounded under hostile input", the stream side: each probe of the
# issue with the limit that holds it.
# - stderr that cannot be written (/dev/full, closed, a reader gone) never
#   stops the screening: every result is written, the exit code is unchanged;
# - unknown-field warnings stop after 100 names, with one summary line;
# - the memory ceiling: 256 MiB of address space (ulimit -v 262144) at
#   --jobs 2 whatever the input (10^5 records of `{}` whose reasons are 2000x
#   their size, a 60 MiB YAML scalar, a 60 MiB JSON array, 1 GiB without a line
#   end, /dev/zero), and peak RSS under 256 MB; --jobs 8 under the same cap
#   ends cleanly (0, or 5 "out of memory"), never by abort();
# - SIGINT / SIGTERM end the output at a record boundary (exit 130 / 143), in
#   every output format, also while waiting on a pipe;
# - a full disk (ulimit -f, SIGXFSZ ignored) leaves whole records, exit 5;
# - a pipe that delivers a record and stalls gets its result at once.
# No timing decides a verdict: waits poll for an outcome with a generous cap.
# Usage: hostile_streams.sh NEEDLESCREEN [memory-caps|no-memory-caps]
set -uo pipefail
bin=$1
caps=${2:-memory-caps}
. "$(dirname "$0")/common.sh"

tmp=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -9 "$pid" 2> /dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# wait_for CONDITION...: polls (every 0.05 s, up to 20 s) until the command
# succeeds; false if it never does.
wait_for() {
  local i
  for ((i = 0; i < 400; i++)); do
    "$@" && return 0
    sleep 0.05
  done
  return 1
}
has_lines() { [ -f "$1" ] && [ "$(wc -l < "$1")" -ge "$2" ]; }
has_bytes() { [ -f "$1" ] && [ "$(wc -c < "$1")" -ge "$2" ]; }
exited() { ! kill -0 "$1" 2> /dev/null; }

# ends_whole FILE FORMAT: the output ends at a record boundary.
ends_whole() {
  local file=$1 format=$2
  case $format in
    jsonl) python3 -c '
import json, sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    json.loads(line)
' "$file" ;;
    json) python3 -c '
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
assert text.startswith("["), "no array"
json.loads(text.rstrip().rstrip(",") + "]")  # cut short: the closing bracket is missing
' "$file" ;;
    csv) python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert open(sys.argv[1], "rb").read().endswith(b"\n"), "no line end"
assert all(len(r) == len(rows[0]) for r in rows), "a short row"
' "$file" ;;
    # A record's last line: its stamp, or the review dates after it (issue 19).
    text) case "$(grep -v '^$' "$file" | tail -n 1)" in "  Screened at "* | "  Rule set "*) ;; *) false ;; esac ;;
  esac
}

# --- stderr that cannot be written ------------------------------------------
printf '{"id":"a","zz":1}\n{"id":"b","yy":2}\n{"id":"c"}\n' > "$tmp/unknown.jsonl"
printf 'id: a\nzz: 1\n---\nid: b\n' > "$tmp/unknown.yaml"
for input in unknown.jsonl unknown.yaml; do
  want=$("$bin" check --at "$AT" --format jsonl "$tmp/$input" 2> /dev/null | wc -l)
  for sink in full closed gone; do
    case $sink in
      full) "$bin" check --at "$AT" --format jsonl "$tmp/$input" > "$tmp/out" 2> /dev/full ;;
      closed) "$bin" check --at "$AT" --format jsonl "$tmp/$input" > "$tmp/out" 2>&- ;;
      gone)
        mkfifo "$tmp/err.fifo"
        (exec 0< "$tmp/err.fifo") & # opens the reading end and closes it at once
        "$bin" check --at "$AT" --format jsonl "$tmp/$input" > "$tmp/out" 2> "$tmp/err.fifo"
        ;;
    esac
    status=$?
    rm -f "$tmp/err.fifo"
    got=$(wc -l < "$tmp/out")
    [ "$status" = 0 ] || problem "stderr $sink, $input: exit $status, expected 0"
    [ "$got" = "$want" ] && [ "$want" -gt 0 ] ||
      problem "stderr $sink, $input: $got results, expected $want"
  done
done
# A bad record (exit 4) and --summary with stderr full: the code still says so.
printf '{"id":"a"}\n{"id":\n' | "$bin" check --at "$AT" --format jsonl --summary - > "$tmp/out" 2> /dev/full
status=$?
[ "$status" = 4 ] || problem "stderr full, a bad record: exit $status, expected 4"
[ "$(wc -l < "$tmp/out")" = 2 ] || problem "stderr full, a bad record: not 2 results"

# --- unknown-field warnings capped -------------------------------------------
awk 'BEGIN { for (i = 0; i < 500; i++) printf "{\"id\":\"r%d\",\"made_up_%d\":1}\n", i, i }' > "$tmp/many.jsonl"
"$bin" check --at "$AT" --format jsonl "$tmp/many.jsonl" > /dev/null 2> "$tmp/err"
lines=$(wc -l < "$tmp/err")
[ "$lines" = 101 ] || problem "500 unknown fields: $lines warning lines, expected 100 and a summary"
tail -n 1 "$tmp/err" | grep -q 'warnings stop after 100 names' ||
  problem "500 unknown fields: no summary line: $(tail -n 1 "$tmp/err")"

# --- the memory ceiling ------------------------------------------------------
# ceiling NAME EXPECTED_STATUS RECORDS_EXPECTED FILE [OPTIONS...]: screened
# under ulimit -v 262144 at --jobs 2; exit status, record count, peak RSS.
vcap=262144
[ "$caps" = memory-caps ] || vcap=unlimited
ceiling() {
  local name=$1 want=$2 records=$3 file=$4
  shift 4
  (
    ulimit -v $vcap
    /usr/bin/time -f '%M' -o "$tmp/rss" "$bin" check --at "$AT" --format jsonl --jobs 2 --quiet \
      "$@" "$file" > "$tmp/ceiling.out" 2> "$tmp/ceiling.err"
  )
  local status=$? got rss
  got=$(wc -l < "$tmp/ceiling.out")
  rss=$(tail -n 1 "$tmp/rss")
  echo "ceiling $name: exit $status, $got records, peak RSS $((rss / 1024)) MB"
  [ "$status" = "$want" ] || problem "ceiling $name: exit $status, expected $want: $(head -c 300 "$tmp/ceiling.err")"
  [ "$got" = "$records" ] || problem "ceiling $name: $got records, expected $records"
  [ "$rss" -lt 262144 ] || [ "$caps" != memory-caps ] || problem "ceiling $name: peak RSS $rss KB, over 256 MB"
}
awk 'BEGIN { for (i = 0; i < 100000; i++) print "{}" }' > "$tmp/braces.jsonl"
ceiling "10^5 records of {}" 0 100000 "$tmp/braces.jsonl"
# The chunk whose output passed the budget is finished in order: --jobs 3
# writes what --jobs 1 writes.
one=$("$bin" check --at "$AT" --format jsonl --jobs 1 "$tmp/braces.jsonl" | md5sum)
three=$("$bin" check --at "$AT" --format jsonl --jobs 3 "$tmp/braces.jsonl" | md5sum)
[ "$one" = "$three" ] || problem "10^5 records of {}: --jobs 3 output differs from --jobs 1"
python3 - "$tmp" << 'EOF'
import sys
tmp = sys.argv[1]
with open(tmp + "/scalar.yaml", "w") as f:  # one 60 MiB block scalar, lines under the limit
    f.write("id: big\nnotes: |\n")
    for _ in range(60):
        f.write("  " + "a" * 1000000 + "\n")
line = '{"id": "P-1", "patient": {"needle_phobia": "none"}, "screened_at": "2026-11-20T10:00:00Z"}'
n = (60 << 20) // (len(line) + 2)
with open(tmp + "/array.json", "w") as f:
    f.write("[\n" + ",\n".join([line] * n) + "\n]\n")
print(n, file=open(tmp + "/array.count", "w"))
EOF
ceiling "a 60 MiB YAML scalar" 0 1 "$tmp/scalar.yaml"
ceiling "a 60 MiB JSON array" 0 "$(cat "$tmp/array.count")" "$tmp/array.json"
rm -f "$tmp/scalar.yaml" "$tmp/array.json"
for ext in yaml json jsonl; do
  truncate -s 1G "$tmp/sparse.$ext"  # 1 GiB of NUL bytes, no line end
  ceiling "1 GiB without a line end (.$ext)" 4 1 "$tmp/sparse.$ext"
  rm -f "$tmp/sparse.$ext"
done
# --jobs 8 under the same cap: fewer threads or a clean "out of memory", never abort().
(
  ulimit -v $vcap
  "$bin" check --at "$AT" --format jsonl --jobs 8 --quiet "$tmp/braces.jsonl" > "$tmp/out" 2> "$tmp/err"
)
status=$?
case $status in
  0) [ "$(wc -l < "$tmp/out")" = 100000 ] || problem "--jobs 8 capped: records lost" ;;
  5) grep -q 'out of memory' "$tmp/err" || problem "--jobs 8 capped: exit 5 without saying why"
     ends_whole "$tmp/out" jsonl || problem "--jobs 8 capped: output cut inside a record" ;;
  *) problem "--jobs 8 capped: exit $status: $(head -c 300 "$tmp/err")" ;;
esac

# --- /dev/zero on stdin: bounded, and Ctrl-C ends it --------------------------
(
  ulimit -v $vcap
  exec "$bin" check --at "$AT" --format jsonl - < /dev/zero > "$tmp/out" 2> "$tmp/err"
) &
pid=$!
pids+=("$pid")
sleep 1
kill -INT "$pid"
wait_for exited "$pid" || problem "/dev/zero: still running after SIGINT"
wait "$pid"
status=$?
[ "$status" = 130 ] || problem "/dev/zero + SIGINT: exit $status, expected 130"
grep -q 'stopped by SIGINT' "$tmp/err" || problem "/dev/zero + SIGINT: no message: $(cat "$tmp/err")"

# --- SIGINT / SIGTERM end the output at a record boundary ---------------------
# 200,000 records go into a FIFO that this script then holds open: the run
# screens them and waits for more, so it can end only by the signal however
# slow a loaded machine makes this script's polling, and its output stays
# bounded (an endless input filled a disk while the poll was starved).
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "{\"id\":\"r%d\"}\n", i }' > "$tmp/big.jsonl"
for format in jsonl json csv text; do
  for sig in INT TERM; do
    for jobs in 1 2; do
      rm -f "$tmp/sig.fifo"
      mkfifo "$tmp/sig.fifo"
      "$bin" check --at "$AT" --format "$format" --jobs "$jobs" --input-format jsonl - < "$tmp/sig.fifo" > "$tmp/sig.out" 2> "$tmp/sig.err" &
      pid=$!
      pids+=("$pid")
      exec 7> "$tmp/sig.fifo"
      cat "$tmp/big.jsonl" >&7 &
      writer=$!
      pids+=("$writer")
      wait_for has_bytes "$tmp/sig.out" 100000 || problem "$format $sig: no output"
      kill -"$sig" "$pid"
      wait "$pid"
      status=$?
      kill "$writer" 2> /dev/null
      wait "$writer" 2> /dev/null
      exec 7>&-
      want=$([ "$sig" = INT ] && echo 130 || echo 143)
      [ "$status" = "$want" ] || problem "$format SIG$sig --jobs $jobs: exit $status, expected $want"
      ends_whole "$tmp/sig.out" "$format" || problem "$format SIG$sig --jobs $jobs: output cut inside a record"
      grep -q "stopped by SIG$sig" "$tmp/sig.err" || problem "$format SIG$sig: no message"
    done
  done
done

# --- a full disk leaves whole records -----------------------------------------
for format in jsonl json csv text; do
  for jobs in 1 2; do
    (
      trap '' XFSZ
      ulimit -f 2000  # 2000 KiB
      "$bin" check --at "$AT" --format "$format" --jobs "$jobs" "$tmp/braces.jsonl" > "$tmp/disk.out" 2> "$tmp/disk.err"
    )
    status=$?
    [ "$status" = 5 ] || problem "full disk, $format --jobs $jobs: exit $status, expected 5"
    [ "$(wc -l < "$tmp/disk.err")" = 1 ] || problem "full disk, $format: not one line on stderr"
    [ -s "$tmp/disk.out" ] || problem "full disk, $format: nothing kept"
    ends_whole "$tmp/disk.out" "$format" || problem "full disk, $format --jobs $jobs: output cut inside a record"
  done
done

# --- a stalled pipe gets each result at once ----------------------------------
# stalled NAME INPUT_FORMAT FIRST SECOND [OPTIONS...]: FIRST is written to a
# FIFO held open; its result must come out while the FIFO stays open; then
# SECOND, then the end.
stalled() {
  local name=$1 format=$2 first=$3 second=$4
  shift 4
  local fifo="$tmp/$name.fifo" out="$tmp/$name.out"
  mkfifo "$fifo"
  local -a sniff=(--input-format "$format")
  [ "$format" = sniffed ] && sniff=()
  "$bin" check --at "$AT" --format jsonl "${sniff[@]}" "$@" "$fifo" > "$out" 2> /dev/null &
  local pid=$!
  pids+=("$pid")
  exec 7> "$fifo"
  printf '%b' "$first" >&7
  wait_for has_lines "$out" 1 || problem "stalled $name: the first result was held back"
  printf '%b' "$second" >&7
  wait_for has_lines "$out" 2 || problem "stalled $name: the second result was held back"
  exec 7>&-
  wait_for exited "$pid" || problem "stalled $name: did not end with its input"
  wait "$pid"
  local status=$?
  [ "$status" = 0 ] || problem "stalled $name: exit $status"
  [ "$(wc -l < "$out")" = 2 ] || problem "stalled $name: $(wc -l < "$out") results, expected 2"
}
stalled jsonl1 jsonl '{"id":"a"}\n' '{"id":"b"}\n' --jobs 1
stalled jsonl2 jsonl '{"id":"a"}\n' '{"id":"b"}\n' --jobs 2
stalled csv csv 'id,patient.consent\na,yes\n' 'b,no\n' --jobs 2
stalled yaml yaml 'id: a\n---\n' 'id: b\n---\n'
stalled sniffed sniffed '{"id":"a"}\n' '{"id":"b"}\n'

rm -f "$tmp/big.jsonl" "$tmp/braces.jsonl"
finish
