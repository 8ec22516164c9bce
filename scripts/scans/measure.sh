#!/usr/bin/env bash
# Degrades the fixtures' text PDFs with several seeds, extracts them with the
# release binary (--jobs 1, fresh OCR cache), scores each seed against the
# copied gold and times plain `tesseract -l vie` over the same page images.
#
#   bash scripts/scans/measure.sh OUTDIR [SEED...]      (default seeds: 1 2 3)
#   HARSHNESS=light|default|harsh|N   PLAIN=0 skips the plain-Tesseract timing
#
# Writes OUTDIR/seed-S/{*.scan.pdf,gold/,pred/,score.json,times} and prints one
# table row per document and seed.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${1:?usage: measure.sh OUTDIR [SEED...]}"; shift || true
SEEDS=("$@"); [ "${#SEEDS[@]}" -gt 0 ] || SEEDS=(1 2 3)
H="${HARSHNESS:-default}"
bash scripts/scans/setup.sh
cargo build --release --locked -q
mkdir -p "$OUT"
for s in "${SEEDS[@]}"; do
  d="$OUT/seed-$s"; mkdir -p "$d"
  for f in fixtures/*.text.pdf; do
    n="$(basename "$f" .text.pdf)"
    [ -f "$d/$n.scan.pdf" ] || scripts/scans/degrade --quiet --seed "$s" --harshness "$H" "$f" "$d/$n.scan.pdf"
  done
  rm -rf "$d/pred"
  for pdf in "$d"/*.scan.pdf; do
    n="$(basename "$pdf" .scan.pdf)"
    t0=$(date +%s.%N)
    ./target/release/trichxuat extract "$pdf" --out "$d/pred" --jobs 1 --format json >/dev/null 2>"$d/$n.stderr" || true
    t1=$(date +%s.%N)
    plain=""
    if [ "${PLAIN:-1}" = 1 ]; then
      img="$(mktemp -d)"
      pdfimages -j "$pdf" "$img/p"
      t2=$(date +%s.%N)
      for p in "$img"/p-*; do OMP_THREAD_LIMIT=1 tesseract "$p" - -l vie >/dev/null 2>&1; done
      t3=$(date +%s.%N)
      plain=$(echo "$t3 - $t2" | bc)
      rm -rf "$img"
    fi
    echo "$n $(echo "$t1 - $t0" | bc) $plain" >> "$d/times"
  done
  python3 fixtures/gold/score.py --gold "$d/gold" --pred "$d/pred" --only-predicted --json > "$d/score.json" || true
done
python3 scripts/scans/table.py "$OUT"
