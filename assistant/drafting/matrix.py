"""The responsibility matrix: who does — or should do — what, according to the documents.

Rows are the actors of :mod:`assistant.drafting.actors`, columns the two kinds of role (duties and tasks; plans and
proposals), and every cell lists short statements, each a source sentence with its citation. The
statements are extracted once per index generation from every sentence of every document and cached as
``matrix.json`` in the generation folder; a view filtered by topic (ranked by the retrieval chain) or by
document is cut from them on request.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from bisect import bisect_right
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel

from assistant.drafting.actors import ACTORS
from assistant.drafting.duties import ROLES, actor_roles
from assistant.drafting.findings import CAPTION, CitationList, Reference, without_bullet
from assistant.drafting.matrix_cells import choose_cells, clarity, is_filler
from assistant.drafting.matrix_context import continued_roles, depends_on_previous, lead_in_roles
from assistant.quotes import citation_for
from assistant.records import Citation
from assistant.retrieval import SearchOptions, passage_from_chunk, rank_chunks, section_label
from assistant.scoring import quotable
from assistant.store import Filters, IndexSnapshot
from assistant.text import Sentence, split_sentences
from ingest.lexical import tokenize

MATRIX_VERSION = 2  # the cache format; the extraction code itself is fingerprinted too
CACHE_NAME = "matrix.json"
MAX_STATEMENT = 500  # characters; longer sentences are rarely a statement about one actor
LEAD_IN_WINDOW = 1500  # characters before a bullet searched for its lead-in line
TOPIC_CHUNKS = 30  # retrieved chunks whose statements a topic view draws on
PER_CELL = 12  # shown at first (the largest cells hold 70–115); ``per_cell=0`` gives every statement of a cell
_lock = threading.Lock()
_loaded: dict[str, list[MatrixStatement]] = {}  # by cache path: one extraction per generation and process


class MatrixStatement(BaseModel):
    actor: str
    role: str
    text: str
    strength: float
    chunk_ids: list[str]
    citation: Citation
    how: str = "subjekt"  # why this actor is the one acting (subjekt, inversjon, genitiv, agent, innledning …)
    rule: str = ""  # the column rule that decided (see :mod:`assistant.drafting.duties`)
    context: str = ""  # the sentence before, when this one cannot be read alone
    verb: str = ""  # the words after the actor: its verb chain
    embedded: bool = False  # the actor's clause is a that-clause («Det er viktig at NAV …»)


class MatrixCell(BaseModel):
    actor: str
    role: str
    statements: list[MatrixStatement]
    total: int = 0  # statements the cell has in all (``per_cell=0`` shows them)


class MatrixActor(BaseModel):
    key: str
    label: str


class MatrixRole(BaseModel):
    key: str
    label: str


class ResponsibilityMatrix(BaseModel):
    topic: str | None = None
    document: str | None = None
    generation: str
    actors: list[MatrixActor]
    roles: list[MatrixRole]
    cells: list[MatrixCell]
    citations: list[Citation]
    references: list[Reference]

    def cell(self, actor: str, role: str) -> MatrixCell | None:
        return next((c for c in self.cells if c.actor == actor and c.role == role), None)


def extraction_fingerprint() -> str:
    """Changes whenever the lexicon or the extraction code does, so a cached matrix is never stale."""
    import assistant.compose
    import assistant.drafting.actors
    import assistant.drafting.duties
    import assistant.drafting.findings
    import assistant.drafting.matrix_cells
    import assistant.drafting.matrix_context

    digest = hashlib.sha256(str(MATRIX_VERSION).encode())
    for module in (
        assistant.drafting.actors,
        assistant.drafting.duties,
        assistant.drafting.matrix_context,
        assistant.drafting.matrix_cells,
        assistant.compose,
        assistant.drafting.findings,
        sys.modules[__name__],
    ):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def is_statement(text: str, list_item: bool) -> bool:
    """A quotable sentence; a list item may lack its full stop («- Opprette en ordning for …»)."""
    if len(text) > MAX_STATEMENT:
        return False
    if CAPTION.match(text) or text.endswith("?"):
        return False
    return quotable(text) or (list_item and text[:1].isalpha() and quotable(text + "."))


def build_statements(
    snapshot: IndexSnapshot, skipped: Callable[[str, Sentence, str], None] | None = None
) -> list[MatrixStatement]:
    """Every sentence of the index that says what an actor does or should do, with its citation.

    ``skipped(document, sentence, reason)`` hears of every sentence left out and why (for diagnostics).
    """
    skip = skipped or (lambda _document, _sentence, _reason: None)
    statements: list[MatrixStatement] = []
    for document in sorted(snapshot.catalog):
        text = snapshot.document_text(document)
        clean = text.clean_text
        positions = sorted((c.clean_start, i) for i, c in enumerate(snapshot.chunks) if c.document == document)
        starts = [start for start, _ in positions]
        previous: list = []
        previous_end = 0
        previous_text = ""
        for sentence in split_sentences(clean):
            sentence = without_bullet(clean, sentence)
            same_paragraph = "\n\n" not in clean[previous_end : sentence.start]
            before = previous_text if same_paragraph else ""
            previous, previous_end, previous_text = (previous if same_paragraph else []), sentence.end, sentence.text
            list_item = _is_list_item(clean, sentence)
            if not is_statement(sentence.text, list_item) or is_filler(sentence.text):
                previous = []
                skip(document, sentence, "fyll" if is_filler(sentence.text) else "ikke et utsagn")
                continue
            # a bullet under «Hva kan regjeringen gjøre?» is the lead-in's actor's; others in it are objects
            lead = lead_in_roles(
                sentence.text, clean[max(0, sentence.start - LEAD_IN_WINDOW) : sentence.start], list_item
            )
            own = lead or actor_roles(sentence.text)
            roles = own or continued_roles(sentence.text, previous)
            previous = roles
            context = before if roles and not own else ""  # a continued actor comes with its sentence
            if depends_on_previous(sentence.text) and not lead:
                if not before:
                    skip(document, sentence, "avhenger av setningen før")
                    continue  # its meaning is in a sentence we cannot show with it
                context = context or before
            if not roles:
                skip(document, sentence, "ingen handlende aktør")
                continue
            at = bisect_right(starts, sentence.start) - 1
            if at < 0:
                skip(document, sentence, "utenfor alle tekstbiter")
                continue
            chunk_ids = [
                snapshot.chunks[i].chunk_id
                for start, i in positions[max(0, at - 2) : at + 1]
                if snapshot.chunks[i].clean_end > sentence.start
            ]
            passage = passage_from_chunk(snapshot, positions[at][1], 0.0)
            relative = Sentence(sentence.start - passage.clean_start, sentence.end - passage.clean_start, sentence.text)
            citation = citation_for(0, passage, relative, text.offsets, section_label(passage))
            statements += [
                MatrixStatement(
                    actor=r.actor,
                    role=r.role,
                    text=sentence.text,
                    strength=r.strength,
                    chunk_ids=chunk_ids,
                    citation=citation,
                    how=r.how,
                    rule=r.rule,
                    context=context,
                    verb=r.verb,
                    embedded=r.embedded,
                )
                for r in roles
            ]
    return statements


def _is_list_item(clean: str, sentence: Sentence) -> bool:
    """The sentence is a whole line of its own (a bullet, or a line in a list)."""
    line_start = clean.rfind("\n", 0, sentence.start) + 1
    starts_line = not clean[line_start : sentence.start].strip(" \t-–—•·*")
    return starts_line and clean[sentence.end : sentence.end + 1] in ("", "\n")


def load_statements(snapshot: IndexSnapshot) -> list[MatrixStatement]:
    """The generation's statements from its cache file, extracted and written there the first time."""
    path = snapshot.generation / CACHE_NAME
    fingerprint = extraction_fingerprint()
    with _lock:
        if str(path) in _loaded:
            return _loaded[str(path)]
        statements = None
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("fingerprint") == fingerprint:
                    statements = [MatrixStatement.model_validate(s) for s in data["statements"]]
            except (OSError, ValueError, KeyError):
                statements = None
        if statements is None:
            statements = build_statements(snapshot)
            payload = {
                "fingerprint": fingerprint,
                "generation": snapshot.generation.name,
                "statements": [s.model_dump(mode="json") for s in statements],
            }
            try:
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
                os.replace(tmp, path)
            except OSError:
                pass  # a read-only index still gets its matrix, just not cached
        _loaded[str(path)] = statements
        return statements


