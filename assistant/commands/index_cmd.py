"""`xianjie index build|status` and `xianjie search`."""
from __future__ import annotations

import json
import os
import sys

import typer

from assistant.errors import UserError
from assistant.settings import get_settings


def _extra(s):
    if not s.index_guides:
        return None
    from assistant.guides import guide_source

    return guide_source()


def _status_kwargs(s) -> dict:
    return dict(index_dir=s.resolved_index_dir, corpus_root=s.corpus_dir, embedder=s.embedder,
                max_chars=s.chunk_max_chars, overlap=s.chunk_overlap, extra=_extra(s))


def _build_kwargs(s) -> dict:
    return dict(_status_kwargs(s), embed_threads=s.embed_threads, cache_dir=s.embedding_cache, chroma_url=s.chroma_url)


def register(app: typer.Typer) -> None:
    index_app = typer.Typer(help="检索索引：构建与状态", no_args_is_help=True)
    app.add_typer(index_app, name="index")

    @index_app.command("build", help="构建检索索引（BM25 + 向量）；使用随仓库发布的向量缓存，只嵌入新增或修改的条文")
    def build(
        no_cache: bool = typer.Option(False, "--no-cache", help="不读取向量缓存，全部重新嵌入（结果写回缓存）"),
        force: bool = typer.Option(False, "--force", help="即使索引已是最新也重新构建"),
        if_stale: bool = typer.Option(False, "--if-stale", help="索引存在且为最新时什么也不做（run.sh 使用）"),
    ) -> None:
        from index.build import build as do_build
        from index.build import status

        os.environ.setdefault("OMP_WAIT_POLICY", "passive")
        s = get_settings()
        if if_stale and not force:
            st = status(**_status_kwargs(s))
            if st.built and not st.stale:
                typer.echo(f"索引已是最新（{st.identity}），跳过构建。")
                return
        r = do_build(**_build_kwargs(s), use_cache=not no_cache, force=force, progress=sys.stderr.isatty())
        if r.skipped:
            typer.echo(f"索引已是最新（{r.identity}），未重新构建。用 --force 强制重建。")
        else:
            typer.echo(f"索引构建完成：{r.chunks} 个检索片段，新嵌入 {r.embedded} 条，缓存命中 {r.cache_hits} 条，"
                       f"用时 {r.seconds:.1f} 秒；位置 {r.build_dir}")

    @index_app.command("status", help="索引状态：文件数、条文数、片段数、索引标识、构建时间、是否过期")
    def status_cmd(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")) -> None:
        from dataclasses import asdict

        from index.build import status

        s = get_settings()
        st = status(**_status_kwargs(s))
        if as_json:
            typer.echo(json.dumps(asdict(st), ensure_ascii=False, indent=2))
            return
        if not st.built:
            typer.echo(f"尚未构建索引（{st.index_dir}）。{st.message}")
            raise typer.Exit(1)
        typer.echo(f"索引目录：{st.index_dir}")
        typer.echo(f"文件 {st.documents} 个，条文 {st.articles} 条，款 {st.paragraphs} 个，检索片段 {st.chunks} 个")
        typer.echo(f"索引标识：{st.identity}；构建时间：{st.built_at}；向量模型：{st.embedder}；向量库：{st.vectorstore}")
        if st.stale:
            typer.secho(f"索引已过期：{'、'.join(st.changed) or '语料或设置已改变'}。请运行 `xianjie index build`。",
                        fg=typer.colors.YELLOW)
        else:
            typer.echo("索引为最新。")

    @app.command("search", help="检索法条：混合检索（BM25 + 向量，倒数排名融合）")
    def search(
        query: str = typer.Argument(..., help="检索内容，如：销售明知是假冒注册商标的商品，违法所得数额较大"),
        k: int = typer.Option(5, "--k", help="返回条数"),
        doc: str = typer.Option(None, "--doc", help="只在某个文件中检索，如 刑法、刑事诉讼法、治安管理处罚法@2012"),
        as_of: str = typer.Option(None, "--as-of", help="行为日期 YYYY-MM-DD：只检索当时有效的版本"),
        mode: str = typer.Option("fused", "--mode", help="fused（默认）/ bm25 / dense"),
        as_json: bool = typer.Option(False, "--json", help="以 JSON 列表输出（按相关度排序）"),
    ) -> None:
        from index.retriever import HybridRetriever, SearchQueryError

        os.environ.setdefault("OMP_WAIT_POLICY", "passive")
        r = HybridRetriever.from_settings(get_settings())
        try:
            hits = r.search(query, k=k, doc=doc, as_of=as_of, mode=mode)
        except SearchQueryError as exc:
            raise UserError(str(exc), exit_code=2) from None
        if as_json:
            typer.echo(json.dumps([{"id": h.id, "title": h.title, "version": h.version_key, "score": round(h.score, 6),
                                    "text": h.text, "label": h.label} for h in hits], ensure_ascii=False, indent=2))
            return
        if not hits:
            typer.echo("没有找到有依据的条文（检索内容与法规语料没有足够的关联）。")
            return
        for i, h in enumerate(hits, 1):
            ver = "本系统编写" if h.version_key == "guide" else f"{h.version_key} 年版本"
            typer.secho(f"{i}. {h.id}　《{h.title}》{h.label}（{ver}）　得分 {h.score:.4f}", bold=True)
            text = h.text if len(h.text) <= 240 else h.text[:240] + "……"
            typer.echo(f"   {text}")
