"""Writes ingest/english_zipf.tsv: the English words wordfreq rates at Zipf ≥ 3.0 (about 28,000), with their Zipf.

The answering core only asks whether an English word is common (a translation, a generic word of an English
question): this table answers that without loading wordfreq's full English list (about 36 MB per process).
Rerun after a wordfreq upgrade: `.venv/bin/python tools/english_zipf.py`; tests/test_text.py checks the table.
"""

from pathlib import Path

from wordfreq import top_n_list, zipf_frequency

MIN_ZIPF = 3.0
OUT = Path(__file__).resolve().parent.parent / "ingest" / "english_zipf.tsv"


def main() -> None:
    rows = []
    for word in top_n_list("en", 100_000):
        zipf = zipf_frequency(word, "en")
        if zipf >= MIN_ZIPF and word.isalpha():
            rows.append(f"{word}\t{zipf:.2f}")
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} ord skrevet til {OUT}")


if __name__ == "__main__":
    main()
