#!/usr/bin/env bash
# SPEC §6, issue 7 item 5: no patient data in diagnostics. Every value of
# every record is a unique marker (MK-<field>-<record>), malformed in every
# way the readers know (wrong type, unknown enum value or list item, bad
# datetime, wrong shape, invalid UTF-8, NUL byte, bad escapes, syntax errors,
# a truncated last record, too many / too few cells, a record over the size
# limit, values of unknown fields). Through every input and output format,
# with and without --strict (and with --explain): no marker may appear on
# stderr, nor anywhere in the output except as a record's id (the `id` key of
# JSON, the id column of CSV, the record's title line of text). Also the
# command line's own diagnostics (--set, --at).
# Usage: no_patient_data.sh NEEDLESCREEN
set -uo pipefail
bin=$1
. "$(dirname "$0")/common.sh"

# shellcheck disable=SC2034  # (read through ${!var} by known_bug)
# Reported bug (see the test's report); set to 0 once fixed: yaml-cpp's
# messages for bad escapes carry a piece of the value ("invalid unicode:
# 1234567", "unknown escape character: Q"), and the reader passes them on.
KNOWN_BUG_YAML_ESCAPE_ERRORS_ECHO_THE_VALUE=0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

FIELDS=(id screened_at patient.consent patient.needle_phobia patient.bleeding_disorder
  patient.athlete_level complaint.hamstring_tightness complaint.trigger_points complaint.overuse
  injury.swelling injury.bruising injury.palpable_tear injury.onset injury.bleeding_resolved
  treatment.sites clinician.dry_needling_certified clinician.emergency_care_current extra.note)
declare -A VALID=(
  [screened_at]=2026-11-24T21:00:00Z [patient.consent]=true [patient.needle_phobia]=none
  [patient.bleeding_disorder]=none [patient.athlete_level]=none
  [complaint.hamstring_tightness]=true [complaint.trigger_points]=false [complaint.overuse]=false
  [injury.swelling]=false [injury.bruising]=true [injury.palpable_tear]=false
  [injury.onset]=2026-11-20T09:00:00Z [injury.bleeding_resolved]=true [treatment.sites]='mid;medial'
  [clinician.dry_needling_certified]=true [clinician.emergency_care_current]=true
)
declare -A V     # the record being written: field -> text (lists: items separated by ';')
declare -A COUNT # records written per input format

# valid N: a valid record, but for its markers: the id and an unknown field.
valid() {
  local f
  V=()
  for f in "${!VALID[@]}"; do V[$f]=${VALID[$f]}; done
  V[id]="MK-id-$1"
  V[extra.note]="MK-extra.note-$1"
}

is_bool() {
  case $1 in
    patient.consent | complaint.* | injury.swelling | injury.bruising | injury.palpable_tear | \
      injury.bleeding_resolved | clinician.*) return 0 ;;
  esac
  return 1
}

# Writers of V, one record each (markers hold no quote, backslash or comma).
as_json() {
  local out="{" group="" f g key value
  for f in "${FIELDS[@]}"; do
    [ -n "${V[$f]+x}" ] || continue
    g="" key=$f
    [[ $f == *.* ]] && g=${f%%.*} key=${f#*.}
    if [ "$g" != "$group" ]; then
      [ -n "$group" ] && out+="}"
      [ "$out" != "{" ] && out+=", "
      [ -n "$g" ] && out+="\"$g\": {"
      group=$g
    elif [ "${out: -1}" != "{" ]; then
      out+=", "
    fi
    value=${V[$f]}
    if [ "$f" = treatment.sites ]; then
      value="[\"${value//;/\", \"}\"]"
    elif ! is_bool "$f" || { [ "$value" != true ] && [ "$value" != false ]; }; then
      value="\"$value\""
    fi
    out+="\"$key\": $value"
  done
  [ -n "$group" ] && out+="}"
  echo "$out}"
}

as_yaml() {
  local group="" f g key value
  for f in "${FIELDS[@]}"; do
    [ -n "${V[$f]+x}" ] || continue
    g="" key=$f
    [[ $f == *.* ]] && g=${f%%.*} key=${f#*.}
    if [ "$g" != "$group" ] && [ -n "$g" ]; then echo "$g:"; fi
    group=$g
    value="\"${V[$f]}\""
    [ "$f" = treatment.sites ] && value="[\"${V[$f]//;/\", \"}\"]"
    if [ -n "$g" ]; then echo "  $key: $value"; else echo "$key: $value"; fi
  done
}

csv_header() { (IFS=,; echo "${FIELDS[*]}"); }
as_csv() {
  local -a cells=()
  local f
  for f in "${FIELDS[@]}"; do cells+=("${V[$f]-}"); done
  (IFS=,; echo "${cells[*]}")
}

# emit FORMAT: V as a record of FORMAT, appended to the main input file.
emit() {
  local n=$((COUNT[$1] + 1))
  COUNT[$1]=$n
  case $1 in
    jsonl) as_json >> "$tmp/main.jsonl" ;;
    json) { [ $n -gt 1 ] && echo ','; as_json | tr -d '\n'; } >> "$tmp/main.json" ;;
    yaml) { [ $n -gt 1 ] && echo '---'; as_yaml; } >> "$tmp/main.yaml" ;;
    csv) as_csv >> "$tmp/main.csv" ;;
  esac
}