def matrix_view(
    snapshot: IndexSnapshot,
    statements: Sequence[MatrixStatement],
    topic: str | None = None,
    document: str | None = None,
    per_cell: int = PER_CELL,
) -> ResponsibilityMatrix:
    """The matrix as shown: the clearest few statements per cell (all with ``per_cell=0``), each sentence
    once, citations numbered row by row."""
    pool, score, section = view_pool(snapshot, statements, topic, document)
    chosen = choose_cells(pool, score, per_cell, section)
    citations = CitationList(snapshot)
    cells: list[MatrixCell] = []
    for actor in ACTORS:
        for role in ROLES:
            shown, total = chosen.get((actor.key, role), ([], 0))
            if shown:
                cells.append(
                    MatrixCell(
                        actor=actor.key,
                        role=role,
                        statements=[s.model_copy(update={"citation": citations.add(s.citation)}) for s in shown],
                        total=total,
                    )
                )
    present = {c.actor for c in cells}
    return ResponsibilityMatrix(
        topic=topic or None,
        document=document or None,
        generation=snapshot.generation.name,
        actors=[MatrixActor(key=a.key, label=a.label) for a in ACTORS if a.key in present],
        roles=[MatrixRole(key=k, label=v) for k, v in ROLES.items()],
        cells=cells,
        citations=citations.citations,
        references=citations.references(),
    )


