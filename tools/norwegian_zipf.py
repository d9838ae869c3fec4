"""Writes ingest/norwegian_zipf.tsv: the Bokmål words of wordfreq's large list at Zipf ≥ 3.0 (about 26,000).

The tokenizer and the answering core only ask whether a Norwegian word is at least this common (a compound's
parts, a generic word, a specific term): this table answers exactly as wordfreq's list does, without holding
its 320,000 words (about 28 MB) in every worker. The OCR lexicon of ingest still reads wordfreq in full.
Values are written with full float precision, so compound splits score exactly as before.
Rerun after a wordfreq upgrade: `.venv/bin/python tools/norwegian_zipf.py`; tests/test_text.py checks the table.
"""

import math
from pathlib import Path

from wordfreq import get_frequency_dict

MIN_ZIPF = 3.0
OUT = Path(__file__).resolve().parent.parent / "ingest" / "norwegian_zipf.tsv"


def main() -> None:
    rows = []
    for word, freq in sorted(get_frequency_dict("nb", wordlist="large").items(), key=lambda kv: -kv[1]):
        zipf = math.log10(freq * 1e9) if freq > 0 else 0.0
        if zipf >= MIN_ZIPF and "\t" not in word and "\n" not in word:
            rows.append(f"{word}\t{zipf!r}")
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} ord skrevet til {OUT}")


if __name__ == "__main__":
    main()
