#!/usr/bin/env bash
# shellcheck disable=SC2034  # KNOWN_BUG_* are read through ${!var}
# SPEC §1.5 and §6, issue 7 item 4: faults that lose nothing. For every fault
# a format can have, five records (proceed, swap, wait, incomplete, proceed
# with cautions) with one of them broken must give: exit 4, one output record
# per input record, numbered in order; exactly the broken record `error`, at
# its record number and line, its message starting with that line (and naming
# the field where one field is at fault); every other output record
# byte-identical to the run without the fault; nothing on stderr.
# Usage: record_faults.sh NEEDLESCREEN
set -uo pipefail
bin=$1
. "$(dirname "$0")/common.sh"

# Bugs these tests found, all fixed (0); set one to 1 to skip its assertion.
# A syntax-level fault in one element of a JSON array (truncation, invalid
# UTF-8, a NUL byte, a missing comma) makes the whole file one error record:
# every other record of the array is lost.
KNOWN_BUG_JSON_ARRAY_FAULT_LOSES_EVERY_RECORD=0
# YAML string values with invalid UTF-8 or a raw NUL byte are accepted: the
# record is screened, and the bytes are copied into the output.
KNOWN_BUG_YAML_ACCEPTS_INVALID_UTF8_AND_NUL=0
# A YAML syntax error at the end of the input (a truncated last document) is
# reported one line past the last line of the file.
KNOWN_BUG_YAML_ERROR_LINE_PAST_END_OF_FILE=0
# A field given twice in one JSON / YAML record (consent false, then true):
# the last value silently wins, where a CSV header naming a field twice is an
# error. Fail closed: an ambiguous answer must not be screened.
KNOWN_BUG_DUPLICATE_FIELD_LAST_VALUE_WINS=0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
N=5

# --- The five good records, in every format (the same values) ----------------

jsonl_record() {  # N -> the record as one JSON line
  local clin='"clinician": {"dry_needling_certified": true, "emergency_care_current": true}'
  case $1 in
    1) echo '{"id": "R1", "patient": {"consent": true, "needle_phobia": "none", "bleeding_disorder": "none"}, "complaint": {"hamstring_tightness": true}, "injury": {"swelling": false, "bruising": false, "palpable_tear": false}, '"$clin"'}' ;;
    2) echo '{"id": "R2", "patient": {"consent": false, "needle_phobia": "none", "bleeding_disorder": "none"}, "complaint": {"hamstring_tightness": true}, "injury": {"swelling": false, "bruising": false, "palpable_tear": false}, '"$clin"'}' ;;
    3) echo '{"id": "R3", "patient": {"consent": true, "needle_phobia": "none", "bleeding_disorder": "none"}, "complaint": {"hamstring_tightness": true}, "injury": {"swelling": false, "bruising": true, "palpable_tear": false, "onset": "2026-11-23T09:00:00Z", "bleeding_resolved": true}, '"$clin"'}' ;;
    4) echo '{"id": "R4", "patient": {"consent": true, "needle_phobia": "none", "bleeding_disorder": "none"}, "injury": {"swelling": false, "bruising": false, "palpable_tear": false}, '"$clin"'}' ;;
    5) echo '{"id": "R5", "patient": {"consent": true, "needle_phobia": "mild", "bleeding_disorder": "none"}, "complaint": {"hamstring_tightness": true}, "injury": {"swelling": false, "bruising": false, "palpable_tear": false}, "treatment": {"sites": ["proximal", "medial"]}, '"$clin"'}' ;;
  esac
}

CSV_HEADER='id,patient.consent,patient.needle_phobia,patient.bleeding_disorder,complaint.hamstring_tightness,injury.swelling,injury.bruising,injury.palpable_tear,injury.onset,injury.bleeding_resolved,treatment.sites,clinician.dry_needling_certified,clinician.emergency_care_current'
csv_record() {
  case $1 in
    1) echo 'R1,true,none,none,true,false,false,false,,,,true,true' ;;
    2) echo 'R2,false,none,none,true,false,false,false,,,,true,true' ;;
    3) echo 'R3,true,none,none,true,false,true,false,2026-11-23T09:00:00Z,true,,true,true' ;;
    4) echo 'R4,true,none,none,,false,false,false,,,,true,true' ;;
    5) echo 'R5,true,mild,none,true,false,false,false,,,proximal;medial,true,true' ;;
  esac
}

