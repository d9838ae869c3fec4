"""Request models shared by the API's routers (chat and drafting)."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.store import Filters


class FilterIn(BaseModel):
    kinds: list[str] = []
    documents: list[str] = []
    year_from: int | None = None
    year_to: int | None = None

    def to_filters(self) -> Filters:
        return Filters(tuple(self.kinds), tuple(self.documents), self.year_from, self.year_to)
