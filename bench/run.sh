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

# The command of the README "Scaling out" recipe (pipe or pipe-part) for FORMAT
# on FILE, with 2 job slots, its output to stdout. Offsets go to $scale_tmp.
scale_tmp=$(mktemp -d)
trap 'rm -rf "$scale_tmp"' EXIT
scaleout() {
  local kind=$1 fmt=$2 file=$3
  local check="$bin check --input-format $fmt --format $fmt --jobs 1 --at 2026-11-24T21:00:00Z"
  local header="" minus="" noheader=""
  if [ "$fmt" = csv ]; then
    header="--header :" minus=" - 1" noheader="'{= \$_ = \$job->seq() == 1 ? \"\" : \"--no-header\"; uq() =}'"
  fi
  if [ "$kind" = pipe ]; then
    echo "parallel --will-cite -j 2 --pipe -N 100000 --block 64M $header -k $check" \
      "--record-offset '{= \$_ = (\$job->seq() - 1) * 100000 =}' $noheader - < $file"
  else
    echo "parallel --will-cite -j 2 --pipe-part -a $file $header --block 32M -k wc -l |" \
      "awk '{ print s + 0; s += \$1$minus }' > $scale_tmp/offsets &&" \
      "parallel --will-cite -j 2 --pipe-part -a $file $header --block 32M -k $check" \
      "--record-offset '{= open my \$f, \"<\", \"$scale_tmp/offsets\"; \$_ = (<\$f>)[\$job->seq() - 1]; chomp =}'" \
      "$noheader -"
  fi
}

echo "needlescreen bench: $n records ($(nproc) cores; output to /dev/null; load before: $(cut -d' ' -f1 /proc/loadavg))"
printf '%-34s %10s %10s %18s %14s %18s %10s %16s\n' "run" "records" "wall" "throughput" "input" "memory" "cpu" "per CPU-second"
for fmt in csv jsonl; do
  f="$data/$n.$fmt"
  row "wc -l $fmt (floor)" "$n" "$f" -- wc -l "$f"
  for jobs in 1 2; do
    row "check $fmt -> $fmt --jobs $jobs" "$n" "$f" -- "$bin" check --format "$fmt" --jobs "$jobs" "$f"
  done
  # README "Scaling out": the GNU parallel recipes on 2 job slots (shards of
  # 100,000 records, --jobs 1 each), beside --jobs 2 above; --pipe-part
  # counts its parts' lines first (both passes are timed).
  if command -v parallel > /dev/null; then
    row "parallel --pipe -N $fmt -j 2" "$n" "$f" -- bash -c "$(scaleout pipe "$fmt" "$f")"
    row "parallel --pipe-part $fmt -j 2" "$n" "$f" -- bash -c "$(scaleout pipe-part "$fmt" "$f")"
  fi
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
trap 'kill $serve_pid 2>/dev/null || true; rm -f "$log"; rm -rf "$scale_tmp"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$log" && break; sleep 0.05; done
port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log")
build-release/ns_serve_load 127.0.0.1 "$port" /cds-services/hamstring-dry-needling \
  examples/cds-request.json "${SERVE_REQUESTS:-20000}" 16
kill -TERM $serve_pid
wait $serve_pid