# raw FORMAT TEXT: a literal record (<FF> byte 0xff, <NUL> a NUL byte).
raw() {
  local n=$((COUNT[$1] + 1))
  COUNT[$1]=$n
  case $1 in
    jsonl | csv) echo "$2" >> "$tmp/main.$1" ;;
    json) { [ $n -gt 1 ] && echo ','; printf '%s' "$2"; } >> "$tmp/main.json" ;;
    yaml) { [ $n -gt 1 ] && echo '---'; echo "$2"; } >> "$tmp/main.yaml" ;;
  esac
}

# --- The records ----------------------------------------------------------------

echo '[' > "$tmp/main.json"
csv_header > "$tmp/main.csv"
: > "$tmp/main.jsonl"
: > "$tmp/main.yaml"
for fmt in jsonl json yaml csv; do
  COUNT[$fmt]=0
  n() { echo $((COUNT[$fmt] + 1)); }
  # Every field a marker.
  valid "$(n)"
  for f in "${FIELDS[@]}"; do [ "$f" = id ] || V[$f]="MK-$f-$(n)"; done
  emit $fmt
  # One field a marker, the others valid: each field's own decoding error.
  for f in "${FIELDS[@]}"; do
    [ "$f" = id ] || [ "$f" = extra.note ] && continue
    valid "$(n)"
    V[$f]="MK-$f-$(n)"
    [ "$f" = treatment.sites ] && V[$f]="mid;MK-$f-$(n)"
    emit $fmt
  done
  # Markers with invalid UTF-8 and NUL bytes, in a value and in the id (JSON:
  # in files of their own, as they make the whole array unreadable).
  if [ $fmt != json ]; then
    valid "$(n)"; V[patient.needle_phobia]="MK-needle_phobia-$(n)<FF>"; emit $fmt
    valid "$(n)"; V[patient.consent]="MK-consent-$(n)<NUL>"; emit $fmt
    valid "$(n)"; V[id]="MK-id-$(n)<FF>"; V[patient.consent]="MK-consent-$(n)"; emit $fmt
  fi
  # A valid record (its id may show), and one whose only marker is an unknown field.
  valid "$(n)"; emit $fmt
  valid "$(n)"; V[id]=P-plain; emit $fmt
done

# Wrong shapes and syntax, per format.
for fmt in jsonl json; do
  m=$((COUNT[$fmt] + 1))
  raw $fmt "{\"id\": \"MK-id-$m\", \"patient\": {\"consent\": [\"MK-consent-$m\"]}}"
  m=$((m + 1))
  raw $fmt "{\"id\": \"MK-id-$m\", \"patient\": {\"consent\": {\"k\": \"MK-consent-$m\"}}}"
  m=$((m + 1))
  raw $fmt "{\"id\": \"MK-id-$m\", \"patient\": \"MK-patient-$m\"}"
  m=$((m + 1))
  raw $fmt "{\"id\": \"MK-id-$m\", \"treatment\": {\"sites\": [{\"x\": \"MK-sites-$m\"}]}}"
  m=$((m + 1))
  raw $fmt "{\"id\": \"MK-id-$m\", \"treatment.sites\": \"MK-sites-$m\"}"
  m=$((m + 1))
  raw $fmt "[\"MK-array-$m\", {\"id\": \"MK-id-$m\"}]"
  m=$((m + 1))
  raw $fmt "\"MK-scalar-$m\""
