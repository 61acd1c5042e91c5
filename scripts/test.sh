#!/usr/bin/env bash
# The test command named in README.md and run by CI (.ci/run): with --setup it first installs
# the independent clients the tests check files against; then go vet and every package's tests,
# then the kernel-sensitive packages again under every other kernel this CPU runs and in the
# purego build, then the concurrent code under the race detector, then the Python package's
# tests (python/tests, pytest) and deploy/slurm on a real one-node Slurm cluster. Each step
# prints its time.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--setup" ]; then
  bash scripts/setup-test-clients.sh
fi

# step NAME CMD...: runs CMD and reports how long it took, so that CI's log shows what each
# step costs (.ci/run must stay well under 30 minutes on 2 cores).
step() {
  local name=$1 t0=$SECONDS
  shift
  echo "== $name"
  "$@"
  echo "== $name: $((SECONDS - t0)) s"
}

# This script chooses the kernels itself (below); a WARPKIT_KERNEL from the caller's
# environment would make the first run cover another kernel than the default.
unset WARPKIT_KERNEL

step "go vet" go vet ./...
step "go test (default kernel)" go test -timeout 25m ./...

# --- Every kernel (internal/cpu; issue 11) -----------------------------------------------
# The packages with a vector path (internal/gemm, internal/fastexp, nn/rnn and what is built
# on them), again under each kernel this CPU runs besides the default one the run above used
# (WARPKIT_KERNEL=go is Go code throughout; avx512 where the CPU has AVX-512F), and in the
# purego build, as other architectures build them (no assembly is even compiled).
kernel_pkgs=(./internal/... ./nn/... ./warp ./physics)
kernels=$(go run ./internal/cpu/supported) # the default first; an assignment, so set -e sees a failure
echo "== kernels this CPU runs: $(echo $kernels)"
for kernel in $(tail -n +2 <<<"$kernels"); do
  WARPKIT_KERNEL=$kernel step "go test, WARPKIT_KERNEL=$kernel" go test -timeout 10m "${kernel_pkgs[@]}"
done
step "go test -tags purego" go test -timeout 10m -tags purego "${kernel_pkgs[@]}"

# --- Race detector (issue 11) ------------------------------------------------------------
# The concurrent code, through the tests that drive it on several goroutines at small sizes:
# gemm's workers and concurrent callers, nn's and nn/rnn's parallel batches, warp's parallel
# scan, the solvers' ensembles, datasets' parallel generation and HDF5 compression, and the
# bench's parallel cells.
race_tests='TestThreadCountDoesNotChangeBits|TestConcurrentCallers|TestPackedRowsHooks|TestBatchAgainstNaive'
race_tests+='|TestLinearDeterministicAcrossThreads|TestSameBitsAnyGoroutines'
race_tests+='|TestScanParallelMatchesSequential|TestSameBytesAnyGoroutines'
race_tests+='|TestEnsembleDeterministicAndAccurate|TestGenerateIndependentOfWorkers|TestSameBytesAnyGoroutineCount'
race_tests+='|TestRunIsDeterministicAcrossParallelism'
# race_run PKGS...: the tests above under -race; each must have run, so that renaming one
# cannot silently drop it from this step.
race_run() {
  local out name
  if ! out=$(go test -timeout 10m -race -v -run "^($race_tests)\$" "$@" 2>&1); then
    echo "$out"
    return 1
  fi
  grep -E '^(ok|--- )' <<<"$out"
  for name in ${race_tests//|/ }; do
    if ! grep -q -- "^--- PASS: $name " <<<"$out"; then
      echo "go test -race: $name did not run (renamed? update race_tests in scripts/test.sh)"
      return 1
    fi
  done
}
step "go test -race" race_run ./internal/gemm ./nn/... ./warp ./solvers ./datasets/... ./benchmarks

# --- The Python package (python/tests) --------------------------------------------------
# Against the warpkit CLI, with the first python3 that has numpy, h5py and pytest (Debian's
# /usr/bin/python3 after setup; a pyenv python3 first on PATH may lack them).
# pytest's exit status 5 (no tests collected) is a failure here.
PY=
for cand in "${WARPKIT_PYTHON:-}" "$(command -v python3 || true)" /usr/bin/python3; do
  if [ -n "$cand" ] && "$cand" -c 'import numpy, h5py, pytest' 2>/dev/null; then
    PY=$cand
    break
  fi
done
pytest_run() {
  local rc=0
  PYTHONDONTWRITEBYTECODE=1 "$PY" -m pytest -q python/tests || rc=$?
  if [ "$rc" = 5 ]; then
    echo "scripts/test.sh: pytest collected no tests under python/tests" >&2
    return 1
  fi
  return "$rc"
}
if [ -n "$PY" ]; then
  step "pytest python/tests ($PY)" pytest_run
elif [ "${CI:-}" = "true" ]; then
  echo "scripts/test.sh: no python3 with numpy, h5py and pytest, required under CI=true (scripts/setup-test-clients.sh installs them)" >&2
  exit 1
else
  echo "scripts/test.sh: skipping python/tests: no python3 with numpy, h5py and pytest (CI=true makes this a failure)" >&2
fi

# --- deploy/slurm on a real one-node Slurm cluster (root; installs slurm-wlm and munge) ----
if [ "${CI:-}" = true ] || [ "${1:-}" = "--setup" ]; then
  step "deploy/slurm on a one-node cluster" bash scripts/test-slurm.sh --install
else
  echo "test.sh: skipped scripts/test-slurm.sh (starts a Slurm cluster as root; runs with --setup or CI=true)"
fi
