#!/usr/bin/env bash
# Issue 17: the FHIR R4 resources needlescreen writes and reads validate with
# the npm package `fhir` (FHIR.js 4.12): the Questionnaire of `template
# --format fhir` (built-in pack and tests/packs/red-flags.yaml), the
# QuestionnaireResponses `interview --save x.fhir.json` writes (answers of
# every kind, a known empty list) and examples/intake.fhir.json. Each saved
# response is also replayed through `check` to the interview's decision.
# The package is installed with `npm ci` (package-lock.json) under WORK, in
# the build tree, not the source tree. Exit 77 (skipped) only when node or npm
# is missing or npm cannot reach the registry (network, proxy, or a TLS
# certificate it does not trust, as behind an intercepting proxy).
# Usage: validate.sh NEEDLESCREEN SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "SKIP: node and npm are needed to validate FHIR resources (scripts/install-deps.sh)"
  exit 77
fi
mkdir -p "$work"
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules/fhir" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  if ! (cd "$work" && npm ci --ignore-scripts --no-audit --no-fund >npm.log 2>&1); then
    if grep -qiE 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|network|proxy|CERT|certificate|EPROTO' "$work/npm.log"; then
      echo "SKIP: npm cannot reach the registry to install fhir (network, proxy or TLS certificate):"
      tail -5 "$work/npm.log"
      rm -f "$work/package-lock.json"
      exit 77
    fi
    echo "npm ci failed:"; cat "$work/npm.log"
    rm -f "$work/package-lock.json"
    exit 1
  fi
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" template --format fhir >"$out/builtin.questionnaire.json"
"$bin" template --format fhir --rules "$src/tests/packs/red-flags.yaml" >"$out/red-flags.questionnaire.json"

# Interviews with every answer given by --set (nothing left to ask), saved as
# QuestionnaireResponses; `check` on each saved file decides as the
# interview did (the JSON results byte for byte).
save() {  # NAME ARGS...
  local name=$1; shift
  TZ=UTC "$bin" interview "$@" --format json --save "$out/$name.fhir.json" \
    </dev/null >"$out/$name.interview.json" 2>/dev/null || true
  [ -s "$out/$name.fhir.json" ] || { echo "FAIL: interview saved no $name.fhir.json"; exit 1; }
  TZ=UTC "$bin" check "$out/$name.fhir.json" "${rules[@]}" --format json \
    >"$out/$name.check.json" || true
  if ! cmp -s "$out/$name.interview.json" "$out/$name.check.json"; then
    echo "FAIL: check on $name.fhir.json differs from the interview:"
    diff "$out/$name.interview.json" "$out/$name.check.json" || true
    exit 1
  fi
  rm "$out/$name.interview.json" "$out/$name.check.json"
}
rules=()
common=(--set id=P-0042 --set screened_at=2026-11-24T21:00:00Z --set patient.consent=yes
  --set patient.bleeding_disorder=none --set patient.athlete_level=recreational
  --set complaint.hamstring_tightness=yes --set complaint.trigger_points=yes
  --set complaint.overuse=no --set injury.swelling=no --set injury.palpable_tear=no
  --set clinician.dry_needling_certified=yes --set clinician.emergency_care_current=yes)
save wait "${common[@]}" --set patient.needle_phobia=mild --set injury.bruising=yes \
  --set injury.onset=2026-11-23T09:00:00Z --set injury.bleeding_resolved=yes \
  --set 'treatment.sites=proximal;medial'
save empty-list "${common[@]}" --set patient.needle_phobia=none --set injury.bruising=no \
  --set 'treatment.sites=;'
save unknowns --set patient.consent=no --set screened_at=2026-11-24T21:00:00Z
rules=(--rules "$src/tests/packs/red-flags.yaml")
save red-flags "${rules[@]}" --set patient.consent=yes --set redflag.suspected_dvt=yes \
  --set redflag.site_infection=no --set screened_at=2026-11-24T21:00:00Z
cp "$here/validate.js" "$work/validate.js"  # resolves fhir from $work/node_modules
node "$work/validate.js" "$out"/*.json "$src/examples/intake.fhir.json"
