#!/usr/bin/env bash
# Issue 16: the interview as a clinician sees it, on a real 80x24 terminal
# (tmux, whose capture-pane gives the screen as it stands, not the stream):
# - at the end of a wait, the last line of the screen names the decision and
#   when to re-screen, however much the recap scrolled;
# - `back` shows the earlier answer as the default and Enter keeps it;
# - an answer in words (`36 hours ago`) is read as `36h ago` is;
# - --save to a path that cannot be written fails before the first question.
# Usage: screen.sh NEEDLESCREEN
set -uo pipefail
bin=$(realpath "$1")
if ! command -v tmux > /dev/null; then
  echo "SKIP: tmux not installed (apt-get install tmux)"
  exit 77
fi
tmp=$(mktemp -d)
sock=$tmp/tmux.sock
tmx() { tmux -S "$sock" -f /dev/null "$@"; }
trap 'tmx kill-server 2> /dev/null; rm -rf "$tmp"' EXIT
fail=0
at=2026-11-24T21:00:00Z

# The screen of session $target now, a line wrapped at 80 columns joined (-J),
# without the blank lines below the cursor.
target=ns
screen() { tmx capture-pane -p -J -t "$target" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }
# wait_screen TEXT: polls (up to 30 s) until the screen shows TEXT.
wait_screen() {
  local i
  for ((i = 0; i < 300; i++)); do
    screen | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  echo "the screen never showed: $1"
  screen | sed 's/^/  | /'
  fail=1
  return 1
}
# answer TEXT NEXT: types TEXT and Enter, then waits for NEXT on the screen.
answer() {
  tmx send-keys -t "$target" -l -- "$1"
  tmx send-keys -t "$target" Enter
  wait_screen "$2"
}

tmx new-session -d -s ns -x 80 -y 24 \
  "env NO_COLOR=1 TZ=UTC TERM=xterm $bin interview --at $at --set id=P-0042; echo \"exit \$?\"; sleep 60"
wait_screen "1. Is there swelling at the back of the thigh?"
answer n "2. "
answer y "3. "
# back: question 2 again, its answer (y) offered; Enter keeps it.
answer back "Enter keeps: y] >"
screen | tail -n 1 | grep -qF "Enter keeps: y] >" || { echo "back: no default on the prompt line"; fail=1; }
answer "" "3. "
answer y "4. "
answer 2 "5. "
answer none "6. "
answer y "7. "
answer "36 hours ago" "= 2026-11-23 09:00 +00:00"
wait_screen "8. "
answer y "9. "
answer y "exit 0"

last=$(screen | grep -v '^exit 0$' | grep -v '^$' | tail -n 1)
want="Decision: WAIT  do not needle now; re-screen after 2026-11-26 09:00 +00:00"
[ "${last:0:${#want}}" = "$want" ] || { echo "last line: '$last', expected '$want...'"; fail=1; }
[ "$(tmx capture-pane -p -t ns | wc -l)" -le 24 ] || { echo "the capture is not one 24-row screen"; fail=1; }
# The answer kept by Enter after back is in the recap (the whole scrollback).
tmx capture-pane -p -J -S - -t ns > "$tmp/all"
grep -qE '^    injury\.bruising +yes$' "$tmp/all" ||
  { echo "recap: the answer kept after back (bruising: yes) is not there"; fail=1; }
grep -qF "(36 hours ago)" "$tmp/all" || { echo "recap: the typed '36 hours ago' not shown"; fail=1; }
tmx kill-session -t ns

# --save that cannot be written: refused before any question (exit 2), for a
# missing directory, a directory, and a file that exists (without --force).
mkdir "$tmp/dir"
: > "$tmp/exists.yaml"
target=save
for path in /nonexistent/x.yaml "$tmp/dir" "$tmp/exists.yaml"; do
  tmx new-session -d -s save -x 80 -y 24 \
    "env NO_COLOR=1 TZ=UTC $bin interview --at $at --save $path; echo \"exit \$?\"; sleep 60"
  wait_screen "exit " > /dev/null || continue
  out=$(screen)
  case $path in
    /nonexistent/*) why="cannot create the file (No such file or directory)" ;;
    */dir) why="is a directory" ;;
    *) why="the file exists; add --force to overwrite it" ;;
  esac
  grep -qF "exit 2" <<< "$out" || { echo "--save $path: not exit 2"; fail=1; }
  grep -qF -- "--save $path: $why" <<< "$out" || { echo "--save $path: no '$why'"; fail=1; }
  if grep -qF "1. " <<< "$out"; then echo "--save $path: a question was asked"; fail=1; fi
  tmx kill-session -t save
done

[ $fail = 0 ] && echo "interview screen: decision last, back keeps, --save checked first"
exit $fail
