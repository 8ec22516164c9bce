#!/usr/bin/env bash
# End-to-end check of a sharded trichxuat run under Slurm:
#   1. submit trichxuat-array.sbatch (4 shards), then the merge with afterok,
#      wait for both, and verify the shards and the merged output;
#   2. run the same corpus unsharded and compare the merged CSVs/SQLite with it;
#   3. submit the array again with --resume into the same folders: every
#      document must be skipped, and a second merge must not change anything.
# Needs a working Slurm (scripts/slurm/setup-local-slurm.sh makes one on this machine).
#
#   TRICHXUAT=... CORPUS=... OUT=... SHARDS=4 bash scripts/slurm/run-demo.sh
# If CORPUS does not exist it is made from the two text fixtures (200 distinct
# copies).  Only $OUT/{shard-*,all,single,logs} are removed before the run.
# Exit status 0 only if every check passed.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TRICHXUAT="$(realpath "${TRICHXUAT:-$ROOT/target/release/trichxuat}")"
CORPUS="${CORPUS:-/tmp/slurm-demo/corpus}"
OUT="${OUT:-/tmp/slurm-demo/out}"
SHARDS="${SHARDS:-4}"
NDOCS="${NDOCS:-200}"
WAIT_LIMIT="${WAIT_LIMIT:-900}"   # seconds to wait for a set of jobs
# afterok: merge only if every shard task completed.  A shard whose run ended
# with failed inputs still completes (trichxuat-array.sbatch maps exit 1 to 0;
# the failures are in errors.csv); with STRICT=1 it fails and the merge stays
# pending (DependencyNeverSatisfied, detected below) unless MERGE_DEP=afterany.
MERGE_DEP="${MERGE_DEP:-afterok}"
FAILED=0

say()  { printf '\n=== %s\n' "$*"; }
ok()   { printf '  OK    %s\n' "$*"; }
bad()  { printf '  FAIL  %s\n' "$*"; FAILED=1; }
now()  { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b-a}'; }

# wait_jobs ID...: poll squeue until none of the jobs is pending/running;
# print each change of state; give up on DependencyNeverSatisfied or time out.
wait_jobs() {
  local ids; ids=$(IFS=,; echo "$*")
  local last="" cur t0; t0=$(date +%s)
  while :; do
    cur=$(squeue -h -j "$ids" -o '%i %T %r' 2>/dev/null | sort || true)
    if [ "$cur" != "$last" ]; then
      echo "  [$(date +%T)] squeue:"; echo "${cur:-    (none left)}" | sed 's/^/    /'
      last=$cur
    fi
    [ -z "$cur" ] && return 0
    if grep -q DependencyNeverSatisfied <<<"$cur"; then
      bad "dependency never satisfied (a shard failed): $cur"; scancel "${@}"; return 1
    fi
    if [ $(( $(date +%s) - t0 )) -gt "$WAIT_LIMIT" ]; then
      bad "jobs $ids still queued after ${WAIT_LIMIT}s"; return 1
    fi
    sleep 0.5
  done
}

# job_summary ID: JobId/state/exit/start/end of a finished job (and of each
# array task) from scontrol, which keeps finished jobs for MinJobAge (300 s).
job_summary() {
  scontrol -o show job "$1" | tr ' ' '\n' |
    grep -E '^(JobId|ArrayTaskId|JobName|JobState|ExitCode|StartTime|EndTime|RunTime|NumCPUs|NodeList|StdOut)=' |
    paste -sd' ' | sed 's/ JobId=/\nJobId=/g' | sed 's/^/    /'
}

