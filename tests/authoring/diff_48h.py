#!/usr/bin/env python3
"""`rules diff` finds exactly the records a 48 h acute window changes (issue 19).

The built-in pack is copied with its 72 h acute window made 48 h (edited here
from the pack's own text, so the copy follows the pack), a batch of records is
generated with injury onsets at known ages, and the set of records whose
decision must change is computed here from those ages alone: a record with
acute signs whose onset is at least 48 h and less than 72 h before the screen
(`hours_since_onset < 72` in the old pack, `< 48` in the new one). Everything
else in the records makes the screen proceed. The changed ids `rules diff
--format json` reports must be exactly that set, each wait -> proceed with
acute-injury-window as the rule that made the difference; the counts, the exit
code (1) and the same run read from standard input and as CSV must agree.

Usage: diff_48h.py BIN SOURCE_DIR
"""
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile

AT = dt.datetime(2026, 11, 24, 21, 0, 0, tzinfo=dt.timezone.utc)
OLD_HOURS, NEW_HOURS = 72, 48


def onset_ages():
    """Ages of the onsets, in seconds: every minute across 0-100 h, and each
    window edge and the seconds on either side of it."""
    ages = {minute * 60 for minute in range(0, 100 * 60 + 1)}
    for hours in (NEW_HOURS, OLD_HOURS):
        ages.update({hours * 3600 - 1, hours * 3600, hours * 3600 + 1})
    return sorted(ages)


def record(index, age):
    onset = AT - dt.timedelta(seconds=age)
    return {
        "id": f"R-{index:05d}",
        "patient": {"consent": True, "needle_phobia": "none", "bleeding_disorder": "none",
                    "athlete_level": "none"},
        "complaint": {"hamstring_tightness": True, "trigger_points": False, "overuse": False},
        "injury": {"swelling": True, "bruising": False, "palpable_tear": False,
                   "onset": onset.strftime("%Y-%m-%dT%H:%M:%SZ"), "bleeding_resolved": True},
        "treatment": {"sites": []},
        "clinician": {"dry_needling_certified": True, "emergency_care_current": True},
    }


def expected_changes(records_and_ages):
    """Old waits (age < 72 h) and new proceeds (age >= 48 h): 48 h <= age < 72 h."""
    return {r["id"] for r, age in records_and_ages
            if NEW_HOURS * 3600 <= age < OLD_HOURS * 3600}


def make_pack(src_dir, tmp):
    with open(os.path.join(src_dir, "rules", "hamstring-dry-needling.yaml"), encoding="utf-8") as f:
        text = f.read()
    # The window's two places: the condition and the resume time.
    edited = text.replace("hours_since_onset < 72", "hours_since_onset < 48")
    edited = edited.replace("acute_resume: injury.onset + 72h", "acute_resume: injury.onset + 48h")
    assert edited.count("< 48") == 1 and edited.count("+ 48h") == 1, "the pack's 72 h window moved"
    path = os.path.join(tmp, "hamstring-48h.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(edited)
    return path


def run(bin_path, args, stdin=None):
    proc = subprocess.run([bin_path, "rules", "diff", *args], input=stdin, capture_output=True,
                          check=False)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def check_report(label, code, out, err, expected, total):
    failures = []
    if code != 1:
        failures.append(f"{label}: exit {code}, expected 1; stderr: {err}")
        return failures
    report = json.loads(out)
    changed = {c["id"] for c in report["changed"]}
    if changed != expected:
        failures.append(f"{label}: {len(changed - expected)} reported but not expected "
                        f"(e.g. {sorted(changed - expected)[:3]}), {len(expected - changed)} "
                        f"expected but not reported (e.g. {sorted(expected - changed)[:3]})")
    for c in report["changed"]:
        rules = [r["rule"] for r in c["rules"]]
        if (c["old"]["decision"], c["new"]["decision"], rules) != \
                ("wait", "proceed", ["acute-injury-window"]):
            failures.append(f"{label}: {c['id']}: {c['old']['decision']} -> "
                            f"{c['new']['decision']} by {rules}")
            break
    screened = report["screened"]
    if (screened["records"], screened["changed"], screened["unreadable"]) != \
            (total, len(expected), 0):
        failures.append(f"{label}: screened {screened}")
    counts = {(t["old"], t["new"]): t["records"] for t in report["transitions"]}
    want = {("wait", "wait"): sum(1 for a in AGES if a < NEW_HOURS * 3600),
            ("wait", "proceed"): len(expected),
            ("proceed", "proceed"): sum(1 for a in AGES if a >= OLD_HOURS * 3600)}
    if counts != want:
        failures.append(f"{label}: transitions {counts}, expected {want}")
    return failures


AGES = onset_ages()


def main():
    bin_path, src_dir = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        pack = make_pack(src_dir, tmp)
        pairs = [(record(i + 1, age), age) for i, age in enumerate(AGES)]
        expected = expected_changes(pairs)
        # Sanity of the batch itself: both sides of both edges are in it.
        assert 0 < len(expected) < len(pairs)
        jsonl = os.path.join(tmp, "batch.jsonl")
        with open(jsonl, "w", encoding="utf-8") as f:
            for r, _ in pairs:
                f.write(json.dumps(r) + "\n")
        csv_path = os.path.join(tmp, "batch.csv")
        columns = ["id", "patient.consent", "patient.needle_phobia", "patient.bleeding_disorder",
                   "patient.athlete_level", "complaint.hamstring_tightness",
                   "complaint.trigger_points", "complaint.overuse", "injury.swelling",
                   "injury.bruising", "injury.palpable_tear", "injury.onset",
                   "injury.bleeding_resolved", "treatment.sites",
                   "clinician.dry_needling_certified", "clinician.emergency_care_current"]
        with open(csv_path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(columns)
            for r, _ in pairs:
                row = []
                for c in columns:
                    group, _, name = c.rpartition(".")
                    v = r[group][name] if group else r[name]
                    row.append(";" if v == [] else str(v).lower() if isinstance(v, bool) else v)
                w.writerow(row)
        at = ["--at", AT.strftime("%Y-%m-%dT%H:%M:%SZ"), "--format", "json"]
        failures = []
        failures += check_report("jsonl file", *run(bin_path, ["builtin", pack, jsonl, *at]),
                                 expected, len(pairs))
        with open(jsonl, "rb") as f:
            failures += check_report("stdin, sniffed",
                                     *run(bin_path, ["builtin", pack, "-", *at], f.read()),
                                     expected, len(pairs))
        failures += check_report("csv file", *run(bin_path, ["builtin", pack, csv_path, *at]),
                                 expected, len(pairs))
        # The same pack on both sides: nothing changes, exit 0.
        code, out, err = run(bin_path, [pack, pack, jsonl, *at])
        if code != 0 or json.loads(out)["changed"]:
            failures.append(f"same pack: exit {code}; {err}")
    for f in failures:
        print("FAIL", f)
    if not failures:
        print(f"ok: {len(expected)} of {len(pairs)} records change, exactly those with onset "
              f"48 h <= age < 72 h")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
