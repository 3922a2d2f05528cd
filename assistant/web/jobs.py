"""Background jobs for the monthly report: upload → job id → progress → downloads.

One worker thread: a report reviews every row of the month, and two at once on a 2-core office machine would only
make both slow. The job's files go to data_dir/reports/<job id>/; each generated file is recorded in the audit log
with the requesting user and its sha256.
"""
from __future__ import annotations

import hashlib
import logging
import shutil
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import ApiError

log = logging.getLogger("xianjie.web")

FORMATS = {"docx": ("报告（DOCX）", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
           "html": ("网页版（HTML）", "text/html; charset=utf-8"),
           "xlsx": ("线索清单（XLSX）", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
MAX_JOBS_KEPT = 50
# Share of the progress bar per stage: reviewing rows is most of the work; writing the files is quick.
_STAGE_SPAN = [("读取本月数据", 0, 5), ("审查本月数据", 5, 60), ("读取上月数据", 60, 63), ("审查上月数据", 63, 75),
               ("统计与类案分析", 75, 80), ("绘制图表", 80, 86), ("生成 DOCX", 86, 92), ("生成 HTML", 92, 96),
               ("生成线索清单 XLSX", 96, 99)]


@dataclass
class ReportJob:
    id: str
    month: str
    filename: str
    user: str
    status: str = "queued"              # queued | running | done | failed
    stage: str = "排队等候"
    done: int = 0
    total: int | None = None
    percent: int = 0
    error: dict | None = None
    outputs: dict[str, Path] = field(default_factory=dict)
    audit_ids: dict[str, int] = field(default_factory=dict)
    summary: str = ""
    warnings: list[str] = field(default_factory=list)
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def progress(self, stage: str, done: int, total: int | None) -> None:
        self.stage, self.done, self.total = stage, int(done), total
        span = next(((lo, hi) for name, lo, hi in _STAGE_SPAN if name == stage), None)
        if span:
            lo, hi = span
            frac = (done / total) if total else 0.0
            self.percent = max(self.percent, min(99, int(lo + (hi - lo) * min(1.0, frac))))

    def to_dict(self) -> dict:
        return {"job_id": self.id, "status": self.status, "stage": self.stage, "done": self.done, "total": self.total,
                "percent": self.percent, "month": self.month, "filename": self.filename, "error": self.error,
                "summary": self.summary, "warnings": self.warnings[:50],
                "downloads": {k: {"label": FORMATS[k][0], "url": f"/api/reports/{self.id}/download/{k}",
                                  "filename": p.name} for k, p in self.outputs.items()},
                "audit_ids": self.audit_ids}


class ReportJobs:
    def __init__(self, settings):
        self.settings = settings
        self._jobs: dict[str, ReportJob] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xianjie-report")

    @property
    def root(self) -> Path:
        return Path(self.settings.data_dir) / "reports"

    def submit(self, data: bytes, filename: str, month: str, user: str, previous: tuple[bytes, str] | None = None,
               as_of: date | None = None) -> ReportJob:
        from assistant.report.pipeline import parse_month

        month = parse_month(month)
        job = ReportJob(uuid.uuid4().hex, month, filename, user)
        folder = self.root / job.id
        try:
            folder.mkdir(parents=True, exist_ok=True)
            src = folder / ("input" + Path(filename).suffix.lower())
            src.write_bytes(data)
            prev = None
            if previous:
                prev = folder / ("previous" + Path(previous[1]).suffix.lower())
                prev.write_bytes(previous[0])
        except OSError as exc:
            raise ApiError("report_failed", f"无法保存上传的文件（{folder}）：{exc.strerror or exc}") from None
        with self._lock:
            self._jobs[job.id] = job
            self._prune()
        self._pool.submit(self._run, job, src, prev, as_of)
        return job

    def get(self, job_id: str) -> ReportJob:
        job = self._jobs.get(job_id)
        if job is None:
            raise ApiError("job_not_found", "没有这个报告任务（任务编号有误，或服务已重启）")
        return job

    def _prune(self) -> None:
        finished = sorted((j for j in self._jobs.values() if j.finished), key=lambda j: j.finished or 0)
        for old in finished[:max(0, len(self._jobs) - MAX_JOBS_KEPT)]:
            self._jobs.pop(old.id, None)
            shutil.rmtree(self.root / old.id, ignore_errors=True)

    def _run(self, job: ReportJob, src: Path, prev: Path | None, as_of: date | None) -> None:
        from assistant.report.pipeline import build_report, write_outputs

        job.status, job.stage = "running", "开始"
        try:
            report = build_report(src, job.month, previous=prev, as_of=as_of, progress=job.progress,
                                  settings=self.settings)
            stem = f"类案监督报告_{job.month}"
            paths = write_outputs(report, src.parent / f"{stem}.docx", progress=job.progress)
            job.outputs = {k: Path(p) for k, p in paths.items()}
            cur = report.current
            job.summary = (f"{report.period}：导入 {cur.imported.total_rows} 行，纳入分析 {len(cur.imported.rows)} 件，"
                           f"监督线索 {len(report.clues)} 条。")
            job.warnings = list(report.warnings)
            job.audit_ids = self._audit(job, report)
            job.status, job.stage, job.percent = "done", "完成", 100
        except Exception as exc:   # the job fails with a message; the server goes on
            from .errors import classify

            known = classify(exc)
            if known is None:
                log.exception("报告任务 %s 失败", job.id)
            code, message = known or ("report_failed", "生成报告时出错（已记入日志），请检查上传的数据文件后重试。")
            job.status, job.stage, job.error = "failed", "失败", {"code": code, "message": message}
        finally:
            job.finished = time.time()

    def _audit(self, job: ReportJob, report) -> dict[str, int]:
        """One audit row per generated file: who asked, from which upload (its sha256), the file's sha256."""
        from assistant.audit import AuditEntry, AuditLog

        src_hash = hashlib.sha256((self.root / job.id / ("input" + Path(job.filename).suffix.lower())).read_bytes())
        log_ = AuditLog(self.settings.db_path)
        ids = {}
        cited = sorted({p for r in report.recommendations for p in getattr(r, "provisions", [])})
        for key, path in job.outputs.items():
            entry = AuditEntry(
                user=job.user, kind=f"report_{key}", case_hash=src_hash.hexdigest(),
                output_sha256=hashlib.sha256(path.read_bytes()).hexdigest(), backend=self.settings.llm_backend,
                settings_fingerprint=self.settings.fingerprint(), citations=[{"id": p} for p in cited],
                case_id=f"{job.month} 月度数据：{job.filename}", review_summary=job.summary,
                output_path=str(path.resolve()), warnings=job.warnings[:50],
                model=None if self.settings.llm_backend == "offline" else self.settings.openai_model)
            ids[key] = log_.record(entry)
        return ids

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
