// Web chat: all document text is inserted with textContent, never as HTML.
"use strict";

const state = { sessionId: localStorage.getItem("sessionId"), kinds: [] };
const $ = (id) => document.getElementById(id);

// The API key, when the service wants one: asked for once, kept for this browser session (sessionStorage),
// sent with every call. Calls that meet a 401 at the same time share one question.
const KEY = "assistantApiKey";
let asking = null;

function askForKey(wrong) {
  if (!asking) {
    asking = new Promise((resolve) => {
      const given = window.prompt(wrong ? "API-nøkkelen ble ikke godtatt. Skriv API-nøkkelen for tjenesten:"
                                        : "Tjenesten krever en API-nøkkel. Skriv den inn:");
      const key = (given || "").trim();
      if (key) sessionStorage.setItem(KEY, key);
      resolve(Boolean(key));
    }).finally(() => setTimeout(() => { asking = null; }, 0));
  }
  return asking;
}

async function api(url, options = {}) {
  const send = () => {
    const headers = new Headers(options.headers || {});
    const key = sessionStorage.getItem(KEY);
    if (key) headers.set("X-API-Key", key);
    return fetch(url, { ...options, headers });
  };
  const response = await send();
  if (response.status === 401 && (await askForKey(Boolean(sessionStorage.getItem(KEY))))) return send();
  return response;
}

// A source's own bracketed numbers arrive escaped («\[2\]»): shown as brackets, never as citation markers.
const unescapeBrackets = (text) => text.replace(/\\([[\]])/g, "$1");

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function label(citation) {
  const parts = [citation.short_title || citation.title];
  if (citation.section) parts.push(citation.section);
  if (citation.page) parts.push("s. " + citation.page);
  return parts.join(", ");
}

function renderAnswer(result) {
  const box = element("article", "message assistant");
  box.appendChild(element("div", "who", "Assistenten"));
  const text = element("div", "answer-text");
  const byMarker = new Map(result.citations.map((c) => [String(c.marker), c]));
  // split the answer into plain text and [n] markers (not escaped ones); markers become buttons
  for (const piece of result.answer.split(/((?<!\\)\[\d+\])/)) {
    const match = piece.match(/^\[(\d+)\]$/);
    if (match && byMarker.has(match[1])) {
      const button = element("button", "cite", piece);
      button.type = "button";
      button.setAttribute("aria-label", "Vis kilde " + match[1] + ": " + label(byMarker.get(match[1])));
      button.addEventListener("click", () => showSource(byMarker.get(match[1])));
      text.appendChild(button);
    } else {
      text.appendChild(document.createTextNode(unescapeBrackets(piece)));
    }
  }
  box.appendChild(text);
  for (const notice of result.notices || []) box.appendChild(element("p", "notice", notice));
  if (result.citations.length) {
    const list = element("ol", "sources");
    list.setAttribute("aria-label", "Kilder");
    for (const c of result.citations) {
      const item = element("li");
      item.value = c.marker;
      const link = element("button", "cite", label(c));
      link.type = "button";
      link.addEventListener("click", () => showSource(c));
      item.appendChild(link);
      list.appendChild(item);
    }
    box.appendChild(list);
  }
  const actions = element("div", "actions");
  const copy = element("button", "", "Kopier svar med kilder");
  copy.type = "button";
  copy.addEventListener("click", async () => {
    const refs = result.citations.map((c) => `[${c.marker}] ${label(c)}: «${c.quote}»`).join("\n");
    const content = unescapeBrackets(result.answer) + (refs ? "\n\nKilder:\n" + refs : "");
    try { await navigator.clipboard.writeText(content); copy.textContent = "Kopiert"; }
    catch (err) { copy.textContent = "Kunne ikke kopiere"; }
  });
  actions.appendChild(copy);
  box.appendChild(actions);
  $("conversation").appendChild(box);
  box.scrollIntoView({ behavior: "smooth", block: "end" });
}

