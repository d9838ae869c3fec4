"""The passage page a citation links to (/kilde/…), signed links under an API key, PDF page links, and the
recognition of front-end task requests (pure functions)."""

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from assistant.api import frontend_tasks as tasks
from assistant.api.app import create_app
from assistant.api.citation_links import escape_markdown, passage_path
from assistant.api.openai_errors import param_of
from assistant.chain import Assistant
from assistant.store import open_snapshot

QUESTION = "Hva er arbeidsledermodellen?"
MARK = re.compile(r'<mark id="sitat">(.*?)</mark>', re.DOTALL)
HOSTILE = "Tiltaket <script>alert('x')</script> & «arbeidsledermodellen» gir unge en fast arbeidsleder på jobben."


def _pdf(path, pages: list[str]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))


@pytest.fixture(scope="module")
def corpus_settings(tmp_path_factory, session_index):
    """The fixture corpus plus a two-page PDF and a text with markup in it, ingested without the dense part."""
    import shutil

    from ingest.pipeline import ingest_corpus

    base = tmp_path_factory.mktemp("passages")
    shutil.copytree(session_index.corpus_dir, base / "corpus")
    _pdf(
        base / "corpus" / "veileder.pdf",
        [
            "Veileder for kommunene\n\n"
            + " ".join(f"Avsnitt {n} beskriver samarbeidet mellom Nav og kommunen i fase {n}." for n in range(40)),
            "Kapittel 2 Ettervern\n\nKommunen har ansvaret for ettervern for unge mellom 18 og 23 år etter barnevernet.",
        ],
    )
    (base / "corpus" / "markup.txt").write_text("Notat om tiltak\n\n" + HOSTILE + "\n", encoding="utf-8")
    settings = session_index.model_copy(
        update={"corpus_dir": base / "corpus", "data_dir": base / "data", "sessions_db": str(base / "s.sqlite")}
    )
    ingest_corpus(settings, dense=False)
    return settings


def _client(settings, **extra) -> TestClient:
    settings = settings.model_copy(update=extra)
    return TestClient(create_app(settings, Assistant(open_snapshot(settings))))


@pytest.fixture(scope="module")
def client(corpus_settings):
    return _client(corpus_settings)


def _cited(client, question: str, document: str | None = None) -> dict:
    reply = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": question}]}).json()
    sources = [s for s in reply.get("sources", []) if document is None or s["document"] == document]
    assert sources, reply["choices"][0]["message"]["content"]
    return sources[0]


def test_the_page_shows_the_cited_words_highlighted_with_title_and_section(client):
    source = _cited(client, QUESTION)
    page = client.get(source["url"].removeprefix("http://testserver"))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    shown = re.sub("[¹²³⁴⁵⁶⁷⁸⁹⁰]", "", unescape(MARK.search(page.text).group(1)))  # the source's footnote marks
    assert " ".join(shown.split()) == " ".join(source["quote"].split())
    assert unescape(source["title"]) in unescape(page.text) and 'lang="nb"' in page.text
    if source["section"]:
        assert source["section"].split()[-1] in unescape(page.text)
    assert "PDF" not in page.text  # no PDF behind a text source


def test_markup_in_a_document_is_shown_as_text(client):
    source = _cited(client, "Hva gir arbeidsledermodellen unge på jobben?", "markup.txt")
    page = client.get(source["url"].removeprefix("http://testserver")).text
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_a_pdf_source_links_to_its_page_in_the_pdf(client):
    source = _cited(client, "Hvem har ansvaret for ettervern for unge mellom 18 og 23?", "veileder.pdf")
    assert source["page"] in (1, 2)
    page = client.get(source["url"].removeprefix("http://testserver")).text
    link = re.search(r'href="(/kilde/veileder\.pdf/pdf\?[^"]+)"', page)
    assert link and unescape(link.group(1)).endswith(f"#page={source['page']}")
    pdf = client.get(unescape(link.group(1)).split("#")[0])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf.headers["content-disposition"].startswith("inline")
    assert client.get("/kilde/ks-notat.md/pdf?start=0&end=10").status_code == 404