say "setup: $(date -Is) on $(hostname)"
echo "  trichxuat: $TRICHXUAT ($("$TRICHXUAT" --version))"
echo "  slurm:     $(sinfo -V); corpus $CORPUS; out $OUT; shards $SHARDS"
sinfo | sed 's/^/  /'
if [ ! -d "$CORPUS" ]; then
  echo "  making $NDOCS documents in $CORPUS"
  mkdir -p "$CORPUS"
  # Year folders holding the same file names, as archives do (qd_7.txt in each
  # of four years), and names that collide once suffixed (ke_hoach.txt twice
  # beside ke_hoach_2.txt): every input must still get its own doc_id.
  for i in $(seq 1 "$NDOCS"); do
    if [ $((i % 2)) -eq 1 ]; then f=cao_bang_2015; else f=dong_nai_2020; fi
    case $i in
      1) rel=2019/ke_hoach.txt ;; 2) rel=2020/ke_hoach.txt ;; 3) rel=2019/ke_hoach_2.txt ;;
      *) rel=$((2015 + i % 4))/qd_$((i / 4)).txt ;;
    esac
    mkdir -p "$CORPUS/$(dirname "$rel")"
    { cat "$ROOT/fixtures/$f.txt"; printf '\nBản sao số %d\n' "$i"; } > "$CORPUS/$rel"
  done
fi
CORPUS="$(realpath "$CORPUS")"
n_in=$(find "$CORPUS" -type f \( -name '*.txt' -o -name '*.pdf' \) | wc -l)
n_sha=$(find "$CORPUS" -type f \( -name '*.txt' -o -name '*.pdf' \) -exec sha256sum {} + | cut -d' ' -f1 | sort -u | wc -l)
echo "  corpus: $n_in inputs, $n_sha distinct sha256"
NDOCS=$n_in
mkdir -p "$OUT"
rm -rf "$OUT"/shard-* "$OUT/all" "$OUT/single" "$OUT/logs"
mkdir -p "$OUT/logs"
export TRICHXUAT CORPUS OUT

# ---------------------------------------------------------------- test 1
say "test 1: array of $SHARDS shards, then merge ($MERGE_DEP)"
TIMECMD=""; [ -x /usr/bin/time ] && TIMECMD="/usr/bin/time -f 'merge wall %e s'"
t0=$(now)
ARRAY=$(sbatch --parsable --array="1-$SHARDS" --chdir="$OUT" \
          --output="$OUT/logs/%x-%A_%a.out" "$HERE/trichxuat-array.sbatch")
ARRAY=${ARRAY%%;*}
MERGE=$(sbatch --parsable --job-name=trichxuat-merge --chdir="$OUT" \
          --dependency="$MERGE_DEP:$ARRAY" --cpus-per-task=1 \
          --output="$OUT/logs/%x-%j.out" \
          --wrap "echo merge on \$(hostname); $TIMECMD '$TRICHXUAT' merge '$OUT'/shard-* --out '$OUT/all'")
MERGE=${MERGE%%;*}
echo "  submitted array job $ARRAY, merge job $MERGE"
wait_jobs "$ARRAY" "$MERGE" || true
t1=$(now)
echo "  submit -> merge done: $(secs "$t0" "$t1") s"
echo "  scontrol show job $ARRAY:"; job_summary "$ARRAY"
echo "  scontrol show job $MERGE:"; job_summary "$MERGE"
{ scontrol -o show job "$ARRAY"; scontrol -o show job "$MERGE"; } > "$OUT/logs/scontrol-test1.txt" 2>&1 || true
for f in "$OUT"/logs/trichxuat-*.out; do echo "  --- $(basename "$f")"; sed 's/^/    /' "$f"; done

# array wall time = first task start -> last task end (scontrol, 1 s resolution)
read -r A_WALL M_WALL < <({ scontrol -o show job "$ARRAY"; scontrol -o show job "$MERGE"; } | python3 -c '
import sys, datetime as d
arr, mer = [], []
for line in sys.stdin:
    f = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
    s = d.datetime.fromisoformat(f["StartTime"]); e = d.datetime.fromisoformat(f["EndTime"])
    (mer if f.get("JobName") == "trichxuat-merge" else arr).append((s, e))
w = lambda xs: (max(e for _, e in xs) - min(s for s, _ in xs)).total_seconds() if xs else -1
print(int(w(arr)), int(w(mer)))')
echo "  array wall (first start -> last end, scontrol): ${A_WALL} s; merge job wall: ${M_WALL} s"

say "verify shards and merged output"
python3 - "$OUT" "$SHARDS" "$NDOCS" <<'PY' || FAILED=1
import csv, glob, json, os, sqlite3, sys
out, shards, ndocs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
bad = 0
def check(cond, msg):
    global bad
    print(("  OK    " if cond else "  FAIL  ") + msg); bad |= not cond
def rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))
where = {}
total = 0
for k in range(1, shards + 1):
    d = f"{out}/shard-{k}"
    js = sorted(glob.glob(f"{d}/*.json"))
    ids = [json.load(open(p, encoding="utf-8"))["doc_id"] for p in js]
    docs = rows(f"{d}/documents.csv")
    errs = rows(f"{d}/errors.csv")
    print(f"  shard-{k}: {len(js)} JSON, {len(docs)} documents.csv rows, {len(errs)} errors")
    total += len(js)
    for i in ids:
        where.setdefault(i, []).append(k)
