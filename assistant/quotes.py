"""Quotes as the reader sees them: each block's citation (its exact raw span), one marker per quote, and the
answer text — the lead quote with its source first, the rest as a list, the parts not found named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.compose import Block
from assistant.later import MONTHS
from assistant.markers import escape_markers
from assistant.records import Citation, ContextOut
from assistant.retrieval import Passage, section_label
from assistant.sentences import Candidate, is_heading_line
from assistant.text import Sentence


def _raw_span(passage: Passage, sentence: Sentence, offsets) -> tuple[int, int]:
    start = passage.clean_start + sentence.start
    end = passage.clean_start + sentence.end
    return int(offsets[start]), int(offsets[max(end - 1, start)]) + 1


def citation_for(
    marker: int, passage: Passage, sentence: Sentence, offsets, section_label: str, parts: Sequence[Sentence] = ()
) -> Citation:
    """The citation of a quote; ``parts`` are its sentences, each of which gets its own raw span."""
    raw_start, raw_end = _raw_span(passage, sentence, offsets)
    spans = [_raw_span(passage, part, offsets) for part in parts] or [(raw_start, raw_end)]
    return Citation(
        marker=marker,
        document=passage.document,
        title=passage.title,
        short_title=passage.short_title,
        section=section_label,
        page=passage.page,
        start_char=raw_start,
        end_char=raw_end,
        quote=sentence.text,
        sentence_spans=spans,
    )


def block_sentence(block: Block, candidates: list[Candidate]) -> Sentence:
    """The block as one span of its passage (what its citation points at): a heading that labels the block's
    list is not quoted, so the span starts at the first item."""
    parts = block_parts(block, candidates) or [candidates[p].sentence for p in block.positions]
    return Sentence(parts[0].start, parts[-1].end, " ".join(part.text for part in parts))


def block_parts(block: Block, candidates: list[Candidate]) -> list[Sentence]:
    """The block's quoted sentences, each as a span of its passage: a question heading that labels its list
    («Hva kan KS gjøre?») is shown as the list's label, not quoted, so it is no cited sentence."""
    heading = set(heading_positions(block, candidates))
    return [shown_sentence(block, candidates, p) for p in block.positions if p not in heading]


# an item's number: «2. )», «3)», «(4)», «5.» before a capitalised word; «12. mars» is a date
_ENUMERATOR = re.compile(rf"^\(?\d{{1,2}} ?[.)](?: ?\))? (?=[A-ZÆØÅ])(?!(?:{'|'.join(MONTHS)})\b)", re.IGNORECASE)


def shown_sentence(block: Block, candidates: list[Candidate], position: int) -> Sentence:
    """A sentence as the block quotes it. An item's number orders a list shown under its lead-in or heading;
    before a statement quoted on its own («2. ) For det andre burde …», «6. Rusavhengige … må kunne …») it
    points at a list the reader does not see, so the quote (and its span) starts after it."""
    sentence = candidates[position].sentence
    items = [p for p in block.positions if p in block.list_items]
    listed = position in items and any(p < min(items) for p in block.positions if p not in block.list_items)
    match = None if listed else _ENUMERATOR.match(sentence.text)
    if match is None:
        return sentence
    cut = match.end()
    return Sentence(sentence.start + cut, sentence.end, sentence.text[cut:])


def heading_positions(block: Block, candidates: list[Candidate]) -> list[int]:
    """The sentence right before the block's list when it is a heading over it (a question, a heading line).

    A lone one labels the list. After statements, one on a line of its own does too («… sosial rettferdighet.»
    ⏎ «Hva må til for at flere … kommer i arbeid?» ⏎ the items): the statements are quoted, the heading is not
    glued to them as content; a question inside the paragraph («Batteriet er … . Hva må til …?») is quoted."""
    items = [p for p in block.positions if p in block.list_items]
    if not items:
        return []
    head = [p for p in block.positions if p not in block.list_items and p < min(items)]
    if not head or (len(head) > 1 and not candidates[head[-1]].line_start):
        return []
    quote = candidates[head[-1]].text
    return head[-1:] if quote.endswith("?") or is_heading_line(quote) else []


def markers_for(blocks: list[Block]) -> list[int]:
    """One marker per quoted span: consecutive sentences of a passage are one quote with one marker; a
    citation never spans text the answer does not quote, so two separate quotes of one passage get two."""
    numbers: dict[tuple[int, int], int] = {}
    return [numbers.setdefault((block.passage, block.positions[0]), len(numbers) + 1) for block in blocks]


