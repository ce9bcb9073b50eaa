#!/usr/bin/env bash
# For every golden interview case with an expected.saved.yaml: runs the case
# again with `--format json --save FILE`, compares the saved record with
# expected.saved.yaml, and checks that `needlescreen check FILE --format json`
# prints byte for byte what the interview printed (SPEC §1.4 reproducible);
# the same with `--save FILE.fhir.json` (a FHIR QuestionnaireResponse).
# A case's `tz` file names its zone, as for tests/run_golden.sh.
# UPDATE_GOLDEN=1 rewrites expected.saved.yaml instead (review the diff).
set -uo pipefail
bin=$(realpath "$1")
golden=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 cases=0
for case_dir in "$golden"/interview-*/; do
  [ -f "$case_dir/expected.saved.yaml" ] || continue
  cases=$((cases + 1))
  name=$(basename "$case_dir")
  read -r args < "$case_dir/cmd"
  args=$(sed -E 's/--format [a-z]+//' <<<"$args")
  # check screens with the interview's pack and explains as it did.
  check_args=$(grep -oE -- '--rules [^ ]+|--explain' <<<"$args" | tr '\n' ' ')
  stdin=/dev/null
  [ -f "$case_dir/stdin" ] && stdin="$case_dir/stdin"
  tz=UTC
  [ -f "$case_dir/tz" ] && read -r tz < "$case_dir/tz"
  saved="$tmp/$name.yaml"
  (cd "$case_dir" && eval "env TZ=\"$tz\" NO_COLOR= \"$bin\" $args --format json --save \"$saved\"" \
    <"$stdin" >"$tmp/$name.interview.json" 2>/dev/null) || { echo "$name: interview failed"; fail=1; continue; }
  (cd "$case_dir" && eval "env TZ=\"$tz\" \"$bin\" check \"$saved\" $check_args --format json" >"$tmp/$name.check.json") ||
    { echo "$name: check failed"; fail=1; continue; }
  # The saved file's name is in the text output only; JSON must match exactly.
  cmp -s "$tmp/$name.interview.json" "$tmp/$name.check.json" ||
    { echo "$name: check on the saved record differs from the interview:"; \
      diff -u "$tmp/$name.interview.json" "$tmp/$name.check.json"; fail=1; }
  # Issue 17: saved as a FHIR QuestionnaireResponse, the same result again.
  fhir="$tmp/$name.fhir.json"
  (cd "$case_dir" && eval "env TZ=\"$tz\" NO_COLOR= \"$bin\" $args --format json --save \"$fhir\"" \
    <"$stdin" >"$tmp/$name.fhir-interview.json" 2>/dev/null) || { echo "$name: interview (fhir) failed"; fail=1; }
  (cd "$case_dir" && eval "env TZ=\"$tz\" \"$bin\" check \"$fhir\" $check_args --format json" >"$tmp/$name.fhir-check.json") ||
    { echo "$name: check on the saved QuestionnaireResponse failed"; fail=1; }
  cmp -s "$tmp/$name.fhir-interview.json" "$tmp/$name.fhir-check.json" ||
    { echo "$name: check on the saved QuestionnaireResponse differs from the interview:"; \
      diff -u "$tmp/$name.fhir-interview.json" "$tmp/$name.fhir-check.json"; fail=1; }
  # The decisions of both saves agree (the line differs: 1 for the JSON object).
  [ "$(grep -o '"decision": "[a-z]*"' "$tmp/$name.check.json")" = \
    "$(grep -o '"decision": "[a-z]*"' "$tmp/$name.fhir-check.json")" ] ||
    { echo "$name: the YAML and FHIR saves decide differently"; fail=1; }
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$saved" "$case_dir/expected.saved.yaml"
  else
    diff -u "$case_dir/expected.saved.yaml" "$saved" || { echo "$name: saved record differs"; fail=1; }
  fi
done
[ "$cases" -gt 0 ] || { echo "no case with expected.saved.yaml under $golden"; exit 1; }
# Never overwritten without --force, even when the file appears mid-interview.
echo "earlier" >"$tmp/kept.yaml"
printf 'n\n' | "$bin" interview --save "$tmp/kept.yaml" --format json >/dev/null 2>&1
[ $? = 2 ] && [ "$(cat "$tmp/kept.yaml")" = earlier ] || { echo "--save overwrote a file"; fail=1; }
printf 'n\n' | "$bin" interview --save "$tmp/kept.yaml" --force --format json >/dev/null 2>&1 &&
  grep -q '^  swelling: false$' "$tmp/kept.yaml" || { echo "--save --force did not write"; fail=1; }
echo "$cases saved records checked"
exit $fail