check(total == ndocs, f"shards hold {total} JSON documents in all (want {ndocs})")
dup = {i: ks for i, ks in where.items() if len(ks) > 1}
check(not dup, f"no doc_id in two shards ({len(dup)} found{': ' + str(list(dup.items())[:5]) if dup else ''})")
check(len(where) == ndocs, f"{len(where)} distinct doc_ids over the shards")
a = f"{out}/all"
docs = rows(f"{a}/documents.csv")
check(len(docs) == ndocs, f"all/documents.csv has {len(docs)} data rows")
check(len({r['doc_id'] for r in docs}) == ndocs, f"all/documents.csv has {len({r['doc_id'] for r in docs})} distinct doc_ids")
check(len({r['sha256'] for r in docs}) == ndocs, f"all/documents.csv has {len({r['sha256'] for r in docs})} distinct sha256")
check(len(glob.glob(f"{a}/*.json")) == ndocs, f"all/ has {len(glob.glob(f'{a}/*.json'))} JSON files")
db = sqlite3.connect(f"{a}/trichxuat.sqlite")
n = db.execute("select count(*) from documents").fetchone()[0]
check(n == ndocs, f"python sqlite3: {n} rows in documents of all/trichxuat.sqlite")
for t in ("targets", "amounts", "projects", "checks", "errors"):
    n_db = db.execute(f"select count(*) from {t}").fetchone()[0]
    n_csv = len(rows(f"{a}/{t}.csv"))
    shard_sum = sum(len(rows(f"{out}/shard-{k}/{t}.csv")) for k in range(1, shards + 1))
    check(n_db == n_csv == shard_sum, f"{t}: sqlite {n_db} = all/{t}.csv {n_csv} = sum of shards {shard_sum}")
sys.exit(bad)
PY
echo "  sqlite3 CLI: $(sqlite3 "$OUT/all/trichxuat.sqlite" 'select count(*) from documents') rows in documents"

# ---------------------------------------------------------------- test 2
say "test 2: single unsharded run (direct, --jobs $(nproc)) vs merged shards"
t0=$(now)
"$TRICHXUAT" extract "$CORPUS" --out "$OUT/single" 2>&1 | sed 's/^/  /'
t1=$(now)
SINGLE_WALL=$(secs "$t0" "$t1")
echo "  single run wall: $SINGLE_WALL s"
for t in targets amounts projects checks documents errors; do
  if diff <(tail -n +2 "$OUT/single/$t.csv" | LC_ALL=C sort) \
          <(tail -n +2 "$OUT/all/$t.csv"    | LC_ALL=C sort) > "$OUT/logs/diff-$t.txt"; then
    ok "$t.csv: sorted merged == sorted single ($(tail -n +2 "$OUT/all/$t.csv" | wc -l) lines)"
  else
    bad "$t.csv differs: $(grep -c '^[<>]' "$OUT/logs/diff-$t.txt") lines; sample:"
    head -n 6 "$OUT/logs/diff-$t.txt" | cut -c1-200 | sed 's/^/        /'
  fi
  cmp -s <(head -n 1 "$OUT/single/$t.csv") <(head -n 1 "$OUT/all/$t.csv") || bad "$t.csv header differs"
