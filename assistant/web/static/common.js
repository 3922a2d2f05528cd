// Shared by the page's panels: API calls with Chinese errors, tabs, the conversation id, citation chips and the
// side panel that shows a provision's full text. Plain JS, no libraries (closed network).
"use strict";

const App = {
  conversationId: sessionStorage.getItem("xianjie.conversation") || null,
  health: null,
  provisionNames: {},
};

function $(sel, root) { return (root || document).querySelector(sel); }
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function setConversation(id) {
  App.conversationId = id;
  if (id) sessionStorage.setItem("xianjie.conversation", id);
  else sessionStorage.removeItem("xianjie.conversation");
}

function userHeaders(extra) {
  const h = Object.assign({}, extra || {});
  const name = ($("#user-name").value || "").trim();
  if (name) h["X-Xianjie-User"] = encodeURIComponent(name);
  return h;
}

class ApiError extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

async function errorOf(resp) {
  let body = null;
  try { body = await resp.json(); } catch (_) { /* not JSON */ }
  if (body && body.message) return new ApiError(body.code || "error", body.message);
  if (resp.status === 401) return new ApiError("unauthorized", "需要访问令牌，请刷新页面后输入");
  return new ApiError("http_" + resp.status, `请求失败（HTTP ${resp.status}），请稍后重试`);
}

async function api(path, options) {
  const opts = Object.assign({}, options || {});
  opts.headers = userHeaders(opts.headers);
  if (opts.json !== undefined) {
    opts.body = JSON.stringify(opts.json);
    opts.headers["Content-Type"] = "application/json";
    delete opts.json;
  }
  let resp;
  try { resp = await fetch(path, opts); }
  catch (_) { throw new ApiError("network", "无法连接服务，请确认服务仍在运行"); }
  if (!resp.ok) throw await errorOf(resp);
  return resp;
}

async function apiJson(path, options) { return (await api(path, options)).json(); }

// A download the browser saves: fetched first, so that an error shows its Chinese message instead of a blank file.
async function downloadFrom(path, options, fallbackName) {
  const resp = await api(path, options);
  const disp = resp.headers.get("Content-Disposition") || "";
  const m = /filename\*=UTF-8''([^;]+)/i.exec(disp);
  const name = m ? decodeURIComponent(m[1]) : fallbackName;
  const blob = await resp.blob();
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
  return { name, auditId: resp.headers.get("X-Audit-Id"), warnings: Number(resp.headers.get("X-Draft-Warnings") || 0) };
}

function showNotice(text) {
  const n = $("#notice");
  n.textContent = text || "";
  n.hidden = !text;
}

// -- tabs -------------------------------------------------------------------------------------------------------
function showTab(name) {
  document.querySelectorAll(".tab").forEach(t => t.classList.toggle("active", t.dataset.tab === name));
  document.querySelectorAll(".panel").forEach(p => p.classList.toggle("active", p.id === "panel-" + name));
  if (name === "audit" && window.loadAudit) window.loadAudit();
}
document.querySelectorAll(".tab").forEach(t => t.addEventListener("click", () => showTab(t.dataset.tab)));

// -- citation chips and the side panel --------------------------------------------------------------------------
function chip(id, label, status) {
  const unverified = status && status !== "VERIFIED";
  return el("button", {
    class: "chip" + (unverified ? " unverified" : ""), type: "button", "data-id": id,
    title: unverified ? "未能核实的引用" : "查看条文原文",
    onclick: (ev) => { ev.preventDefault(); openProvision(id); },
  }, label || App.provisionNames[id] || id);
}

function chips(ids, names) {
  return (ids || []).map(id => chip(id, (names && names[id]) || id));
}

// prose that names verified IDs (an exclusion's reason: “……（森林法#56.2）……”) → text with those IDs as chips
function proseWithChips(text, ids) {
  const known = [...new Set(ids || [])].sort((a, b) => b.length - a.length);
  if (!text || !known.length) return [text || ""];
  const esc = known.map(id => id.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&"));
  const re = new RegExp(`(${esc.join("|")})(?![0-9]|\\.[0-9])`, "g");
  const out = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    out.push(text.slice(last, m.index), chip(m[1], m[1]));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

function closeSide() { $("#side").hidden = true; document.body.classList.remove("side-open"); }
$("#side-close").addEventListener("click", closeSide);
document.addEventListener("keydown", ev => { if (ev.key === "Escape") closeSide(); });

function openSide(title, sub, body) {
  $("#side-title").textContent = title;
  $("#side-sub").textContent = sub || "";
  const b = $("#side-body");
  b.replaceChildren(...(Array.isArray(body) ? body : [body]).filter(Boolean));
  b.scrollTop = 0;
  $("#side").hidden = false;
  document.body.classList.add("side-open");
}

async function openProvision(id) {
  openSide(id, "正在读取条文……", el("div", { class: "meta" }, ""));
  try {
    const p = await apiJson("/api/provisions/" + encodeURIComponent(id));
    const eff = p.effective_from ? `${p.effective_from} 起施行` : "施行日期未载明";
    const until = p.effective_to ? `；${p.effective_to} 起失效` : "";
    const paras = (p.paragraphs && p.paragraphs.length > 1 ? p.paragraphs : [p.text]).map(t => el("p", {}, t));
    const guide = p.kind === "guide" || p.kind === "case";     // the review index / typical cases: not law
    openSide(`《${p.title}》${p.label}`, `编号 ${p.id}`, [
      el("div", { class: "meta" },
        el("div", {}, `版本：${p.version}`),
        guide ? null : el("div", {}, `施行：${eff}${until}`, " ",
          el("span", { class: "badge " + (p.in_force_today ? "done" : "overdue") }, p.in_force_today ? "现行有效" : "已失效或尚未施行")),
        p.heading ? el("div", {}, `位置：${p.heading}`) : null,
        p.note ? el("div", { class: "warn" }, p.note) : null),
      ...paras,
    ]);
  } catch (e) {
    openSide(id, "", el("div", { class: "err" }, `${e.message}`));
  }
}

// -- start-up ---------------------------------------------------------------------------------------------------
(function init() {
  const saved = localStorage.getItem("xianjie.user");
  if (saved) $("#user-name").value = saved;
  $("#user-name").addEventListener("change", () => localStorage.setItem("xianjie.user", $("#user-name").value.trim()));
  apiJson("/api/health").then(h => {
    App.health = h;
    if (!$("#user-name").value) $("#user-name").placeholder = h.user;
    if (!h.index_ready) showNotice(`检索索引不可用：${h.index_message}（案件审查、文书和报告不受影响）`);
    const lim = $("#limits");
    if (lim) lim.textContent = `文件不超过 ${h.max_upload_mb} MB，PDF 不超过 ${h.max_pdf_pages} 页；扫描件需先做文字识别。`;
  }).catch(e => showNotice(e.message));
})();
