"""Word error rate of OCR repair on the hand-corrected excerpts of the white paper.

Usage: .venv/bin/python eval/ocr_wer.py [--dir /work/shared/eval/ocr]
Prints raw, hyphen-joined and repaired WER per excerpt and overall; writes eval/reports/ocr_wer.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.hyphenation import find_hyphenation_joins  # noqa: E402
from ingest.mapped_text import apply_edits  # noqa: E402
from ingest.ocr_repair import repair_ocr_text  # noqa: E402
from ingest.pipeline import lexicon_for_corpus  # noqa: E402
from ingest.wer import word_error_rate  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "eval" / "ocr"
REPORT = ROOT / "eval" / "reports" / "ocr_wer.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder with excerptN.raw.txt / .gold.txt")
    args = parser.parse_args()

    started = time.perf_counter()
    lexicon = lexicon_for_corpus(ROOT / "corpus")
    lexicon_seconds = time.perf_counter() - started

    rows = []
    totals = {"raw": 0.0, "joined": 0.0, "repaired": 0.0, "words": 0}
    for raw_path in sorted(args.dir.glob("excerpt*.raw.txt")):
        gold_path = raw_path.with_name(raw_path.name.replace(".raw.", ".gold."))
        raw, gold = raw_path.read_text(encoding="utf-8"), gold_path.read_text(encoding="utf-8")
        joined = apply_edits(raw, find_hyphenation_joins(raw, lexicon))
        repaired, changed = repair_ocr_text(raw, lexicon)
        words = len(gold.split())
        row = {
            "excerpt": raw_path.name.split(".")[0],
            "words": words,
            "raw": word_error_rate(raw, gold),
            "joined": word_error_rate(joined, gold),
            "repaired": word_error_rate(repaired, gold),
            "words_changed": changed,
        }
        rows.append(row)
        totals["words"] += words
        for key in ("raw", "joined", "repaired"):
            totals[key] += row[key] * words
    overall = {key: totals[key] / totals["words"] for key in ("raw", "joined", "repaired")} if rows else {}

    print(f"{'excerpt':<10} {'words':>6} {'raw':>7} {'joined':>7} {'repaired':>9}")
    for row in rows:
        print(
            f"{row['excerpt']:<10} {row['words']:>6} {row['raw']:>7.2%} {row['joined']:>7.2%} {row['repaired']:>9.2%}"
        )
    if overall:
        print(
            f"{'overall':<10} {totals['words']:>6} {overall['raw']:>7.2%} {overall['joined']:>7.2%} {overall['repaired']:>9.2%}"
        )
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        json.dumps(
            {"excerpts": rows, "overall": overall, "lexicon_seconds": lexicon_seconds}, indent=2, ensure_ascii=False
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"report: {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