done
m=$((COUNT[jsonl] + 1))
raw jsonl "{\"id\": \"MK-id-$m\", \"patient\": {\"needle_phobia\": \"MK-esc-$m\\q\"}}"
m=$((m + 1))
raw jsonl "{\"id\": \"MK-id-$m\", \"patient\": {\"needle_phobia\": \"MK-comma-$m\" \"x\": 1}}"
m=$((m + 1))
raw jsonl "{\"id\": \"MK-id-$m\", \"patient\": {\"needle_phobia\": \"MK-big-$m\"}$(head -c 1048700 /dev/zero | tr '\0' ' ')}"

m=$((COUNT[yaml] + 1))
raw yaml "id: MK-id-$m"$'\n'"patient: {consent: [MK-consent-$m]}"
m=$((m + 1))
raw yaml "id: MK-id-$m"$'\n'"patient: {consent: {k: MK-consent-$m}}"
m=$((m + 1))
raw yaml "id: MK-id-$m"$'\n'"patient: MK-patient-$m"
m=$((m + 1))
raw yaml "id: MK-id-$m"$'\n'"treatment: {sites: [{x: MK-sites-$m}]}"
m=$((m + 1))
raw yaml "id: MK-id-$m"$'\n'"patient: {needle_phobia: MK-syntax-$m"
m=$((m + 1))
raw yaml "MK-scalar-$m"
m=$((m + 1))
raw yaml "id: MK-id-$m"$'\n'"patient: {needle_phobia: \"MK-esc-$m\\Q\"}"
m=$((m + 1))
raw yaml "id: MK-id-$m"$'\n'"patient: {needle_phobia: *MK-alias-$m}"
m=$((m + 1))
raw yaml "id: MK-id-$m"$'\n'"patient:"$'\n'"  needle_phobia: MK-tab-$m"$'\n\t'"consent: MK-tab-$m"
m=$((m + 1))
raw yaml "- MK-item-$m"$'\n'"- {id: MK-id-$((m + 1)), patient: {consent: MK-consent-$((m + 1))}}"
COUNT[yaml]=$((COUNT[yaml] + 1))

m=$((COUNT[csv] + 1))
raw csv "MK-id-$m,MK-screened_at-$m,MK-consent-$m"
m=$((m + 1))
raw csv "$(valid $m; as_csv),MK-extra-cell-$m"
m=$((m + 1))
raw csv "MK-id-$m,\"MK-screened_at-$m, quoted\",\"MK-consent-$m \"\"q\"\"\",$(printf ',%.0s' {1..14})"
m=$((m + 1))
raw csv "MK-id-$m,MK-big-$m$(head -c 1048700 /dev/zero | tr '\0' ' '),MK-consent-$m"
m=$((m + 1))
raw csv "MK-id-$m,2026-11-24T21:00:00Z,\"MK-consent-$m"$'\r'"still quoted\""$'\r'",none"
echo ']' >> "$tmp/main.json"

# Faults that end or break a whole file get files of their own.
printf '{"id": "MK-id-1", "patient": {"needle_phobia": "MK-trunc-1' > "$tmp/truncated.jsonl"
printf '[{"id": "MK-id-1", "patient": {"needle_phobia": "MK-trunc-1' > "$tmp/truncated.json"
printf '[{"id": "MK-id-1", "patient": {"needle_phobia": "MK-utf8-1<FF>"}}]\n' > "$tmp/utf8.json"
printf '[{"id": "MK-id-1", "patient": {"needle_phobia": "MK-nul-1<NUL>"}}]\n' > "$tmp/nul.json"
printf '[{"id": "MK-id-1", "patient": {"needle_phobia": "MK-esc-1\\q"}}]\n' > "$tmp/escape.json"
printf 'id: MK-id-1\npatient: {needle_phobia: "MK-trunc-1' > "$tmp/truncated.yaml"
printf '%s\nMK-id-1,MK-screened_at-1,"MK-trunc-1' "$(csv_header)" > "$tmp/truncated.csv"
# The numeric part of a bad \U escape is a value too (1234567 = 0x12D687).
printf 'id: MK-id-1\npatient: {needle_phobia: "\\U0012D687"}\n' > "$tmp/unicode.yaml"

