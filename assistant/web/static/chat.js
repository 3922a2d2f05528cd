// The chat panel: the question goes to POST /api/chat; the answer streams back as server-sent events (read with
// fetch, since EventSource cannot POST): meta → token… → citations → done, or error. Every [ID] in the answer and
// every cited provision becomes a chip that opens the provision's full text.
"use strict";

const ID_IN_TEXT = /\[([^\[\]\s]{1,40}?#[0-9A-Za-z引.\-]+)\]/g;

async function* sseEvents(resp) {
  const reader = resp.body.getReader();
  const decoder = new TextDecoder("utf-8");
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
    let cut;
    while ((cut = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      let name = "message", data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data += (data ? "\n" : "") + line.slice(5).replace(/^ /, "");
      }
      if (data) {
        try { yield { name, data: JSON.parse(data) }; } catch (_) { /* ping or malformed: skip */ }
      }
    }
  }
}

function renderAnswer(text, citations) {
  // text with inline chips for the verified IDs it contains
  const known = new Map((citations || []).map(c => [c.id, c]));
  const out = [];
  let last = 0;
  for (const m of text.matchAll(ID_IN_TEXT)) {
    const c = known.get(m[1]);
    if (!c) continue;
    out.push(text.slice(last, m.index));
    out.push(chip(c.id, c.id, c.status));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

function addMessage(kind, text) {
  const bubble = el("div", { class: "bubble" }, text || "");
  const msg = el("div", { class: "msg " + kind }, bubble);
  const box = $("#messages");
  const hint = $(".hint", box);
  if (hint) hint.remove();
  box.append(msg);
  box.scrollTop = box.scrollHeight;
  return { msg, bubble };
}

function finishAnswer(view, answer) {
  const { msg, bubble } = view;
  bubble.classList.remove("typing");
  if (answer.insufficient) msg.classList.add("insufficient");
  bubble.replaceChildren(...renderAnswer(answer.text, answer.citations));
  if (answer.citations && answer.citations.length) {
    for (const c of answer.citations) App.provisionNames[c.id] = c.name;
    bubble.append(el("div", { class: "cites" }, el("span", { class: "label" }, "引用："),
      answer.citations.map(c => chip(c.id, c.name || c.id, c.status))));
  }
  if (answer.removed && answer.removed.length) {
    bubble.append(el("div", { class: "note" }, "已删去无法核实的引用：" + answer.removed.map(c => c.id).join("、")));
  }
  if (answer.fallback_reason) bubble.append(el("div", { class: "note" }, answer.fallback_reason));
}

let asking = false;

async function ask(question) {
  question = (question || "").trim();
  if (!question || asking) return;
  asking = true;
  $("#ask-btn").disabled = true;
  addMessage("user", question);
  const view = addMessage("bot", "");
  view.bubble.classList.add("typing");
  let text = "";
  let finished = false;
  try {
    const resp = await api("/api/chat", {
      method: "POST", headers: { Accept: "text/event-stream" },
      json: { question, conversation_id: App.conversationId },
    });
    for await (const ev of sseEvents(resp)) {
      if (ev.name === "meta") setConversation(ev.data.conversation_id);
      else if (ev.name === "token") {
        text += ev.data.text;
        view.bubble.textContent = text;
        $("#messages").scrollTop = $("#messages").scrollHeight;
      } else if (ev.name === "reset") {
        text = "";
        view.bubble.textContent = "";
      } else if (ev.name === "done") {
        finishAnswer(view, ev.data);
        finished = true;
      } else if (ev.name === "error") {
        throw new ApiError(ev.data.code, ev.data.message);
      }
    }
    if (!finished) throw new ApiError("interrupted", "回答意外中断，请重试");
  } catch (e) {
    view.bubble.classList.remove("typing");
    view.msg.classList.add("error");
    view.bubble.textContent = (text ? text + "\n\n" : "") + "出错：" + e.message;
  } finally {
    asking = false;
    $("#ask-btn").disabled = false;
    $("#messages").scrollTop = $("#messages").scrollHeight;
  }
}

$("#ask-form").addEventListener("submit", ev => {
  ev.preventDefault();
  const q = $("#question").value;
  $("#question").value = "";
  ask(q);
});
$("#question").addEventListener("keydown", ev => {
  if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
    ev.preventDefault();
    $("#ask-form").requestSubmit();
  }
});
document.querySelectorAll(".example").forEach(b => b.addEventListener("click", () => ask(b.textContent)));
$("#new-conv").addEventListener("click", () => {
  setConversation(null);
  $("#messages").replaceChildren(el("div", { class: "hint" }, "已开始新的会话。"));
  $("#case-badge").hidden = true;
});

window.ask = ask;
