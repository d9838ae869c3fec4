"""The «Dokumenter» view in headless Chromium: upload a PDF made here, see it become searchable, ask about
its page 2, open the citation and find «Åpne s. 2 i PDF-en»; edit and remove it through the view."""

import shutil
from pathlib import Path

import pytest

from assistant.api.app import create_app
from assistant.chain import Assistant
from assistant.live_index import LiveIndex
from ingest.library_queue import processor_for
from ingest.pipeline import ingest_corpus

from .library_docs import make_docx, two_page_pdf
from .live_server import serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = Path(__file__).parent / "output"
FACT = "Kommunen skal opprette femti nye praksisplasser for unge i Eikefjord innen 2027."

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium er ikke installert (.ci/run installerer det)")


@pytest.fixture
def live_library(settings, tmp_path):
    ingest_corpus(settings)
    app_settings = settings.model_copy(update={"sessions_db": str(tmp_path / "sessions.sqlite")})
    processor_for(app_settings, dense=False)  # words within seconds; vectors are not what this test is about
    with serving(create_app(app_settings, Assistant(LiveIndex(settings, check_every=0.2)))) as url:
        yield url, settings


def test_upload_in_the_documents_view_then_ask_and_open_the_pdf_page(live_library, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, settings = live_library
    pdf = tmp_path / "Handlingsplan Eikefjord.pdf"
    pdf.write_bytes(two_page_pdf("Eikefjord", FACT))
    memo = tmp_path / "notat.docx"
    memo.write_bytes(make_docx("Notat om sommerjobber", [("Sommerjobb", "Alle ungdommer i Eikefjord får tilbud.")]))
    OUTPUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("dialog", lambda dialog: dialog.accept())  # the confirmation before removing
        page.goto(url + "/")
        page.get_by_role("button", name="Dokumenter").click()
        view = page.locator("#documents-view")
        view.wait_for(state="visible")
        expect(view.locator("tbody tr")).to_have_count(3, timeout=30_000)  # the fixture corpus, once the list is in
        page.get_by_label("Velg dokumenter å laste opp").set_input_files([str(pdf), str(memo)])
        row = view.locator('tr[data-id="Handlingsplan-Eikefjord.pdf"]')
        row.locator(".status-searchable, .status-indexed").wait_for(timeout=60_000)
        view.locator('tr[data-id="notat.docx"] .status-searchable, tr[data-id="notat.docx"] .status-indexed').wait_for(
            timeout=60_000
        )
        assert "PDF" in row.inner_text() and "2 s." in row.inner_text()
        assert "lagret og leses inn" in view.locator("#upload-messages").inner_text()
        page.screenshot(path=str(OUTPUT / "browser-documents.png"))

        view.locator('tr[data-id="notat.docx"]').get_by_role("button", name="Endre").click()
        view.locator("input[name=short_title]").fill("Sommerjobbnotatet")
        view.get_by_role("button", name="Lagre").click()
        view.locator('tr[data-id="notat.docx"] .muted', has_text="Sommerjobbnotatet").wait_for(timeout=30_000)
        page.keyboard.press("Escape")

        page.get_by_label("Spørsmål").fill("Hvor mange praksisplasser skal Eikefjord opprette?")
        page.get_by_role("button", name="Spør").click()
        marker = page.locator(".message.assistant .answer-text button.cite").first
        marker.wait_for(timeout=30_000)
        marker.click()
        link = page.get_by_role("link", name="Åpne s. 2 i PDF-en")
        link.wait_for(timeout=10_000)
        assert link.get_attribute("href").endswith("/api/documents/Handlingsplan-Eikefjord.pdf/file#page=2")
        assert "femti" in page.locator("#source-panel mark").inner_text()

        page.get_by_role("button", name="Dokumenter").click()
        view.locator('tr[data-id="Handlingsplan-Eikefjord.pdf"]').get_by_role("button", name="Fjern").click()
        view.locator('tr[data-id="Handlingsplan-Eikefjord.pdf"]').wait_for(state="detached", timeout=30_000)
        browser.close()
    assert not (settings.corpus_dir / "Handlingsplan-Eikefjord.pdf").exists()
    assert (OUTPUT / "browser-documents.png").stat().st_size > 10_000