# YAML: six lines per record (block mappings with flow values), so that a
# broken record padded with comments keeps every other record on its lines.
yaml_record() {
  local consent=true phobia=none complaint='complaint: {hamstring_tightness: true}'
  local injury='injury: {swelling: false, bruising: false, palpable_tear: false}' last='# -'
  case $1 in
    2) consent=false ;;
    3) injury='injury: {swelling: false, bruising: true, palpable_tear: false, bleeding_resolved: true}'
       last='injury.onset: 2026-11-23T09:00:00Z' ;;
    4) complaint='# no complaint answered' ;;
    5) phobia=mild last='treatment.sites: [proximal, medial]' ;;
  esac
  printf 'id: R%s\npatient: {consent: %s, needle_phobia: %s, bleeding_disorder: none}\n%s\n%s\n' \
    "$1" "$consent" "$phobia" "$complaint" "$injury"
  printf 'clinician: {dry_needling_certified: true, emergency_care_current: true}\n%s\n' "$last"
}

# write FORMAT BAD_INDEX BAD_TEXT > file: the five records, record BAD_INDEX
# replaced by BAD_TEXT, in which <FF> stands for the byte 0xff and <NUL> for a
# NUL byte. A BAD_TEXT ending in <EOF> ends the file, with no final newline.
write() {
  local fmt=$1 bad=$2 text=$3 k
  [ "$fmt" = csv ] && echo "$CSV_HEADER"
  [ "$fmt" = json ] && echo '['
  for k in $(seq 1 $N); do
    if [ "$fmt" = yaml ] && [ "$k" -gt 1 ]; then echo '---'; fi
    if [ "$k" = "$bad" ]; then
      # (Suffix tests by length: bash's ${text%...} is quadratic on a 1 MiB text.)
      if [ "${text: -5}" = "<EOF>" ]; then
        printf '%s' "${text:0:${#text}-5}" | sed 's/<FF>/\xff/g; s/<NUL>/\x00/g'
        return 0
      fi
      printf '%s' "$text" | sed 's/<FF>/\xff/g; s/<NUL>/\x00/g'
    else
      case $fmt in
        jsonl | json) printf '%s' "$(jsonl_record "$k")" ;;
        csv) printf '%s' "$(csv_record "$k")" ;;
        yaml) printf '%s' "$(yaml_record "$k")" ;;
        yaml-list) printf '%s' "$(yaml_record "$k" | as_item)" ;;
      esac
    fi
    if [ "$fmt" = json ] && [ "$k" -lt $N ]; then echo ','; else echo; fi
  done
  [ "$fmt" = json ] && echo ']'
  return 0
}

as_item() { sed '1s/^/- /; 2,$s/^/  /'; }  # a YAML record as an item of a list
edit() { printf '%s' "$1" | sed "$2"; }     # edit TEXT SED_SCRIPT

# First and last line of record K in the files `write` produces.
first_line() {
  case $1 in
    jsonl) echo "$2" ;;
    csv | json) echo $(($2 + 1)) ;;
    yaml) echo $((7 * ($2 - 1) + 1)) ;;
    yaml-list) echo $((6 * ($2 - 1) + 1)) ;;
  esac
}
last_line() {
  case $1 in
    yaml) echo $((7 * ($2 - 1) + 6)) ;;
    yaml-list) echo $((6 * ($2 - 1) + 6)) ;;
    *) first_line "$1" "$2" ;;
  esac
}

input_format() { [ "$1" = yaml-list ] && echo yaml || echo "$1"; }

# --- Baselines: no fault, exit 0, the same decisions in every format ----------

