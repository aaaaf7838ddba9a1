#!/usr/bin/env bash
# Renders HTML agendas in headless Chromium (Debian's `chromium`) to PNG and PDF, and the PDF
# pages to PNG (poppler-utils' `pdftoppm`), so that a person can look at them before printing.
#
#   Templates/render-check.sh                 # ministerial event (es), first consultation (en, es+en)
#   OUT=/tmp/look Templates/render-check.sh activity:caribbean:fr venue:cepal:es
#
# Needs: apt-get install -y chromium poppler-utils. Nothing is written inside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/debug/cartagena}
OUT=${OUT:-/tmp/agenda-render}
CHROMIUM=${CHROMIUM:-chromium}
[ -x "$BIN" ] || { echo "no $BIN; run 'swift build' first (or set BIN)" >&2; exit 1; }
command -v "$CHROMIUM" >/dev/null || { echo "no chromium; run: apt-get install -y chromium poppler-utils" >&2; exit 1; }
mkdir -p "$OUT"
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(activity:ministerial:es activity:c1-protection:en activity:c1-protection:es,en)
# Root needs --no-sandbox; a fixed profile folder keeps Chromium away from $HOME.
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$OUT/.chromium" --no-first-run)
for spec in "${specs[@]}"; do
  IFS=: read -r kind id lang <<<"$spec"
  name="$kind-$id-${lang/,/+}"
  html="$OUT/$name.html"
  "$BIN" agenda --"$kind" "$id" --lang "$lang" --format html --out "$html" >/dev/null
  # Screen view: 1000 px wide, tall enough for the first day.
  "$CHROMIUM" "${flags[@]}" --window-size=1000,1400 --screenshot="$OUT/$name.png" "file://$(realpath "$html")" 2>/dev/null
  # Print view: A4 through the page's own @page rules, without Chromium's header and footer.
  "$CHROMIUM" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$OUT/$name.pdf" "file://$(realpath "$html")" 2>/dev/null
  if command -v pdftoppm >/dev/null; then
    rm -f "$OUT/$name-page"-*.png
    pdftoppm -png -r 70 "$OUT/$name.pdf" "$OUT/$name-page"
  fi
  echo "$OUT/$name.png  $OUT/$name.pdf ($(pdfinfo "$OUT/$name.pdf" 2>/dev/null | awk '/^Pages/ {print $2}') pages)"
done
