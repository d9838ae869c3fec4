"""Dates a document cannot speak to: a year after it, or a later month of its own year.

A white paper of June 2021 may plan something «innen 2025» (it mentions the year), but it cannot report what
happened «i 2023», nor what a meeting «i mars 2021» decided when the papers are dated 11 January 2021.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def later_years(question: str, document_year: int | None, texts: Sequence[str]) -> list[str]:
    """The years the question names that are later than the quoted document and that none of ``texts``
    mentions (a plan «innen 2025» in a 2021 paper mentions its year; a result «i 2023» cannot be in it)."""
    if document_year is None:
        return []
    later = dict.fromkeys(y for y in _YEAR.findall(question) if int(y) > document_year)
    return [y for y in later if not any(y in t for t in texts)]


MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
_MONTH_YEAR = re.compile(rf"\b({'|'.join(MONTHS)})\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def _year_month(document_date: str) -> tuple[int, int] | None:
    """«2021-01-11» → (2021, 1); None when the date names no month."""
    match = re.match(r"((?:19|20)\d\d)-(\d\d)", document_date or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return int(match.group(1)), int(match.group(2))


def later_months(question: str, document_date: str, texts: Sequence[str]) -> list[str]:
    """A month of the document's own year that comes after its date («møtet i mars 2021» in papers of
    11 January 2021), and that none of ``texts`` mentions: what happened then cannot be in it. A later year is
    :func:`later_years`' part."""
    dated = _year_month(document_date)
    if dated is None:
        return []
    year, month = dated
    found = []
    for m in _MONTH_YEAR.finditer(question):
        asked = m.group(0).lower()
        if int(m.group(2)) == year and MONTHS.index(m.group(1).lower()) + 1 > month:
            if not any(asked in t.lower() for t in texts) and asked not in found:
                found.append(asked)
    return found


def document_month(document_date: str) -> str:
    """«2021-01-11» → «januar 2021» (the date's month, for a notice); '' when the date has no month."""
    dated = _year_month(document_date)
    return f"{MONTHS[dated[1] - 1]} {dated[0]}" if dated else ""