def view_pool(
    snapshot: IndexSnapshot,
    statements: Sequence[MatrixStatement],
    topic: str | None = None,
    document: str | None = None,
) -> tuple[list[MatrixStatement], Callable[[MatrixStatement], float], Callable[[MatrixStatement], tuple[str, ...]]]:
    """The statements a view draws on, how it ranks them and what counts as one section of a cell."""
    pool = [s for s in statements if document is None or s.citation.document == document]
    if not topic:
        # without a topic a cell is an overview: one statement per document first, then per section
        return pool, clarity, lambda s: (s.citation.document, s.citation.section)
    filters = Filters(documents=(document,)) if document else Filters()
    ranked = rank_chunks(snapshot, topic, filters, SearchOptions())[:TOPIC_CHUNKS]
    rank = {p.chunk_ids[0]: n for n, p in enumerate(ranked)}
    pool = [s for s in pool if any(c in rank for c in s.chunk_ids)]
    return pool, _topic_scorer(topic, rank, snapshot.idf), lambda s: ()  # with a topic, relevance alone decides


def _topic_scorer(topic: str, rank: dict[str, int], idf: dict[str, float]) -> Callable[[MatrixStatement], float]:
    """Relevance to the topic (its words in the sentence, the rank of its chunk), then clarity."""
    weights = {t: idf.get(t, 1.0) for t in tokenize(topic)}
    total = sum(weights.values()) or 1.0

    def score(statement: MatrixStatement) -> float:
        best = min((rank[c] for c in statement.chunk_ids if c in rank), default=len(rank))
        words = set(tokenize(statement.text))
        overlap = sum(w for t, w in weights.items() if t in words) / total
        return 1.5 * overlap + 1.0 / (1.0 + 0.3 * best) + 0.25 * clarity(statement)

    return score
