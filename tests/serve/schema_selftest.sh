#!/usr/bin/env bash
# Proves tests/serve/cds-hooks-2.0.1.schema.json can fail (issue 17): the
# CDS Hooks 2.0.1 specification's own examples (spec-examples/) validate,
# except three the spec gets wrong, each rejected for exactly its one defect;
# hand-made valid edge cases (good-examples/) validate; every hand-made
# invalid document (bad-examples/<kind>-<what>.json) is rejected with exactly
# one error, at the JSON path and with the words listed below; and
# validate_cds.py keeps its exit codes (0 valid, 1 invalid, 2 usage/unreadable).
# Usage: schema_selftest.sh    Exit 0 every case behaves, 1 otherwise,
# 77 (ctest: skipped) when Debian's python3 has no jsonschema.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
validate=$here/validate_cds.py

if ! "$py" -c 'import jsonschema' 2>/dev/null; then
  echo "skipped: $py cannot import jsonschema (scripts/install-deps.sh installs python3-jsonschema)"
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { printf 'ok    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }

kind_of() { local b; b=$(basename "$1" .json); echo "${b%%-*}"; }

# expect_valid FILE
expect_valid() {
  local f=$1 out rc
  out=$("$validate" "$(kind_of "$f")" "$f" 2>&1); rc=$?
  if [[ $rc -eq 0 ]]; then pass "${f#"$here"/}: valid"
  else fail "${f#"$here"/}: expected valid, exit $rc:"; printf '        %s\n' "$out"; fi
}

# expect_error FILE PATH WORDS: exit 1 and exactly one error, `FILE: PATH: ...WORDS...`
expect_error() {
  local f=$1 path=$2 words=$3 out rc n
  out=$("$validate" "$(kind_of "$f")" "$f" 2>&1); rc=$?
  n=$(grep -c '' <<<"$out")
  if [[ $rc -eq 1 && $n -eq 1 && $out == "$f: $path: "*"$words"* ]]; then
    pass "${f#"$here"/}: rejected: ${out#"$f": }"
  else
    fail "${f#"$here"/}: expected exit 1 and one error at $path naming \"$words\"; exit $rc:"
    printf '        %s\n' "$out"
  fi
}

echo "== the specification's examples (spec-examples/README.md)"
# The 2.0.1 text's own errata: each example breaks its own table in one place.
declare -A SPEC_ERRATA=(
  [response-3]='$.cards[0]|'"'indicator' is a required property"
  [response-4]='$.systemActions[0]|'"'description' is a required property"
  [prefetchData-1]='$.user|'"is not of type 'object', 'null'"
)
for f in "$here"/spec-examples/*.json; do
  b=$(basename "$f" .json)
  if [[ -n ${SPEC_ERRATA[$b]:-} ]]; then
    expect_error "$f" "${SPEC_ERRATA[$b]%%|*}" "${SPEC_ERRATA[$b]#*|}"
  else
    expect_valid "$f"
  fi
done

echo "== hand-made valid edge cases"
for f in "$here"/good-examples/*.json; do expect_valid "$f"; done

echo "== hand-made invalid documents"
declare -A BAD=(
  [discovery-prefetch-empty]='$.services[0].prefetch|does not have enough properties'
  [discovery-prefetch-not-string]='$.services[0].prefetch.intake|is not of type '"'string'"
  [discovery-service-undefined-member]='$.services[0]|'"'version' was unexpected"
  [discovery-service-without-description]='$.services[0]|'"'description' is a required property"
  [discovery-service-without-hook]='$.services[0]|'"'hook' is a required property"
  [discovery-service-without-id]='$.services[0]|'"'id' is a required property"
  [discovery-without-services]='$|'"'services' is a required property"
  [feedback-accepted-without-acceptedSuggestions]='$.feedback[0]|'"'acceptedSuggestions' is a required property"
  [feedback-acceptedSuggestion-without-id]='$.feedback[0].acceptedSuggestions[0]|'"'id' is a required property"
  [feedback-empty]='$.feedback|[] is too short'
  [feedback-entry-undefined-member]='$.feedback[0]|'"'hookInstance' was unexpected"
  [feedback-outcome-rejected]='$.feedback[0].outcome|'"'rejected' is not one of"
  [feedback-overrideReason-empty]='$.feedback[0].overrideReason|does not have enough properties'
  [feedback-overrideReason-reason-without-code]='$.feedback[0].overrideReason.reason|'"'code' is a required property"
  [feedback-timestamp-not-utc]='$.feedback[0].outcomeTimestamp|does not match'
  [feedback-without-outcomeTimestamp]='$.feedback[0]|'"'outcomeTimestamp' is a required property"
  [request-expires-in-string]='$.fhirAuthorization.expires_in|is not of type '"'integer'"
  [request-fhirAuthorization-without-fhirServer]='$|'"'fhirServer' is a dependency of 'fhirAuthorization'"
  [request-fhirAuthorization-without-subject]='$.fhirAuthorization|'"'subject' is a required property"
  [request-hookInstance-not-uuid]='$.hookInstance|does not match'
  [request-prefetch-not-resource]='$.prefetch.intake|is not of type '"'object', 'null'"
  [request-prefetch-without-resourceType]='$.prefetch.intake|'"'resourceType' is a required property"
  [request-token-type-mac]='$.fhirAuthorization.token_type|'"'Bearer' was expected"
  [request-undefined-member]='$|'"'user' was unexpected"
  [request-without-context]='$|'"'context' is a required property"
  [request-without-hook]='$|'"'hook' is a required property"
  [request-without-hookInstance]='$|'"'hookInstance' is a required property"
  [response-absolute-link-appContext]='$.cards[0].links[0].appContext|False schema does not allow'
  [response-action-type-replace]='$.cards[0].suggestions[0].actions[0].type|'"'replace' is not one of"
  [response-action-without-description]='$.cards[0].suggestions[0].actions[0]|'"'description' is a required property"
  [response-card-undefined-member]='$.cards[0]|'"'colour' was unexpected"
  [response-card-without-indicator]='$.cards[0]|'"'indicator' is a required property"
  [response-card-without-source]='$.cards[0]|'"'source' is a required property"
  [response-card-without-summary]='$.cards[0]|'"'summary' is a required property"
  [response-cards-object]='$.cards|is not of type '"'array'"
  [response-create-without-resource]='$.cards[0].suggestions[0].actions[0]|'"'resource' is a required property"
  [response-delete-without-target]='$.cards[0].suggestions[0].actions[0]|'"'resourceId' is a required property"
  [response-detail-empty]='$.cards[0].detail|'"'' is too short"
  [response-detail-null]='$.cards[0].detail|None is not of type '"'string'"
  [response-extension-empty]='$.cards[0].extension|does not have enough properties'
  [response-extension-string]='$.cards[0].extension|is not of type '"'object'"
  [response-indicator-urgent]='$.cards[0].indicator|'"'urgent' is not one of"
  [response-isRecommended-string]='$.cards[0].suggestions[0].isRecommended|is not of type '"'boolean'"
  [response-link-type-relative]='$.cards[0].links[0].type|'"'relative' is not one of"
  [response-link-without-type]='$.cards[0].links[0]|'"'type' is a required property"
  [response-link-without-url]='$.cards[0].links[0]|'"'url' is a required property"
  [response-overrideReason-without-display]='$.cards[0].overrideReasons[0]|'"'display' is a required property"
  [response-resource-without-resourceType]='$.cards[0].suggestions[0].actions[0].resource|'"'resourceType' is a required property"
  [response-resourceId-absolute]='$.cards[0].suggestions[0].actions[0].resourceId|does not match'
  [response-selectionBehavior-all]='$.cards[0].selectionBehavior|'"'all' is not one of"
  [response-source-undefined-member]='$.cards[0].source|'"'name' was unexpected"
  [response-source-url-relative]='$.cards[0].source.url|does not match'
  [response-source-without-label]='$.cards[0].source|'"'label' is a required property"
  [response-suggestion-undefined-member]='$.cards[0].suggestions[0]|'"'recommended' was unexpected"
  [response-suggestion-without-label]='$.cards[0].suggestions[0]|'"'label' is a required property"
  [response-suggestions-empty]='$.cards[0].suggestions|[] is too short'
  [response-suggestions-without-selectionBehavior]='$.cards[0]|'"'selectionBehavior' is a dependency of 'suggestions'"
  [response-summary-140-chars]='$.cards[0].summary|is too long'
  [response-summary-empty]='$.cards[0].summary|'"'' is too short"
  [response-systemActions-empty]='$.systemActions|[] is too short'
  [response-topic-without-system]='$.cards[0].source.topic|'"'system' is a required property"
  [response-undefined-member]='$|'"'decision' was unexpected"
  [response-update-resource-string]='$.cards[0].suggestions[0].actions[0].resource|is not of type '"'object'"
  [response-without-cards]='$|'"'cards' is a required property"
)
declare -A seen=()
for f in "$here"/bad-examples/*.json; do
  b=$(basename "$f" .json); seen[$b]=1
  if [[ -z ${BAD[$b]:-} ]]; then fail "bad-examples/$b.json: no expectation listed in $(basename "$0")"; continue; fi
  expect_error "$f" "${BAD[$b]%%|*}" "${BAD[$b]#*|}"
done
for b in "${!BAD[@]}"; do
  [[ -n ${seen[$b]:-} ]] || fail "bad-examples/$b.json: listed but missing"
done

echo "== validate_cds.py itself"
# check WHAT EXPECTED_EXIT OUTPUT_PATTERN ARGS...
check() {
  local what=$1 want=$2 pattern=$3 out rc; shift 3
  out=$("$validate" "$@" 2>&1); rc=$?
  # shellcheck disable=SC2053  # $pattern is a glob
  if [[ $rc -eq $want && $out == $pattern ]]; then pass "$what: exit $rc"
  else fail "$what: expected exit $want matching '$pattern', got exit $rc:"; printf '        %s\n' "$out"; fi
}
printf '{"cards": [' >"$tmp/truncated.json"
printf '{"cards": [], "x": NaN}' >"$tmp/nan.json"
printf '{"cards": [], "cards": [{}]}' >"$tmp/duplicate.json"
printf '\xff{}' >"$tmp/not-utf8.json"
good=$here/good-examples/response-base.json
bad=$here/bad-examples/response-indicator-urgent.json
check "no arguments" 2 '*usage:*'
check "KIND without a FILE" 2 '*usage:*' response
check "unknown KIND" 2 "*unknown KIND 'cards'*" cards "$good"
check "missing file" 2 '*cannot read*' response "$tmp/absent.json"
check "truncated JSON" 2 '*cannot read as JSON*' response "$tmp/truncated.json"
check "NaN is not JSON" 2 '*cannot read as JSON*NaN*' response "$tmp/nan.json"
check "invalid UTF-8" 2 '*cannot read as JSON*' response "$tmp/not-utf8.json"
check "duplicate member name" 1 "*duplicate member name 'cards'*" response "$tmp/duplicate.json"
check "a valid and an invalid file" 1 "*response-base.json: valid*response-indicator-urgent.json: \$.cards\[0\].indicator: *" \
  response "$good" "$bad"
check "an unreadable file among valid ones" 2 "*response-base.json: valid*cannot read*" \
  response "$good" "$tmp/absent.json"
check "the same document is not a request" 1 "*\$: 'hook' is a required property*" request "$good"
# The root selects nothing: it rejects everything, so a caller must name a definition.
if out=$("$py" - "$here/cds-hooks-2.0.1.schema.json" 2>&1 <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
assert not jsonschema.Draft7Validator(schema).is_valid({"cards": []})
for name, d in schema["definitions"].items():
    assert "$comment" in d, f"definition {name} has no $comment"
PY
); then pass "schema: valid draft 7, root rejects, every definition has a \$comment"
else fail "schema checks:"; printf '        %s\n' "$out"; fi

echo
if [[ $failures -eq 0 ]]; then echo "schema_selftest: all cases behaved"; exit 0; fi
echo "schema_selftest: $failures case(s) misbehaved"; exit 1