LEAD = {"nb": "Ifølge {source}:", "en": "According to {source} (quoted in Norwegian):"}
# a list under a question heading («Hva kan KS gjøre?»): the heading names the list, it is not a statement
UNDER_HEADING = {
    "nb": "Ifølge {source}, under overskriften «{heading}»:",
    "en": "According to {source}, under the heading «{heading}» (quoted in Norwegian):",
}
UNDER_HEADING_MORE = {"nb": "- Under overskriften «{heading}»:", "en": "- Under the heading «{heading}»:"}
MORE = {"nb": "Dokumentene sier også:", "en": "The documents also say:"}
MISSING_PART = {
    "nb": "Dette finner jeg ikke i dokumentene: «{part}»",
    "en": "I cannot find this in the documents: “{part}”",
}


def render_blocks(
    blocks: list[Block],
    candidates: dict[int, list[Candidate]],
    markers: list[int],
    sources: list[str],
    language: str,
    missing_parts: list[str] = (),
) -> str:
    """The lead quote with its source first, then the rest as a list; parts not found are named. A list under
    a question heading is introduced by the heading as its label, not quoted as if the question were content."""
    lines: list[str] = []
    for index, (block, marker) in enumerate(zip(blocks, markers)):
        # source text and titles are escaped: a document's own «[2]» must never read as a marker
        texts = {
            p: _Escaped(escape_markers(shown_sentence(block, candidates[block.passage], p).text))
            for p in block.positions
        }
        items = [p for p in block.positions if p in block.list_items]
        # a sentence after the list (the block's continuation) follows the items; it is not glued to the lead-in
        first_item = min(items, default=len(candidates[block.passage]))
        head = [p for p in block.positions if p not in block.list_items and p < first_item]
        tail = " ".join(texts[p].text for p in block.positions if p not in block.list_items and p > first_item)
        labels = heading_positions(block, candidates[block.passage])
        heading = " ".join(texts[p].text for p in labels)
        quote = " ".join(texts[p].text for p in head if p not in labels)
        if index == 0:
            source = escape_markers(sources[index])
            lead = LEAD.get(language, LEAD["nb"]).format(source=source)
            if heading and not quote:
                lines.append(UNDER_HEADING.get(language, UNDER_HEADING["nb"]).format(source=source, heading=heading))
            else:
                lines.append(f"{lead} «{quote}» [{marker}]" if quote else lead)
            if heading and quote:  # the statements are quoted, the heading after them labels the list
                lines.append(UNDER_HEADING_MORE.get(language, UNDER_HEADING_MORE["nb"]).format(heading=heading))
                lines += [f"  - «{texts[p].text}» [{marker}]" for p in items]
            else:
                lines += [f"- «{texts[p].text}» [{marker}]" for p in items]
            lines += [f"«{tail}» [{marker}]"] if tail else []
            if len(blocks) > 1:
                lines += ["", MORE.get(language, MORE["nb"])]
            continue
        if heading:
            if quote:
                lines.append(f"- «{quote}» [{marker}]")
            lines.append(UNDER_HEADING_MORE.get(language, UNDER_HEADING_MORE["nb"]).format(heading=heading))
            lines += [f"  - «{texts[p].text}» [{marker}]" for p in items]
            lines += [f"  «{tail}» [{marker}]"] if tail else []
        elif quote:
            lines.append(f"- «{quote}» [{marker}]")
            lines += [f"  - «{texts[p].text}» [{marker}]" for p in items]
            lines += [f"  «{tail}» [{marker}]"] if tail else []
        else:
            lines += [f"- «{texts[p].text}» [{marker}]" for p in items]
            lines += [f"- «{tail}» [{marker}]"] if tail else []
    for part in missing_parts:
        lines += ["", MISSING_PART.get(language, MISSING_PART["nb"]).format(part=escape_markers(part.rstrip("?. ")))]
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Escaped:
    text: str


def context_out(rank: int, p: Passage) -> ContextOut:
    """A passage as the answer lists it among its contexts."""
    return ContextOut(
        rank=rank,
        document=p.document,
        title=p.short_title,
        start_char=p.start_char,
        end_char=p.end_char,
        section=section_label(p),
        page=p.page,
        text=p.text,
        score=p.score,
    )
