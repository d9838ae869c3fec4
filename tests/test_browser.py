"""The real page in headless Chromium: ask, see the cited answer, open the source, see it highlighted."""

import shutil
from pathlib import Path

import pytest

from assistant.api.app import create_app
from assistant.chain import Assistant
from assistant.settings import Settings
from assistant.store import open_snapshot

from .live_server import serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = Path(__file__).parent / "output"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium er ikke installert (.ci/run installerer det)")


@pytest.fixture
def live_server(session_index, tmp_path):
    settings = Settings(
        corpus_dir=session_index.corpus_dir,
        data_dir=session_index.data_dir,
        sessions_db=str(tmp_path / "sessions.sqlite"),
    )
    with serving(create_app(settings, Assistant(open_snapshot(session_index)))) as url:
        yield url


def test_ask_click_citation_and_see_highlighted_passage(live_server):
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
        page.goto(live_server + "/")
        page.get_by_label("Spørsmål").fill("Hva er arbeidsledermodellen?")
        page.get_by_role("button", name="Spør").click()
        first_marker = page.locator(".message.assistant .answer-text button.cite").first
        first_marker.wait_for(timeout=30_000)
        assert first_marker.inner_text() == "[1]"
        answer = page.locator(".message.assistant .answer-text").first.inner_text()
        assert "arbeidsleder" in answer.lower()
        first_marker.click()
        highlighted = page.locator("#source-panel mark")
        highlighted.wait_for(timeout=10_000)
        assert len(highlighted.inner_text()) > 20
        assert "KS-notat" in page.locator("#source-title").inner_text() or page.locator("#source-title").inner_text()
        page.screenshot(path=str(OUTPUT / "browser-chat.png"), full_page=True)
        # a reload restores the conversation from the server
        page.reload()
        page.locator(".message.assistant").first.wait_for(timeout=10_000)
        assert page.locator(".message.user").count() == 1
        browser.close()
    assert (OUTPUT / "browser-chat.png").stat().st_size > 10_000


def test_page_says_quietly_that_the_semantic_index_is_still_being_built(settings, tmp_path):
    """While the dense index is pending, the header shows progress and answers carry a small notice."""
    from playwright.sync_api import sync_playwright

    from assistant.live_index import LiveIndex
    from ingest.pipeline import ingest_corpus

    ingest_corpus(settings, dense=False)
    (settings.data_dir / "vectors.sqlite").unlink()  # no vector stored yet: 0 of n chunks
    app_settings = settings.model_copy(update={"sessions_db": str(tmp_path / "sessions.sqlite")})
    with serving(create_app(app_settings, Assistant(LiveIndex(settings)))) as url:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(f"{url}/")
            status = page.locator("#index-status")
            status.wait_for(state="visible", timeout=15_000)
            assert "Betydningssøket bygges: 0 av" in status.inner_text()
            page.get_by_label("Spørsmål").fill("Hva er arbeidsledermodellen?")
            page.get_by_role("button", name="Spør").click()
            notice = page.locator(".message.assistant .notice").first
            notice.wait_for(timeout=30_000)
            assert "ordsøk" in notice.inner_text()
            assert page.locator(".message.assistant .answer-text button.cite").count() >= 1
            browser.close()
