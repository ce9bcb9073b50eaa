#!/usr/bin/env bash
# Issue 16: the html report renders in a real browser and prints whole. Headless
# Chromium prints two reports to PDF on A4 and on Letter paper: the red-flags
# test pack's six decisions (and a record whose id is one long unbroken word),
# and the built-in pack's example batch. pdftotext then reads back, page by
# page, that each record has exactly one page of its own with its decision
# word, stamp and signature line on it, that nothing was wider than the paper
# (Chromium would shrink the whole page to fit: a sentinel as wide as the
# printable area must end at the right margin), that no word lies outside the
# margins (nothing cut off at the right edge), and that the long id is there
# whole, wrapped.
# Skipped (77) without chromium or poppler-utils.
set -uo pipefail
bin=$1 src=$2
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ] || ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
  echo "SKIP: chromium not installed (apt-get install chromium poppler-utils)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home  # Chromium writes its profile there
mkdir -p "$HOME"
fail=0
# ~270 characters with no break opportunity (not even a hyphen: pdftotext
# would join "P-" at a line's end to the next line without it).
long_id=P$(printf 'LONGUNBROKENIDENTIFIER%.0s' {1..12})

# The red-flags batch: refer, swap, wait, proceed, incomplete, error, then
# proceed again under the long id.
{ cat "$src/tests/golden/html-refer-sydney/stdin"
  printf '{"id":"%s","patient":{"consent":true},"redflag":{"suspected_dvt":false,"site_infection":false},"injury":{"bruising":false},"treatment":{"sites":["mid"]}}\n' "$long_id"
} > "$tmp/red.jsonl"
TZ=Australia/Sydney "$bin" check --rules "$src/tests/packs/red-flags.yaml" --at 2026-11-24T21:00:00Z \
  --format html "$tmp/red.jsonl" > "$tmp/red.html"
code=$?
[ "$code" = 4 ] || { echo "check on the red-flags batch exited $code, expected 4 (one bad record)"; fail=1; }
"$bin" check --format html "$src/examples/batch.jsonl" > "$tmp/builtin.html"
code=$?
[ "$code" = 4 ] || { echo "check on examples/batch.jsonl exited $code, expected 4"; fail=1; }

# The decision word each page must show, in order.
declare -A want=([red]="REFER SWAP WAIT PROCEED INCOMPLETE ERROR PROCEED"
                 [builtin]="PROCEED SWAP WAIT INCOMPLETE ERROR SWAP")

# The printable width of each paper between 15 mm margins.
declare -A printable=([A4]=180mm [letter]=185.9mm)

# render REPORT PAPER: prints $tmp/REPORT.html on PAPER (the paper is set the
# way a print dialog would: the report itself names no size) and checks it.
render() {
  local report=$1 paper=$2 pdf=$tmp/$1-$2.pdf
  sed -e "s|</head>|<style>@page { size: $paper; }</style>\n</head>|" \
      -e "s|<body>|<body>\n<p style=\"width: ${printable[$paper]}; margin: 0; text-align: right; font-size: 8pt\">EDGESENTINEL</p>|" \
      "$tmp/$report.html" > "$tmp/$report-$paper.html"
  if ! timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
         --no-pdf-header-footer --print-to-pdf="$pdf" "file://$tmp/$report-$paper.html" \
         > "$tmp/chromium.log" 2>&1 || [ ! -s "$pdf" ]; then
    echo "$report on $paper: chromium printed no PDF:"; tail -5 "$tmp/chromium.log"; fail=1; return
  fi
  local -a words
  read -r -a words <<<"${want[$report]}"
  local pages width height
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  read -r width height < <(pdfinfo "$pdf" | awk '/^Page size:/ {printf "%.0f %.0f\n", $3, $5}')
  case $paper in
    A4) [ "$width x $height" = "595 x 842" ] ;;
    letter) [ "$width x $height" = "612 x 792" ] ;;
  esac || { echo "$report on $paper: page size $width x $height pt"; fail=1; }
  if [ "$pages" != "${#words[@]}" ]; then
    echo "$report on $paper: $pages pages for ${#words[@]} records (a record cut over pages?)"; fail=1
  fi
  local i
  for ((i = 1; i <= pages && i <= ${#words[@]}; i++)); do
    local page_text
    page_text=$(pdftotext -f "$i" -l "$i" -layout "$pdf" - | sed 's/^ *//; s/ *$//')
    grep -qx "${words[i-1]}" <<<"$page_text" \
      || { echo "$report on $paper: page $i does not show ${words[i-1]}"; fail=1; }
    # A decision page carries its rule-set stamp and the line to sign.
    grep -q "Rule set\|Screened at" <<<"$page_text" \
      || { echo "$report on $paper: page $i has no rule-set stamp"; fail=1; }
    if [ "${words[i-1]}" != ERROR ]; then
      grep -q "Clinician:.*Signature:.*Date:" <<<"$page_text" \
        || { echo "$report on $paper: page $i has no signature line"; fail=1; }
    fi
  done
  # Printed at full size: the sentinel ends at the right margin (page width
  # less 42.52 pt), not short of it as it would on a page shrunk to fit.
  local edge
  edge=$(pdftotext -f 1 -l 1 -bbox "$pdf" - | awk -v w="$width" '/>EDGESENTINEL</ {
      match($0, /xMax="[0-9.]+"/); x1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
      d = x1 - (w - 42.52); print (d < -2 || d > 2) ? "off " x1 : "ok" }')
  [ "$edge" = ok ] || { echo "$report on $paper: the page was shrunk to fit (the sentinel ends at ${edge:-nowhere})"; fail=1; }
  # Every word inside the page's 15 mm (42.5 pt) margins, give or take the
  # point or so a glyph's box reaches past its advance: at least 36 pt
  # (12.7 mm) from either edge, well inside what any printer prints.
  pdftotext -bbox "$pdf" - | awk -v w="$width" -v r="$report" -v p="$paper" '
    /<page / { page++ }
    /<word / {
      match($0, /xMin="[0-9.]+"/); x0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
      match($0, /xMax="[0-9.]+"/); x1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
      if (x0 < 36 || x1 > w - 36) {
        sub(/.*">/, ""); sub(/<\/word>.*/, "")
        printf "%s on %s: page %d: \"%s\" lies outside the margins (x %.1f..%.1f of %.1f pt)\n", r, p, page, $0, x0, x1, w
        bad = 1
      }
    }
    END { exit bad }' || fail=1
  if [ "$report" = red ]; then
    pdftotext "$pdf" - | tr -d ' \n' | grep -qF "$long_id" \
      || { echo "red on $paper: the long id is not there whole"; fail=1; }
  fi
  echo "$report on $paper: $pages pages, ${words[*]}"
}

for paper in A4 letter; do
  render red "$paper"
  render builtin "$paper"
done
exit $fail
