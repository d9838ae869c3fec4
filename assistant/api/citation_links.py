"""Citations as links that travel: the passage page's URL for a citation and the «Kilder» list in Markdown.

Any Markdown client (Open WebUI, LibreChat, a Teams bot) then shows clickable, checkable sources. When the
service has an API key, a link carries a signature of exactly that passage, so it opens in a browser without
the key but cannot be turned into a way of reading other text.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from urllib.parse import quote, urlencode

from assistant.records import AnswerResult, Citation

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def passage_signature(secret: str, document: str, start: int, end: int) -> str:
    """A short HMAC of one passage; empty when the service has no key (the page is then open)."""
    if not secret:
        return ""
    message = f"{document}\n{start}\n{end}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def signature_ok(secret: str, document: str, start: int, end: int, given: str) -> bool:
    return not secret or hmac.compare_digest(passage_signature(secret, document, start, end), given or "")


def passage_path(document: str, start: int, end: int, secret: str = "") -> str:
    """``/kilde/{document}?start=&end=[&sig=]#sitat`` (the fragment scrolls to the highlighted passage)."""
    params = {"start": start, "end": end}
    signature = passage_signature(secret, document, start, end)
    if signature:
        params["sig"] = signature
    return f"/kilde/{quote(document, safe='')}?{urlencode(params)}#sitat"


def citation_url(citation: Citation, base_url: str, secret: str = "") -> str:
    return base_url.rstrip("/") + passage_path(citation.document, citation.start_char, citation.end_char, secret)


def escape_markdown(text: str) -> str:
    """Text that renders as itself in Markdown (one line: newlines become spaces)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def markdown_reference(citation: Citation, url: str) -> str:
    """``- [1] [Meld. St. 32 (2020–2021), kap. 7, s. 130](url): «quoted words»``"""
    return f"- [{citation.marker}] [{escape_markdown(citation.label)}]({url}): «{escape_markdown(citation.quote)}»"


def with_markdown_references(result: AnswerResult, base_url: str, secret: str = "") -> str:
    """The answer text with its notices and a «Kilder» list, one Markdown link per source, for clients that show
    only text: why a question is not answered («Dokumentene sier ikke noe om 2024; …»), that the index is still
    being built, that claims were removed — a client that reads no ``notices`` field must still show them."""
    text = with_notices(result)
    if not result.citations:
        return text
    lines = [markdown_reference(c, citation_url(c, base_url, secret)) for c in result.citations]
    return text + "\n\n**Kilder:**\n\n" + "\n".join(lines)


def with_notices(result: AnswerResult) -> str:
    """The answer, then each notice it does not already say, in italics on a line of its own."""
    said = " ".join(result.answer.split())
    notices = [n for n in dict.fromkeys(result.notices) if n.strip() and " ".join(n.split()) not in said]
    return "\n\n".join([result.answer, *(f"*{escape_markdown(n)}*" for n in notices)])


def structured_sources(result: AnswerResult, base_url: str, secret: str = "") -> list[dict]:
    """The citations with their links, for clients that read structured sources."""
    return [{**c.model_dump(), "label": c.label, "url": citation_url(c, base_url, secret)} for c in result.citations]