for f in "$tmp"/*.*; do  # <FF> and <NUL> into bytes
  sed -i 's/<FF>/\xff/g; s/<NUL>/\x00/g' "$f"
done
grep -aq 'MK-' "$tmp/main.csv" || problem "no markers written"

# --- The runs -------------------------------------------------------------------

declare -A FILES=(
  [jsonl]="$tmp/main.jsonl $tmp/truncated.jsonl"
  [json]="$tmp/main.json $tmp/truncated.json $tmp/utf8.json $tmp/nul.json $tmp/escape.json"
  [yaml]="$tmp/main.yaml $tmp/truncated.yaml $tmp/unicode.yaml"
  [csv]="$tmp/main.csv $tmp/truncated.csv"
)
declare -A RECORDS=(  # a JSON file that is not valid JSON is one error record
  [jsonl]=$((COUNT[jsonl] + 1))
  [json]=$((COUNT[json] + 4))
  [yaml]=$((COUNT[yaml] + 2))
  [csv]=$((COUNT[csv] + 1))
)

# Removes the places where a record's id belongs; anything else is a leak.
# (An id with a stray byte after the marker is still in its place.)
strip_ids() {
  case $1 in
    json | jsonl) sed 's/"id": "MK-id-[0-9]*[^"]*"/"id": ID/g' ;;
    csv) sed 's/^\([0-9]*,[0-9]*,[^,]*,\)MK-id-[0-9]*[^,]*,/\1ID,/' ;;
    text) sed 's/^  MK-id-[0-9]*[^ ]* (record /  ID (record /' ;;
  esac
}

for in in jsonl json yaml csv; do
  for out in text json jsonl csv; do
    for mode in "" --strict --explain; do
      where="$in -> $out${mode:+ $mode}"
      # --explain with CSV output is a usage error (issue 16), tested as a golden.
      [ "$out" = csv ] && [ "$mode" = --explain ] && continue
      # shellcheck disable=SC2086  # FILES holds several paths
      "$bin" check --at "$AT" --input-format "$in" --format "$out" --summary $mode ${FILES[$in]} \
        > "$tmp/out" 2> "$tmp/err"
      status=$?
      [ "$status" = 4 ] || problem "$where: exit $status, expected 4"
      if grep -aq 'MK-' "$tmp/err"; then
        problem "$where: a marker on stderr: $(grep -a 'MK-' "$tmp/err" | head -n 3)"
      fi
      leaks=$(strip_ids "$out" < "$tmp/out" | grep -a -o '.\{0,60\}MK-[A-Za-z_.-]*[0-9]*' | head -n 5)
      [ -z "$leaks" ] || problem "$where: a marker in the output outside an id: $leaks"
      if [ "$out" = jsonl ]; then
        count=$(wc -l < "$tmp/out")
        [ "$count" = "${RECORDS[$in]}" ] ||
          problem "$where: $count output records, expected ${RECORDS[$in]} (are the markers all read?)"
        errors=$(grep -c '"decision": "error"' "$tmp/out")
        [ "$errors" -ge $((RECORDS[$in] - 2)) ] ||
          problem "$where: only $errors error records of ${RECORDS[$in]}"
      fi
      for fragment in 1234567 'escape character: Q' 'escape character: q'; do
        if grep -aq "$fragment" "$tmp/out" "$tmp/err"; then
          known_bug KNOWN_BUG_YAML_ESCAPE_ERRORS_ECHO_THE_VALUE \
            "$where: part of a value in an error: $(grep -aoh ".\{0,40\}$fragment" "$tmp/out" "$tmp/err" | head -n 1)"
        fi
      done
      echo "checked $where"
    done
  done
done

# FHIR intake (issue 17): a Bundle of QuestionnaireResponses, each with one
# answer a marker the reader refuses (wrong value[x], unknown code, bad
# dateTime) and an unknown linkId's marker; resources and shapes it refuses;
# files broken as a whole.
fhir_answer() {  # FIELD MARKER: a bad answer array for FIELD
  case $1 in
    treatment.sites) echo "[{\"valueCoding\": {\"code\": \"mid\"}}, {\"valueCoding\": {\"code\": \"$2\"}}]" ;;
    screened_at | injury.onset) echo "[{\"valueDateTime\": \"$2T\"}]" ;;
    patient.*phobia | patient.bleeding_disorder | patient.athlete_level)
      echo "[{\"valueCoding\": {\"code\": \"$2\"}}]" ;;
    *) echo "[{\"valueString\": \"$2\"}]" ;;
  esac
}
fhir_response() {  # K ITEMS...
  local k=$1 items
  shift
  items=$(IFS=,; echo "$*")
  echo "{\"resource\": {\"resourceType\": \"QuestionnaireResponse\", \"id\": \"MK-id-$k\", \"item\": [$items]}}"
}
note() { echo "{\"linkId\": \"extra.note\", \"answer\": [{\"valueString\": \"MK-extra.note-$1\"}]}"; }
{
  echo '{"resourceType": "Bundle", "type": "searchset", "entry": ['
  k=0
  for f in "${FIELDS[@]}"; do
    [ "$f" = id ] || [ "$f" = extra.note ] && continue
    k=$((k + 1))
    fhir_response $k "$(note $k)" "{\"linkId\": \"$f\", \"answer\": $(fhir_answer "$f" "MK-$f-$k")}"
    echo ","
  done
  k=$((k + 1))
  fhir_response $k "{\"linkId\": \"patient.consent\", \"answer\": [{\"valueBoolean\": true, \"item\": [{\"linkId\": \"MK-nested-$k\"}]}]}"
  echo ","
  k=$((k + 1))
  fhir_response $k "{\"linkId\": \"patient.consent\", \"answer\": [{\"valueBoolean\": true}, {\"valueBoolean\": false}]}"
  echo ","
  k=$((k + 1))
  echo "{\"resource\": {\"resourceType\": \"MK-type-$k\", \"name\": \"MK-name-$k\"}},"
  k=$((k + 1))
  echo "{\"fullUrl\": \"MK-url-$k\"},"
  k=$((k + 1))
  fhir_response $k "$(note $k)"
  echo ']}'
} > "$tmp/main.fhir.json"
FHIR_RECORDS=$((k + 3))
printf '{"resourceType": "QuestionnaireResponse", "id": "MK-id-1", "item": [{"linkId": "patient.needle_phobia", "answer": [{"valueCoding": {"code": "MK-trunc-1' > "$tmp/truncated.fhir.json"
printf '{"resourceType": "MK-type-1", "id": "MK-id-1"}' > "$tmp/type.fhir.json"
printf '{"resourceType": "Bundle", "type": "MK-bundle-type-1", "entry": []}' > "$tmp/bundle-type.fhir.json"
for out in text json jsonl csv; do
  for mode in "" --strict --explain; do
    where="fhir -> $out${mode:+ $mode}"
    [ "$out" = csv ] && [ "$mode" = --explain ] && continue
    # shellcheck disable=SC2086
    "$bin" check --at "$AT" --format "$out" --summary $mode "$tmp"/*.fhir.json > "$tmp/out" 2> "$tmp/err"
    status=$?
    [ "$status" = 4 ] || problem "$where: exit $status, expected 4"
    grep -aq 'MK-' "$tmp/err" && problem "$where: a marker on stderr: $(grep -a 'MK-' "$tmp/err" | head -n 3)"
    leaks=$(strip_ids "$out" < "$tmp/out" | grep -a -o '.\{0,60\}MK-[A-Za-z_.-]*[0-9]*' | head -n 5)
    [ -z "$leaks" ] || problem "$where: a marker in the output outside an id: $leaks"
    if [ "$out" = jsonl ]; then
      count=$(wc -l < "$tmp/out")
      [ "$count" = "$FHIR_RECORDS" ] || problem "$where: $count output records, expected $FHIR_RECORDS"
    fi
    echo "checked $where"
  done
done

# The command line's own diagnostics.
for args in "--set patient.needle_phobia=MK-set-1" "--set patient.consent=MK-set-2" \
  "--set injury.onset=MK-set-3" "--set treatment.sites=mid;MK-set-4" "--at MK-at-5"; do
  # shellcheck disable=SC2086
  "$bin" check $args "$tmp/main.jsonl" > /dev/null 2> "$tmp/err"
  status=$?
  [ "$status" = 2 ] || problem "$args: exit $status, expected 2"
  grep -aq 'MK-' "$tmp/err" && problem "$args: the value on stderr: $(head -c 200 "$tmp/err")"
  echo "checked $args"
done

finish
