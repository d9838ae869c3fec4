"""Metadata filters a user can set (kind, document, year), made safe for the stores they reach."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.records import Chunk


@dataclass(frozen=True, slots=True)
class Filters:
    """Metadata filters a user can set: document kind, year range, specific documents."""

    kinds: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None

    def __post_init__(self) -> None:
        """Values made safe for the stores: duplicates dropped, years clamped to 0–9999 (which keeps their
        meaning for four-digit years; Chroma and SQLite overflow on a year of 10^19)."""
        object.__setattr__(self, "kinds", tuple(dict.fromkeys(str(k) for k in self.kinds)))
        object.__setattr__(self, "documents", tuple(dict.fromkeys(str(d) for d in self.documents)))
        object.__setattr__(self, "year_from", _clamp_year(self.year_from))
        object.__setattr__(self, "year_to", _clamp_year(self.year_to))

    def within(self, kinds: set[str], documents: set[str]) -> Filters | None:
        """The filter restricted to values the index has (so a list of 100,000 unknown kinds costs nothing);
        None when it can match no chunk at all."""
        known_kinds = tuple(k for k in self.kinds if k in kinds)
        known_documents = tuple(d for d in self.documents if d in documents)
        if (self.kinds and not known_kinds) or (self.documents and not known_documents):
            return None
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            return None
        return Filters(known_kinds, known_documents, self.year_from, self.year_to)

    def __bool__(self) -> bool:
        return bool(self.kinds or self.documents or self.year_from is not None or self.year_to is not None)

    def matches(self, chunk: Chunk) -> bool:
        year = chunk.year
        return (
            (not self.kinds or chunk.kind in self.kinds)
            and (not self.documents or chunk.document in self.documents)
            and (self.year_from is None or (year is not None and year >= self.year_from))
            and (self.year_to is None or (year is not None and year <= self.year_to))
        )

    def chroma_where(self) -> dict | None:
        clauses: list[dict] = []
        if self.kinds:
            clauses.append({"kind": {"$in": list(self.kinds)}})
        if self.documents:
            clauses.append({"document": {"$in": list(self.documents)}})
        if self.year_from is not None:
            clauses.append({"year": {"$gte": self.year_from}})
        if self.year_to is not None:
            clauses.append({"year": {"$lte": self.year_to}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _clamp_year(year: int | None) -> int | None:
    return None if year is None else min(max(int(year), 0), 9999)
