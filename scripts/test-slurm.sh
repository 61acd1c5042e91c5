#!/usr/bin/env bash
# The cluster test: a real one-node Slurm cluster (scripts/slurm-cluster.sh) runs a tiny suite
# as 3 shards through deploy/slurm/submit.sh, and its report must equal a single-process
# `warpkit bench --suite` run value for value, read back by DuckDB. Meanwhile one shard gets
# `scancel --signal=TERM --full`: it must exit 143 keeping its finished cells, and after
# deploy/slurm/resume.sh requeues it, it must finish without retraining them.
#
#   scripts/test-slurm.sh [--install]    # as root; --install apt-gets slurm-wlm and munge
#
# Needs root, and DuckDB from scripts/setup-test-clients.sh. The daemons it started are stopped
# by process id on exit; on failure their logs and the run folders are kept and named.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "test-slurm: $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

install=""
[ "${1:-}" = --install ] && install=--install
if [ "$(id -u)" != 0 ]; then
  # munged, slurmctld and slurmd run as root; keep PATH so submit.sh finds go.
  command -v sudo >/dev/null || fail "needs root (munged, slurmctld and slurmd run as root)"
  exec sudo env "PATH=$PATH" bash "$0" "$@"
fi
[ -d testdata/jsclients/node_modules/@duckdb ] || fail "DuckDB client missing: run scripts/setup-test-clients.sh"
t0=$(date +%s)
elapsed() { echo "$(($(date +%s) - t0))s"; }

work="$(mktemp -d /tmp/warpkit-slurm-test.XXXXXX)"
ok=0 shards="" report=""
cleanup() {
  set +e
  # Jobs left by a failure: cancel them, so no shard outlives the cluster.
  if [ -n "${shards:-}" ] && squeue -h -j "$shards,$report" 2>/dev/null | grep . >/dev/null; then
    scancel "$shards" "$report"
    for _ in $(seq 1 30); do squeue -h -j "$shards,$report" 2>/dev/null | grep . >/dev/null || break; sleep 0.5; done
  fi
  if [ -n "${WARPKIT_SLURM_DIR:-}" ]; then
    if [ $ok = 1 ]; then scripts/slurm-cluster.sh stop "$WARPKIT_SLURM_DIR"; else scripts/slurm-cluster.sh stop "$WARPKIT_SLURM_DIR" --keep; fi
  fi
  # Any reference run still going is ours: stop it by its id.
  if [ -n "${single_pid:-}" ] && kill -0 "$single_pid" 2>/dev/null; then kill "$single_pid"; wait "$single_pid"; fi
  if [ $ok = 1 ]; then rm -rf "$work"; else say "kept $work (shard logs in $work/cluster/logs)"; fi
}
trap cleanup EXIT

eval "$(scripts/slurm-cluster.sh start $install)"
say "cluster up ($(elapsed))"

# 3 models on one dataset, 3 seeds: 9 cells, 3 per shard. Step budgets make every value the
# same in any process on any machine; the sizes keep a cell at a few seconds on 2 cores, long
# enough to signal a shard between two of its cells.
cat >"$work/suite.yaml" <<'EOF'
name: slurm-test
context: 20
seeds: [0, 1, 2]
budget: {steps: 400}
train: {batch: 16, lr: 3.0e-3}
datasets:
  - {name: msd, builtin: msd, train: 64, val: 16, test: 32}
models:
  - {label: gru, kind: gru, hidden: 16, layers: 1}
  - {label: lstm, kind: lstm, hidden: 16, layers: 1}
  - {label: lru, kind: lru, hidden: 16, layers: 1}
EOF
cells=9 # 3 models x 3 seeds; the report adds the persistence baseline's rows

# submit.sh must build warpkit from this checkout: hide any other warpkit on PATH.
clean_path=""
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -n "$d" ] && [ ! -x "$d/warpkit" ] && clean_path="${clean_path:+$clean_path:}$d"
done
out="$work/cluster"
ids="$(PATH="$clean_path" deploy/slurm/submit.sh --suite "$work/suite.yaml" --out "$out" --shards 3)"
shards="$(awk '$1 == "shards" {print $2}' <<<"$ids")"
report="$(awk '$1 == "report" {print $2}' <<<"$ids")"
[ -x "$out/bin/warpkit" ] || fail "submit.sh built no $out/bin/warpkit"
say "submitted shards $shards and report $report ($(elapsed))"

# The reference: the same suite in one process, with the same binary, alongside the cluster.
"$out/bin/warpkit" bench --suite "$work/suite.yaml" --out "$work/single" >"$work/single.log" 2>&1 &
single_pid=$!

# job_field ID NAME: a field of `scontrol show job`, empty once Slurm forgot the job.
job_field() { scontrol -o show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1; }
# cell_lines LOG: the number of finished-cell lines in a shard's log.
cell_lines() { grep -cE '^cell [0-9]+/[0-9]+ ' "$1" 2>/dev/null || true; }

