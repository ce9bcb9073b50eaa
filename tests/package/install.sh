#!/usr/bin/env bash
# `cmake --install` of the build tree (what `make install` runs): under a
# --prefix with spaces every expected file is there and nothing else; with
# DESTDIR nothing is written outside it; man pages (one per command --help
# lists) are gzip -9n'd, render without a warning from man and carry every
# option --help prints; the completions load; the installed binary runs.
# usage: install.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1 src=$2
bin=$build/needlescreen
source "$(dirname "$0")/commands.sh"  # help_options, command_paths
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$("$bin" --version | sed -n '1s/^needlescreen //p')

# The files an install holds, relative to the prefix.
expected() {
  local path
  echo bin/needlescreen
  while IFS= read -r path; do
    page=needlescreen${path:+-${path// /-}}
    echo "share/man/man1/$page.1.gz"
  done < <(command_paths)
  echo share/bash-completion/completions/needlescreen
  echo share/zsh/vendor-completions/_needlescreen
  echo share/fish/vendor_completions.d/needlescreen.fish
  for f in README.md rules.md decision.svg copyright changelog.gz; do
    echo "share/doc/needlescreen/$f"
  done
  (cd "$src/examples" && find . -type f | sed 's|^\./|share/doc/needlescreen/examples/|')
}
expected | sort > "$work/expected"

# 1. A prefix with spaces.
prefix="$work/a prefix with spaces/usr"
cmake --install "$build" --prefix "$prefix" > "$work/log" 2>&1 ||
  { cat "$work/log"; fail "cmake --install --prefix '$prefix'"; }
(cd "$prefix" && find . -type f -o -type l | sed 's|^\./||' | sort) > "$work/got"
diff -u "$work/expected" "$work/got" || fail "installed files differ from the expected ones"

# 2. DESTDIR: all under it, nothing at the prefix itself.
outside="$work/outside/usr"
DESTDIR="$work/dest" cmake --install "$build" --prefix "$outside" > "$work/log" 2>&1 ||
  { cat "$work/log"; fail "DESTDIR=... cmake --install"; }
[ ! -e "$work/outside" ] || fail "DESTDIR install wrote outside DESTDIR: $(find "$work/outside")"
(cd "$work/dest$outside" 2>/dev/null && find . -type f -o -type l | sed 's|^\./||' | sort) \
  > "$work/got-destdir"
diff -u "$work/expected" "$work/got-destdir" || fail "DESTDIR install differs"
stray=$(cd "$work/dest" && find . -type f -o -type l | grep -v "^\.$outside/")
[ -z "$stray" ] || fail "files in DESTDIR outside the prefix: $stray"

# 3. Compressed reproducibly: gzip -9n (no name, no time stamp in the header).
while IFS= read -r f; do
  case $f in *.gz)
    header=$(od -An -tx1 -N8 "$prefix/$f" | tr -d ' \n')
    [ "$header" = 1f8b080000000000 ] || fail "$f: gzip header $header carries a name or a time"
    gzip -t "$prefix/$f" || fail "$f: not gzip"
  esac
done < "$work/expected"

# 4. Man pages: man renders each without a warning (as lintian runs it), the
# whatis entry is the page's name, every option --help prints is on the page.
while IFS= read -r path; do
  page=needlescreen${path:+-${path// /-}}
  file="$prefix/share/man/man1/$page.1.gz"
  [ -f "$file" ] || continue
  warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
    man --warnings -E UTF-8 -l -Tutf8 -Z "$file" 2>&1 > /dev/null)
  [ -z "$warnings" ] || fail "$page.1: man warns: $warnings"
  # help2man reads an option's description from two spaces after its name.
  squeezed=$(help_of "$path" | awk '/^(Options|Positionals):/ {o = 1; next} /^[^ ]/ {o = 0}
    o && /^  [^ ]/ && !/^  [^ ].*  +[^ ]/ && / [A-Z][a-z]+ [a-z]/')
  [ -z "$squeezed" ] || fail "'needlescreen $path --help': one space before a description: $squeezed"
  whatis=$(lexgrog "$file" 2>&1)
  [[ $whatis == *": \"$page - "* ]] || fail "$page.1: whatis entry: $whatis"
  text=$(LC_ALL=C MANWIDTH=100 MANPAGER=cat man -l "$file" 2>&1)
  for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES "SEE ALSO"; do
    grep -q "^$section\$" <<< "$text" || fail "$page.1 has no $section section"
  done
  for option in $(help_options "$path"); do
    grep -qE -- "(^|[ ,])$option([ ,=]|\$)" <<< "$text" || fail "$page.1 lacks $option"
  done
  grep -q "needlescreen $version" <<< "$text" || fail "$page.1 does not name needlescreen $version"
done < <(command_paths)
text=$(LC_ALL=C MANWIDTH=100 MANPAGER=cat man -l "$prefix/share/man/man1/needlescreen.1.gz")
grep -q "needlescreen-check(1)" <<< "$text" || fail "needlescreen.1: SEE ALSO lacks needlescreen-check(1)"

# 5. The binary runs from the prefix; the changelog is of this version; the
# copyright is DEP-5 with LICENSE's text.
grep -q "^needlescreen $version\$" <<< "$("$prefix/bin/needlescreen" --version)" ||
  fail "installed needlescreen --version"
top=$(gzip -dc "$prefix/share/doc/needlescreen/changelog.gz" | head -1)
[[ $top == "needlescreen ($version) "* ]] ||
  fail "changelog.gz's latest entry '$top' is not needlescreen ($version): add one to packaging/changelog"
copyright="$prefix/share/doc/needlescreen/copyright"
head -1 "$copyright" | grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/$' ||
  fail "copyright is not DEP-5"
sed -n '/^Permission/,$p' "$src/LICENSE" | sed 's/^$/./; s/^/ /' > "$work/license"
# The stand-alone "License: Expat" paragraph (the second line naming it).
awk 'on && /^$/ {exit} on; /^License: Expat$/ && ++n == 2 {on = 1}' "$copyright" > "$work/expat"
diff -u "$work/license" "$work/expat" || fail "copyright's Expat text differs from LICENSE's"

# 6. The installed bash completion completes.
reply=$(bash --norc --noprofile -c 'source "$1"; COMP_WORDS=(needlescreen ch); COMP_CWORD=1;
  _needlescreen; echo "${COMPREPLY[*]}"' bash "$prefix/share/bash-completion/completions/needlescreen")
[ "$reply" = check ] || fail "installed bash completion: 'needlescreen ch<Tab>' gives '$reply'"

[ $failures = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "ok: $(wc -l < "$work/expected") files installed under a prefix with spaces and under DESTDIR"