def test_a_quote_on_the_second_page_is_cited_with_page_2(client):
    source = _cited(client, "Hvem har ansvaret for ettervern for unge mellom 18 og 23?", "veileder.pdf")
    assert source["page"] == 2


@pytest.mark.parametrize(
    "path",
    [
        "/kilde/finnes-ikke.txt?start=0&end=10",
        "/kilde/..%2F..%2Fetc%2Fpasswd?start=0&end=10",
        "/kilde/ks-notat.md?start=10&end=5",
        "/kilde/ks-notat.md?start=0&end=10000000",
        "/kilde/ks-notat.md?start=-1&end=10",
        "/kilde/ks-notat.md",
    ],
)
def test_unknown_documents_and_ranges_are_a_norwegian_not_found(client, path):
    response = client.get(path)
    assert response.status_code in (404, 422)
    assert "Traceback" not in response.text and re.search(r"finnes|Ukjent|Ugyldig|ikke", response.text)


def test_under_an_api_key_only_signed_links_of_cited_passages_open(corpus_settings):
    guarded = _client(corpus_settings, api_key="hemmelig")
    headers = {"Authorization": "Bearer hemmelig"}
    reply = guarded.post(
        "/v1/chat/completions", headers=headers, json={"messages": [{"role": "user", "content": QUESTION}]}
    ).json()
    url = reply["sources"][0]["url"].removeprefix("http://testserver")
    assert "sig=" in url
    page = guarded.get(url)  # a browser following the link: no key
    assert page.status_code == 200 and MARK.search(page.text) and "/api/documents/" not in page.text
    source = reply["sources"][0]
    unsigned = passage_path(source["document"], source["start_char"], source["end_char"])
    assert guarded.get(unsigned).status_code == 404
    longer = url.replace(f"end={source['end_char']}", f"end={source['end_char'] + 500}")
    assert guarded.get(longer).status_code == 404
    other_key = passage_path(source["document"], source["start_char"], source["end_char"], secret="annen")
    assert guarded.get(other_key).status_code == 404


def test_favicon(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")


# --- pure functions ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "messages",
    [
        [tasks.Turn("user", QUESTION)],
        [tasks.Turn("user", "Hva er tittelen på stortingsmeldingen?")],
        [tasks.Turn("user", "Lag en tittel på et notat om utenforskap")],
        [tasks.Turn("system", "Du er en hjelpsom assistent for kommunen."), tasks.Turn("user", QUESTION)],
        [tasks.Turn("user", "Hva sier dokumentene om JSON-formatet til Nav?")],
    ],
)
def test_ordinary_questions_are_no_tasks(messages):
    assert tasks.recognise(messages) is None


@pytest.mark.parametrize(
    "text,kind,key",
    [
        ('### Task:\nGenerate a title.\nJSON format: { "title": "…" }', "title", "title"),
        ('### Task:\nGenerate 1-3 tags.\nJSON format: { "tags": ["a"] }', "tags", "tags"),
        ('### Task:\nSuggest follow-ups.\nJSON format: { "follow_ups": ["?"] }', "follow_ups", "follow_ups"),
        ('### Task:\nAnalyze the chat history for search.\nJSON format: { "queries": ["q"] }', "queries", "queries"),
        ("<chat_history>\nUSER: hei\n</chat_history>\nSummarise.", "other", ""),
    ],
)
def test_task_templates_are_recognised_with_their_json_key(text, kind, key):
    task = tasks.recognise([tasks.Turn("user", text)])
    assert task is not None and (task.kind, task.json_key) == (kind, key)


@pytest.mark.parametrize(
    "question,title",
    [
        ("Hva er arbeidsledermodellen?", "Arbeidsledermodellen"),
        ("hvordan kan kommunen hjelpe unge utenfor arbeid?", "Kommunen hjelpe unge utenfor arbeid"),
        ("Hvem har ansvaret for ettervern for unge mellom 18 og 23?", "Ansvaret for ettervern for unge mellom 18…"),
        ("Utenforskap i Kristiansand", "Utenforskap i Kristiansand"),
        ("   ", "Ny samtale"),
    ],
)
def test_titles_from_questions(question, title):
    assert tasks.title_from(question) == title


