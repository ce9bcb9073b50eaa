#!/usr/bin/env bash
# Installs the Debian 12 packages needlescreen builds with, only those missing.
# Runs apt-get as root, or through sudo when it is available.
set -euo pipefail
pkgs=(build-essential cmake pkg-config libcli11-dev libfmt-dev libyaml-cpp-dev libyaml-dev libsimdjson-dev libcsv-dev libedit-dev
      libgtest-dev libgmock-dev libssl-dev graphviz time
      libcpp-httplib-dev libjwt-dev  # serve: HTTP and the CDS Hooks JWT
      curl python3-jwt python3-cryptography  # tests/serve: a client, and tokens signed by the test
      tzdata  # real zones (Australia/Sydney, America/New_York) for the local-time tests
      tmux    # tests/interview/screen.sh: the interview's screen at 80x24
      python3-jsonschema python3-yaml  # python3-*: tests/authoring/validate_schema.py
      chromium poppler-utils  # tests/report/render.sh prints the html report in a real browser
      help2man gzip man-db dpkg-dev file  # man pages from --help; make deb (CPack DEB: dpkg-shlibdeps, file)
      lintian zsh fish  # tests/package: the .deb under lintian, the zsh and fish completions
      # tests/scale/scaleout_test.sh: README "Scaling out" with GNU parallel, on
      # this machine and over ssh to two network namespaces with an sshd each.
      # (On a machine with systemd, openssh-server's package also starts the
      # system's sshd on port 22.)
      parallel openssh-server openssh-client iproute2)
# tests/fhir/validate.sh: node and npm (npm ci installs the `fhir` package).
# Only when there is no npm at all: a NodeSource node ships its own npm, and
# Debian's npm would conflict with it.
command -v npm >/dev/null || pkgs+=(nodejs npm)
pkgs+=("$@")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
  echo "missing packages (${missing[*]}) and neither root nor sudo: install them and re-run" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
