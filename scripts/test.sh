#!/usr/bin/env bash
# The test command: installs the system packages the tests use, then runs
# every unit and end-to-end test (release build: the OCR tests decode images),
# then builds and installs the Python package (bindings/python) and runs its
# pytest suite against the CLI's outputs, and closes with one line adding up
# all test binaries and pytest. TRICHXUAT_SKIP_PYTHON=1 skips the Python part.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/scans/setup.sh   # the scan degrader of tests/scans_degraded.rs
bash scripts/unikey/setup.sh  # UniKey's converter for tests/legacy_converters.rs
log=$(mktemp)
status=0
if ! cargo test --release --locked "$@" 2>&1 | tee "$log"; then
  status=1
fi
if [ -z "${TRICHXUAT_SKIP_PYTHON:-}" ]; then
  # The wheel's crate shares target/ (same lock versions, same profile), so
  # only pyo3 and the extension itself compile again.
  start=$(date +%s)
  if python3 -m pip install -q --disable-pip-version-check maturin pandas duckdb pytest 2>&1 | tee -a "$log" \
     && CARGO_TARGET_DIR="$PWD/target" python3 -m pip install -q --disable-pip-version-check --force-reinstall --no-deps ./bindings/python 2>&1 | tee -a "$log"; then
    echo "python package built and installed in $(( $(date +%s) - start )) s"
    if ! TRICHXUAT_BIN="$PWD/target/release/trichxuat" python3 -m pytest -q bindings/python/tests 2>&1 | tee -a "$log"; then
      status=1
    fi
  else
    echo "python package: install failed" | tee -a "$log"
    echo "1 failed (python package install)" >> "$log"
    status=1
  fi
fi
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     /^[0-9]+ (passed|failed)/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit $status
