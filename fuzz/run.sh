#!/usr/bin/env bash
# fuzz/run.sh TARGET CPU_SECONDS [LOG]: runs one fuzz target, built with
# AddressSanitizer by `RUSTC_BOOTSTRAP=1 cargo fuzz build -O`, on its corpus
# until the fuzzer has used CPU_SECONDS of CPU time (not wall time: on a
# shared machine it runs at nice 19 and may get less than a core), then stops
# it with SIGINT and prints the CPU seconds and corpus size. A crash, leak,
# timeout (60 s) or out-of-memory (2 GB) stops it early: exit 1, the input
# in artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
budget=$2
log=${3:-/dev/stdout}
bin=target/x86_64-unknown-linux-gnu/release/$target
[ -x "$bin" ] || { echo "$bin missing: RUSTC_BOOTSTRAP=1 cargo fuzz build -O" >&2; exit 2; }
mkdir -p "corpus/$target" "artifacts/$target"
nice -n 19 "$bin" "corpus/$target" -rss_limit_mb=2048 -timeout=60 -max_total_time=86400 \
  -artifact_prefix="artifacts/$target/" -print_final_stats=1 >"$log" 2>&1 &
pid=$!
ticks=$(getconf CLK_TCK)
used=0
while kill -0 "$pid" 2>/dev/null; do
  # utime + stime of the fuzzer process (fields 14, 15 of /proc/PID/stat)
  if stat=$(cat "/proc/$pid/stat" 2>/dev/null); then
    used=$(echo "$stat" | awk -v t="$ticks" '{ sub(/^.*\) /, ""); print int(($12 + $13) / t) }')
  fi
  if [ "$used" -ge "$budget" ]; then
    kill -INT "$pid"
    break
  fi
  sleep 5
done
status=0
wait "$pid" || status=$?
# crash-, leak-, timeout- and oom- inputs are failures; slow-unit- ones
# (over 10 s wall, often only a busy machine) are listed for a look
crashes=$(find "artifacts/$target" -type f ! -name 'slow-unit-*' | wc -l)
slow=$(find "artifacts/$target" -type f -name 'slow-unit-*' | wc -l)
echo "$target: ${used} CPU s, exit $status, corpus $(ls "corpus/$target" | wc -l) inputs, failures $crashes, slow units $slow" >&2
[ "$crashes" -eq 0 ]
