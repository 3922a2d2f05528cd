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
# Chromium for the browser test of the web page (Playwright drives /usr/bin/chromium by its executable path; no
# browser download from anywhere else). A failed install leaves that one test skipped with its reason.
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
    { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >/dev/null 2>&1 \
      || echo "setup_system: 安装 chromium 失败，浏览器测试将跳过" >&2
  else
    echo "setup_system: 缺少 chromium 且无法用 apt-get 安装，浏览器测试将跳过" >&2
  fi
fi
exit 0
