#!/usr/bin/env bash
# Installs what trichxuat needs at build, run and test time on Debian/Ubuntu:
# Tesseract 5 with the Vietnamese model (scanned PDFs; the library and its
# headers too, as OCR runs in-process through the C API, whose Rust binding
# is generated with libclang at build time), poppler-utils
# (pdftoppm fallback rendering, pdftotext baseline in benchmarks), python3 (the
# gold scorer used by the end-to-end tests). Skips what is already there.
set -euo pipefail
need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -qx vie || need+=(tesseract-ocr-vie)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# building: Tesseract and Leptonica headers (found with pkg-config), libclang for the binding
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
pkg-config --exists tesseract 2>/dev/null || need+=(libtesseract-dev)
pkg-config --exists lept 2>/dev/null || need+=(libleptonica-dev)
dpkg-query -W -f='${Status}' libclang-dev 2>/dev/null | grep -q "ok installed" || need+=(libclang-dev)
command -v cc >/dev/null 2>&1 || need+=(gcc libc6-dev)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# the report's browser test (tests/report_browser.rs): headless Chromium
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# text PDFs of generated layouts (tests/generated_layouts.rs, ../shared/tools/make_fixtures.sh)
command -v img2pdf >/dev/null 2>&1 || need+=(img2pdf)
[ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation2)
if [ "${#need[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if ! python3 -c 'import reportlab, PIL, numpy' >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check reportlab==5.1.0 pillow==13.0.0 numpy==2.4.6 >/dev/null 2>&1 \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages reportlab==5.1.0 pillow==13.0.0 numpy==2.4.6 >/dev/null 2>&1 \
    || echo "setup: reportlab/pillow/numpy not installed: generated PDF test will be skipped" >&2
fi
command -v cargo >/dev/null 2>&1 || { echo "setup: cargo (Rust toolchain) is required" >&2; exit 1; }