# Wait for a running shard that has finished a cell and has cells left, then signal it.
victim=""
deadline=$(($(date +%s) + 300))
while [ -z "$victim" ]; do
  [ "$(date +%s)" -lt $deadline ] || fail "no shard reached its second cell within 300 s"
  for t in 0 1 2; do
    log="$out/logs/shard-${shards}_$t.out"
    [ "$(job_field "${shards}_$t" JobState)" = RUNNING ] || continue
    last="$(grep -E '^cell [0-9]+/[0-9]+ ' "$log" 2>/dev/null | tail -n 1 || true)"
    left="$(sed -nE 's/.* ([0-9]+) left .*/\1/p' <<<"$last")"
    if [ -n "$left" ] && [ "$left" -gt 0 ]; then victim=$t; break; fi
  done
  [ -n "$victim" ] || sleep 0.2
done
task="${shards}_$victim"
log="$out/logs/shard-$task.out"
scancel --signal=TERM --full "$task"
say "sent SIGTERM to shard $task after $(cell_lines "$log") finished cells ($(elapsed))"
for _ in $(seq 1 600); do
  state="$(job_field "$task" JobState)"
  [ "$state" = RUNNING ] || [ "$state" = COMPLETING ] || break
  sleep 0.1
done
[ "$state" = FAILED ] || fail "shard $task ended $state after SIGTERM, want FAILED (exit 143); see $log"
code="$(job_field "$task" ExitCode)"
[ "$code" = 143:0 ] || fail "shard $task exited $code after SIGTERM, want 143:0; see $log"
kept="$(cell_lines "$log")"
[ "$kept" -ge 1 ] || fail "shard $task kept no finished cell"
# Its finished cells must survive the rerun untouched: the same files, not retrained ones.
ls "$out"/cells/*.gob >/dev/null 2>&1 || fail "no cells/*.gob in $out after the signal"
stat -c '%n %i %Y %s' "$out"/cells/*.gob | sort >"$work/cells-at-signal"

deploy/slurm/resume.sh "$out"
say "requeued $task ($(elapsed))"

# Wait for every shard and the report.
deadline=$(($(date +%s) + 420))
while squeue -h -j "$shards,$report" 2>/dev/null | grep . >/dev/null; do
  [ "$(date +%s)" -lt $deadline ] || { squeue >&2; fail "jobs still queued after 420 s"; }
  sleep 1
done
rstate="$(job_field "$report" JobState)"
[ "$rstate" = COMPLETED ] || fail "report job $report ended ${rstate:-unknown}; see $out/logs/report-$report.out"
for t in 0 1 2; do
  s="$(job_field "${shards}_$t" JobState)"
  [ "$s" = COMPLETED ] || fail "shard ${shards}_$t ended $s"
done
restarts="$(job_field "$task" Restarts)"
[ "$restarts" = 1 ] || fail "shard $task restarted $restarts times, want 1"
[ "$(cell_lines "$log")" -gt "$kept" ] || fail "the requeued shard $task trained nothing"
stat -c '%n %i %Y %s' "$out"/cells/*.gob | sort >"$work/cells-at-end"
missing="$(comm -23 "$work/cells-at-signal" "$work/cells-at-end")"
[ -z "$missing" ] || fail "cells finished before the signal were rewritten or lost: $missing"
say "shards and report done ($(elapsed))"

wait "$single_pid" || { cat "$work/single.log" >&2; fail "the single-process run failed"; }
single_pid=""
say "single-process run done ($(elapsed))"

# Compare with DuckDB: the same rows, every value equal but the training seconds.
reader=testdata/jsclients/read_parquet.mjs
order="dataset, model, seed, metric"
node "$reader" "$out/report/results.parquet" "$order" >"$work/cluster.json"
node "$reader" "$work/single/results.parquet" "$order" >"$work/single.json"
python3 - "$work/cluster.json" "$work/single.json" "$cells" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
cells = int(sys.argv[3])
ca, cb = a["columns"], b["columns"]
assert sorted(ca) == sorted(cb), f"columns differ: {sorted(ca)} vs {sorted(cb)}"
assert a["numRows"] == b["numRows"], f"rows: cluster {a['numRows']}, single process {b['numRows']}"
keys = set(zip(ca["dataset"], ca["model"], ca["seed"]))
want = {("msd", m, s) for m in ("gru", "lstm", "lru") for s in (0, 1, 2)}
assert len(want) == cells and want <= keys, f"cluster report lacks cells {sorted(want - keys)}"
diffs = []
for col in ca:
    if col == "train_seconds":
        continue
    for i, (x, y) in enumerate(zip(ca[col], cb[col])):
        if x != y:
            diffs.append(f"row {i} {col}: cluster {x!r}, single process {y!r}")
assert not diffs, "\n".join(diffs[:20])
print(f"test-slurm: {a['numRows']} rows of {cells} cells equal in every column but train_seconds", file=sys.stderr)
EOF
for f in results.arrow table.md table.tex README.md; do
  [ -s "$out/report/$f" ] || fail "the report lacks $f"
done
ok=1
say "PASS ($(elapsed))"
