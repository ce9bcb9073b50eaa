#!/usr/bin/env bash
# Stages as layers (README "Layout"): a stage may include its own headers and
# those of the stages below it, and an include of a higher stage's header does
# not compile. Compiles a one-line file with each stage's own compile command
# (from compile_commands.json), so the include paths are the build's.
# usage: upward_include.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A stage, one of its own sources (for its compile command), a header it may
# include (its own or a lower stage's) and one it must not (a higher stage's).
cases=(
  "common common/text.cc common/text.h needlescreen/fields.h"
  "model model/decode.cc needlescreen/time.h expr/expr.h"
  "expr expr/eval.cc needlescreen/record.h needlescreen/pack.h"
  "pack pack/pack.cc expr/expr.h needlescreen/reader.h"
  "records records/reader.cc needlescreen/pack.h output/writers.h"
  "records records/reader.cc needlescreen/fields.h needlescreen/screen.h"
  "screen screen/screen.cc pack/compiled.h records/readers.h"
  "output output/output.cc needlescreen/screen.h needlescreen/batch.h"
  "batch batch/batch.cc records/chunk.h authoring/lint.h"
  "authoring authoring/lint.cc output/json_emitter.h needlescreen/batch.h"
  "interview interview/answer.cc output/yaml_intake.h authoring/lint.h"
  "serve serve/cds.cc output/json_emitter.h needlescreen/interview.h"
)

# The compile command of SOURCE with TARGET_FILE compiled instead, -o /dev/null.
command_for() {
  python3 - "$build/compile_commands.json" "$src/src/$1" "$2" <<'PY'
import json, shlex, sys
db, source, target = sys.argv[1:]
for entry in json.load(open(db)):
    if entry["file"] == source:
        args = shlex.split(entry["command"])
        out = args.index("-o")
        args[out + 1] = "/dev/null"
        args = [a for a in args if a not in ("-MD", "-MMD")]
        args = [target if a == source else a for a in args]
        for flag in ("-MT", "-MF"):
            while flag in args:
                i = args.index(flag)
                del args[i:i + 2]
        print(shlex.join(args))
        break
else:
    sys.exit(f"no compile command for {source}")
PY
}

failures=0
for c in "${cases[@]}"; do
  read -r stage source allowed forbidden <<< "$c"
  probe="$work/probe.cc"
  printf '#include "%s"\n' "$allowed" > "$probe"
  if ! eval "$(command_for "$source" "$probe")" 2> "$work/err"; then
    echo "FAIL: $stage cannot include $allowed:"; cat "$work/err"; failures=$((failures + 1))
  fi
  printf '#include "%s"\n' "$forbidden" > "$probe"
  if eval "$(command_for "$source" "$probe")" 2> "$work/err"; then
    echo "FAIL: $stage includes $forbidden (a higher stage) and it compiled"; failures=$((failures + 1))
  elif ! grep -q "$forbidden: No such file or directory" "$work/err"; then
    echo "FAIL: $stage including $forbidden failed for another reason:"; cat "$work/err"
    failures=$((failures + 1))
  else
    echo "ok: $stage includes $allowed; $forbidden is refused"
  fi
done
exit $((failures > 0))
