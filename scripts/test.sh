#!/usr/bin/env bash
# The test command named in README.md and run by CI (.ci/run): with --setup it first installs
# the independent clients the tests check files against; then go vet and every package's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--setup" ]; then
  bash scripts/setup-test-clients.sh
fi
go vet ./...
go test -timeout 25m ./...
# The portable (non-assembly) matrix multiply, as other architectures build it.
go test -tags purego ./internal/gemm
# deploy/slurm/ on a real one-node Slurm cluster (root; installs slurm-wlm and munge).
if [ "${CI:-}" = true ] || [ "${1:-}" = "--setup" ]; then
  bash scripts/test-slurm.sh --install
else
  echo "test.sh: skipped scripts/test-slurm.sh (starts a Slurm cluster as root; runs with --setup or CI=true)"
fi