async function showSource(citation) {
  const url = `/api/documents/${encodeURIComponent(citation.document)}/passage?start=${citation.start_char}&end=${citation.end_char}`;
  const response = await api(url);
  const panel = $("source-panel");
  panel.hidden = false;
  const body = $("source-text");
  body.replaceChildren();
  if (!response.ok) {
    body.textContent = "Fant ikke utdraget.";
    return;
  }
  const passage = await response.json();
  $("source-title").textContent = passage.title;
  $("source-where").textContent = [passage.section, passage.page ? "s. " + passage.page : ""].filter(Boolean).join(" · ");
  if (window.libraryPassageShown) window.libraryPassageShown(passage); // documents.js: «Åpne s. N i PDF-en»
  body.appendChild(document.createTextNode("…" + passage.before));
  const mark = body.appendChild(element("mark", "", passage.text));
  body.appendChild(document.createTextNode(passage.after + "…"));
  // scroll only the passage box (never the page), so the panel's title and × stay in view
  body.scrollTop = Math.max(0, mark.offsetTop - body.clientHeight / 3);
  body.focus({ preventScroll: true });
}

function clearSource() {
  $("source-panel").hidden = true;
  $("source-title").textContent = "Kilde";
  $("source-where").textContent = "";
  $("source-text").replaceChildren();
}

async function ask(question) {
  clearSource(); // the panel belongs to the previous answer
  const user = element("article", "message user");
  user.appendChild(element("div", "who", "Du"));
  user.appendChild(element("div", "answer-text", question));
  $("conversation").appendChild(user);
  $("progress").textContent = "Leter i dokumentene …";
  $("send").disabled = true;
  try {
    const kind = $("kind").value;
    const response = await api("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session_id: state.sessionId, question, filters: { kinds: kind ? [kind] : [] } }),
    });
    const data = await response.json();
    if (!response.ok) {
      if (response.status === 404) { state.sessionId = null; localStorage.removeItem("sessionId"); }
      $("conversation").appendChild(element("p", "notice", data.detail || "Noe gikk galt."));
      return;
    }
    state.sessionId = data.session_id;
    localStorage.setItem("sessionId", data.session_id);
    renderAnswer(data.answer);
  } catch (err) {
    $("conversation").appendChild(element("p", "notice", "Fikk ikke kontakt med tjenesten."));
  } finally {
    $("progress").textContent = "";
    $("send").disabled = false;
  }
}

async function restore() {
  if (!state.sessionId) return;
  const response = await api(`/api/sessions/${state.sessionId}`);
  if (!response.ok) { state.sessionId = null; localStorage.removeItem("sessionId"); return; }
  const session = await response.json();
  for (const message of session.messages) {
    if (message.role === "assistant" && message.answer) renderAnswer(message.answer);
    else if (message.role === "user") {
      const user = element("article", "message user");
      user.appendChild(element("div", "who", "Du"));
      user.appendChild(element("div", "answer-text", message.content));
      $("conversation").appendChild(user);
    }
  }
}

async function loadKinds() {
  const response = await api("/api/documents");
  if (!response.ok) return;
  const kinds = [...new Set((await response.json()).map((d) => d.kind))].sort();
  for (const kind of kinds) {
    const option = element("option", "", kind);
    option.value = kind;
    $("kind").appendChild(option);
  }
}

