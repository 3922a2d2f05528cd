// The report tab (upload the month's CSV/XLSX → background job → progress → DOCX/HTML/XLSX) and the audit tab.
"use strict";

(function defaultMonth() {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);      // the month just ended
  $("#report-month").value = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
})();

document.querySelectorAll(".file-name").forEach(span => {
  const input = document.getElementById(span.dataset.for);
  input.addEventListener("change", () => { span.textContent = input.files[0] ? input.files[0].name : "未选择"; });
});

function showProgress(state) {
  $("#report-progress").hidden = false;
  $("#report-bar").style.width = `${state.percent || 0}%`;
  const count = state.total ? `（${state.done}/${state.total}）` : "";
  $("#report-stage").textContent = `${state.stage}${count}　${state.percent || 0}%`;
}

function showResult(state) {
  const out = $("#report-out");
  if (state.status === "failed") {
    out.replaceChildren(el("p", { class: "err" }, "报告未生成：" + ((state.error && state.error.message) || "未知原因")));
    return;
  }
  const links = Object.entries(state.downloads || {}).map(([fmt, d]) =>
    el("a", { href: d.url, download: d.filename, class: "dl-" + fmt }, `下载${d.label}`));
  const warnings = state.warnings || [];
  out.replaceChildren(...[
    el("p", {}, state.summary),
    el("div", { class: "downloads" }, links),
    warnings.length ? el("details", {}, el("summary", {}, `提示（${warnings.length}）`),
      el("ul", { class: "plain warn" }, warnings.map(w => el("li", {}, w)))) : null].filter(Boolean));
}

async function followJob(jobId) {
  // Server-sent progress; if the stream breaks, fall back to polling the job's state.
  try {
    const resp = await api(`/api/reports/${jobId}/events`, { headers: { Accept: "text/event-stream" } });
    for await (const ev of sseEvents(resp)) {
      if (ev.name === "progress") showProgress(ev.data);
      else if (ev.name === "done") { showProgress(ev.data); showResult(ev.data); return; }
      else if (ev.name === "error") { showResult(ev.data.job || { status: "failed", error: ev.data }); return; }
    }
  } catch (_) { /* poll below */ }
  for (;;) {
    const state = await apiJson(`/api/reports/${jobId}`);
    showProgress(state);
    if (state.status === "done" || state.status === "failed") { showResult(state); return; }
    await new Promise(r => setTimeout(r, 1000));
  }
}

$("#report-form").addEventListener("submit", async ev => {
  ev.preventDefault();
  const btn = $("#report-btn");
  const form = new FormData();
  const file = $("#report-file").files[0];
  if (!file) { $("#report-out").replaceChildren(el("p", { class: "err" }, "请先选择本月数据文件（.xlsx 或 .csv）")); return; }
  form.append("file", file);
  form.append("month", $("#report-month").value);
  const prev = $("#report-prev").files[0];
  if (prev) form.append("previous", prev);
  btn.disabled = true;
  $("#report-out").replaceChildren();
  showProgress({ stage: "上传中", percent: 0 });
  try {
    const job = await apiJson("/api/reports", { method: "POST", body: form });
    showProgress(job);
    await followJob(job.job_id);
  } catch (e) {
    $("#report-progress").hidden = true;
    $("#report-out").replaceChildren(el("p", { class: "err" }, "报告未生成：" + e.message));
  } finally {
    btn.disabled = false;
  }
});

// -- audit ------------------------------------------------------------------------------------------------------
async function showAudit(id) {
  try {
    const e = await apiJson(`/api/audit/${id}`);
    openSide(`审计记录 #${e.id}`, `${e.kind_cn}　${e.created_at}`, el("div", {}, e.text));
  } catch (err) {
    openSide(`审计记录 #${id}`, "", el("div", { class: "err" }, err.message));
  }
}

window.loadAudit = async function loadAudit() {
  const body = $("#audit-table tbody");
  try {
    const rows = await apiJson("/api/audit?limit=50");
    body.replaceChildren(...(rows.length ? rows.map(r => el("tr", { class: "clickable", onclick: () => showAudit(r.id) },
      el("td", {}, r.id), el("td", {}, r.created_at.replace("T", " ").slice(0, 19)), el("td", {}, r.user), el("td", {}, r.kind_cn),
      el("td", {}, r.case_id || "—"), el("td", {}, r.document_number || "—"),
      el("td", {}, r.backend + (r.model ? `（${r.model}）` : "")))) : [el("tr", {}, el("td", { colspan: 7 }, "还没有生成过文书"))]));
  } catch (e) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 7, class: "err" }, e.message)));
  }
};
$("#audit-refresh").addEventListener("click", () => window.loadAudit());
