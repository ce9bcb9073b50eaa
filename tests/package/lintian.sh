#!/usr/bin/env bash
# CPack DEB of the build tree into a temporary directory: lintian reports no
# error and no warning, the control fields are those the package promises
# (Depends from dpkg-shlibdeps, Section, Priority, an extended description),
# it holds md5sums, and the binary it installs runs.
# usage: lintian.sh BUILD_DIR
set -uo pipefail
build=$1
fail() { echo "FAIL: $*"; exit 1; }
command -v lintian >/dev/null || { echo "SKIP: no lintian (scripts/install-deps.sh installs it)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cpack --config "$build/CPackConfig.cmake" -B "$work" > "$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack"; }
debs=("$work"/needlescreen_*.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no needlescreen_*.deb: $(ls "$work")"
deb=${debs[0]}
echo "package: $(basename "$deb")"

# lintian: every tag shown (info and pedantic too), none an error or a warning.
lintian --info --display-info --display-level '>=pedantic' "$deb" > "$work/lintian" 2>&1
status=$?
cat "$work/lintian"
[ $status = 0 ] || fail "lintian exited $status"
! grep -qE '^[EW]: ' "$work/lintian" || fail "lintian reports errors or warnings"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = needlescreen ] || fail "Package: $(field Package)"
[ "$(field Section)" = science ] || fail "Section: $(field Section)"
[ "$(field Priority)" = optional ] || fail "Priority: $(field Priority)"
# dpkg-shlibdeps: the libraries the binary links, versioned.
depends=$(field Depends)
for lib in libc6 libstdc++6 libyaml-cpp libfmt libsimdjson libssl3 libedit2; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
[ "$(field Description | wc -l)" -gt 5 ] || fail "no extended description"
! grep -qE '&[a-z]+;' <<< "$(field Description)" || fail "an XML entity in the Description: $(field Description)"
# (Listed first, then searched: grep -q would end tar early, and pipefail fail it.)
control=$(dpkg-deb --ctrl-tarfile "$deb" | tar -t)
grep -qE '^(\./)?md5sums$' <<< "$control" || fail "no md5sums in: $control"

# The files at Debian's paths, nothing under /usr/local.
dpkg-deb -c "$deb" | awk '{print $6}' > "$work/files"
for f in ./usr/bin/needlescreen ./usr/share/man/man1/needlescreen.1.gz \
  ./usr/share/man/man1/needlescreen-check.1.gz \
  ./usr/share/bash-completion/completions/needlescreen \
  ./usr/share/zsh/vendor-completions/_needlescreen \
  ./usr/share/fish/vendor_completions.d/needlescreen.fish \
  ./usr/share/doc/needlescreen/copyright ./usr/share/doc/needlescreen/changelog.gz; do
  grep -qxF "$f" "$work/files" || fail "the package lacks $f"
done
! grep -q '^\./usr/local' "$work/files" || fail "the package installs under /usr/local"

# What it installs runs.
dpkg-deb -x "$deb" "$work/root"
grep -q "^needlescreen $(field Version)\$" <<< "$("$work/root/usr/bin/needlescreen" --version)" ||
  fail "the packaged needlescreen --version does not say $(field Version)"
echo "ok: lintian clean; Depends: $depends"
