#!/usr/bin/env bash
# The test command: installs the system packages the tests use, then runs
# every unit and end-to-end test (release build: the OCR tests decode images),
# and closes with one line adding up all test binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/scans/setup.sh   # the scan degrader of tests/scans_degraded.rs
log=$(mktemp)
status=0
if ! cargo test --release --locked "$@" 2>&1 | tee "$log"; then
  status=1
fi
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit $status
