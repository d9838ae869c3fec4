// «Dokumenter»: the library view of the web chat (list, upload, edit, remove). Text is inserted with
// textContent only, never as HTML.
"use strict";

(() => {
  const ACCEPT = ".pdf,.docx,.odt,.html,.htm,.txt,.md";
  const TYPES = { pdf: "PDF", docx: "Word", odt: "ODT", html: "HTML", text: "Tekst" };
  let timer = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function docUrl(id, rest = "") {
    return `/api/documents/${encodeURIComponent(id)}${rest}`;
  }

  async function detail(response) {
    try {
      return (await response.json()).detail || `Feil ${response.status}`;
    } catch (err) {
      return `Feil ${response.status}`;
    }
  }

  function buildView() {
    const view = el("dialog", "documents-view");
    view.id = "documents-view";
    view.setAttribute("aria-labelledby", "documents-title");
    const head = el("div", "documents-head");
    const title = el("h2", "", "Dokumenter");
    title.id = "documents-title";
    const close = el("button", "close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Lukk dokumentvisningen");
    close.addEventListener("click", () => view.close());
    head.append(title, close);

    const drop = el("label", "drop-zone");
    drop.id = "drop-zone";
    drop.append(el("span", "", "Slipp filer her, eller klikk for å velge (PDF, Word, ODT, HTML, tekst, Markdown)"));
    const input = el("input");
    input.type = "file";
    input.id = "document-files";
    input.multiple = true;
    input.accept = ACCEPT;
    input.setAttribute("aria-label", "Velg dokumenter å laste opp");
    input.addEventListener("change", () => { upload(input.files); input.value = ""; });
    drop.append(input);
    drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      drop.classList.remove("over");
      upload(event.dataTransfer.files);
    });

    const messages = el("ul", "upload-messages");
    messages.id = "upload-messages";
    messages.setAttribute("aria-live", "polite");
    const table = el("table", "documents-table");
    const header = el("tr");
    for (const name of ["Tittel", "Type", "Dato", "Sider / tekstbiter", "Status", ""]) header.append(el("th", "", name));
    const thead = el("thead");
    thead.append(header);
    const body = el("tbody");
    body.id = "documents-rows";
    table.append(thead, body);
    view.append(head, drop, messages, table);
    view.addEventListener("close", () => { clearTimeout(timer); timer = null; });
    document.body.append(view);
    return view;
  }

  function statusCell(doc) {
    const cell = el("td", `status status-${doc.status}`);
    cell.append(el("span", "", doc.status_text || doc.status));
    if (doc.status === "searchable" && doc.progress != null) {
      const bar = el("progress");
      bar.max = 1;
      bar.value = doc.progress;
      bar.setAttribute("aria-label", "Betydningssøk bygges");
      cell.append(bar);
    }
    return cell;
  }

  function row(doc) {
    const tr = el("tr");
    tr.dataset.id = doc.id;
    const titleCell = el("td", "title");
    const link = el("a", "", doc.title || doc.id);
    link.href = docUrl(doc.id, "/file");
    link.target = "_blank";
    link.rel = "noopener";
    titleCell.append(link, el("div", "muted", [doc.short_title, doc.kind].filter(Boolean).join(" · ")));
    const counts = [doc.pages ? `${doc.pages} s.` : "", doc.chunks ? `${doc.chunks} ${doc.chunks === 1 ? "tekstbit" : "tekstbiter"}` : ""].filter(Boolean);
    tr.append(
      titleCell,
      el("td", "", TYPES[doc.file_type] || doc.file_type),
      el("td", "", doc.date || ""),
      el("td", "", counts.join(" / ")),
      statusCell(doc),
    );
    const actions = el("td", "row-actions");
    const edit = el("button", "", "Endre");
    edit.type = "button";
    edit.addEventListener("click", () => editRow(tr, doc));
    const remove = el("button", "danger", "Fjern");
    remove.type = "button";
    remove.addEventListener("click", () => removeDoc(doc));
    actions.append(edit, remove);
    tr.append(actions);
    return tr;
  }

  function editRow(tr, doc) {
    const form = el("form", "edit-form");
    const fields = [["title", "Tittel"], ["short_title", "Kort tittel"], ["kind", "Type dokument"], ["date", "Dato (ÅÅÅÅ-MM-DD)"]];
    for (const [name, text] of fields) {
      const label = el("label", "", text);
      const input = el("input");
      input.name = name;
      input.value = doc[name] || "";
      label.append(input);
      form.append(label);
    }
    const save = el("button", "", "Lagre");
    save.type = "submit";
    const cancel = el("button", "", "Avbryt");
    cancel.type = "button";
    cancel.addEventListener("click", refresh);
    const note = el("p", "muted edit-error");
    form.append(save, cancel, note);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const change = Object.fromEntries(new FormData(form).entries());
      save.disabled = true;
      note.textContent = "Lagrer …";
      const response = await api(docUrl(doc.id), {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(change),
      });
      if (response.ok) refresh();
      else { note.textContent = await detail(response); save.disabled = false; }
    });
    const cell = el("td");
    cell.colSpan = 6;
    cell.append(form);
    tr.replaceChildren(cell);
    form.querySelector("input").focus();
  }

  async function removeDoc(doc) {
    if (!window.confirm(`Fjerne «${doc.title || doc.id}» fra biblioteket? Dokumentet blir ikke lenger søkt i eller sitert.`)) return;
    const response = await api(docUrl(doc.id), { method: "DELETE" });
    if (!response.ok) say(await detail(response), true);
    else say(`Fjernet «${doc.title || doc.id}».`);
    refresh();
  }

  function say(text, error = false) {
    const item = el("li", error ? "error" : "", text);
    document.getElementById("upload-messages").prepend(item);
  }

  async function upload(files) {
    for (const file of Array.from(files || [])) {
      const form = new FormData();
      form.append("file", file, file.name);
      say(`Laster opp «${file.name}» …`);
      try {
        const response = await api("/api/documents", { method: "POST", body: form });
        if (response.ok) say(`«${file.name}» er lagret og leses inn.`);
        else say(`«${file.name}»: ${await detail(response)}`, true);
      } catch (err) {
        say(`«${file.name}»: fikk ikke kontakt med tjenesten.`, true);
      }
      refresh();
    }
  }

  async function refresh() {
    clearTimeout(timer);
    const response = await api("/api/documents");
    if (!response.ok) { say(await detail(response), true); return; }
    const docs = await response.json();
    const body = document.getElementById("documents-rows");
    body.replaceChildren(...docs.map(row));
    const view = document.getElementById("documents-view");
    if (view.open && docs.some((d) => d.status === "reading" || d.status === "searchable")) {
      timer = setTimeout(refresh, 1500);
    }
  }

  function open() {
    const view = document.getElementById("documents-view") || buildView();
    if (!view.open) view.showModal();
    refresh();
  }

  // the source panel of a citation into a PDF offers the page in the original file
  window.libraryPassageShown = (passage) => {
    if (!passage.page || !/\.pdf$/i.test(passage.document)) return;
    const where = document.getElementById("source-where");
    const link = el("a", "open-pdf", `Åpne s. ${passage.page} i PDF-en`);
    link.href = docUrl(passage.document, `/file#page=${passage.page}`);
    link.target = "_blank";
    link.rel = "noopener";
    where.append(" ", link);
  };

  document.getElementById("documents-button")?.addEventListener("click", open);
})();
