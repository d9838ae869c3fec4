"""Which document a question names: «Sier Kristiansand-notatet noe annet?», «Hva sier KS-heftet om …?».

The user who names a source wants that source quoted: its chunks among the best ranked go first. A source is
named by a source word («notatet», «meldingen», «heftet», «seminaret», «protokollen», a hyphenated «…-rapporten»;
in English «note», «white paper», «booklet», «seminar», «minutes»), with the name before its hyphen
(«KS-», «Kristiansand-», ««Ingen utenfor»-») matched against each document's title, short title and kind.
"""

from __future__ import annotations

import re

from assistant.retrieval import Passage
from ingest.lexical import tokenize

# a question that names its source: «KS-notatet», «Kristiansand-notatet», ««Ingen utenfor»-meldingen», «KS-heftet»,
# «debattheftet», «AFI-seminaret», «meldingen»; «rapport» only hyphenated («AFI-rapporten»): «Riksrevisjonens rapport»
# names no document. An English question names them «the Kristiansand note», «the white paper», «the booklet».
_SOURCE_WORD = re.compile(
    r"^(?:(.+)-(\w*(?:notat|melding|hefte|seminar|protokoll|rapport)\w*)|"
    r"(\w*(?:notatet|meldingen|heftet|seminaret|protokollen)))$",
    re.IGNORECASE,
)
_ENGLISH_SOURCE = re.compile(r"\b(note|white\s+paper|booklet|seminar|minutes)\b", re.IGNORECASE)
_ENGLISH_SOURCE_WORD = {"note": "notat", "booklet": "hefte", "seminar": "seminar", "minutes": "protokoll"}


_WORD = re.compile(r"(?:«[^»]{2,60}»|[\wæøåÆØÅ])[\wæøåÆØÅ'’-]*")  # a word, or a quoted name with what is glued to it


def _source_matches(text: str) -> list[re.Match[str]]:
    """The Norwegian words by which a text names a source, matched by ``_SOURCE_WORD``."""
    return [m for word in _WORD.findall(text) if (m := _SOURCE_WORD.match(word.rstrip("'’")))]


# a talk in a seminar report («NHO-innlegget», «foredraget») names a part of the source, not a thing it speaks of
_TALK_WORD = re.compile(r"^(?:.+-)?(?:innlegg|foredrag)\w*$", re.IGNORECASE)


def is_source_word(word: str) -> bool:
    """«KS-notatet», «meldingen», «seminaret», «NHO-innlegget»: a word by which a question names where the answer
    stands. It chose the document; it is not the thing the answering sentence must name."""
    word = word.rstrip("'’")
    return bool(_SOURCE_WORD.match(word) or _TALK_WORD.match(word))


def source_words(text: str) -> list[str]:
    """The words by which a text names a source («Kristiansand-notatet», «KS-heftet», ««Ingen utenfor»-meldingen»,
    «the white paper»), as written."""
    return [m.group(0) for m in _source_matches(text)] + [m.group(0) for m in _ENGLISH_SOURCE.finditer(text)]


def named_sources(question: str, passages: list[Passage]) -> set[str]:
    """The short titles of the passages' documents that the question names by a source word, if any: an
    answer to «Hva sier KS-heftet om …» quotes the booklet, not a document that happens to rank higher."""
    wanted: list[list[str]] = []
    for match in _source_matches(question):
        source = match.group(2) or match.group(3)
        wanted.append([tokenize(source)[0], *tokenize(match.group(1) or "", compounds=False)])
    for match in _ENGLISH_SOURCE.finditer(question):
        word = match.group(1).lower()
        source = "melding" if word.startswith("white") else _ENGLISH_SOURCE_WORD[word]
        wanted.append([source])  # «the Norwegian white paper»: the English words before it name nothing in Norwegian
    names = {p.short_title: tokenize(f"{p.title} {p.short_title} {p.kind}") for p in passages}
    return {
        title
        for title, stems in names.items()
        for words in wanted
        if all(any(_same_stem(w, s) for s in stems) for w in words)
    }


def _same_stem(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


NAMED_WINDOW = 20  # ranked chunks among which a document the question names is looked for


def prefer_named(question: str, chunks: list[Passage], window: int = NAMED_WINDOW) -> list[Passage]:
    """«Sier Kristiansand-notatet noe annet?», «Hva sier KS-heftet om …?»: the named document's chunks among the
    best ranked go first (in their order), so the answer quotes the source the user asked about."""
    named = named_sources(question, chunks[:window])
    if named:
        everywhere = named_sources(question, chunks)
        named = everywhere if len(everywhere) > 1 else named  # several named: one may rank below the window
    if not named or (len(named) == 1 and all(c.short_title in named for c in chunks[:window])):
        return chunks
    head = chunks[:window]
    present = {c.short_title for c in head}
    # a named document with no chunk in the window brings its best one in
    head += [next(c for c in chunks[window:] if c.short_title == t) for t in sorted(named - present)]
    first = [c for c in head if c.short_title in named]
    if len(named) > 1:  # «Hvordan ser meldingen og KS-notatet på …?»: each named document's best chunks in turn
        first = _in_turn(first)
    taken = {id(c) for c in head}
    return first + [c for c in head if c.short_title not in named] + [c for c in chunks[window:] if id(c) not in taken]


def _in_turn(chunks: list[Passage]) -> list[Passage]:
    """Chunks of several documents, each document's best first, then each one's second best, and so on."""
    by_document: dict[str, list[Passage]] = {}
    for chunk in chunks:
        by_document.setdefault(chunk.short_title, []).append(chunk)
    rounds = max(len(group) for group in by_document.values())
    return [group[i] for i in range(rounds) for group in by_document.values() if i < len(group)]
