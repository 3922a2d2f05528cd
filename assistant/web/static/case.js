// The case tab: paste facts or upload a file → the review (charges, thresholds with numbers and sources, direction
// and agency, deadlines, evidence gaps) → one-click DOCX: 检察意见书 / 证据缺口清单. The case stays with the
// conversation, so the chat can be asked about "本案".
"use strict";

const STATUS_CN = { met: "已达立案追诉标准", near: "达到标准的80%以上（提前介入）", not_met: "未达立案标准", unknown: "无法判断（缺少数额或情节事实）" };
const DIRECTION_CN = { forward: "正向衔接：建议行政执法机关移送公安机关", reverse: "反向衔接：不起诉后移送行政主管机关处理", none: "无需衔接移送" };
const DEADLINE_CN = { overdue: "已超期", due_soon: "即将到期", pending: "未到期", done: "已完成", unknown: "无法计算" };
const LIMIT_CN = { expired: "可能已过时效", expiring: "即将届满", running: "未过时效", unknown: "无法计算" };

function fmtNum(v) {
  if (v === null || v === undefined) return "—";
  if (v >= 10000 && v % 1000 === 0) return (v / 10000) + "万";
  return String(v);
}

function section(title, ...body) { return [el("h4", {}, title), ...body.filter(Boolean)]; }

function renderCharges(r, names) {
  if (r.abstained) return section("涉嫌罪名", el("p", { class: "warn" }, "不作罪名推断：", ...proseWithChips(r.abstain_reason, r.citations)));
  return section("涉嫌罪名", el("ul", { class: "plain" }, r.charges.map(c =>
    el("li", {}, `${c.name}罪 `, chip(c.article, names[c.article] || c.article),
      ` 置信度 ${c.confidence.toFixed(2)}`, el("span", { class: "quote" }, "　", ...proseWithChips(c.reason, r.citations))))));
}

function renderThresholds(r, names) {
  if (!r.thresholds.length) return [];
  const rows = r.thresholds.map(t => {
    const std = t.op === "present" ? `${t.variant || "情节"}（定性）` : `${t.metric} ≥ ${fmtNum(t.value)}${t.unit}`;
    const val = t.case_value !== null && t.case_value !== undefined ? `${fmtNum(t.case_value)}${t.unit}${t.approximate ? "（约数）" : ""}` : (t.missing || "—");
    return el("tr", {},
      el("td", {}, std, t.condition ? el("div", { class: "quote" }, "条件：" + t.condition) : null),
      el("td", {}, t.level),
      el("td", {}, val),
      el("td", {}, el("span", { class: "badge " + t.status }, STATUS_CN[t.status] || t.status)),
      el("td", {}, chip(t.source, t.source), el("div", { class: "quote" }, `“${t.quote}”`)));
  });
  return section("立案追诉标准：" + (STATUS_CN[r.threshold_status] || ""),
    el("table", { class: "grid" }, el("thead", {}, el("tr", {}, ["标准", "档次", "本案", "结论", "依据与原文"].map(h => el("th", {}, h)))),
      el("tbody", {}, rows)));
}

function renderDirection(r, names) {
  const d = r.direction;
  const items = [
    el("p", {}, el("span", { class: "badge " + d.kind }, DIRECTION_CN[d.kind]),
      d.agency ? el("strong", {}, `　主管机关：${d.agency}`) : null),
    d.reasons.length ? el("ul", { class: "plain" }, d.reasons.map(x => el("li", {}, x))) : null,
    d.provisions.length ? el("div", {}, "衔接依据：", chips(d.provisions, names)) : null,
    d.penalty_provisions.length ? el("div", {}, "处罚依据：", chips(d.penalty_provisions, names)) : null,
    d.penalties.length ? el("div", {}, "可给予：" + d.penalties.join("；")) : null,
    d.limitation ? el("div", {}, `行政处罚时效：`, el("span", { class: "badge " + d.limitation.status }, LIMIT_CN[d.limitation.status]),
      " ", chip(d.limitation.source, d.limitation.source), el("div", { class: "quote" }, d.limitation.note)) : null,
    d.checks.length ? el("details", {}, el("summary", {}, `核查要点（${d.checks.length}）`),
      el("ul", { class: "plain" }, d.checks.map(x => el("li", {}, x)))) : null,
  ];
  return section("衔接方向与主管机关", ...items);
}

