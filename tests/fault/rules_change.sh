#!/usr/bin/env bash
# SPEC §1.4, issue 7 item 4: a rule file that changes on disk during a run
# cannot mix two versions. The records come through a pipe; once the first
# results have been written the rule file is changed (replaced by rename,
# overwritten in place, deleted; in a rule directory, changed and joined by
# a new file), and only then do the remaining records follow. Every output
# record must name the digest of the file as it was when the run loaded it
# (its sha256sum), and the whole output must equal a run on the unchanged file.
# Usage: rules_change.sh NEEDLESCREEN NS_GENERATE RULE_FILE
set -uo pipefail
bin=$1 gen=$2 rules=$3
. "$(dirname "$0")/common.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp "$rules" "$tmp/original.yaml"
digest="sha256:$(sha256sum < "$tmp/original.yaml" | cut -d' ' -f1)"
# The other version: a new version string, and every record a swap.
sed 's/^version: .*/version: 9.9.9-changed/; s/when: patient.consent == false/when: "true"/' \
  "$tmp/original.yaml" > "$tmp/changed.yaml"
cmp -s "$tmp/original.yaml" "$tmp/changed.yaml" && problem "the changed rule file is not different"

"$gen" jsonl 25000 3 > "$tmp/all.jsonl"
head -n 20000 "$tmp/all.jsonl" > "$tmp/part1.jsonl"  # > 6 chunks: output starts with --jobs 3
tail -n +20001 "$tmp/all.jsonl" > "$tmp/part2.jsonl"
head -n 4000 "$tmp/all.jsonl" | sed 's/^/---\n/' > "$tmp/all.yaml"
head -n 6000 "$tmp/all.yaml" > "$tmp/part1.yaml"        # 3000 documents
tail -n +6001 "$tmp/all.yaml" > "$tmp/part2.yaml"

# The changed file really is another valid rule set.
"$bin" check --rules "$tmp/changed.yaml" --at "$AT" --format jsonl "$tmp/part2.jsonl" > "$tmp/changed.out"
[ "$(grep -c '"decision": "swap"' "$tmp/changed.out")" = 5000 ] ||
  problem "the changed rule file does not make every record a swap"
grep -q '"version": "9.9.9-changed"' "$tmp/changed.out" || problem "the changed version is not stamped"

# change HOW DIR: what happens to DIR/pack.yaml while the run is in progress.
change() {
  case $1 in
    rename) cp "$tmp/changed.yaml" "$2/pack.new" && mv "$2/pack.new" "$2/pack.yaml" ;;
    overwrite) cat "$tmp/changed.yaml" > "$2/pack.yaml" ;;
    delete) rm "$2/pack.yaml" ;;
    directory)
      cat "$tmp/changed.yaml" > "$2/pack.yaml"
      printf 'rules:\n  - id: added-later\n    outcome: swap\n    message: added\n    source: test\n' \
        > "$2/zz-added.yaml" ;;
  esac
}

# scenario HOW FORMAT JOBS
scenario() {
  local how=$1 fmt=$2 jobs=$3
  local name="$how-$fmt-jobs$jobs" dir="$tmp/$how-$fmt-$jobs" target
  mkdir -p "$dir"
  cp "$tmp/original.yaml" "$dir/pack.yaml"
  target="$dir/pack.yaml"
  [ "$how" = directory ] && target=$dir
  "$bin" check --rules "$target" --at "$AT" --format jsonl --jobs "$jobs" --input-format "$fmt" \
    "$tmp/all.$fmt" > "$dir/reference.out" 2> /dev/null
  local out="$dir/out"
  # shellcheck disable=SC2094  # reading the output while it is written is the point
  {
    cat "$tmp/part1.$fmt"
    # Wait for the first results: the pack is loaded and screening under way.
    local waited=0
    while [ ! -s "$out" ] && [ $waited -lt 300 ]; do
      sleep 0.1
      waited=$((waited + 1))
    done
    [ -s "$out" ] && touch "$dir/changed-during-run"
    change "$how" "$dir"
    cat "$tmp/part2.$fmt"
  } | "$bin" check --rules "$target" --at "$AT" --format jsonl --jobs "$jobs" --input-format "$fmt" \
    - > "$out" 2> "$dir/err"
  local status=$?
  local total
  total=$(wc -l < "$dir/reference.out")
  [ -e "$dir/changed-during-run" ] || problem "$name: no output before the change; the test proves nothing"
  [ "$status" = 0 ] || problem "$name: exit $status, expected 0: $(head -c 300 "$dir/err")"
  [ -s "$dir/err" ] && problem "$name: stderr: $(head -c 300 "$dir/err")"
  [ "$(wc -l < "$out")" = "$total" ] || problem "$name: $(wc -l < "$out") output records, expected $total"
  [ "$(grep -c "\"digest\": \"$digest\"" "$out")" = "$total" ] ||
    problem "$name: not every record names the digest of the file as loaded ($digest)"
  grep -q '9.9.9-changed\|added-later' "$out" && problem "$name: records screened with the changed rules"
  cmp -s "$out" "$dir/reference.out" || problem "$name: output differs from a run on the unchanged file"
  echo "checked $name: $total records, all stamped $digest"
}

for how in rename overwrite delete directory; do
  scenario "$how" jsonl 1
done
scenario overwrite jsonl 3
scenario rename yaml 1

finish
