"""The web chat at desktop and phone widths, and the passage page a «Kilder» link of a /v1 answer opens."""

import re
import shutil
from pathlib import Path

import httpx
import pytest

from assistant.api.app import create_app
from assistant.chain import Assistant
from assistant.settings import Settings
from assistant.store import open_snapshot

from .live_server import serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = Path(__file__).parent / "output"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
MARKDOWN_LINK = re.compile(r"^- \[(\d+)\] \[[^\n]+?\]\((http[^)\s]+)\): «", re.MULTILINE)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium er ikke installert (.ci/run installerer det)")


@pytest.fixture(scope="module")
def live_server(session_index, tmp_path_factory):
    settings = Settings(
        corpus_dir=session_index.corpus_dir,
        data_dir=session_index.data_dir,
        sessions_db=str(tmp_path_factory.mktemp("browser-clients") / "sessions.sqlite"),
    )
    with serving(create_app(settings, Assistant(open_snapshot(session_index)))) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _ask(page, question: str) -> None:
    page.get_by_label("Spørsmål").fill(question)
    page.get_by_role("button", name="Spør").click()


def _words(text: str) -> str:
    """Words as a reader compares them: the page shows the source's footnote marks, the quote leaves them out."""
    return " ".join(re.sub("[¹²³⁴⁵⁶⁷⁸⁹⁰]", "", text).split())


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_source_panel_title_close_and_highlighted_quote_are_in_view(live_server, browser, width, height):
    from playwright.sync_api import expect

    OUTPUT.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(live_server + "/")
    question = page.get_by_label("Spørsmål")
    # the placeholder fits its box: the box is at least as tall as the placeholder's text needs
    needed = question.evaluate(
        """el => { const probe = document.createElement("div"); const style = getComputedStyle(el);
        for (const p of ["font", "padding", "lineHeight", "letterSpacing", "boxSizing", "border"]) probe.style[p] = style[p];
        probe.style.width = el.offsetWidth + "px"; probe.style.whiteSpace = "pre-wrap"; probe.style.position = "absolute";
        probe.textContent = el.placeholder; document.body.appendChild(probe); const h = probe.offsetHeight; probe.remove();
        return h <= el.offsetHeight + 1; }"""
    )
    assert needed, f"the placeholder is clipped at {width} px"
    for ask_again in (False, True):
        if ask_again and width < 700:  # on a phone the sheet covers the question box: × closes it
            page.locator("#close-source").click()
            expect(page.locator("#source-panel")).to_be_hidden()
        _ask(
            page,
            "Hva er arbeidsledermodellen?" if not ask_again else "Hvilke barrierer møter unge på vei inn i arbeid?",
        )
        answers = page.locator(".message.assistant")
        expect(answers).to_have_count(2 if ask_again else 1, timeout=30_000)
        if ask_again:  # a new question clears the previous answer's passage
            expect(page.locator("#source-panel")).to_be_hidden()
        marker = answers.last.locator(".answer-text button.cite").first
        marker.click()
        mark = page.locator("#source-panel mark")
        expect(mark).to_be_visible(timeout=10_000)
        expect(page.locator("#source-title")).to_be_in_viewport()
        expect(page.locator("#close-source")).to_be_in_viewport()
        expect(mark).to_be_in_viewport()
        assert page.locator("#source-title").inner_text() not in ("", "Kilde")
        assert len(mark.inner_text()) > 20
    if width < 700:  # on a phone the panel is a sheet over the conversation, not a narrow column beside it
        box = page.locator("#source-panel").bounding_box()
        assert box["width"] >= 0.95 * width
        assert page.locator("#source-panel").evaluate("el => getComputedStyle(el).position") == "fixed"
    else:
        panel, conversation = page.locator("#source-panel").bounding_box(), page.locator("#conversation").bounding_box()
        assert panel["x"] >= conversation["x"] + conversation["width"]  # beside the conversation
    page.screenshot(path=str(OUTPUT / f"browser-chat-{width}.png"))
    page.locator("#close-source").click()
    expect(page.locator("#source-panel")).to_be_hidden()
    page.close()
    assert (OUTPUT / f"browser-chat-{width}.png").stat().st_size > 10_000


@pytest.mark.parametrize("width", [1280, 390])
def test_every_kilder_link_of_a_v1_answer_opens_its_passage_highlighted(live_server, browser, width):
    from playwright.sync_api import expect

    body = {"model": "utenforskap-assistent", "messages": [{"role": "user", "content": "Hva er arbeidsledermodellen?"}]}
    reply = httpx.post(live_server + "/v1/chat/completions", json=body, timeout=60).json()
    content, sources = reply["choices"][0]["message"]["content"], reply["sources"]
    links = MARKDOWN_LINK.findall(content)
    assert sources and [int(marker) for marker, _ in links] == [s["marker"] for s in sources]
    assert [url for _, url in links] == reply["citations"] == [s["url"] for s in sources]
    page = browser.new_page(viewport={"width": width, "height": 800})
    for (_, url), source in zip(links, sources, strict=True):
        assert url.startswith(live_server + "/kilde/")
        page.goto(url)
        mark = page.locator("mark#sitat")
        expect(mark).to_be_in_viewport()
        assert _words(mark.inner_text()) == _words(source["quote"])
        expect(page.locator("h1")).to_have_text(source["title"])
    page.screenshot(path=str(OUTPUT / f"kilde-{width}.png"), full_page=True)
    page.close()
