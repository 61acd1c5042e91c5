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
