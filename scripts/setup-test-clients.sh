#!/usr/bin/env bash
# Installs the independent readers that warpkit's tests compare against. Safe to rerun.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  python3 python3-numpy python3-scipy python3-h5py hdf5-tools \
  python3-pandas python3-matplotlib jupyter-nbconvert python3-nbformat python3-ipykernel \
  python3-pytest >/dev/null
# PyTorch, which python/tests loads the GRU and LSTM runs into; Debian has it on the common
# architectures only, so check that the package exists before asking for it. (Not grep -q: it
# stops reading at the match, and apt-cache's SIGPIPE then fails the pipeline under pipefail.)
if apt-cache policy python3-torch 2>/dev/null | grep 'Candidate: [0-9]' >/dev/null; then
  $SUDO apt-get install -y -qq --no-install-recommends python3-torch >/dev/null
else
  echo "setup-test-clients: no python3-torch package here; python/tests/test_torch.py will fail under CI=true" >&2
fi
# Node: machines of this kind ship NodeSource's nodejs (npm bundled), which Debian's npm package
# conflicts with; install Debian's only where node or npm is missing.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
# Node clients (Arrow JS, DuckDB) live in testdata/jsclients with a committed lock file.
if [ -f testdata/jsclients/package.json ]; then
  (cd testdata/jsclients && npm ci --no-audit --no-fund --loglevel=error)
fi
