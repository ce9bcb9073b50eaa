# bash completion for needlescreen(1)                      -*- shell-script -*-
# Installed as share/bash-completion/completions/needlescreen. Static:
# completing never runs needlescreen nor reads a record or a rule file.
# Needs bash only (not the bash-completion package's helpers).
# tests/package/completions.sh fails when an option some command's --help
# prints is missing here, and checks what Tab offers.

# Files and directories matching the word, quoted by readline as file names.
_needlescreen_files() {
  compopt -o filenames 2>/dev/null
  mapfile -t COMPREPLY < <(compgen -f -- "$1")
}

# The words of $2 that begin with $1.
_needlescreen_words() {
  mapfile -t COMPREPLY < <(compgen -W "$2" -- "$1")
}

# --fail-on takes DECISION[,DECISION...]: completes the word after the last
# comma, keeping what comes before it, without a decision already named.
_needlescreen_decisions() {
  local cur=$1 head="" d
  [[ $cur == *,* ]] && head=${cur%,*},
  COMPREPLY=()
  for d in proceed wait swap refer incomplete error; do
    [[ ,$head == *,$d,* ]] && continue
    [[ $head$d == "$cur"* ]] && COMPREPLY+=("$head$d")
  done
}

# Completes $cur for the command named $1 ("check", "rules lint", ...) after
# $prev. Returns 1 for a command it does not know.
_needlescreen_command() {
  local command=$1 options
  case $command in
    check)
      options="-h --help --rules --format --input-format --at --set --fail-on --explain
               --counterfactual --strict --quiet --summary --max-record-bytes --jobs
               --record-offset --no-header"
      case $prev in
        --rules) _needlescreen_files "$cur"; return 0 ;;
        --format) _needlescreen_words "$cur" "text json jsonl csv html"; return 0 ;;
        --input-format) _needlescreen_words "$cur" "yaml json jsonl csv fhir"; return 0 ;;
        --fail-on) _needlescreen_decisions "$cur"; return 0 ;;
        --at) _needlescreen_words "$cur" "now"; return 0 ;;
        --set | --max-record-bytes | --jobs | --record-offset) return 0 ;;
      esac ;;
    interview)
      options="-h --help --rules --format --at --set --explain --save --force --strict"
      case $prev in
        --rules | --save) _needlescreen_files "$cur"; return 0 ;;
        --format) _needlescreen_words "$cur" "text json jsonl csv"; return 0 ;;
        --at) _needlescreen_words "$cur" "now"; return 0 ;;
        --set) return 0 ;;
      esac ;;
    rules)
      if [[ $cur != -* ]]; then _needlescreen_words "$cur" "test lint doc cases diff"; return 0; fi
      options="-h --help" ;;
    "rules test")
      options="-h --help --rules --format --verbose -v --coverage-min"
      case $prev in
        --rules) _needlescreen_files "$cur"; return 0 ;;
        --format) _needlescreen_words "$cur" "text json"; return 0 ;;
        --coverage-min) return 0 ;;
      esac ;;
    "rules lint")
      options="-h --help --format --at"
      case $prev in
        --format) _needlescreen_words "$cur" "text json"; return 0 ;;
        --at) _needlescreen_words "$cur" "now"; return 0 ;;
      esac ;;
    "rules doc")
      options="-h --help --format --rules"
      case $prev in
        --rules) _needlescreen_files "$cur"; return 0 ;;
        --format) _needlescreen_words "$cur" "md dot"; return 0 ;;
      esac
      [[ $cur != -* ]] && return 0 ;;
    "rules cases")
      options="-h --help --rules --at"
      case $prev in
        --rules) _needlescreen_files "$cur"; return 0 ;;
        --at) _needlescreen_words "$cur" "now"; return 0 ;;
      esac
      [[ $cur != -* ]] && return 0 ;;
    "rules diff")
      # OLD and NEW are rule files, directories or the word builtin; then records.
      options="-h --help --format --input-format --at --set --quiet"
      case $prev in
        --format) _needlescreen_words "$cur" "text json"; return 0 ;;
        --input-format) _needlescreen_words "$cur" "yaml json jsonl csv fhir"; return 0 ;;
        --at) _needlescreen_words "$cur" "now"; return 0 ;;
        --set) return 0 ;;
      esac
      if [[ $cur != -* ]]; then
        _needlescreen_files "$cur"
        [[ builtin == "$cur"* ]] && COMPREPLY+=(builtin)
        return 0
      fi ;;
    template)
      options="-h --help --format --rules"
      case $prev in
        --rules) _needlescreen_files "$cur"; return 0 ;;
        --format) _needlescreen_words "$cur" "yaml json csv fhir"; return 0 ;;
      esac
      [[ $cur != -* ]] && return 0 ;;
    schema)
      options="-h --help --rules --strict"
      case $prev in
        --rules) _needlescreen_files "$cur"; return 0 ;;
      esac
      if [[ $cur != -* ]]; then _needlescreen_words "$cur" "intake output"; return 0; fi ;;
    serve)
      options="-h --help --listen --rules --set --trust --public-url --threads --queue
               --max-body --timeout --strict"
      case $prev in
        --rules) _needlescreen_files "$cur"; return 0 ;;
        --listen | --set | --trust | --public-url | --threads | --queue | --max-body | --timeout)
          return 0 ;;
      esac
      [[ $cur != -* ]] && return 0 ;;
    *) return 1 ;;
  esac
  if [[ $cur == -* ]]; then
    _needlescreen_words "$cur" "$options"
  else
    _needlescreen_files "$cur"  # check's records, rules test/lint's paths
  fi
}

_needlescreen() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  # --format=json: bash splits the word at '=' (COMP_WORDBREAKS).
  if [[ $cur == = ]]; then
    cur="" prev=${COMP_WORDS[COMP_CWORD - 1]}
  elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi
  COMPREPLY=()
  if ((COMP_CWORD == 1)); then
    if [[ $cur == -* ]]; then
      _needlescreen_words "$cur" "-h --help --version"
    else
      # check is the default command: `needlescreen FILE` checks FILE.
      _needlescreen_words "$cur" "check interview rules template schema serve"
      local commands=("${COMPREPLY[@]}")
      _needlescreen_files "$cur"
      COMPREPLY=("${commands[@]}" "${COMPREPLY[@]}")
    fi
    return
  fi
  local command=${COMP_WORDS[1]}
  if [[ $command == rules ]] && ((COMP_CWORD > 2)); then
    case ${COMP_WORDS[2]} in
      test | lint | doc | cases | diff) command="rules ${COMP_WORDS[2]}" ;;
      *) return 0 ;;
    esac
  fi
  _needlescreen_command "$command" || _needlescreen_command check
}

complete -F _needlescreen needlescreen
