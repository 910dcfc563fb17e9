// The kb page: plain script, no framework, no CDN, so it works offline from the files kb.dll carries.
// Every piece of document or answer text is set with textContent: documents are data, never markup.
"use strict";

const $ = (id) => document.getElementById(id);
let apiKey = sessionStorage.getItem("kb-api-key") || "";

function headers(extra) {
  const h = Object.assign({}, extra);
  if (apiKey) h["Authorization"] = "Bearer " + apiKey;
  return h;
}

async function errorText(response) {
  try {
    const body = await response.json();
    return (body.error && body.error.message) || response.statusText;
  } catch {
    return response.status + " " + response.statusText;
  }
}

// Reads a text/event-stream response and calls onEvent with each parsed "data:" payload until [DONE].
async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of block.split("\n")) {
        if (!line.startsWith("data: ")) continue;
        const data = line.slice(6);
        if (data === "[DONE]") return;
        onEvent(JSON.parse(data));
      }
    }
  }
}

function where(p) {
  let text = p.file_name;
  if (p.location) text += ", " + p.location;
  if (p.heading) text += " › " + p.heading;
  return text;
}

// Answer text with each [n] turned into a link to source n.
function renderAnswer(container, text, sourceCount) {
  container.textContent = "";
  const pattern = /\[(\d+)\]/g;
  let last = 0;
  let match;
  while ((match = pattern.exec(text)) !== null) {
    const n = Number(match[1]);
    container.append(text.slice(last, match.index));
    if (n >= 1 && n <= sourceCount) {
      const link = document.createElement("a");
      link.href = "#source-" + n;
      link.className = "citation";
      link.textContent = "[" + n + "]";
      link.setAttribute("aria-label", "Source " + n);
      link.addEventListener("click", (e) => { e.preventDefault(); openSource(n); });
      container.append(link);
    } else {
      container.append(match[0]);
    }
    last = pattern.lastIndex;
  }
  container.append(text.slice(last));
}

function openSource(n) {
  const details = $("source-" + n);
  if (!details) return;
  details.open = true;
  details.querySelector("summary").focus();
  details.scrollIntoView({ block: "nearest" });
}

function renderSources(sources) {
  const list = $("sources");
  list.textContent = "";
  $("sources-heading").hidden = sources.length === 0;
  for (const s of sources) {
    const item = document.createElement("li");
    const details = document.createElement("details");
    details.id = "source-" + s.number;
    const summary = document.createElement("summary");
    summary.textContent = "[" + s.number + "] " + where(s);
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = "File: " + s.source_path + (s.location ? " — " + s.location : "") + (s.heading ? " — Heading: " + s.heading : "");
    const passage = document.createElement("p");
    passage.className = "passage";
    passage.textContent = s.text;
    details.append(summary, meta, passage);
    item.append(details);
    list.append(item);
  }
}

async function ask(event) {
  event.preventDefault();
  const question = $("question").value.trim();
  if (!question) return;
  const answer = $("answer");
  $("ask-error").textContent = "";
  answer.textContent = "";
  answer.setAttribute("aria-busy", "true");
  $("ask-button").disabled = true;
  let text = "";
  let sources = [];
  try {
    const response = await fetch("/v1/kb/ask", {
      method: "POST",
      headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify({ question, stream: true }),
    });
    if (!response.ok) throw new Error(await errorText(response));
    await readEvents(response, (e) => {
      if (e.error) throw new Error(e.error.message);
      if (e.type === "sources") { sources = e.sources; renderSources(sources); }
      if (e.type === "delta") { text += e.text; answer.textContent = text; }
      if (e.type === "answer") { text = e.answer.text; renderSources(e.answer.sources); renderAnswer(answer, text, e.answer.sources.length); }
    });
  } catch (e) {
    $("ask-error").textContent = "Could not answer: " + e.message;
  } finally {
    answer.setAttribute("aria-busy", "false");
    $("ask-button").disabled = false;
  }
}

async function upload(event) {
  event.preventDefault();
  const files = $("files").files;
  if (!files.length) return;
  const form = new FormData();
  for (const f of files) form.append("file", f, f.name);
  const progress = $("upload-progress");
  const status = $("upload-status");
  progress.value = 0;
  status.textContent = "Uploading " + files.length + " file(s)…";
  $("upload-button").disabled = true;
  try {
    const response = await fetch("/v1/kb/documents", { method: "POST", headers: headers({}), body: form });
    if (!response.ok) throw new Error(await errorText(response));
    await readEvents(response, (e) => {
      if (e.error) throw new Error(e.error.message);
      if (e.type === "progress") {
        progress.max = Math.max(1, e.files_total);
        progress.value = e.files_completed;
        status.textContent = "Ingesting: " + e.files_completed + " of " + e.files_total + " file(s), " + e.chunks_stored + " chunk(s) stored";
      }
      if (e.type === "done") {
        progress.value = progress.max;
        status.textContent = "Done: " + e.results.map((r) => r.file_name + " " + r.status + (r.error ? " (" + r.error + ")" : "")).join(", ");
      }
    });
    $("files").value = "";
    await loadDocuments();
  } catch (e) {
    status.textContent = "Upload failed: " + e.message;
  } finally {
    $("upload-button").disabled = false;
  }
}

async function removeDocument(doc) {
  if (!confirm("Remove " + doc.file_name + " from the knowledge base?")) return;
  const response = await fetch("/v1/kb/documents?id=" + encodeURIComponent(doc.id), { method: "DELETE", headers: headers({}) });
  $("upload-status").textContent = response.ok ? "Removed " + doc.file_name : "Could not remove: " + (await errorText(response));
  await loadDocuments();
}

async function loadDocuments() {
  const body = $("documents").querySelector("tbody");
  const response = await fetch("/v1/kb/documents", { headers: headers({}) });
  body.textContent = "";
  if (!response.ok) {
    const row = body.insertRow();
    row.insertCell().textContent = await errorText(response);
    return;
  }
  const list = await response.json();
  for (const doc of list.data) {
    const row = body.insertRow();
    row.insertCell().textContent = doc.file_name;
    row.insertCell().textContent = doc.title || "";
    row.insertCell().textContent = String(doc.chunks);
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Remove";
    button.setAttribute("aria-label", "Remove " + doc.file_name);
    button.addEventListener("click", () => removeDocument(doc));
    row.insertCell().append(button);
  }
}

async function loadInfo() {
  const response = await fetch("/v1/kb/info", { headers: headers({}) });
  if (!response.ok) { $("mode").textContent = await errorText(response); return; }
  const info = await response.json();
  $("mode").textContent = info.extractive
    ? "No chat model: answers are the most relevant sentences of your documents, with their sources."
    : "Answers are written by " + info.chat_model + " from your documents, with their sources.";
}

$("ask-form").addEventListener("submit", ask);
$("upload-form").addEventListener("submit", upload);
$("key-form").addEventListener("submit", (e) => {
  e.preventDefault();
  apiKey = $("api-key").value;
  sessionStorage.setItem("kb-api-key", apiKey);
  loadInfo();
  loadDocuments();
});
loadInfo();
loadDocuments();
