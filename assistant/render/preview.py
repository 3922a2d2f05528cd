"""Preview a DOCX on Linux: LibreOffice → PDF, pdftoppm → PNG of the first pages.

Debian lacks 仿宋_GB2312/方正小标宋简体/黑体/楷体_GB2312; ``docs/preview/fonts.conf`` maps them to Noto CJK SC (and
AR PL UKai for 楷体) through FONTCONFIG_FILE, so the preview shows the faces' roles faithfully. Each conversion gets its
own LibreOffice profile directory: concurrent soffice runs sharing one profile fail or hang.
Install the tools with ``scripts/setup_preview.sh``; ``python -m assistant.render FILE.docx`` previews from the shell.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PreviewUnavailable, RenderError

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FONTS_CONF = REPO_ROOT / "docs" / "preview" / "fonts.conf"
SETUP_HINT = ("请先运行 scripts/setup_preview.sh 安装 libreoffice-writer-nogui、fonts-noto-cjk、fonts-arphic-ukai、"
              "poppler-utils")


@dataclass
class Preview:
    pdf: Path
    pngs: list[Path] = field(default_factory=list)
    pages: int = 0


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def preview_missing() -> str | None:
    """None when previews can be made here, else the reason (used by tests to skip with a clear message)."""
    missing = [name for name, found in (("soffice", soffice_path()), ("pdftoppm", shutil.which("pdftoppm")),
                                       ("pdftotext", shutil.which("pdftotext"))) if not found]
    if missing:
        return f"未找到 {'、'.join(missing)}：{SETUP_HINT}"
    return None


def _run(cmd: list[str], *, env: dict | None = None, timeout: float, what: str) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError:
        raise PreviewUnavailable(f"未找到 {cmd[0]}：{SETUP_HINT}") from None
    except subprocess.TimeoutExpired:
        raise RenderError(f"{what}超时（{timeout:.0f} 秒）") from None
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout or "").strip()[-400:]
        raise RenderError(f"{what}失败（退出码 {proc.returncode}）：{tail}")
    return proc


def docx_to_pdf(docx_path: str | Path, outdir: str | Path, *, fonts_conf: str | Path | None = None,
                timeout: float = 180) -> Path:
    """Convert with headless LibreOffice; returns the PDF path (OUTDIR/<stem>.pdf)."""
    soffice = soffice_path()
    if soffice is None:
        raise PreviewUnavailable(f"未找到 LibreOffice（soffice）：{SETUP_HINT}")
    docx_path = Path(docx_path).resolve()
    if not docx_path.is_file():
        raise RenderError(f"DOCX 文件不存在：{docx_path}")
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    conf = Path(fonts_conf) if fonts_conf else DEFAULT_FONTS_CONF
    env = dict(os.environ)
    if conf.is_file():
        env["FONTCONFIG_FILE"] = str(conf.resolve())
    with tempfile.TemporaryDirectory(prefix="xianjie-lo-") as profile:
        _run([soffice, "--headless", "--norestore", "--nolockcheck",
              f"-env:UserInstallation={Path(profile).as_uri()}",
              "--convert-to", "pdf", "--outdir", str(outdir), str(docx_path)],
             env=env, timeout=timeout, what="LibreOffice 转换 PDF ")
    pdf = outdir / f"{docx_path.stem}.pdf"
    if not pdf.is_file():
        raise RenderError(f"LibreOffice 未生成 PDF：{pdf}")
    return pdf


def pdf_page_count(pdf: str | Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def pdf_text(pdf: str | Path, page: int = 1, *, layout: bool = True) -> str:
    """Text of one page (pdftotext), e.g. to count lines per page."""
    cmd = ["pdftotext", "-f", str(page), "-l", str(page)] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return _run(cmd, timeout=60, what="pdftotext ").stdout


def pdf_to_png(pdf: str | Path, out_prefix: str | Path, *, first: int = 1, last: int = 1,
               dpi: int = 80) -> list[Path]:
    """Render pages first..last to OUT_PREFIX-N.png; returns the files in page order."""
    out_prefix = Path(out_prefix)
    out_prefix.parent.mkdir(parents=True, exist_ok=True)
    _run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf), str(out_prefix)],
         timeout=120, what="pdftoppm 生成 PNG ")
    # pdftoppm pads the page number to the width of the page count (page-1.png or page-01.png).
    found = sorted(out_prefix.parent.glob(f"{out_prefix.name}-*.png"),
                   key=lambda p: int(p.stem.rsplit("-", 1)[-1]))
    return [p for p in found if first <= int(p.stem.rsplit("-", 1)[-1]) <= last]


def render_preview(docx_path: str | Path, outdir: str | Path, *, pages: int = 1, dpi: int = 80,
                   fonts_conf: str | Path | None = None) -> Preview:
    """DOCX → OUTDIR/<stem>.pdf and OUTDIR/<stem>-N.png for the first ``pages`` pages."""
    pdf = docx_to_pdf(docx_path, outdir, fonts_conf=fonts_conf)
    count = pdf_page_count(pdf)
    pngs = pdf_to_png(pdf, Path(outdir) / pdf.stem, first=1, last=max(1, min(pages, count)), dpi=dpi)
    return Preview(pdf=pdf, pngs=pngs, pages=count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="DOCX → PDF → PNG 预览（LibreOffice + pdftoppm）")
    parser.add_argument("docx", help="要预览的 DOCX 文件")
    parser.add_argument("-o", "--outdir", default="preview-out", help="输出目录（默认 preview-out）")
    parser.add_argument("-p", "--pages", type=int, default=1, help="生成前几页的 PNG（默认 1）")
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--fonts-conf", default=None, help="fontconfig 配置（默认 docs/preview/fonts.conf）")
    args = parser.parse_args(argv)
    try:
        result = render_preview(args.docx, args.outdir, pages=args.pages, dpi=args.dpi, fonts_conf=args.fonts_conf)
    except RenderError as exc:
        print(f"预览失败：{exc}", file=sys.stderr)
        return 1
    print(f"PDF：{result.pdf}（共 {result.pages} 页）")
    for png in result.pngs:
        print(f"PNG：{png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
