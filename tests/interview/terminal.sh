#!/usr/bin/env bash
# Drives `needlescreen interview` on a real pseudo-terminal (util-linux
# `script`): libedit reads the answers, the questions, the summary screen and
# the recap appear on the terminal, colour follows NO_COLOR, Ctrl-D ends the
# interview with what is known, and `--format json > FILE` keeps the terminal
# summary while the file gets clean JSON. Times on the terminal are local
# (TZ) with their offset, times in JSON UTC (issue 15).
set -uo pipefail
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
at=2026-11-24T21:00:00Z

# Types each argument as one line, a little apart, like a person at the
# keyboard, once the first prompt ("> ") is on the screen in FILE ($1): keys
# typed before libedit has the terminal would meet the cooked line discipline,
# where a Ctrl-D is an end of file that can be lost (a slow start under a
# sanitizer on a loaded machine did that).
typing() {
  local screen=$1 i
  shift
  for ((i = 0; i < 200; i++)); do
    grep -aq '> ' "$screen" 2> /dev/null && break
    sleep 0.1
  done
  sleep 0.1
  for line in "$@"; do
    printf '%s' "$line"
    sleep 0.1
  done
}

# Runs the interview on a pty; $1 = extra environment, $2 = output file, rest = typed lines.
on_terminal() {
  local env=$1 out=$2
  shift 2
  : > "$out"
  typing "$out" "$@" | env -u NO_COLOR TERM=xterm TZ=UTC $env timeout 30 \
    script -qec "$bin interview --at $at --set id=P-0042 $EXTRA" /dev/null >"$out"
}

expect() {  # expect FILE TEXT: the screen shows TEXT
  grep -aqF -- "$2" "$1" || { echo "$(basename "$1"): the screen lacks: $2"; fail=1; }
}

# Once the onset makes it a wait, whether bleeding has resolved cannot change
# the decision (issue 15): it is not asked, and 9 questions are.
wait_answers=($'n\n' $'y\n' $'y\n' $'2\n' $'none\n' $'y\n' $'36h ago\n' $'y\n' $'y\n')

EXTRA="" on_terminal NO_COLOR=1 "$tmp/plain" "${wait_answers[@]}" || { echo "plain: exit $?"; fail=1; }
expect "$tmp/plain" "1. Is there swelling at the back of the thigh?"
expect "$tmp/plain" "   [y/n] > n"
expect "$tmp/plain" "   [ISO 8601, or e.g. 36 hours ago, yesterday 09:00, now] > 36h ago"
expect "$tmp/plain" "   = 2026-11-23 09:00 +00:00"
expect "$tmp/plain" "9. Are the clinician's emergency-care credentials current?"
expect "$tmp/plain" "WAIT  do not needle now; re-screen later"
expect "$tmp/plain" "    - not before 2026-11-26 09:00 +00:00"
expect "$tmp/plain" "  Answers (9 questions asked):"
expect "$tmp/plain" "    injury.onset                       2026-11-23 09:00 +00:00  (36h ago)"
expect "$tmp/plain" "    id                                 P-0042  (--set)"
if grep -aqP '\x1b\[[0-9;]*m' "$tmp/plain"; then echo "plain: colour despite NO_COLOR"; fail=1; fi

EXTRA="" on_terminal "" "$tmp/colour" "${wait_answers[@]}" || { echo "colour: exit $?"; fail=1; }
grep -aqP '\x1b\[[0-9;]*mWAIT\x1b\[0m' "$tmp/colour" || { echo "colour: no coloured WAIT"; fail=1; }
grep -aqP '\x1b\[1m1\. Is there swelling' "$tmp/colour" || { echo "colour: question not bold"; fail=1; }

# In Sydney (+11:00 in November): the terminal in local time, the file in UTC.
EXTRA="--explain --format json > $tmp/result.json" \
  on_terminal "NO_COLOR=1 TZ=Australia/Sydney" "$tmp/json" "${wait_answers[@]}" ||
  { echo "json: exit $?"; fail=1; }
expect "$tmp/json" "WAIT  do not needle now; re-screen later"  # the summary, on stderr
expect "$tmp/json" "screening at 2026-11-25 08:00 +11:00"
expect "$tmp/json" "   = 2026-11-23 20:00 +11:00"
expect "$tmp/json" "    - not before 2026-11-26 20:00 +11:00"
expect "$tmp/json" "             injury.onset = 2026-11-23 20:00 +11:00"
expect "$tmp/json" "             now = 2026-11-25 08:00 +11:00"
expect "$tmp/json" "  Screened at 2026-11-25 08:00 +11:00 with"
expect "$tmp/json" "    injury.onset                       2026-11-23 20:00 +11:00  (36h ago)"
grep -q '"decision": "wait"' "$tmp/result.json" || { echo "json: no wait in the file"; fail=1; }
for utc in '"resume_after": "2026-11-26T09:00:00Z"' '"screened_at": "2026-11-24T21:00:00Z"' \
  '"value": "2026-11-23T09:00:00Z"'; do
  grep -qF "$utc" "$tmp/result.json" || { echo "json: the file lacks $utc"; fail=1; }
done
if grep -qF '+11:00' "$tmp/result.json"; then echo "json: local time in the file"; fail=1; fi
if grep -qP '\x1b' "$tmp/result.json"; then echo "json: escape codes in the file"; fail=1; fi

EXTRA="" on_terminal NO_COLOR=1 "$tmp/eof" $'n\n' $'\x04' || { echo "eof: exit $?"; fail=1; }
expect "$tmp/eof" "(end of input: finishing with what is known)"
expect "$tmp/eof" "INCOMPLETE  cannot be cleared yet"

# Issue 13: what the pack holds, what is typed (Ctrl-V makes libedit take an
# ESC as text) and what --set gives reach the terminal as visible escapes,
# never as an escape sequence, a C1 CSI (U+009B) or a bidi override (U+202E).
pack=$(dirname "$(realpath "$0")")/../golden/text-safe-record/pack.yaml
: > "$tmp/hostile"
typing "$tmp/hostile" $'a\x16\x1b]0;PWNED\x16\x07b\x16\x1b[2Jc\n' $'n\n' |
  env -u NO_COLOR NO_COLOR=1 TERM=xterm TZ=UTC HOSTILE_ID=$'P-\x1b[31m0042\xc2\x9b2J\xe2\x80\xae' \
  timeout 30 script -qec "$bin interview --rules $pack --at $at --set \"id=\$HOSTILE_ID\"" \
  /dev/null >"$tmp/hostile" || { echo "hostile: exit $?"; fail=1; }
expect "$tmp/hostile" '1. The clinician'"'"'s note\x1b[2J?'
expect "$tmp/hostile" '2. Flagged\u009b2J?'
expect "$tmp/hostile" '    note                               a\x1b]0;PWNED\x07b\x1b[2Jc'
expect "$tmp/hostile" '    id                                 P-\x1b[31m0042\u009b2J\u202e  (--set)'
expect "$tmp/hostile" '  P-\x1b[31m0042\u009b2J\u202e (record 1)'
for raw in '\x1b\]0;PWNED' '\x1b\[2J' '\x1b\[31m' '\x1b\[5m' '\xc2\x9b' '\xe2\x80\xae'; do
  if grep -aqP "$raw" "$tmp/hostile"; then echo "hostile: the terminal got $raw raw"; fail=1; fi
done

[ $fail = 0 ] && echo "terminal interview: all screens as expected"
exit $fail