done
for t in documents targets amounts projects checks errors; do
  if cmp -s <(sqlite3 -csv "$OUT/single/trichxuat.sqlite" "select * from $t" | LC_ALL=C sort) \
            <(sqlite3 -csv "$OUT/all/trichxuat.sqlite"    "select * from $t" | LC_ALL=C sort); then
    ok "sqlite table $t: same rows in merged and single"
  else
    bad "sqlite table $t differs between merged and single"
  fi
done
if diff -r -q -x .trichxuat -x '*.csv' -x '*.sqlite' "$OUT/single" "$OUT/all" > "$OUT/logs/diff-json.txt"; then
  ok "per-document JSON files identical ($(ls "$OUT/all"/*.json | wc -l) files)"
else
  bad "JSON files differ: $(wc -l < "$OUT/logs/diff-json.txt") entries, e.g. $(head -n 2 "$OUT/logs/diff-json.txt")"
fi

# ---------------------------------------------------------------- test 3
say "test 3: the same array again with --resume into the same folders"
before=$(cd "$OUT" && find shard-* -type f ! -path '*/.trichxuat/*' -exec sha256sum {} + | LC_ALL=C sort -k2)
t0=$(now)
ARRAY2=$(sbatch --parsable --array="1-$SHARDS" --chdir="$OUT" \
           --output="$OUT/logs/resume-%x-%A_%a.out" "$HERE/trichxuat-array.sbatch")
ARRAY2=${ARRAY2%%;*}
echo "  submitted array job $ARRAY2"
wait_jobs "$ARRAY2" || true
echo "  resubmit -> done: $(secs "$t0" "$(now)") s"
job_summary "$ARRAY2"
for f in "$OUT"/logs/resume-trichxuat-*.out; do echo "  --- $(basename "$f")"; sed 's/^/    /' "$f"; done
skipped=$(cat "$OUT"/logs/resume-trichxuat-*.out | sed -n 's/.*skipped (resume) \([0-9]*\).*/\1/p' | awk '{s+=$1} END{print s+0}')
done_=$(cat "$OUT"/logs/resume-trichxuat-*.out | sed -n 's/.*documents *done \([0-9]*\).*/\1/p' | awk '{s+=$1} END{print s+0}')
[ "$skipped" = "$NDOCS" ] && [ "$done_" = 0 ] && ok "resume: $skipped skipped, $done_ done" \
  || bad "resume: $skipped skipped, $done_ done (want $NDOCS skipped, 0 done)"
after=$(cd "$OUT" && find shard-* -type f ! -path '*/.trichxuat/*' -exec sha256sum {} + | LC_ALL=C sort -k2)
[ "$before" = "$after" ] && ok "shard outputs unchanged by the resumed run ($(wc -l <<<"$after") files)" \
  || { bad "shard outputs changed by the resumed run:"; diff <(echo "$before") <(echo "$after") | head -n 8 | sed 's/^/        /'; }
echo "  merging again into the existing all/ (srun):"
srun --cpus-per-task=1 "$TRICHXUAT" merge "$OUT"/shard-* --out "$OUT/all" 2>&1 | sed 's/^/    /'
n1=$(sqlite3 "$OUT/all/trichxuat.sqlite" 'select count(*) from documents')
n2=$(( $(wc -l < "$OUT/all/documents.csv") - 1 ))
n3=$(sqlite3 "$OUT/all/trichxuat.sqlite" 'select count(*) from targets')
n4=$(( $(wc -l < "$OUT/single/targets.csv") - 1 ))
[ "$n1" = "$NDOCS" ] && [ "$n2" = "$NDOCS" ] && [ "$n3" = "$n4" ] \
  && ok "second merge: documents sqlite $n1, csv $n2; targets sqlite $n3 (single $n4)" \
  || bad "second merge: documents sqlite $n1, csv $n2; targets sqlite $n3 (single $n4)"

say "summary"
echo "  jobs: array $ARRAY (merge $MERGE), resume array $ARRAY2"
echo "  wall: array ${A_WALL} s (scontrol), merge job ${M_WALL} s, single run ${SINGLE_WALL} s"
if [ "$FAILED" = 0 ]; then echo "  ALL CHECKS PASSED"; else echo "  SOME CHECKS FAILED"; fi
exit "$FAILED"
