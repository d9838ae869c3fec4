"""How common a word is in English, from a small table (ingest/english_zipf.tsv, written by tools/english_zipf.py).

Only words at Zipf ≥ 3.0 are listed (rarer ones count 0.0): enough to tell a generic English word or a
translated name from a specific term, without holding wordfreq's whole English list in every worker.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ingest.zipf_table import read_zipf_table

TABLE = Path(__file__).with_name("english_zipf.tsv")
MIN_ZIPF = 3.0  # the table's floor


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    return read_zipf_table(TABLE)


def english_zipf(word: str) -> float:
    """wordfreq's English Zipf of one word (0.0 below 3.0): «what» 6.5, «international» 5.0."""
    return _table().get(word.strip().lower(), 0.0)
