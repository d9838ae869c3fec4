"""Fidelity report: can a reader trust the quotes and the citation labels?

Usage:
  .venv/bin/python eval/fidelity.py [--ocr-dir /work/shared/eval/ocr] [--heldout-dir eval/sets/ocr]
  PYTHONPATH=<older checkout> .venv/bin/python eval/fidelity.py --label before   # the same numbers for older code

Measures, over the whole corpus: OCR word error rate on the hand-corrected excerpts (dev and held-out); how many changes each
repair rule makes on the clean documents (a rule that damages correct text shows up here); sentences of the
chunks that still carry debris (independent probes, not the cleaner's own patterns), all and quotable
only; chunks of the paged documents without a page; chapter numbers the labels name.
Writes eval/reports/fidelity.json (one entry per --label) and eval/reports/fidelity.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if not any(Path(p).resolve() == ROOT for p in sys.path if p) and "PYTHONPATH" not in __import__("os").environ:
    sys.path.insert(0, str(ROOT))

from ingest.chunking import chunk_document  # noqa: E402
from ingest.clean import clean_document  # noqa: E402
from ingest.lexicon import build_lexicon  # noqa: E402
from ingest.loaders import load_document  # noqa: E402
from ingest.metadata import document_meta, read_sources  # noqa: E402
from ingest.ocr_repair import find_ocr_repairs, repair_ocr_text  # noqa: E402
from ingest.pipeline import corpus_files, lexicon_for_corpus  # noqa: E402
from ingest.wer import word_error_rate  # noqa: E402

CORPUS = ROOT / "corpus"
REPORTS = ROOT / "eval" / "reports"
DEFAULT_OCR = ROOT.parent / "shared" / "eval" / "ocr"
HELDOUT_OCR = ROOT / "eval" / "sets" / "ocr"
PAGED = ("meld-st-32-2020-2021-ingen-utenfor.ocr.txt", "afi-2013-barrierer-mot-arbeid.txt")

# Debris probes, deliberately broader than (and independent of) ingest.debris.
PROBES = {
    "fotnotemerke (symbol)": re.compile(
        r"[^\W\d_][.,;:»]?[®°*]|[^\W\d_][.,;:][!?'’%>]{1,3}\d*\s|[^\W\d_]{2}[!?][!?®*°\d]"
    ),
    "fotnotetall etter tegn": re.compile(r"[a-zæøå]{2}[.,;:»)]\d{1,3}(?=\s|$)"),
    "tall limt til ord": re.compile(r"\b[a-zæøå]{4,}\d{1,2}(?=[\s,.;:)]|$)"),
    "løst tall først": re.compile(r"^\d{1,3}\s+(?!(?:pst|prosent|år|kr|kroner|millioner|mill|mrd|personer)\b)[a-zæøå]"),
    "fotokreditt": re.compile(r"\b(?:Foto|Illustrasjon)\s*:", re.IGNORECASE),
    "bildetekst": re.compile(r"^(?:Figur|Tabell|Kilde)\s*(?:\d|:)", re.IGNORECASE),
    "overskrift i setning": re.compile(r"^\d{1,2}\.\s+[A-ZÆØÅ][^.!?]{10,90}\s[A-ZÆØÅ][a-zæøå]+\s[a-zæøå]"),
}


def _split_sentences(text: str) -> list[str]:
    try:
        from assistant.text import split_sentences
    except ImportError:  # the assistant package may be moving; a plain splitter is enough for counting
        return [s.strip() for s in re.split(r"(?<=[.!?»])\s+(?=[«\"(A-ZÆØÅ0-9–-])|\n\s*\n", text) if s.strip()]
    return [s.text for s in split_sentences(text)]


def _quotable():
    try:
        from ingest.debris import is_quotable_sentence
    except ImportError:
        return lambda sentence: True  # older code quoted every sentence
    return is_quotable_sentence


def wer_numbers(ocr_dir: Path, lexicon) -> dict:
    rows, words, raw_err, rep_err = [], 0, 0.0, 0.0
    for raw_path in sorted(ocr_dir.glob("excerpt*.raw.txt")):
        gold = raw_path.with_name(raw_path.name.replace(".raw.", ".gold.")).read_text(encoding="utf-8")
        raw = raw_path.read_text(encoding="utf-8")
        repaired, _ = repair_ocr_text(raw, lexicon)
        n = len(gold.split())
        row = {
            "excerpt": raw_path.name.split(".")[0],
            "words": n,
            "raw": word_error_rate(raw, gold),
            "repaired": word_error_rate(repaired, gold),
        }
        rows.append(row)
        words += n
        raw_err += row["raw"] * n
        rep_err += row["repaired"] * n
    overall = {"raw": raw_err / words, "repaired": rep_err / words, "words": words} if words else {}
    return {"excerpts": rows, "overall": overall}


def rule_changes(files: list[Path], sources: dict) -> dict:
    """Changes each repair rule makes on each clean document, with a lexicon counted from the others."""
    from ingest.hyphenation import find_hyphenation_joins
    from ingest.mapped_text import apply_edits

    clean = {p.name: load_document(p).raw_text for p in files if not (sources.get(p.name) or {}).get("ocr")}
    rules = _rules()
    result: dict[str, dict[str, int]] = {name: {} for name in rules}
    examples: dict[str, list[str]] = {name: [] for name in rules}
    for name, text in clean.items():
        family = name.split(".")[0]
        lexicon = build_lexicon([t for n, t in clean.items() if n.split(".")[0] != family])
        text = apply_edits(text, find_hyphenation_joins(text, lexicon))  # as ingest does before repair
        for rule, find in rules.items():
            edits = find(text, lexicon)
            result[rule][name] = len(edits)
            examples[rule] += [f"{text[e.start : e.end]!r}→{e.replacement!r}" for e in edits[:3]]
    return {"changes": result, "examples": examples, "on_ocr_documents": _ocr_rule_changes(files, sources)}


def _ocr_rule_changes(files: list[Path], sources: dict) -> dict[str, dict[str, int]]:
    """For comparison: the same rules on the OCR documents, each on the text the rule before it left."""
    from ingest.hyphenation import find_hyphenation_joins
    from ingest.mapped_text import apply_edits

    lexicon = lexicon_for_corpus(CORPUS)
    result: dict[str, dict[str, int]] = {}
    for path in files:
        if not (sources.get(path.name) or {}).get("ocr"):
            continue
        text = apply_edits(load_document(path).raw_text, find_hyphenation_joins(load_document(path).raw_text, lexicon))
        counts: dict[str, int] = {}
        for rule, find in _rules().items():
            edits = find(text, lexicon)
            counts[rule] = len(edits)
            text = apply_edits(text, edits)
        result[path.name] = counts
    return result


def _rules() -> dict:
    rules = {"ordreparasjon (ocr_repair)": lambda text, lexicon: find_ocr_repairs(text, lexicon)}
    try:
        from ingest.glued import find_glued_words

        rules["sammenlimte ord delt (glued)"] = lambda text, lexicon: find_glued_words(text, lexicon)
    except ImportError:
        pass
    try:
        from ingest.realword import build_context_model, find_realword_repairs

        rules["ekte ord i kontekst (realword)"] = lambda text, lexicon: find_realword_repairs(
            text, lexicon, build_context_model(text, lexicon)
        )
    except ImportError:
        pass
    try:
        from ingest.debris import find_debris_lines, find_glued_markers

        rules["fotnotemerker fjernet (debris)"] = lambda text, lexicon: find_glued_markers(text)
        rules["støylinjer fjernet (debris)"] = lambda text, lexicon: find_debris_lines(text)
    except ImportError:
        pass
    return rules


def corpus_numbers(files: list[Path], sources: dict, lexicon) -> dict:
    quotable = _quotable()
    debris_all: Counter = Counter()
    debris_quotable: Counter = Counter()
    sentences = quotable_count = 0
    docs: dict[str, dict] = {}
    examples: list[str] = []
    for path in files:
        loaded = load_document(path)
        meta = document_meta(path.name, loaded.raw_text, sources.get(path.name))
        chunks = chunk_document(clean_document(loaded, meta, lexicon))
        chapters = sorted({c.section_number.split(".")[0] for c in chunks if c.section_number[:1].isdigit()}, key=int)
        docs[path.name] = {
            "chunks": len(chunks),
            "without_page": sum(c.page is None for c in chunks),
            "chapters_in_labels": chapters,
            "section_labels": len({c.section_path for c in chunks}),
        }
        for chunk in chunks:
            for sentence in _split_sentences(chunk.text):
                folded = re.sub(r"\s+", " ", sentence).strip()
                sentences += 1
                ok = quotable(folded)
                quotable_count += ok
                for probe, pattern in PROBES.items():
                    if pattern.search(folded):
                        debris_all[probe] += 1
                        if ok:
                            debris_quotable[probe] += 1
                            if len(examples) < 40:
                                examples.append(f"[{probe}] {folded[:160]}")
    return {
        "documents": docs,
        "sentences": sentences,
        "quotable_sentences": quotable_count,
        "debris_sentences": dict(debris_all),
        "debris_quotable_sentences": dict(debris_quotable),
        "debris_quotable_total": sum(debris_quotable.values()),
        "quotable_debris_examples": examples,
    }


def markdown(report: dict) -> str:
    labels = list(report)
    lines = [
        "# Fidelity: quotes and citation labels",
        "",
        "Made by `eval/fidelity.py` (`--label before` runs the same measurements on older code).",
        "",
    ]
    lines += [
        "## OCR word error rate (hand-corrected excerpts of the white paper)",
        "",
        "Dev: the shared excerpts the repair was built on. Held-out: `eval/sets/ocr/`, excerpts from other "
        "chapters corrected by hand before the repair was changed for them.",
        "",
        "| run | set | words | raw | repaired |",
        "|---|---|---|---|---|",
    ]
    for label in labels:
        for name, key in (("dev", "wer"), ("held-out", "wer_heldout")):
            o = report[label].get(key, {}).get("overall", {})
            if o:
                lines.append(f"| {label} | {name} | {o['words']} | {o['raw']:.2%} | {o['repaired']:.2%} |")
    lines += [
        "",
        "## Changes each repair rule makes on the clean documents",
        "",
        "Lexicon and context model counted from the *other* clean documents, line-break hyphenation joined "
        "first as ingest does. Word repairs should make ~0 changes here (in ingest they run on OCR documents "
        "only); the debris rules are meant to fire (they delete real footnote markers and chart labels).",
        "",
    ]
    for label in labels:
        changes = report[label]["rules"]["changes"]
        docs = sorted({d for per in changes.values() for d in per})
        lines += [f"**{label}**", "", "| rule | " + " | ".join(docs) + " |", "|---" * (len(docs) + 1) + "|"]
        for rule, per in changes.items():
            lines.append(f"| {rule} | " + " | ".join(str(per.get(d, 0)) for d in docs) + " |")
        lines.append("")
        for name, per in report[label]["rules"].get("on_ocr_documents", {}).items():
            lines.append(
                f"On the OCR document {name} ({label}): " + ", ".join(f"{r} {n}" for r, n in per.items()) + "."
            )
        lines.append("")
    lines += [
        "## Debris in the chunks' sentences (whole corpus)",
        "",
        "| run | sentences | quotable | with debris (all) | with debris (quotable) |",
        "|---|---|---|---|---|",
    ]
    for label in labels:
        c = report[label]["corpus"]
        lines.append(
            f"| {label} | {c['sentences']} | {c['quotable_sentences']} | "
            f"{sum(c['debris_sentences'].values())} | {c['debris_quotable_total']} |"
        )
    probes = sorted({p for label in labels for p in report[label]["corpus"]["debris_sentences"]})
    lines += [
        "",
        "| probe | " + " | ".join(f"{label} (all / quotable)" for label in labels) + " |",
        "|---" * (len(labels) + 1) + "|",
    ]
    for probe in probes:
        cells = [
            f"{report[run]['corpus']['debris_sentences'].get(probe, 0)} / "
            f"{report[run]['corpus']['debris_quotable_sentences'].get(probe, 0)}"
            for run in labels
        ]
        lines.append(f"| {probe} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Pages and chapters in the labels",
        "",
        "| run | document | chunks | without page | chapters named in labels |",
        "|---|---|---|---|---|",
    ]
    for label in labels:
        for name, d in report[label]["corpus"]["documents"].items():
            lines.append(
                f"| {label} | {name} | {d['chunks']} | {d['without_page']} | {', '.join(d['chapters_in_labels'])} |"
            )
    last = report[labels[-1]]["corpus"]["quotable_debris_examples"]
    if last:
        lines += ["", f"## Quotable sentences that still trip a probe ({labels[-1]}, first {len(last)})", ""]
        lines += [f"- {e}" for e in last]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ocr-dir", type=Path, default=DEFAULT_OCR)
    parser.add_argument("--heldout-dir", type=Path, default=HELDOUT_OCR)
    parser.add_argument("--label", default="after")
    args = parser.parse_args()
    files = corpus_files(CORPUS)
    sources = read_sources(CORPUS / "sources.yaml")
    lexicon = lexicon_for_corpus(CORPUS)
    entry = {
        "wer": wer_numbers(args.ocr_dir, lexicon),
        "wer_heldout": wer_numbers(args.heldout_dir, lexicon),
        "rules": rule_changes(files, sources),
        "corpus": corpus_numbers(files, sources, lexicon),
    }
    path = REPORTS / "fidelity.json"
    report = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    report[args.label] = entry
    report = dict(sorted(report.items(), key=lambda kv: "before" not in kv[0]))  # older code first
    REPORTS.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (REPORTS / "fidelity.md").write_text(markdown(report), encoding="utf-8")
    o, h = entry["wer"].get("overall", {}), entry["wer_heldout"].get("overall", {})
    print(
        f"{args.label}: WER dev {o.get('repaired', 0):.2%}, held-out {h.get('repaired', 0):.2%}; "
        f"quotable sentences with debris "
        f"{entry['corpus']['debris_quotable_total']}; report: eval/reports/fidelity.md"
    )


if __name__ == "__main__":
    main()
