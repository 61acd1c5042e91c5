#!/usr/bin/env bash
# The test command named in README.md and run by CI (.ci/run): with --setup it first installs
# the independent clients the tests check files against; then go vet, every package's tests,
# and the Python package's tests (python/tests, pytest on Debian's python3).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--setup" ]; then
  bash scripts/setup-test-clients.sh
fi
go vet ./...
go test -timeout 25m ./...
# The portable (non-assembly) matrix multiply, as other architectures build it.
go test -tags purego ./internal/gemm
# The Python package against the warpkit CLI, with Debian's interpreter (the python3 on PATH may
# be a pyenv without numpy). pytest's exit status 5 (no tests collected) is a failure here.
PY=/usr/bin/python3
if "$PY" -c 'import numpy, h5py, pytest' 2>/dev/null; then
  rc=0
  PYTHONDONTWRITEBYTECODE=1 "$PY" -m pytest -q python/tests || rc=$?
  if [ "$rc" = 5 ]; then
    echo "scripts/test.sh: pytest collected no tests under python/tests" >&2
    exit 1
  fi
  [ "$rc" = 0 ] || exit "$rc"
elif [ "${CI:-}" = "true" ]; then
  echo "scripts/test.sh: $PY with numpy, h5py and pytest is required under CI=true (scripts/setup-test-clients.sh installs them)" >&2
  exit 1
else
  echo "scripts/test.sh: skipping python/tests: $PY lacks numpy, h5py or pytest (CI=true makes this a failure)" >&2
fi
# deploy/slurm/ on a real one-node Slurm cluster (root; installs slurm-wlm and munge).
if [ "${CI:-}" = true ] || [ "${1:-}" = "--setup" ]; then
  bash scripts/test-slurm.sh --install
else
  echo "test.sh: skipped scripts/test-slurm.sh (starts a Slurm cluster as root; runs with --setup or CI=true)"
fi
