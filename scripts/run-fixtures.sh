#!/usr/bin/env bash
# The main job on the bundled fixtures: set-up, release build, extraction of
# every fixture into OUT (default ./out), then the gold scores.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-out}"
bash scripts/setup.sh
cargo build --release --locked
status=0
./target/release/trichxuat extract fixtures/*.txt $(ls fixtures/*.text.pdf fixtures/*.scan.pdf 2>/dev/null) fixtures/synthetic --out "$OUT" || status=$?
python3 fixtures/gold/score.py --gold fixtures/gold --pred "$OUT" --only-predicted | tail -n 3
exit $status
