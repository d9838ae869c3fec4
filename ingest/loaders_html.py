"""HTML pages: the main text only (no menus, scripts or footers), headings as markdown headings."""

from __future__ import annotations

from ingest.loaders import LoadError, decode_text, register
from ingest.loaders_office import blocks_to_text
from ingest.records import LoadedDocument

_DROP = "script, style, noscript, template, nav, header, footer, aside, form, svg, iframe"
_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote", "dt", "dd", "td", "th", "figcaption")


def html_blocks(html: str) -> list[tuple[int | None, str]]:
    """(heading level or None, text) of the page's main content, in reading order."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for node in tree.css(_DROP):
        node.decompose()
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    if root is None:
        return []
    blocks: list[tuple[int | None, str]] = []
    for node in root.css(", ".join(_BLOCKS)):
        if _inside_block(node, root):
            continue  # its text is part of the enclosing block
        level = int(node.tag[1]) if node.tag[0] == "h" and node.tag[1:].isdigit() else None
        blocks.append((level, " ".join(node.text(separator="").split())))
    if not blocks:
        blocks.append((None, root.text(separator=" ")))
    title = tree.css_first("title")
    if title is not None and not any(level == 1 for level, _ in blocks) and title.text().strip():
        blocks.insert(0, (1, title.text()))
    return blocks


def _inside_block(node, root) -> bool:
    parent = node.parent
    while parent is not None and parent is not root and parent.mem_id != root.mem_id:
        if parent.tag in _BLOCKS:
            return True
        parent = parent.parent
    return False


@register(".html", ".htm")
def load_html(name: str, data: bytes, budget: int | None = None) -> LoadedDocument:
    html, warnings = decode_text(data)
    text = blocks_to_text(html_blocks(html))
    if not text.strip():
        raise LoadError("ingen tekst på siden")
    return LoadedDocument(document=name, raw_text=text, warnings=warnings)
