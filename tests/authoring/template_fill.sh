#!/usr/bin/env bash
# A template loads in `check` without a warning, blank (every answer unknown:
# incomplete) and filled in with valid answers (screened: proceed), for YAML,
# JSON and CSV (SPEC §4 `template`).
set -uo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
at=(--at 2026-11-24T21:00:00Z)

# Runs check on FILE and expects DECISION on the only record and nothing on stderr.
expect() {
  local file=$1 decision=$2 out
  out=$(TZ=UTC "$bin" check "${at[@]}" --format jsonl "$file" 2>"$tmp/err")
  if [ -s "$tmp/err" ]; then echo "$file: check wrote to stderr:"; cat "$tmp/err"; fail=1; fi
  if [ "$(grep -c . <<<"$out")" != 1 ] || ! grep -q "\"decision\": \"$decision\"" <<<"$out"; then
    echo "$file: expected one $decision record, got: $out"; fail=1
  fi
}

"$bin" template >"$tmp/blank.yaml" && expect "$tmp/blank.yaml" incomplete
"$bin" template --format json >"$tmp/blank.json" && expect "$tmp/blank.json" incomplete

# Fill every blank of the YAML template: each key's value by its name.
declare -A answer=(
  [id]=T-1 [screened_at]=2026-11-24T21:00:00Z [consent]=true [needle_phobia]=none
  [bleeding_disorder]=none [athlete_level]=recreational [hamstring_tightness]=true
  [trigger_points]=false [overuse]=false [swelling]=false [bruising]=false [palpable_tear]=false
  [onset]=2026-11-01T09:00:00Z [bleeding_resolved]=true [sites]="[mid, lateral]"
  [dry_needling_certified]=true [emergency_care_current]=true)
script=""
for key in "${!answer[@]}"; do script+="s/^( *)$key:\$/\\1$key: ${answer[$key]}/;"; done
sed -E "$script" "$tmp/blank.yaml" >"$tmp/filled.yaml"
if grep -qE '^ +[a-z_]+:$' "$tmp/filled.yaml"; then
  echo "a field of the template was left blank:"; grep -E '^ +[a-z_]+:$' "$tmp/filled.yaml"; fail=1
fi
expect "$tmp/filled.yaml" proceed

# CSV: the header row, and one row in its column order.
"$bin" template --format csv >"$tmp/filled.csv"
IFS=, read -r -a columns <"$tmp/filled.csv"
row=""
for path in "${columns[@]}"; do
  value=${answer[${path##*.}]}
  [ "$path" = treatment.sites ] && value="mid;lateral"
  row+="${row:+,}$value"
done
echo "$row" >>"$tmp/filled.csv"
expect "$tmp/filled.csv" proceed
exit $fail
