#!/usr/bin/env bash
# The README's "test" command: set up if needed, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ -f scripts/setup_system.sh ] && bash scripts/setup_system.sh
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
exec .venv/bin/python -m pytest -q "$@"
