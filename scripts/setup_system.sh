#!/usr/bin/env bash
# System packages the tests and reports need beyond the Python venv (Debian): everything scripts/setup_preview.sh
# installs (LibreOffice, Noto CJK fonts, poppler). The monthly report's charts need a CJK font for their Chinese
# labels (fonts-noto-cjk); without one they render as boxes. Idempotent and quiet: prints only what is wrong.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! out="$(bash scripts/setup_preview.sh 2>&1)"; then
  echo "setup_system: 系统依赖安装未完成：" >&2
  echo "$out" >&2
fi
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
if ! "$PY" - <<'PY' 2>/dev/null
import sys
from assistant.report.charts import cjk_font
family, path = cjk_font()
sys.exit(0 if family else 1)
PY
then
  echo "setup_system: 警告：未找到中文字体，月报图表中的中文将显示为方框。请安装 fonts-noto-cjk（sudo apt-get install fonts-noto-cjk）。" >&2
fi
exit 0
