"""HTML and <script> inside a document reach the browser as text: nothing runs, the markup is visible."""

import shutil

import pytest

from assistant.api.app import create_app
from assistant.chain import Assistant
from assistant.settings import Settings
from assistant.store import open_snapshot
from ingest.pipeline import ingest_corpus

from .conftest import FIXTURES
from .live_server import serving
from .test_browser import CHROMIUM, OUTPUT

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium er ikke installert (.ci/run installerer det)")

HOSTILE = """# <img src=x onerror="window.__pwned='tittel'"> Kardemomme-notatet

Kardemommeprosjektet er et tiltak for unge utenfor arbeid i Kardemomme by <script>window.__pwned = 'dokument'</script> og ledes av bymiljøetaten.

Kardemommeprosjektet har gitt <b onmouseover="window.__pwned='b'">arbeid</b> til 40 ungdommer <img src=x onerror="window.__pwned='bilde'"> i løpet av to år.

Bymiljøetaten i Kardemomme by samarbeider med NAV om Kardemommeprosjektet <iframe src="javascript:parent.__pwned='ramme'"></iframe> og med skolene.
"""


@pytest.fixture
def hostile_server(session_index, tmp_path):
    shutil.copytree(FIXTURES / "corpus", tmp_path / "corpus")
    (tmp_path / "corpus" / "kardemomme.md").write_text(HOSTILE, "utf-8")
    (tmp_path / "data").mkdir()
    shutil.copy2(session_index.data_dir / "vectors.sqlite", tmp_path / "data" / "vectors.sqlite")
    settings = Settings(
        corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data", sessions_db=str(tmp_path / "sessions.sqlite")
    )
    ingest_corpus(settings)
    with serving(create_app(settings, Assistant(open_snapshot(settings)))) as url:
        yield url


def test_markup_in_documents_is_shown_as_text_and_never_runs(hostile_server):
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(hostile_server + "/")
        page.get_by_label("Spørsmål").fill("Hva er Kardemommeprosjektet, og hvem leder det?")
        page.get_by_role("button", name="Spør").click()
        marker = page.locator(".message.assistant .answer-text button.cite").first
        marker.wait_for(timeout=30_000)
        message = page.locator(".message.assistant").first
        shown = message.inner_text()
        assert "<script>" in shown or "<img" in shown or "<iframe" in shown, shown
        for n in range(page.locator(".message.assistant .answer-text button.cite").count()):
            page.locator(".message.assistant .answer-text button.cite").nth(n).click()
            page.locator("#source-panel mark").wait_for(timeout=10_000)
            panel = page.locator("#source-panel").inner_text()
            if "<script>" in panel:
                break
        assert "<script>" in panel and "</script>" in panel and "onerror=" in panel  # markup shown verbatim
        page.mouse.move(10, 10)
        page.locator("#source-panel mark").hover()
        page.wait_for_timeout(300)  # time for an onerror or a script to fire, if anything had been parsed as HTML
        assert page.evaluate("[typeof window.__pwned, typeof window.pwned]") == [
            "undefined",
            "undefined",
        ]  # cleaning may drop «__»
        assert page.locator("main script, #source-panel script, .message img, #source-panel img, iframe").count() == 0
        assert dialogs == []
        page.screenshot(path=str(OUTPUT / "browser-hostile.png"), full_page=True)
        browser.close()