function renderDeadlines(r) {
  if (!r.deadlines.length) return [];
  return section("期限", el("table", { class: "grid" },
    el("thead", {}, el("tr", {}, ["事项", "起算", "届满", "状态", "依据"].map(h => el("th", {}, h)))),
    el("tbody", {}, r.deadlines.map(d => el("tr", {},
      el("td", {}, d.name, el("div", { class: "quote" }, d.message)),
      el("td", {}, d.start || "—"), el("td", {}, d.due || "—"),
      el("td", {}, el("span", { class: "badge " + d.status }, DEADLINE_CN[d.status] || d.status)),
      el("td", {}, chip(d.source, d.source), d.source_status !== "full_text" ? el("div", { class: "quote" }, "摘录/引文，请核对正式文本") : null))))));
}

function renderGaps(r, names) {
  if (!r.evidence_table.length) return [];
  return section(`证据审查（缺口 ${r.evidence_gaps.length} 项）`, el("table", { class: "grid" },
    el("thead", {}, el("tr", {}, ["要件", "已有证据", "缺口与补充", "转化"].map(h => el("th", {}, h)))),
    el("tbody", {}, r.evidence_table.map(g => el("tr", {},
      el("td", {}, g.element),
      el("td", {}, g.present.join("；") || "—"),
      el("td", { class: g.gap ? "err" : "" }, g.gap || "无", g.how_to_fill ? el("div", { class: "quote" }, g.how_to_fill) : null),
      el("td", {}, g.conversion, g.provisions.length ? el("div", {}, chips(g.provisions, names)) : null))))));
}

async function draft(kind, btn) {
  const label = kind === "opinion" ? "检察意见书" : "证据缺口清单";
  const old = btn.textContent;
  btn.disabled = true;
  btn.textContent = `正在生成${label}……`;
  const status = $("#draft-status");
  try {
    const res = await downloadFrom(`/api/drafts/${kind}`, { method: "POST", json: { conversation_id: App.conversationId } }, `${label}.docx`);
    status.className = "small";
    status.textContent = `已下载：${res.name}（审计记录 #${res.auditId}${res.warnings ? `，提示 ${res.warnings} 条，请在文书中核对` : ""}）`;
  } catch (e) {
    status.className = "err";
    status.textContent = `${label}未生成：${e.message}`;
  } finally {
    btn.disabled = false;
    btn.textContent = old;
  }
}

function renderReview(data) {
  const r = data.review;
  Object.assign(App.provisionNames, data.provisions);
  const names = data.provisions;
  const top = r.charges && r.charges.length && !r.abstained ? r.charges[0].name + "罪" : "罪名未定";
  const out = $("#review-out");
  out.replaceChildren(...[
    el("div", { class: "actions" },
      el("button", { class: "primary", id: "draft-opinion", onclick: ev => draft("opinion", ev.currentTarget) }, "一键生成检察意见书（DOCX）"),
      el("button", { class: "primary", id: "draft-checklist", onclick: ev => draft("checklist", ev.currentTarget) }, "一键生成证据缺口清单（DOCX）"),
      el("button", { class: "ghost", onclick: () => { showTab("chat"); $("#question").focus(); } }, "就本案提问"),
      el("div", { id: "draft-status", class: "small" })),
    el("div", { class: "small" }, `案件：${r.case_id}　行为日期：${r.conduct_date || "不明"}　主体：${r.subject}`),
    ...renderCharges(r, names), ...renderThresholds(r, names), ...renderDirection(r, names), ...renderDeadlines(r),
    ...renderGaps(r, names),
    ...(r.warnings.length ? section("提示", el("ul", { class: "plain warn" }, [...new Set(r.warnings)].map(w => el("li", {}, w)))) : []),
  ].filter(Boolean));
  const badge = $("#case-badge");
  badge.textContent = `当前案件：${r.case_id}（${top}）`;
  badge.title = badge.textContent;
  badge.hidden = false;
}

async function runReview(request) {
  const out = $("#review-out");
  out.replaceChildren(el("p", { class: "placeholder" }, "正在审查……"));
  try {
    const data = await request();
    setConversation(data.conversation_id);
    renderReview(data);
  } catch (e) {
    out.replaceChildren(el("p", { class: "err" }, "审查未完成：" + e.message));
  }
}

$("#review-text").addEventListener("click", () => {
  const facts = $("#facts").value;
  if (!facts.trim()) { $("#review-out").replaceChildren(el("p", { class: "err" }, "请先粘贴案件事实或决定书文字，或上传文件")); return; }
  runReview(() => apiJson("/api/review", { method: "POST", json: { facts, conversation_id: App.conversationId } }));
});

$("#case-file").addEventListener("change", ev => {
  const file = ev.target.files[0];
  if (!file) return;
  const form = new FormData();
  form.append("file", file);
  if (App.conversationId) form.append("conversation_id", App.conversationId);
  runReview(async () => {
    const data = await apiJson("/api/review/upload", { method: "POST", body: form });
    $("#facts").value = data.case.facts || "";      // what was read from the file, to check or edit and re-review
    return data;
  });
  ev.target.value = "";
});
