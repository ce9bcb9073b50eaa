#!/usr/bin/env bash
# `make bench`: generate BENCH_RECORDS (default 1,000,000) records as CSV and
# JSON Lines, screen them with the Release build (--jobs 1 and 2), and print
# records/s, MB/s and peak RSS; `wc -l` on the same files is the floor. Output
# goes to /dev/null so the figures are the screener's, not the disk's.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${BENCH_RECORDS:-1000000}
small=$((n / 10))
bin=${BENCH_BIN:-build-release/needlescreen}  # BENCH_BIN: another build to compare
gen=build-release/ns_generate
data=bench/data
mkdir -p "$data"
for fmt in csv jsonl; do
  [ -s "$data/$n.$fmt" ] || "$gen" "$fmt" "$n" > "$data/$n.$fmt"
  [ -s "$data/$small.$fmt" ] || "$gen" "$fmt" "$small" > "$data/$small.$fmt"
done

# Runs a command; prints "wall_seconds peak_rss_kb user_plus_sys_seconds".
measure() {
  /usr/bin/time -f "%e %M %U %S" -o /tmp/ns-bench-time "$@" > /dev/null
  awk '{print $1, $2, $3 + $4}' /tmp/ns-bench-time
}

row() {  # label records file -- command...
  local label=$1 records=$2 file=$3; shift 4
  read -r wall rss cpu < <(measure "$@")
  local bytes; bytes=$(stat -c %s "$file")
  awk -v l="$label" -v r="$records" -v b="$bytes" -v w="$wall" -v m="$rss" -v c="$cpu" 'BEGIN {
    if (w <= 0) w = 0.01
    if (c <= 0) c = 0.01
    printf "%-34s %10d %8.2f s %12.0f rec/s %9.1f MB/s %9.1f MB peak RSS %8.2f s CPU %12.0f rec/CPU-s\n",
      l, r, w, r / w, b / w / 1e6, m / 1024, c, r / c }'
}

echo "needlescreen bench: $n records ($(nproc) cores; output to /dev/null; load before: $(cut -d' ' -f1 /proc/loadavg))"
printf '%-34s %10s %10s %18s %14s %18s %10s %16s\n' "run" "records" "wall" "throughput" "input" "memory" "cpu" "per CPU-second"
for fmt in csv jsonl; do
  f="$data/$n.$fmt"
  row "wc -l $fmt (floor)" "$n" "$f" -- wc -l "$f"
  for jobs in 1 2; do
    row "check $fmt -> $fmt --jobs $jobs" "$n" "$f" -- "$bin" check --format "$fmt" --jobs "$jobs" "$f"
  done
  # The same runs on a tenth of the records: peak RSS must not follow the count.
  for jobs in 1 2; do
    row "check $fmt -> $fmt --jobs $jobs ($small)" "$small" "$data/$small.$fmt" -- \
      "$bin" check --format "$fmt" --jobs "$jobs" "$data/$small.$fmt"
  done
done
echo
echo "evaluation alone (Google Benchmark):"
build-release/ns_eval_bench --benchmark_min_time=0.5 2>/dev/null | grep -E '^BM_|^-|Benchmark'

# `serve` on loopback (issue 17): SERVE_REQUESTS (default 20,000) POSTs of one
# CDS Hooks request over 16 kept-alive connections, then it stops.
echo
echo "serve (CDS Hooks over loopback HTTP; client and server share the $(nproc) cores):"
log=$(mktemp)
"$bin" serve --listen 127.0.0.1:0 --threads 16 2> "$log" &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$log" && break; sleep 0.05; done
port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log")
build-release/ns_serve_load 127.0.0.1 "$port" /cds-services/hamstring-dry-needling \
  examples/cds-request.json "${SERVE_REQUESTS:-20000}" 16
kill -TERM $serve_pid
wait $serve_pid
