# Sourced by the tests in tests/package: what the binary's own --help says.
# Needs $bin, the needlescreen binary.

# --help of a command path ("" for needlescreen, "rules lint"): its option
# names (-h,--help gives two), its subcommands, an option's {a,b,c} values.
help_of() { "$bin" $1 --help; }  # $1 unquoted on purpose: "rules lint" is two words
help_options() {
  help_of "$1" | awk '/^Options:/ {o = 1; next} /^[^ ]/ {o = 0}
    o && /^  -/ {n = split($1, a, ","); for (i = 1; i <= n; i++) print a[i]}'
}
help_commands() {
  help_of "$1" | awk '/^Subcommands:/ {s = 1; next} /^[^ ]/ {s = 0} s && /^  [a-z]/ {print $1}'
}
help_values() {  # $1 command, $2 option: "text json ..." or nothing
  help_of "$1" | awk -v opt="$2" '$1 == opt && match($0, /:\{[^}]*\}/) {
    v = substr($0, RSTART + 2, RLENGTH - 3); gsub(",", " ", v); print v}'
}

# Every command path, needlescreen first: "", check, ..., rules, rules test, ...
command_paths() {
  local queue=("") path sub
  while [ ${#queue[@]} -gt 0 ]; do
    path=${queue[0]}
    queue=("${queue[@]:1}")
    echo "$path"
    for sub in $(help_commands "$path"); do queue+=("${path:+$path }$sub"); done
  done
}
