#!/usr/bin/env bash
# Installs what the scan degrader needs (Debian + CPython with pip): pdftoppm
# (poppler-utils) to render pages, img2pdf to wrap the JPEG pages into an
# image-only PDF, Pillow and numpy for the image work. Skips what is present.
set -euo pipefail
need=()
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v img2pdf >/dev/null 2>&1 || need+=(img2pdf)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ "${#need[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
PY="${PYTHON:-python3}"
"$PY" -c 'import PIL, numpy' 2>/dev/null ||
  "$PY" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore pillow==13.0.0 numpy==2.4.6
