"""What a draft's statement needs to be read on its own: its antecedent, and whose view it is.

A note is read without its sources beside it: «Når det er årsaken …» or «Dette gjelder …» says nothing (or
the wrong thing) without the sentence before, and a seminar speaker's criticism reads as the note's own claim
unless the speaker is named. The composer (:mod:`assistant.compose`) already carries the antecedent of the
openings :func:`assistant.sentences.needs_antecedent` knows; this module adds the drafting tools' stricter
rule (more openings, and a fragment cut off by the chunk is never a statement) and the attribution, taken
from the section's speaker heading or the document — never invented.
"""

from __future__ import annotations

import re

from assistant.compose import Block
from assistant.retrieval import Passage
from assistant.sentences import Candidate, needs_antecedent

# Openings the core's antecedent rule does not list, but that a reader of a note cannot resolve either.
_MORE_ANAPHORA = re.compile(
    r"^(Når\s+det|Da\s+(er|var|blir|ble)\b|Her\b|Der\b|Det\s+(er|var)\s+(derfor|dette|disse|slik|også\s+derfor)\b|"
    r"Det\s+(antas|skyldes|henger|har\s+sammenheng|kan\s+skyldes|gjør|betyr)\b|Så\s+(det|har|er|kan|vil|var|ble)\b|"
    r"(I|For|Med|Blant|Etter|Under|Ved)\s+(denne|dette|disse|slike|dem|den\s+samme)\b|På\s+(denne|samme)\s+måten\b|Så\s+er\b|Slik\b|Dette|Disse|Denne|Slike|Av\s+disse|Hvis\s+det|Men\b|Og\b|Eller\b|Også\b|Likevel\b)",
)
_GOVERNMENT = re.compile(r"^(Regjeringen|Departementet)\b")
_LEADING = re.compile(r"^[\s«\"”(–—•·-]+")
# A heading that names a speaker: «Ragnar Næss (filosof og samfunnsviter, PERTINAX)», «Knut Røed, Frischsenteret».
_NAME = r"[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ]?[a-zæøåéü]+)?"
SPEAKER = re.compile(
    rf"^({_NAME}(?:\s+(?:{_NAME}|[A-ZÆØÅ]\.)){{1,3}})\s*(?:\(([^()]{{2,80}})\)|,\s*([^,]{{2,60}}))\s*$"
)
OWN_VOICE_KINDS = frozenset({"stortingsmelding"})  # the white paper speaks for the government itself
VIEW_VERBS = re.compile(
    r"\b(mener|mente|hevder|hevdet|påpekte|understreket|kritiserte|anbefaler|anbefalte|foreslår|foreslo|"
    r"etterlyste|advarte|argumenterte)\b",
    re.IGNORECASE,
)


def opening(text: str) -> str:
    return _LEADING.sub("", text)


def opens_unresolved(text: str) -> bool:
    """Does the sentence lean on one before it («Dette …», «Når det …», «Av disse …»)?"""
    start = opening(text)
    return needs_antecedent(start) or bool(_MORE_ANAPHORA.match(start))


def is_fragment(text: str) -> bool:
    """The chunk began mid-sentence («og velferdsetaten kan …»), or the sentence opens with a list or
    footnote number («7. NAV stat …», «8 I tillegg …»)."""
    start = opening(text)
    return not start or start[0].islower() or bool(re.match(r"^\d{1,2}[.)]?\s+[A-ZÆØÅ]", start))


def is_reference(text: str) -> bool:
    """«… en litteraturhistorie, NIBR-rapport 2014:16. …»: a reference-list entry the core's filter let through."""
    return bool(re.search(r"\b\w*-?(rapport|notat)\s+(nr\.\s*)?\d{4}\s*[:/]\s*\d+\.", text, re.IGNORECASE))


def is_heading(text: str) -> bool:
    """«Erfaringer fra «kvalifiseringsprogrammet»»: no sentence ending, so a heading the splitter kept."""
    return not re.search(r"[.!?:][\s»”\"')]*$", text)


def with_antecedent(block: Block, candidates: list[Candidate], max_back: int = 2) -> Block | None:
    """The block with the sentences its first one leans on, or None when they are not in the passage.

    Only whole, quotable sentences are taken back (a question or a heading is no antecedent), so the
    statement stays one contiguous quote with one citation.
    """
    positions = list(block.positions)
    for _ in range(max_back + 1):
        first = candidates[positions[0]]
        if is_fragment(first.text) or is_reference(first.text) or (is_heading(first.text) and not block.list_items):
            return None
        if not opens_unresolved(first.text):
            return Block(block.passage, positions, block.score, block.aspect, list(block.list_items))
        before = positions[0] - 1
        if before < 0:
            return None
        previous = candidates[before]
        if previous.text.endswith("?") or not (previous.quotable or previous.bullet):
            return None
        positions.insert(0, before)
    return None


def speaker(passage: Passage) -> str:
    """«Ragnar Næss (PERTINAX)» when the passage's section (or a parent) is a speaker's heading; else «»."""
    for heading in reversed([passage.section, *passage.section_path.split(" > ")]):
        match = SPEAKER.match(heading.strip())
        if match:
            where = (match.group(2) or match.group(3) or "").split(",")[-1].strip()
            return f"{match.group(1)} ({where})" if where else match.group(1)
    return ""


def attribution(passage: Passage, quote: str) -> str:
    """Whose view a statement is, for a reader: the speaker with the document, or the document.

    The white paper's own sentences are the government's and need none, unless they report someone else's
    view with a verb of opinion (then the white paper is the source).
    """
    if passage.kind in OWN_VOICE_KINDS and (not VIEW_VERBS.search(quote) or _GOVERNMENT.match(opening(quote))):
        return ""
    document = passage.short_title or passage.title
    who = speaker(passage)
    return f"{who}, {document}" if who else document


def attributed(source: str, quote: str) -> str:
    """«Ifølge AFI-rapport 2013:10: «…»»; the quote as it is when it needs no attribution."""
    return f"Ifølge {source}: «{quote}»" if source else quote
