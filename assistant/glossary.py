"""An English question in the documents' Norwegian words: the domain's vocabulary, term by term.

The documents are Norwegian; an English question shares no words with them, so the lexical search and the
sentence scorer see nothing in it and the answer falls to whatever the dense leg ranks first. No translation
model ships in a package, but the domain's vocabulary is small and stable: this glossary gives the Norwegian
words of the welfare, labour-market and municipal terms an English question uses («municipality» →
«kommune», «social assistance» → «sosialhjelp»). Names, abbreviations and numbers are kept as they are.
The glossary is general (written from the field's vocabulary, not from any question set).
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.scoring import split_topic

GLOSSARY_FILE = Path(__file__).with_name("glossary_en_nb.tsv")


def _load(path: Path = GLOSSARY_FILE) -> tuple[dict[str, str], dict[str, str]]:
    """The glossary's phrases (longest match wins) and words; values are Norwegian words as the documents write them."""
    phrases: dict[str, str] = {}
    words: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, norwegian = line.split("\t", 1)
        (phrases if " " in english else words)[english] = norwegian
    return phrases, words


_PHRASES, _WORDS = _load()
_TERM = re.compile(r"[a-z][a-z'-]*", re.IGNORECASE)
_KEEP = re.compile(r"\b(?:[A-ZÆØÅ]{2,}[\w-]*|\d[\d.,:/-]*|[A-ZÆØÅ][a-zæøå]+(?:[-][A-ZÆØÅ]?[a-zæøå]+)*)\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)([A-Z][a-z]+)")


def norwegian_terms(question: str) -> str:
    """The Norwegian words of an English question's domain terms, with its names, abbreviations and numbers
    («Who pays the wage subsidy to employers in Bergen?» → «lønnstilskudd arbeidsgivere Bergen»)."""
    text = question.lower()
    found: list[str] = []
    for phrase in sorted(_PHRASES, key=len, reverse=True):
        pattern = rf"(?<![\w-]){re.escape(phrase)}(?![\w-])"
        if re.search(pattern, text):
            found.append(_PHRASES[phrase])
            text = re.sub(pattern, " ", text)
    for word in _TERM.findall(text):
        if word in _WORDS:
            found.append(_WORDS[word])
    starts = {m.group(1) for m in _SENTENCE_START.finditer(question)}
    kept = [k for k in _KEEP.findall(question) if k not in starts and k.lower() not in _WORDS]
    return " ".join(dict.fromkeys(" ".join(found + kept).split()))


# where an English question divides into parts (as assistant.question splits them): each part gets its own terms
_PARTS = re.compile(
    r"((?<=\?)\s+|,\s*(?:and|or|but)\s+|\s+and\s+(?=(?:what|who|how|why|which|when|where|is|are|does|do|can)\b)|;\s*)",
    re.IGNORECASE,
)


def with_terms(question: str) -> str:
    """The English question with the Norwegian words of each part's terms inside that part (before its «?»),
    so every part is read in the documents' words; a follow-up's topic in brackets stays last."""
    ask, topic = split_topic(question)
    pieces = _PARTS.split(ask)
    out = []
    for index, piece in enumerate(pieces):
        terms = norwegian_terms(piece) if index % 2 == 0 else ""
        if terms:
            body = piece.rstrip()
            end = "?" if body.endswith("?") else ""
            piece = f"{body.rstrip('?').rstrip()} {terms}{end}"
        out.append(piece)
    return "".join(out) + (f" ({topic})" if topic else "")


def english_part(part: str, question: str) -> str:
    """The English wording of a part read with its terms (what an answer names as not found, in the user's words)."""
    pieces = _PARTS.split(split_topic(question)[0])[::2]
    wanted = part.strip(" ?").lower()
    for piece in pieces:
        read = with_terms(piece).strip(" ?").lower()
        if wanted and (wanted in read or read in wanted):
            return piece.strip()
    return part