def test_linked_sources_are_read_from_answers_only_and_once():
    answer = (
        "Tekst [1] [2]\n\n**Kilder:**\n\n- [1] [A](http://h/kilde/ks-notat.md?start=5&end=9#sitat): «x»\n"
        "- [2] [B](http://h/kilde/ks-notat.md?start=5&end=9#sitat): «x»\n- [3] [C](http://h/annet/side): «y»\n"
        "- [4] [D](http://h/kilde/veileder%20ny.pdf?start=x&end=2#sitat): «z»"
    )
    turns = [tasks.Turn("user", "[E](http://h/kilde/a.txt?start=1&end=2)"), tasks.Turn("assistant", answer)]
    assert tasks.linked_sources(turns) == [tasks.SourceRef("ks-notat.md", 5, 9)]


def test_markdown_escaping_and_error_params():
    assert escape_markdown("a [1] *b*_c_\n  d") == r"a \[1\] \*b\*\_c\_ d"
    assert param_of([{"loc": ["body", 14]}]) is None
    assert param_of([{"loc": ["body", "messages", 0, "content"]}]) == "messages.0.content"


def test_page_anchors_are_kept_per_document_and_a_damaged_file_falls_back(corpus_settings, tmp_path):
    from ingest import index as idx

    snapshot = open_snapshot(corpus_settings)
    text = snapshot.document_text("veileder.pdf")
    assert text.exact_pages and [p for _, p in text.page_anchors] == [1, 2]
    second = text.raw_text.find("Kommunen har ansvaret")
    assert snapshot.page_at("veileder.pdf", second) == 2 and snapshot.page_at("veileder.pdf", 0) == 1
    idx.write_document_text(tmp_path, "x", "abc", "abc", (0, 1, 2), ((0, 1),), True)
    (tmp_path / "texts" / "x.pages.json").write_text("{ikke json", encoding="utf-8")
    assert idx.read_document_text(tmp_path, "x.txt", "x").page_anchors == ()  # pages then come from the chunks


def test_an_answer_for_text_only_clients_carries_its_notices_before_the_sources():
    from assistant.api.citation_links import with_markdown_references
    from assistant.records import AnswerResult, Citation

    reason = "Dokumentene sier ikke noe om 2024; det nærmeste jeg fant, er fra 2021."
    citation = Citation(
        marker=1,
        document="meld.txt",
        title="Meld. St. 32",
        short_title="Meld. St. 32",
        section="kap. 2",
        page=None,
        start_char=0,
        end_char=40,
        quote="Av de 3 900 registrerte bostedsløse i 2016 …",
    )
    refused = AnswerResult(
        question="Hvor mange bostedsløse ble registrert i 2024?",
        standalone_question="Hvor mange bostedsløse ble registrert i 2024?",
        answer="Dette finner jeg ikke i dokumentene. Det nærmeste dokumentene sier, er dette fra Meld. St. 32: «…» [1]",
        abstained=True,
        citations=[citation],
        notices=[reason, reason, "Indeksen er under oppbygging (3 av 10 deler)."],
    )
    text = with_markdown_references(refused, "http://localhost:8000")
    body, sources = text.split("**Kilder:**")
    assert body.count("ikke noe om 2024") == 1 and "under oppbygging" in body and "[1]" in sources
    assert body.index("Dette finner jeg ikke") < body.index("ikke noe om 2024")
    # a notice the answer already says is not said twice; no notices, no change
    said = refused.model_copy(update={"answer": refused.answer + " " + reason, "notices": [reason], "citations": []})
    assert with_markdown_references(said, "http://x").count("ikke noe om 2024") == 1
    plain = refused.model_copy(update={"notices": [], "citations": []})
    assert with_markdown_references(plain, "http://x") == plain.answer
