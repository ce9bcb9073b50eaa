#!/usr/bin/env bash
# The shell completions (completions/) against the binary's own --help.
# usage: completions.sh MODE BIN SOURCE_DIR
#   drift  every command --help lists (found by walking the Subcommands: of
#          --help) is offered, and every option its --help prints is offered
#          after that command by bash (exactly those: Tab on '-'), and named
#          in zsh's function and fish's lines for it; every {a,b,c} value
#          list --help shows is what bash and zsh offer for that option
#   bash   Tab in bash: commands, values, --fail-on lists, files with spaces,
#          --opt=value, the default command; never runs needlescreen
#   zsh    syntax, and compinit binds _needlescreen to needlescreen (exit 77
#          without zsh)
#   fish   syntax and `complete -C` (exit 77 without fish)
set -uo pipefail
mode=$1 bin=$(realpath "$2") src=$(realpath "$3")
source "$(dirname "$0")/commands.sh"  # help_options, command_paths, ...
comp=$src/completions
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/empty"
cd "$work/empty" || exit 2  # completing file names: an empty directory of our own

# What bash offers for the words "$@" (the last one is being completed),
# sorted, one per line.
bash_complete() {
  bash --norc --noprofile -c '
    source "$1" || exit 3
    shift
    COMP_WORDS=(needlescreen "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="${COMP_WORDS[*]}" COMP_POINT=${#COMP_LINE}
    _needlescreen
    [ ${#COMPREPLY[@]} -gt 0 ] && printf "%s\n" "${COMPREPLY[@]}"' \
    bash "$comp/needlescreen.bash" "$@" | sort
}
sorted() { [ $# = 0 ] || printf '%s\n' "$@" | sort; }
# expect_bash "WANT WORDS" WORDS...: Tab after WORDS offers the words of WANT.
expect_bash() {
  local want=$1
  shift
  local got
  got=$(bash_complete "$@" | tr '\n' ' ')
  want=$(sorted $want | tr '\n' ' ')
  [ "$got" = "$want" ] || fail "bash: needlescreen $* <Tab> gives '$got', expected '$want'"
}
# expect_bash_one "WANT" WORDS...: Tab offers exactly the one word WANT (spaces and all).
expect_bash_one() {
  local want=$1
  shift
  local got
  got=$(bash_complete "$@")
  [ "$got" = "$want" ] || fail "bash: needlescreen $* <Tab> gives '$got', expected '$want'"
}

# The body of a zsh function in _needlescreen.
zsh_function() {
  awk -v f="$1() {" '$0 == f {on = 1; next} on && /^}/ {exit} on' "$comp/_needlescreen"
}
names_word() {  # true when word $1 appears in stdin as a whole option name
  grep -qE -- "(^|[^A-Za-z0-9-])$1([^A-Za-z0-9-]|\$)"
}
# (Searched as here-strings: grep -q ending a pipe early fails it under pipefail.)
# fish: the `complete` lines that apply to a command path, without fish
# (the file sets `is` to the condition of the lines that follow).
fish_lines() {
  awk -v want="$1" '
    /^set -l is / {line = $0; sub(/^set -l is "__needlescreen_is /, "", line);
                   sub(/"$/, "", line); gsub("\047", "", line); cur = line; next}
    /^complete / {c = cur; if ($0 ~ /__needlescreen_is \047\047/) c = ""; if (c == want) print}
  ' "$comp/needlescreen.fish"
}

drift() {
  local path options commands option values zfn
  while IFS= read -r path; do
    mapfile -t options < <(help_options "$path")
    mapfile -t commands < <(help_commands "$path")
    [ ${#options[@]} -gt 0 ] || fail "no options parsed from 'needlescreen $path --help'"
    # bash: Tab on '-' offers exactly the options --help prints.
    expect_bash "${options[*]}" $path -
    if [ ${#commands[@]} -gt 0 ]; then
      local got
      got=$(bash_complete $path "" | tr '\n' ' ')
      for option in "${commands[@]}"; do
        [[ " $got " == *" $option "* ]] || fail "bash: 'needlescreen $path <Tab>' lacks $option"
      done
    fi
    # zsh: the command's function names each option and subcommand.
    zfn=_needlescreen${path:+_${path// /_}}
    [ -n "$(zsh_function "$zfn")" ] || fail "zsh: no function $zfn() for 'needlescreen $path'"
    for option in "${options[@]}"; do
      names_word "$option" <<< "$(zsh_function "$zfn")" ||
        fail "zsh: $zfn() lacks $option ('needlescreen $path --help' prints it)"
    done
    for option in "${commands[@]}"; do
      grep -q "'$option:" <<< "$(zsh_function "$zfn")" || fail "zsh: $zfn() does not offer $option"
    done
    # fish: a complete line for the command with -l/-s of each option.
    for option in "${options[@]}"; do
      case $option in
        --*) flag="-l ${option#--}" ;;
        *) flag="-s ${option#-}" ;;
      esac
      grep -qE -- "(^| )$flag( |\$)" <<< "$(fish_lines "$path")" ||
        fail "fish: no '$flag' for 'needlescreen $path' ('--help' prints $option)"
    done
    for option in "${commands[@]}"; do
      grep -qE -- "-a ('[^']* )?$option[ ']" <<< "$(fish_lines "$path")" ||
        fail "fish: 'needlescreen $path' does not offer $option"
    done
    # Value lists --help shows ({a,b,c}) are bash's values for the option.
    for option in "${options[@]}"; do
      values=$(help_values "$path" "$option")
      [ -n "$values" ] || continue
      expect_bash "$values" $path "$option" ""
      grep -F -- "'$option=" <<< "$(zsh_function "$zfn")" | grep -qF ":($values)'" ||
        fail "zsh: $zfn() does not offer ($values) for $option"
    done
  done < <(command_paths)
  echo "checked: $(command_paths | sed 's/^$/needlescreen/' | paste -sd, -)"
}

bash_functional() {
  # A needlescreen on PATH that leaves a mark: completing must never run it.
  mkdir -p "$work/bin" "$work/d/packs dir" "$work/d/records"
  printf '#!/bin/sh\ntouch "%s/ran"\n' "$work" > "$work/bin/needlescreen"
  chmod +x "$work/bin/needlescreen"
  export PATH="$work/bin:$PATH"
  expect_bash "check" ch
  expect_bash "check interview rules template schema serve" ""
  expect_bash "-h --help --version" -
  expect_bash "test lint doc cases diff" rules ""
  expect_bash "text json jsonl csv html" check --format ""
  expect_bash "json jsonl" check --format j
  expect_bash "json jsonl" check --format = j  # --format=j (bash splits at =)
  expect_bash "text json jsonl csv html" check --format =
  expect_bash "yaml json jsonl csv fhir" check --input-format ""
  expect_bash "proceed wait swap refer incomplete error" check --fail-on ""
  expect_bash "swap,wait" check --fail-on swap,w
  expect_bash "swap,wait,proceed swap,wait,refer swap,wait,incomplete swap,wait,error" \
    check --fail-on swap,wait,
  expect_bash "--format" rules lint --f
  expect_bash "md dot" rules doc --format ""
  expect_bash "text json" rules diff --format ""
  expect_bash "--input-format" rules diff builtin --i
  expect_bash "yaml json csv fhir" template --format ""
  expect_bash "intake output" schema ""
  expect_bash "text json jsonl csv" interview --format ""
  expect_bash "" check --set ""  # PATH=VALUE: nothing offered, nothing read
  expect_bash "" serve --trust ""
  # check is the default command: after a record file, check's options.
  expect_bash "--quiet" record.yaml --q
  # Files where a FILE is taken, names with spaces kept whole.
  cd "$work/d" || exit 2
  : > "a record.yaml"
  : > "b.jsonl"
  expect_bash_one "a record.yaml" check a
  expect_bash_one "a record.yaml" a  # needlescreen FILE
  expect_bash_one "packs dir" check --rules p
  expect_bash_one "b.jsonl" interview --save b
  expect_bash_one "records" rules test rec
  expect_bash_one "builtin" rules diff bui  # OLD and NEW: builtin, or files
  cd "$work/empty" || exit 2
  [ ! -e "$work/ran" ] || fail "completing ran needlescreen"
}

zsh_check() {
  command -v zsh >/dev/null || { echo "SKIP: no zsh (scripts/install-deps.sh installs it)"; exit 77; }
  zsh -n "$comp/_needlescreen" || fail "zsh -n _needlescreen"
  local bound
  bound=$(ZDOTDIR=$work zsh -fc "fpath=('$comp' \$fpath); autoload -Uz compinit;
    compinit -u -d '$work/zcompdump'; print -r -- \$_comps[needlescreen]")
  [ "$bound" = _needlescreen ] || fail "zsh: compinit binds needlescreen to '$bound'"
}

fish_check() {
  command -v fish >/dev/null || { echo "SKIP: no fish (scripts/install-deps.sh installs it)"; exit 77; }
  fish --no-execute "$comp/needlescreen.fish" || fail "fish --no-execute needlescreen.fish"
  fish_complete() {
    fish --no-config -c "source '$comp/needlescreen.fish'; complete -C '$1'" | cut -f1 | sort |
      tr '\n' ' '
  }
  expect_fish() {
    local got want
    got=$(fish_complete "$2")
    want=$(sorted $1 | tr '\n' ' ')
    [ "$got" = "$want" ] || fail "fish: '$2<Tab>' gives '$got', expected '$want'"
  }
  expect_fish "check" "needlescreen ch"
  expect_fish "text json jsonl csv html" "needlescreen check --format "
  expect_fish "yaml json jsonl csv fhir" "needlescreen check --input-format "
  expect_fish "swap,wait" "needlescreen check --fail-on swap,w"
  expect_fish "--fail-on=swap,error --fail-on=swap,incomplete --fail-on=swap,proceed
    --fail-on=swap,refer --fail-on=swap,wait" "needlescreen check --fail-on=swap,"
  expect_fish "test lint doc cases diff" "needlescreen rules "
  expect_fish "-h --help --format --at" "needlescreen rules lint -"
  expect_fish "md dot" "needlescreen rules doc --format "
  expect_fish "text json" "needlescreen rules diff --format "
  expect_fish "intake output" "needlescreen schema "
  expect_fish "--quiet" "needlescreen record.yaml --q"
  # Every option --help prints, offered by fish itself.
  local path option got
  while IFS= read -r path; do
    got=" $(fish_complete "needlescreen ${path:+$path }-") "
    for option in $(help_options "$path"); do
      [[ $got == *" $option "* ]] || fail "fish: 'needlescreen $path -<Tab>' lacks $option"
    done
  done < <(command_paths)
}

case $mode in
  drift) drift ;;
  bash) bash_functional ;;
  zsh) zsh_check ;;
  fish) fish_check ;;
  *) echo "usage: completions.sh drift|bash|zsh|fish BIN SOURCE_DIR"; exit 2 ;;
esac
[ $failures = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "ok: completions $mode"
