#!/usr/bin/env bash
# The README's "run" command: set up, build the index if missing or stale, start the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
.venv/bin/xianjie index build --if-stale
if .venv/bin/xianjie serve --help >/dev/null 2>&1; then
  exec .venv/bin/xianjie serve "$@"
fi
.venv/bin/xianjie index status
.venv/bin/xianjie --help
