#!/usr/bin/env bash
# The test command: installs the system packages the tests use, then runs
# every unit and end-to-end test (release build: the OCR tests decode images).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo test --release --locked "$@"
