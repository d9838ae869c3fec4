"""Citation markers («[2]») in answer text, and the escaping that keeps a source's own brackets literal.

A sentence quoted from a document may itself hold a bracketed number («Ifølge stortingsmeldingen [2] skal
…»). Written as it is, it would read as a marker and point at another source. Source text is therefore
escaped the Markdown way («\\[2\\]») wherever it enters an answer; the web chat and Markdown renderers show
the brackets, and only unescaped markers are ever read as citations.
"""

from __future__ import annotations

import re

_LITERAL = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
MARKER = re.compile(r"(?<!\\)\[(\d+)\]")


def escape_markers(text: str) -> str:
    """Source text with every bracketed number escaped, so it can never become a citation marker."""
    return _LITERAL.sub(r"\\[\1\\]", text)


def marker_numbers(text: str) -> list[int]:
    """The citation markers in answer text, in order (escaped brackets are not markers)."""
    return [int(n) for n in MARKER.findall(text)]


def unescape(text: str) -> str:
    """Answer text for a reader that does not render Markdown escapes."""
    return text.replace("\\[", "[").replace("\\]", "]")
