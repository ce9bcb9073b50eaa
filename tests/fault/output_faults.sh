#!/usr/bin/env bash
# Issue 7 item 4, README exit codes: output that cannot be written.
# - A full disk (/dev/full): exit 5 and one clear line on stderr.
# - A closed pipe (`| head -c 100`): killed by SIGPIPE (exit 141 as the shell
#   reports it), or exit 5 with one line when SIGPIPE is ignored; never an
#   error storm (at most one line on stderr).
# - In both cases the run stops at once: the input comes through a FIFO that
#   this test keeps open, so a run that went on reading after the failure
#   would wait for more input forever instead of exiting. No timing involved.
# For CSV (the chunked reader, --jobs 1 and 4) and YAML (the document
# reader), text and JSON Lines output.
# Usage: output_faults.sh NEEDLESCREEN NS_GENERATE
set -uo pipefail
bin=$1 gen=$2
. "$(dirname "$0")/common.sh"

tmp=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null; done
  exec 3>&- 2> /dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# SIGPIPE ignored on entry (inherited from whoever runs the test) cannot be
# reset by a shell: then even the "default" case sees EPIPE, not the signal.
sigpipe_ignored=0
mask=$(sed -n 's/^SigIgn:\s*//p' /proc/$$/status 2> /dev/null)
[ -n "$mask" ] && (((0x$mask >> 12) & 1)) && sigpipe_ignored=1

"$gen" csv 200000 5 > "$tmp/in.csv"                                   # 23 MB
"$gen" jsonl 20000 5 | sed 's/^/---\n/' > "$tmp/in.yaml"               # 9 MB

# run NAME SINK INPUT_FORMAT OUTPUT_FORMAT JOBS: screen the input through a
# FIFO held open, writing to SINK (devfull, pipe, pipe_ignored); leaves the
# exit status in $tmp/NAME.status, or reports that the run did not stop.
run() {
  local name=$1 sink=$2 in=$3 format=$4 jobs=$5
  local fifo="$tmp/$name.fifo" err="$tmp/$name.err" status="$tmp/$name.status"
  local -a cmd=("$bin" check --at "$AT" --input-format "$in" --format "$format" --jobs "$jobs" "$fifo")
  mkfifo "$fifo"
  exec 3<> "$fifo"  # read-write: never blocks, and the FIFO never reaches end of input
  # Each needlescreen writes its own pid (exec keeps it) so it can be ended by id.
  local pidfile="$tmp/$name.pid"
  case $sink in
    devfull) ( (echo $BASHPID > "$pidfile"; exec "${cmd[@]}") > /dev/full 2> "$err"
      echo $? > "$status") 3>&- & ;;
    pipe) ( (echo $BASHPID > "$pidfile"; exec "${cmd[@]}") 2> "$err" | head -c 100 > /dev/null
      echo "${PIPESTATUS[0]}" > "$status") 3>&- & ;;
    pipe_ignored) ( (trap '' PIPE; echo $BASHPID > "$pidfile"; exec "${cmd[@]}") 2> "$err" |
      head -c 100 > /dev/null
      echo "${PIPESTATUS[0]}" > "$status") 3>&- & ;;
  esac
  cat "$tmp/in.$in" >&3 &
  local writer=$!
  pids+=("$writer")
  local waited=0
  while [ ! -s "$status" ] && [ $waited -lt 300 ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  if [ ! -s "$status" ]; then
    problem "$name: still running 30 s after its output failed (it did not stop at once)"
    kill "$(cat "$pidfile")" 2> /dev/null
  fi
  kill "$writer" 2> /dev/null
  wait "$writer" 2> /dev/null
  exec 3>&-
  rm -f "$fifo"
}

# expect NAME STATUS: the run's exit status, and at most one line on stderr,
# which must say the results could not be written when the status is 5.
expect() {
  local name=$1 want=$2
  local got err_lines
  got=$(cat "$tmp/$name.status" 2> /dev/null)
  err_lines=$(wc -l < "$tmp/$name.err")
  [ "$got" = "$want" ] || problem "$name: exit '$got', expected $want"
  [ "$err_lines" -le 1 ] || problem "$name: $err_lines lines on stderr: $(head -c 300 "$tmp/$name.err")"
  if [ "$got" = 5 ] && ! grep -q 'cannot write the results' "$tmp/$name.err"; then
    problem "$name: exit 5 without saying why on stderr: $(head -c 300 "$tmp/$name.err")"
  fi
  echo "checked $name: exit $got, $err_lines line(s) on stderr"
}

pipe_status=141
[ $sigpipe_ignored = 1 ] && pipe_status=5
for format in jsonl text; do
  for case in csv:1 csv:4 yaml:1; do
    in=${case%:*} jobs=${case#*:}
    name="$in-$format-jobs$jobs"
    run "devfull-$name" devfull "$in" "$format" "$jobs"
    expect "devfull-$name" 5
    run "pipe-$name" pipe "$in" "$format" "$jobs"
    expect "pipe-$name" $pipe_status
    run "pipe_ignored-$name" pipe_ignored "$in" "$format" "$jobs"
    expect "pipe_ignored-$name" 5
  done
done

# Output small enough to stay in the stdio buffer fails only when flushed at
# the end: still exit 5 and one line, for every output format.
head -n 3 "$tmp/in.csv" > "$tmp/small.csv"
for format in text json jsonl csv; do
  "$bin" check --at "$AT" --format "$format" "$tmp/small.csv" > /dev/full 2> "$tmp/small-$format.err"
  echo $? > "$tmp/small-$format.status"
  expect "small-$format" 5
done

finish
