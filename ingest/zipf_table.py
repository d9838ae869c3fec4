"""Word-frequency tables kept as small TSV files (word, Zipf) instead of wordfreq's whole lists in memory."""

from __future__ import annotations

from pathlib import Path


def read_zipf_table(path: Path) -> dict[str, float]:
    """The table's words and their Zipf values (tools/english_zipf.py and tools/norwegian_zipf.py write them)."""
    table: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition("\t")
        if word and value:
            table[word] = float(value)
    return table
