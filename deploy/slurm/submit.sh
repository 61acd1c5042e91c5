#!/usr/bin/env bash
# Submits a warpkit suite to Slurm as an array of N shards plus a report job that starts when
# every shard has succeeded, and prints their job ids:
#
#   deploy/slurm/submit.sh --suite FILE.yaml --out DIR --shards N [--report DIR2] [sbatch options...]
#   shards 1234
#   report 1235
#
# DIR must be on a file system every node sees: the shards share it, logs go to DIR/logs and
# the merged report to DIR2 (default DIR/report). Options after the known ones go to both
# sbatch calls (e.g. --partition=cpu --time=4:00:00 --cpus-per-task=4). The ids are also
# written to DIR/slurm-jobs for resume.sh.
#
# It runs the `warpkit` on PATH; when there is none, it builds one from this checkout
# (CGO_ENABLED=0, so it runs on nodes with another libc) into DIR/bin/warpkit.
set -euo pipefail

usage() {
  echo "usage: $0 --suite FILE.yaml --out DIR --shards N [--report DIR2] [sbatch options...]" >&2
  exit 2
}
die() { echo "submit.sh: $*" >&2; exit 1; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
suite="" out="" shards="" report=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
  --suite) [ $# -ge 2 ] || usage; suite="$2"; shift 2 ;;
  --suite=*) suite="${1#*=}"; shift ;;
  --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
  --out=*) out="${1#*=}"; shift ;;
  --shards) [ $# -ge 2 ] || usage; shards="$2"; shift 2 ;;
  --shards=*) shards="${1#*=}"; shift ;;
  --report) [ $# -ge 2 ] || usage; report="$2"; shift 2 ;;
  --report=*) report="${1#*=}"; shift ;;
  -h | --help) usage ;;
  *) extra+=("$1"); shift ;;
  esac
done
[ -n "$suite" ] && [ -n "$out" ] && [ -n "$shards" ] || usage
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "--shards: want a positive whole number, got \"$shards\""
[ -f "$suite" ] || die "--suite: $suite: no such file"
command -v sbatch >/dev/null || die "sbatch not found: run this on a Slurm login node"

mkdir -p "$out/logs"
# The jobs run elsewhere and later: give them absolute paths.
suite="$(cd "$(dirname "$suite")" && pwd)/$(basename "$suite")"
out="$(cd "$out" && pwd)"
report="${report:-$out/report}"
mkdir -p "$report"
report="$(cd "$report" && pwd)"

if warpkit="$(command -v warpkit)"; then
  echo "submit.sh: using $warpkit" >&2
else
  root="$(cd "$here/../.." && pwd)"
  grep -q '^module github.com/warpkit/warpkit$' "$root/go.mod" 2>/dev/null ||
    die "no warpkit on PATH and $root is not a warpkit checkout to build one from"
  command -v go >/dev/null || die "no warpkit on PATH and no go to build one with"
  mkdir -p "$out/bin"
  warpkit="$out/bin/warpkit"
  echo "submit.sh: no warpkit on PATH; building $warpkit from $root" >&2
  # Through a temporary name: a requeued shard may be starting the old binary right now.
  (cd "$root" && CGO_ENABLED=0 go build -o "$warpkit.tmp.$$" ./cmd/warpkit)
  mv -f "$warpkit.tmp.$$" "$warpkit"
fi

jobid() { local id; id="$(cat)"; echo "${id%%;*}"; }
shards_id="$(sbatch --parsable --array="0-$((shards - 1))" --output="$out/logs/shard-%A_%a.out" \
  --chdir="$out" "${extra[@]}" "$here/shards.sbatch" "$warpkit" "$suite" "$out" | jobid)"
echo "shards $shards_id" | tee "$out/slurm-jobs"
report_id="$(sbatch --parsable --dependency="afterok:$shards_id" --output="$out/logs/report-%j.out" \
  --chdir="$out" "${extra[@]}" "$here/report.sbatch" "$warpkit" "$out" "$report" | jobid)"
echo "report $report_id" | tee -a "$out/slurm-jobs"
