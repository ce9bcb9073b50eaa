#!/usr/bin/env python3
"""`needlescreen schema` against real data (SPEC §4), with Debian's
python3-jsonschema and python3-yaml.

- Both schemas (and the strict intake schema) are valid draft 2020-12.
- examples/*.yaml (converted to JSON) and every line of examples/batch.jsonl
  that check screens validate against the intake schema; the lines check
  reports as `error` do not; the JSON template (all nulls) does.
- Undeclared keys: allowed by the intake schema, rejected by --strict.
- Real `check --format jsonl` output validates against the output schema:
  the examples and batch (its error record included), with --explain, and
  with several input files (the `file` key); `--format json` elements too;
  and records whose resume time would fall after 9999-12-31 (issue 13);
  with --counterfactual, on the built-in and the red-flags pack (issue 19).

Usage: validate_schema.py NEEDLESCREEN_BINARY SOURCE_DIR
Exit 77 (ctest: skipped) when jsonschema or yaml cannot be imported.
"""
import datetime
import glob
import json
import os
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # make deps installs them
    print(f"skipped: {e} (scripts/install-deps.sh installs python3-jsonschema, python3-yaml)")
    sys.exit(77)

BIN, SRC = sys.argv[1], sys.argv[2]
ENV = dict(os.environ, TZ="UTC", NO_COLOR="1")
failures = []


def run(*args, stdin=None):
    p = subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True, env=ENV,
                       cwd=SRC)
    if p.returncode not in (0, 4):  # 4: a record could not be read (the batch has one)
        sys.exit(f"needlescreen {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p.stdout


def validator(*args):
    schema = json.loads(run("schema", *args))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def expect(valid, v, instance, what):
    errors = list(v.iter_errors(instance))
    if valid and errors:
        failures.append(f"{what}: {errors[0].message} at {list(errors[0].absolute_path)}")
    if not valid and not errors:
        failures.append(f"{what}: validated, but check rejects it")


def as_json(value):
    """YAML 1.1 reads timestamps as datetime objects; records hold them as text."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value


intake, strict, output = validator("intake"), validator("intake", "--strict"), validator("output")

examples = sorted(glob.glob(os.path.join(SRC, "examples", "*.yaml")))
for path in examples:
    with open(path) as f:
        expect(True, intake, as_json(yaml.safe_load(f)), os.path.relpath(path, SRC))

# The intake schema must agree with check on which batch lines can be read.
batch = os.path.join(SRC, "examples", "batch.jsonl")
with open(batch) as f:
    lines = [json.loads(line) for line in f if line.strip()]
screened = [json.loads(line) for line in run("check", "--format", "jsonl", batch).splitlines()]
assert len(screened) == len(lines), "one output record per input record"
assert any(r["decision"] == "error" for r in screened), "the batch keeps its error record"
for record, result in zip(lines, screened):
    expect(result["decision"] != "error", intake, record, f"batch.jsonl record {result['record']}")

template = json.loads(run("template", "--format", "json"))
expect(True, intake, template, "template --format json")
expect(True, intake, {"patient": {"consent": True, "shoe_size": 9}}, "an undeclared key")
expect(False, strict, {"patient": {"consent": True, "shoe_size": 9}}, "strict: an undeclared key")
expect(True, intake, {"patient.consent": False, "injury": {"onset": "2026-11-24"}},
       "dotted key and a date alone")
expect(False, intake, {"treatment": {"sites": ["knee"]}}, "a list item that is not a value")

# Issue 13: onsets at the end of year 9999 (resume_after would fall in year
# 10000) are error records, and every record still validates.
date_range = os.path.join(SRC, "tests", "golden", "date-range-resume", "records.jsonl")
at = ("--at", "2026-11-24T21:00:00Z")
late = [json.loads(line)
        for line in run("check", "--format", "jsonl", *at, date_range).splitlines()]
assert any("resume_after" in r.get("error", "") for r in late), "the year-10000 resume is an error"

runs = [
    ("check", "--format", "jsonl", *examples, batch),
    ("check", "--format", "jsonl", "--explain", *examples, batch),
    ("check", "--format", "jsonl", "--explain", batch),
    ("check", "--format", "jsonl", *at, date_range),
    ("check", "--format", "jsonl", "--explain", *at, date_range),
]
runs.append(("check", "--format", "jsonl", "--counterfactual", *examples, batch))
for args in runs:
    for n, line in enumerate(run(*args).splitlines(), 1):
        expect(True, output, json.loads(line), f"{' '.join(args[:4])} ... output line {n}")
# Issue 19: --counterfactual on the red-flags pack (refer records), against
# that pack's own output schema; every searched record has its member.
red = ("--rules", os.path.join("tests", "packs", "red-flags.yaml"))
red_output = validator("output", *red)
red_records = os.path.join(SRC, "tests", "golden", "counterfactual-red-flags", "records.jsonl")
for n, line in enumerate(run("check", *red, "--format", "jsonl", "--counterfactual", *at,
                             red_records).splitlines(), 1):
    record = json.loads(line)
    expect(True, red_output, record, f"red-flags --counterfactual output line {n}")
    if record["decision"] not in ("proceed", "error") and not record["counterfactual"]:
        failures.append(f"red-flags --counterfactual line {n}: no counterfactual")
for n, record in enumerate(json.loads(run("check", "--format", "json", "--explain", batch)), 1):
    expect(True, output, record, f"check --format json element {n}")
expect(False, output, {**screened[0], "extra": 1}, "output: a key SPEC §4 does not have")

for failure in failures:
    print("FAIL", failure)
print(f"{'FAILED' if failures else 'ok'}: {len(examples)} examples, {len(lines)} batch records, "
      f"{len(runs) + 1} check runs")
sys.exit(1 if failures else 0)
