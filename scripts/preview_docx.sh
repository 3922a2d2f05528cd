#!/usr/bin/env bash
# Preview a DOCX as LibreOffice PDF + PNG of its first pages, with the font aliases of docs/preview/fonts.conf.
# Usage: scripts/preview_docx.sh FILE.docx [OUTDIR=preview-out] [PAGES=1] [DPI=80]
# Needs scripts/setup_preview.sh to have run (libreoffice-writer-nogui, fonts-noto-cjk, poppler-utils).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "用法：$0 FILE.docx [输出目录] [页数] [DPI]" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY=python3
cd "$ROOT"
exec "$PY" -m assistant.render "$(realpath "$1")" -o "${2:-preview-out}" -p "${3:-1}" --dpi "${4:-80}"