for fmt in jsonl json csv yaml yaml-list; do
  write "$fmt" 0 "" > "$tmp/base.$fmt"
  "$bin" check --at "$AT" --format jsonl --jobs 1 --input-format "$(input_format "$fmt")" \
    "$tmp/base.$fmt" > "$tmp/base.$fmt.out" 2> "$tmp/base.$fmt.err"
  status=$?
  [ "$status" = 0 ] || problem "$fmt baseline: exit $status, expected 0: $(head -c 300 "$tmp/base.$fmt.err")"
  decisions=$(json_decision < "$tmp/base.$fmt.out" | tr '\n' ' ')
  [ "$decisions" = "proceed swap wait incomplete proceed " ] ||
    problem "$fmt baseline: decisions '$decisions', expected 'proceed swap wait incomplete proceed '"
  # The same records, so the same output but for the lines.
  cmp -s <(sed 's/"line": [0-9]*, //' "$tmp/base.$fmt.out") \
    <(sed 's/"line": [0-9]*, //' "$tmp/base.jsonl.out") ||
    problem "$fmt baseline: the output differs from JSON Lines' (beyond line numbers)"
done

# --- One fault ------------------------------------------------------------------

# fault FORMAT NAME BAD_INDEX BAD_TEXT [FIELD] [KNOWN_BUG_VARIABLE]
fault() {
  local fmt=$1 name=$2 bad=$3 text=$4 field=${5:-} bug=${6:-}
  local file="$tmp/$name.$fmt" lo hi jobs
  write "$fmt" "$bad" "$text" > "$file"
  lo=$(first_line "$fmt" "$bad") hi=$(last_line "$fmt" "$bad")
  for jobs in 1 3; do
    [ "$jobs" = 3 ] && [ "$fmt" != jsonl ] && [ "$fmt" != csv ] && continue
    local where="$fmt/$name (--jobs $jobs)" out="$file.out" err="$file.err" status
    "$bin" check --at "$AT" --format jsonl --jobs "$jobs" --input-format "$(input_format "$fmt")" \
      "$file" > "$out" 2> "$err"
    status=$?
    local -a wrong=()
    [ "$status" = 4 ] || wrong+=("exit $status, expected 4")
    local count numbers errors
    count=$(wc -l < "$out")
    [ "$count" = $N ] || wrong+=("$count output records for $N input records")
    numbers=$(json_record < "$out" | tr '\n' ' ')
    [ "$numbers" = "$(seq -s ' ' 1 $N) " ] || wrong+=("record numbers '$numbers'")
    errors=$(grep -c '"decision": "error"' "$out")
    [ "$errors" = 1 ] || wrong+=("$errors error records, expected 1")
    local record line message
    record=$(sed -n "${bad}p" "$out")
    if [[ $record != *'"decision": "error"'* ]]; then
      wrong+=("record $bad is not an error: $(echo "$record" | cut -c1-160)")
    else
      line=$(echo "$record" | json_line)
      message=$(echo "$record" | json_error)
      { [ "$line" -ge "$lo" ] && [ "$line" -le "$hi" ]; } 2> /dev/null ||
        wrong+=("error at line '$line', expected line $lo..$hi")
      [[ $message == "line $line"[,:]* ]] || wrong+=("message does not start with 'line $line': $message")
      [ -z "$field" ] || [[ $message == *"field $field:"* ]] ||
        wrong+=("message does not name field $field: $message")
    fi
    local k
    for k in $(seq 1 $N); do
      [ "$k" = "$bad" ] && continue
      cmp -s <(sed -n "${k}p" "$out") <(sed -n "${k}p" "$tmp/base.$fmt.out") ||
        wrong+=("record $k differs from the run without the fault")
    done
    # Whatever a known bug does, the run must not crash or print anything.
    case $status in 0 | 4) ;; *) problem "$where: exit $status (crash?)" ;; esac
    [ -s "$err" ] && problem "$where: stderr: $(head -c 200 "$err")"
    if [ ${#wrong[@]} -eq 0 ]; then
      echo "ok   $where"
      [ -n "$bug" ] && bug_fixed "$bug"
    elif [ -n "$bug" ]; then
      known_bug "$bug" "$where: $(printf '%s; ' "${wrong[@]}")"
    else
      problem "$where: $(printf '%s; ' "${wrong[@]}")"
    fi
  done
}

# A record of 1 MiB + 64 bytes (the limit is 1 MiB per JSON Lines / CSV record).
pad=$(head -c $((1048576 + 64)) /dev/zero | tr '\0' ' ')
r3j=$(jsonl_record 3)
r5j=$(jsonl_record 5)
r3c=$(csv_record 3)

# JSON Lines and JSON (an array, one element per line) share the record texts.
for fmt in jsonl json; do
  bug=""
  [ "$fmt" = json ] && bug=KNOWN_BUG_JSON_ARRAY_FAULT_LOSES_EVERY_RECORD
  fault $fmt truncated_last_line 5 "${r5j:0:60}<EOF>" "" "$bug"
  fault $fmt invalid_utf8 3 "$(edit "$r3j" 's/"needle_phobia": "none"/"needle_phobia": "no<FF>ne"/')" "" "$bug"
  fault $fmt nul_byte 3 "$(edit "$r3j" 's/"needle_phobia": "none"/"needle_phobia": "no<NUL>ne"/')" "" "$bug"
  fault $fmt syntax_error 3 "$(edit "$r3j" 's/, "complaint"/ "complaint"/')" "" "$bug"
  fault $fmt array 3 '["R3", true, {"patient": {"consent": true}}]'
  fault $fmt scalar_string 3 '"R3"'
  fault $fmt scalar_number 3 '42'
  fault $fmt null 3 'null'
  fault $fmt wrong_type 3 "$(edit "$r3j" 's/"consent": true/"consent": "maybe"/')" patient.consent
  fault $fmt wrong_shape 3 "$(edit "$r3j" 's/"consent": true/"consent": [true]/')" patient.consent
  fault $fmt group_not_a_mapping 3 \
    "$(edit "$r3j" 's/"complaint": {"hamstring_tightness": true}/"complaint": true/')" complaint
  fault $fmt unknown_enum_value 3 \
    "$(edit "$r3j" 's/"needle_phobia": "none"/"needle_phobia": "sometimes"/')" patient.needle_phobia
  fault $fmt unknown_list_item 3 \
    "$(edit "$r3j" 's/"id": "R3"/"id": "R3", "treatment": {"sites": ["mid", "knee"]}/')" treatment.sites
  fault $fmt unparsable_datetime 3 "$(edit "$r3j" 's/2026-11-23T09:00:00Z/yesterday/')" injury.onset
  fault $fmt impossible_datetime 3 "$(edit "$r3j" 's/2026-11-23T09:00:00Z/2026-02-30T09:00:00Z/')" injury.onset
  fault $fmt duplicate_field 3 "$(edit "$r3j" 's/"consent": true/"consent": false, "consent": true/')" \
    patient.consent KNOWN_BUG_DUPLICATE_FIELD_LAST_VALUE_WINS
  fault $fmt impossible_time 3 "$(edit "$r3j" 's/2026-11-23T09:00:00Z/2026-11-23T25:00:00Z/')" injury.onset
done
fault jsonl over_size_limit 3 "${r3j:0:${#r3j}-1}$pad}"

fault csv truncated_last_line 5 "$(csv_record 5 | cut -c1-20)<EOF>"
fault csv truncated_in_quotes 5 'R5,true,"mil<EOF>'
fault csv invalid_utf8 3 "$(edit "$r3c" 's/R3,true,none/R3,true,no<FF>ne/')" patient.needle_phobia
fault csv nul_byte 3 "$(edit "$r3c" 's/R3,true,none/R3,true,no<NUL>ne/')" patient.needle_phobia
fault csv too_few_cells 3 'R3,true,none,none'
fault csv too_many_cells 3 "$r3c,true"
fault csv wrong_type 3 "$(edit "$r3c" 's/R3,true/R3,maybe/')" patient.consent
fault csv unknown_enum_value 3 "$(edit "$r3c" 's/R3,true,none/R3,true,sometimes/')" patient.needle_phobia
fault csv unknown_list_item 3 "$(edit "$r3c" 's/true,,true,true$/true,mid;knee,true,true/')" treatment.sites
fault csv unparsable_datetime 3 "$(edit "$r3c" 's/2026-11-23T09:00:00Z/yesterday/')" injury.onset
fault csv impossible_datetime 3 "$(edit "$r3c" 's/2026-11-23T09:00:00Z/2026-02-30T09:00:00Z/')" injury.onset
fault csv over_size_limit 3 "R3${pad}${r3c#R3}"

# YAML documents: record 3 is lines 15-20. Replacements keep six lines.
r3y=$(yaml_record 3)
r5y=$(yaml_record 5)
yaml_pad=$'\n# -\n# -\n# -\n# -\n# -'
fault yaml truncated_last_line 5 "${r5y%medial]}<EOF>" "" KNOWN_BUG_YAML_ERROR_LINE_PAST_END_OF_FILE
fault yaml syntax_error 3 "$(edit "$r3y" 's/bleeding_disorder: none}/bleeding_disorder: none/')"
fault yaml scalar_document 3 "just some text$yaml_pad"
fault yaml invalid_utf8_in_enum 3 \
  "$(edit "$r3y" 's/needle_phobia: none/needle_phobia: "no<FF>ne"/')" patient.needle_phobia
fault yaml invalid_utf8_in_text 3 "$(edit "$r3y" 's/id: R3/id: "R3<FF>"/')" "" \
  KNOWN_BUG_YAML_ACCEPTS_INVALID_UTF8_AND_NUL
fault yaml nul_byte_in_enum 3 \
  "$(edit "$r3y" 's/needle_phobia: none/needle_phobia: "no<NUL>ne"/')" patient.needle_phobia
fault yaml nul_byte_in_text 3 "$(edit "$r3y" 's/id: R3/id: "R3<NUL>"/')" "" \
  KNOWN_BUG_YAML_ACCEPTS_INVALID_UTF8_AND_NUL
fault yaml wrong_type 3 "$(edit "$r3y" 's/consent: true/consent: maybe/')" patient.consent
fault yaml wrong_shape 3 "$(edit "$r3y" 's/consent: true/consent: [true]/')" patient.consent
fault yaml group_not_a_mapping 3 \
  "$(edit "$r3y" 's/complaint: {hamstring_tightness: true}/complaint: true/')" complaint
fault yaml unknown_enum_value 3 "$(edit "$r3y" 's/needle_phobia: none/needle_phobia: sometimes/')" \
  patient.needle_phobia
fault yaml unknown_list_item 3 "$(edit "$r3y" 's/^injury.onset: .*/treatment.sites: [mid, knee]/')" \
  treatment.sites
fault yaml duplicate_field 3 \
  "$(edit "$r3y" 's/bleeding_disorder: none}/bleeding_disorder: none, consent: false}/')" \
  patient.consent KNOWN_BUG_DUPLICATE_FIELD_LAST_VALUE_WINS
fault yaml unparsable_datetime 3 "$(edit "$r3y" 's/2026-11-23T09:00:00Z/yesterday/')" injury.onset
fault yaml impossible_datetime 3 "$(edit "$r3y" 's/2026-11-23T09:00:00Z/2026-02-30T09:00:00Z/')" \
  injury.onset

# A YAML list of records: item 3 is lines 13-18.
fault yaml-list scalar_item 3 "- just some text$yaml_pad"
fault yaml-list list_item 3 "- [R3, true]$yaml_pad"
fault yaml-list wrong_type 3 "$(edit "$r3y" 's/consent: true/consent: maybe/' | as_item)" patient.consent

finish
