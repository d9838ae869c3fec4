"""Evaluation records: the dev set's rows and the assistant's predictions, and the loaders that read them.

The dev set lives at :data:`DEV_SET` and its baseline at :data:`BASELINE`; every caller (CLI, tests, eval
scripts) takes the paths from here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ingest.settings import PROJECT_ROOT

DEV_SET = PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl"  # the dev set, for the CLI, the tests and eval/
# the development sets evaluated together by default (each is also reported on its own): answers, near-misses,
# conversations
DEV_SETS = tuple(DEV_SET.with_name(f"{name}.jsonl") for name in ("dev", "abstention", "followups"))
BASELINE = PROJECT_ROOT / "eval" / "baseline.json"  # the dev-set numbers a change must hold
REPORTS = PROJECT_ROOT / "eval" / "reports"
KS: tuple[int, ...] = (1, 3, 5, 10)
OUT_OF_CORPUS = "utenfor_korpus"


@dataclass(frozen=True, slots=True)
class EvidenceQuote:
    document: str
    quote: str


@dataclass(frozen=True, slots=True)
class EvalRow:
    id: str
    question: str
    category: str
    persona: str
    answer: str
    key_facts: tuple[str, ...] = ()
    evidence: tuple[EvidenceQuote, ...] = ()
    history: tuple[dict, ...] = ()
    source: str = ""  # the set it was read from («dev», «abstention» …)

    @property
    def expects_abstention(self) -> bool:
        return self.category == OUT_OF_CORPUS

    @classmethod
    def from_dict(cls, data: Mapping) -> EvalRow:
        return cls(
            id=str(data["id"]),
            question=data["question"],
            category=data.get("category", ""),
            persona=data.get("persona", ""),
            answer=data.get("answer", ""),
            key_facts=tuple(data.get("key_facts") or ()),
            evidence=tuple(EvidenceQuote(e["document"], e["quote"]) for e in data.get("evidence") or ()),
            history=tuple(data.get("history") or ()),
            source=str(data.get("source", "")),
        )


@dataclass(frozen=True, slots=True)
class PredictedCitation:
    marker: int
    document: str
    start_char: int
    end_char: int
    title: str = ""
    section: str = ""
    page: int | None = None
    quote: str = ""
    sentence_spans: tuple[tuple[int, int], ...] = ()  # each quoted sentence's raw span; empty: the quote is one


@dataclass(frozen=True, slots=True)
class PredictedContext:
    rank: int
    document: str
    start_char: int
    end_char: int
    section: str = ""
    page: int | None = None
    text: str = ""
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Prediction:
    id: str
    answer: str = ""
    abstained: bool = False
    latency_ms: float | None = None
    citations: tuple[PredictedCitation, ...] = ()
    contexts: tuple[PredictedContext, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping) -> Prediction:
        return cls(
            id=str(data["id"]),
            answer=data.get("answer") or "",
            abstained=bool(data.get("abstained", False)),
            latency_ms=data.get("latency_ms"),
            citations=tuple(
                PredictedCitation(
                    marker=int(c["marker"]),
                    document=c["document"],
                    start_char=int(c["start_char"]),
                    end_char=int(c["end_char"]),
                    title=c.get("title") or "",
                    section=c.get("section") or "",
                    page=c.get("page"),
                    quote=c.get("quote") or "",
                    sentence_spans=_spans(c.get("sentence_spans")),
                )
                for c in data.get("citations") or ()
            ),
            contexts=tuple(
                PredictedContext(
                    rank=int(c.get("rank", i + 1)),
                    document=c["document"],
                    start_char=int(c["start_char"]),
                    end_char=int(c["end_char"]),
                    section=c.get("section") or "",
                    page=c.get("page"),
                    text=c.get("text") or "",
                    score=c.get("score"),
                )
                for i, c in enumerate(data.get("contexts") or ())
            ),
        )


def _read_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_eval_set(path: str | Path) -> list[EvalRow]:
    """Rows of a JSONL question file; a row without an ``id`` is numbered by its place (1, 2, …)."""
    source = Path(path).stem
    return [EvalRow.from_dict({"id": n, "source": source, **data}) for n, data in enumerate(_read_jsonl(path), start=1)]


def load_eval_sets(paths: list[Path] | tuple[Path, ...]) -> list[EvalRow]:
    """Several sets as one run (ids prefixed by the set when two sets share an id), each row knowing its set."""
    rows: list[EvalRow] = []
    seen: set[str] = set()
    for path in paths:
        for row in load_eval_set(path):
            if row.id in seen:
                row = EvalRow(
                    **{**{f: getattr(row, f) for f in row.__dataclass_fields__}, "id": f"{row.source}:{row.id}"}
                )
            seen.add(row.id)
            rows.append(row)
    return rows


def load_predictions(path: str | Path) -> dict[str, Prediction]:
    return {p.id: p for p in (Prediction.from_dict(data) for data in _read_jsonl(path))}


def load_corpus(corpus_dir: str | Path) -> dict[str, str]:
    """Raw file texts keyed by file name; newline='' keeps offsets identical to the bytes on disk."""
    texts: dict[str, str] = {}
    for path in sorted(Path(corpus_dir).iterdir()):
        if path.is_file():
            with open(path, encoding="utf-8", newline="") as handle:
                texts[path.name] = handle.read()
    return texts


def _spans(value) -> tuple[tuple[int, int], ...]:
    """A prediction's sentence spans, read leniently: a malformed entry is left out, not fatal."""
    spans = []
    for item in value or ():
        try:
            start, end = (int(x) for x in item)
        except (TypeError, ValueError):
            continue
        if end > start:
            spans.append((start, end))
    return tuple(spans)
