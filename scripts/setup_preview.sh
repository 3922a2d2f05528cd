#!/usr/bin/env bash
# Install what DOCX previews need (Debian): LibreOffice Writer without GUI, Noto CJK fonts (the fonts.conf aliases
# map 仿宋/小标宋/黑体 to them), AR PL UKai for 楷体, and poppler-utils (pdftoppm, pdftotext).
# Idempotent and quick when everything is already there. Called by CI before the preview-dependent tests.
set -euo pipefail
PKGS=(libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai poppler-utils)

have_all() {
  # fc-list output is captured first: with pipefail, `fc-list | grep -q` fails when grep closes the pipe early.
  local fonts
  fonts="$(fc-list 2>/dev/null || true)"
  command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 \
    && [[ "$fonts" == *"Noto Serif CJK SC"* ]] && [[ "$fonts" == *"AR PL UKai CN"* ]]
}

if have_all; then
  echo "setup_preview: LibreOffice、Noto CJK、poppler 已安装"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup_preview: 没有 apt-get，请手动安装：${PKGS[*]}" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup_preview: 需要 root 权限安装：${PKGS[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${PKGS[@]}" >/dev/null
if have_all; then
  echo "setup_preview: 安装完成"
else
  echo "setup_preview: 安装后仍缺少 soffice/pdftoppm/字体，请检查 apt 输出" >&2
  exit 1
fi