$("ask-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const question = $("question").value.trim();
  if (!question) return;
  $("question").value = "";
  ask(question);
});
$("question").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); $("ask-form").requestSubmit(); }
});
$("new-chat").addEventListener("click", () => {
  state.sessionId = null;
  localStorage.removeItem("sessionId");
  $("conversation").replaceChildren();
  clearSource();
});
$("close-source").addEventListener("click", clearSource);
document.addEventListener("keydown", (event) => { if (event.key === "Escape" && !$("source-panel").hidden) clearSource(); });
// The responsibility matrix (who does what) as a table in the conversation; text only, never HTML.
// A cell shows the best few; «Vis alle» fetches every statement (per_cell=0) and redraws this table in place.
function renderMatrix(matrix, replacing) {
  const box = element("article", "message assistant matrix");
  box.appendChild(element("div", "who", "Ansvarsmatrise" + (matrix.topic ? ` – tema «${matrix.topic}»` : "")));
  if (!matrix.cells.length) {
    box.appendChild(element("p", "notice", "Fant ingen utsagn om hvem som gjør hva for dette temaet."));
    $("conversation").appendChild(box);
    return;
  }
  const table = element("table", "matrix-table");
  const head = element("tr");
  head.appendChild(element("th", "", "Aktør"));
  for (const role of matrix.roles) head.appendChild(element("th", "", role.label));
  table.appendChild(element("thead")).appendChild(head);
  const body = element("tbody");
  for (const actor of matrix.actors) {
    const row = element("tr");
    const name = element("th", "", actor.label);
    name.scope = "row";
    row.appendChild(name);
    for (const role of matrix.roles) {
      const cell = element("td");
      const found = matrix.cells.find((c) => c.actor === actor.key && c.role === role.key);
      const list = element("ul");
      for (const statement of found ? found.statements : []) {
        const item = element("li");
        if (statement.context) item.appendChild(element("span", "context", `(${statement.context}) `));
        item.appendChild(document.createTextNode(statement.text + " "));
        const cite = element("button", "cite", `[${statement.citation.marker}]`);
        cite.type = "button";
        cite.setAttribute("aria-label", "Vis kilde: " + label(statement.citation));
        cite.addEventListener("click", () => showSource(statement.citation));
        item.appendChild(cite);
        list.appendChild(item);
      }
      cell.appendChild(list);
      if (found && found.total > found.statements.length) {
        const more = element("button", "matrix-more", `Vis alle (${found.total})`);
        more.type = "button";
        more.addEventListener("click", () => loadMatrix(matrix.topic || "", box, 0));
        cell.appendChild(more);
      }
      row.appendChild(cell);
    }
    body.appendChild(row);
  }
  table.appendChild(body);
  const scroll = element("div", "matrix-scroll");
  scroll.appendChild(table);
  box.appendChild(scroll);
  if (replacing) { replacing.replaceWith(box); return; }
  $("conversation").appendChild(box);
  box.scrollIntoView({ behavior: "smooth", block: "start" });
}

async function loadMatrix(topic, replacing, perCell) {
  $("progress").textContent = "Lager ansvarsmatrisen …";
  try {
    const query = new URLSearchParams();
    if (topic) query.set("topic", topic);
    if (perCell !== undefined) query.set("per_cell", String(perCell));
    const response = await api("/api/matrix" + (query.toString() ? "?" + query : ""));
    const data = await response.json();
    if (!response.ok) { $("conversation").appendChild(element("p", "notice", data.detail || "Noe gikk galt.")); return; }
    renderMatrix(data, replacing);
  } catch (err) {
    $("conversation").appendChild(element("p", "notice", "Fikk ikke kontakt med tjenesten."));
  } finally {
    $("progress").textContent = "";
  }
}
$("matrix-button").addEventListener("click", () => loadMatrix($("question").value.trim()));
// While the semantic index is built behind the service, say so quietly and show how far it has come.
function describeIndex(dense) {
  if (dense.complete) return "";
  const share = dense.chunks ? Math.floor((100 * dense.chunks_embedded) / dense.chunks) : 0;
  let text = `Betydningssøket bygges: ${dense.chunks_embedded} av ${dense.chunks} tekstbiter (${share} %), ` +
    `${dense.documents_embedded} av ${dense.documents} dokumenter`;
  if (dense.eta_seconds != null) {
    const minutes = Math.ceil(dense.eta_seconds / 60);
    text += minutes > 1 ? `, ca. ${minutes} min igjen` : ", under ett minutt igjen";
  }
  if (dense.worker === "failed") text += " – byggingen stoppet; svarene bygger på ordsøk";
  return text + ". Svarene bygger så lenge mest på ordsøk.";
}

async function watchIndex() {
  try {
    const response = await fetch("/health");
    if (!response.ok) return;
    const health = await response.json();
    const text = describeIndex(health.dense);
    $("index-status").textContent = text;
    $("index-status").hidden = !text;
    if (!health.dense.complete && health.dense.worker !== "failed") setTimeout(watchIndex, 3000);
  } catch (err) {
    setTimeout(watchIndex, 10000);
  }
}

loadKinds();
restore();
watchIndex();
