"""Evaluation metrics on tiny hand-made cases, plus a check that every dev-set quote is found in the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evaluation.metrics import (
    answer_sentences,
    citation_overlap,
    citation_precision,
    dangling_markers,
    extract_numbers,
    first_citation_precision,
    first_hit_ranks,
    first_quote_precision,
    hit_at_k,
    key_fact_covered,
    quote_precision,
    recall_at_k,
    reciprocal_rank,
    sentence_marker_coverage,
)
from assistant.evaluation.records import (
    DEV_SET,
    EvalRow,
    EvidenceQuote,
    PredictedCitation,
    PredictedContext,
    Prediction,
    load_corpus,
    load_eval_set,
    load_predictions,
)
from assistant.evaluation.reports import compare_to_baseline, render_report, run_summary, write_plots
from assistant.evaluation.scoring import QuestionResult, evaluate, percentile, summarize
from assistant.evaluation.spans import EvidenceIndex, EvidenceSpan, context_hits, locate_quote

PROJECT_ROOT = Path(__file__).resolve().parents[1]

RAW = (
    "Kapittel 1\n\nRegjeringen vil  styrke\nsamarbeidet mellom NAV og kommunene.\n"
    "Det er viktig å harmonisere samarbeids-\nbestemmelser i lovverket.\n"
    "Mange unge står utenfor arbeidsIivet og trenger tett oppfølging fra veiledere.\n"
)


# --- locating quotes -------------------------------------------------------------------------------------


def test_locate_quote_folds_whitespace_and_returns_raw_span():
    quote = "Regjeringen vil styrke samarbeidet mellom NAV og kommunene."
    start, end = locate_quote(RAW, quote)
    assert RAW[start:end] == "Regjeringen vil  styrke\nsamarbeidet mellom NAV og kommunene."


def test_locate_quote_joins_line_break_hyphenation():
    start, end = locate_quote(RAW, "harmonisere samarbeidsbestemmelser i lovverket")
    assert RAW[start:end] == "harmonisere samarbeids-\nbestemmelser i lovverket"


def test_locate_quote_fuzzy_fallback_tolerates_ocr_damage():
    quote = "Mange unge står utenfor arbeidslivet og trenger tett oppfølging fra veiledere."
    span = locate_quote(RAW, quote)
    assert span is not None
    expected_start = RAW.index("Mange unge")
    assert abs(span[0] - expected_start) <= 2
    assert abs(span[1] - (expected_start + len(quote))) <= 2


def test_locate_quote_rejects_unrelated_text():
    assert locate_quote(RAW, "Fylkeskommunen finansierer fagskolene gjennom rammetilskuddet.") is None


def test_evidence_index_keeps_every_occurrence_and_reports_unlocated():
    raw = "Tiltak A virker. Noe annet. Tiltak A virker."
    evidence = (EvidenceQuote("doc.txt", "Tiltak A virker."), EvidenceQuote("doc.txt", "Helt fraværende setning her."))
    rows = [EvalRow("q1", "?", "tiltak", "rådgiver", "", evidence=evidence)]
    index = EvidenceIndex({"doc.txt": raw}, rows)
    span = index.locate("doc.txt", "Tiltak A virker.")
    assert span.spans == ((0, 16), (28, 44))
    assert index.unlocated == [("doc.txt", "Helt fraværende setning her.")]


# --- context hits and retrieval metrics ------------------------------------------------------------------


def _ctx(rank: int, start: int, end: int, document: str = "doc.txt") -> PredictedContext:
    return PredictedContext(rank=rank, document=document, start_char=start, end_char=end)


QUOTE = EvidenceSpan("doc.txt", "q", ((100, 200),))


def test_context_containing_quote_hits():
    assert context_hits(_ctx(1, 0, 1000), QUOTE)
    assert context_hits(_ctx(1, 115, 900), QUOTE)  # 85 % of the quote


def test_context_covering_too_little_or_other_document_misses():
    assert not context_hits(_ctx(1, 150, 900), QUOTE)  # 50 % of the quote
    assert not context_hits(_ctx(1, 0, 1000, document="other.txt"), QUOTE)
    assert not context_hits(_ctx(1, 300, 400), QUOTE)


def test_short_context_inside_long_quote_hits():
    long_quote = EvidenceSpan("doc.txt", "q", ((0, 1000),))
    assert context_hits(_ctx(1, 200, 500), long_quote)
    assert not context_hits(_ctx(1, 900, 1300), long_quote)  # only 25 % of the context inside


def test_any_occurrence_of_a_repeated_quote_counts():
    repeated = EvidenceSpan("doc.txt", "q", ((100, 200), (5000, 5100)))
    assert context_hits(_ctx(1, 4900, 5200), repeated)


def test_rank_metrics():
    other = EvidenceSpan("doc.txt", "q2", ((3000, 3100),))
    contexts = [_ctx(3, 2900, 3200), _ctx(1, 500, 800), _ctx(2, 50, 300)]  # unsorted on purpose
    ranks = first_hit_ranks(contexts, [QUOTE, other])
    assert ranks == [2, 3]
    assert hit_at_k(ranks, 1) == 0.0 and hit_at_k(ranks, 3) == 1.0
    assert recall_at_k(ranks, 2) == 0.5 and recall_at_k(ranks, 5) == 1.0
    assert reciprocal_rank(ranks) == 0.5
    assert reciprocal_rank([None, None]) == 0.0


# --- citations ------------------------------------------------------------------------------------------


def test_citation_metrics():
    citations = [
        PredictedCitation(marker=1, document="doc.txt", start_char=150, end_char=180),  # inside gold
        PredictedCitation(marker=2, document="doc.txt", start_char=600, end_char=650),  # elsewhere
    ]
    answer = "Tiltaket virker godt [1]. Det gjelder unge under 30 år. [2]\nKilder:\n- Det er finansiert av staten [3]."
    assert citation_precision(citations, [QUOTE]) == 0.5
    assert answer_sentences(answer)[1] == "Det gjelder unge under 30 år. [2]"
    assert sentence_marker_coverage(answer, citations) == pytest.approx(2 / 3)
    assert dangling_markers(answer, citations) == [3]
    assert dangling_markers("Ok [1, 2].", citations) == []


def test_citation_precision_asks_for_the_quote_inside_the_gold_and_the_first_marker_counts_first():
    inside = PredictedCitation(marker=2, document="doc.txt", start_char=120, end_char=190)
    touching = PredictedCitation(marker=1, document="doc.txt", start_char=60, end_char=110)  # shares 10 characters
    # the loose measure counts a citation that merely touches the gold; the reader's measure does not
    assert citation_overlap([touching], [QUOTE]) == 1.0 and citation_precision([touching], [QUOTE]) == 0.0
    assert citation_precision([inside, touching], [QUOTE]) == 0.5
    # the first cited quote is the one a reader meets first in the text, whatever its number
    assert first_citation_precision("«…» [2]\n- «…» [1]", [touching, inside], [QUOTE]) == 1.0
    assert first_citation_precision("«…» [1]\n- «…» [2]", [touching, inside], [QUOTE]) == 0.0
    assert first_citation_precision("Ingen markører.", [touching], [QUOTE]) == 0.0
    assert first_citation_precision("«…» [1]", [], [QUOTE]) is None


def test_precision_is_judged_per_cited_sentence_as_the_reader_meets_them():
    # a quote of three sentences: the first two inside the gold (100–200), the long third outside
    quote = PredictedCitation(
        marker=1, document="doc.txt", start_char=150, end_char=400, sentence_spans=((150, 180), (181, 198), (199, 400))
    )
    assert citation_precision([quote], [QUOTE]) == pytest.approx(2 / 3)
    assert first_citation_precision("«…» [1]", [quote], [QUOTE]) == 1.0
    # as a whole the quote lies neither inside the gold nor holds most of it: the older, stricter measure
    assert quote_precision([quote], [QUOTE]) == 0.0 and first_quote_precision("«…» [1]", [quote], [QUOTE]) == 0.0
    # an antecedent outside the gold quoted first: the first sentence the reader meets is not the answer
    led = PredictedCitation(
        marker=1, document="doc.txt", start_char=40, end_char=190, sentence_spans=((40, 99), (100, 190))
    )
    assert first_citation_precision("«…» [1]", [led], [QUOTE]) == 0.0
    assert citation_precision([led], [QUOTE]) == 0.5
    # a quote without sentence spans (an older prediction) is one sentence
    plain = PredictedCitation(marker=1, document="doc.txt", start_char=120, end_char=190)
    assert citation_precision([plain], [QUOTE]) == quote_precision([plain], [QUOTE]) == 1.0


@pytest.mark.parametrize(
    "spans, expected",
    [
        ([[1, 5], [6, 9]], ((1, 5), (6, 9))),
        ([[5, 1], "x", None, [1, 2, 3], ["7", "9"]], ((7, 9),)),  # reversed, not a pair, text numbers
        ("ikke en liste", ()),
        (None, ()),
    ],
)
def test_sentence_spans_of_a_prediction_are_read_leniently(spans, expected):
    row = {"id": "q", "answer": "x", "citations": [{"marker": 1, "document": "d", "start_char": 0, "end_char": 9}]}
    row["citations"][0]["sentence_spans"] = spans
    assert Prediction.from_dict(row).citations[0].sentence_spans == expected


# --- key facts ------------------------------------------------------------------------------------------


def test_numbers_are_normalised():
    assert extract_numbers("1 000 personer, 2,6 prosent og 111 000 unge i 2021") == {"1000", "2.6", "111000", "2021"}
    assert extract_numbers("1000 og 2.6") == {"1000", "2.6"}


def test_key_fact_requires_its_numbers():
    fact = "54 ungdommer har deltatt siden oppstart i 2021"
    assert key_fact_covered(fact, "Siden oppstarten i 2021 har 54 ungdommer deltatt i prosjektet.")
    assert not key_fact_covered(fact, "Siden oppstarten i 2021 har 45 ungdommer deltatt i prosjektet.")
    assert key_fact_covered("Over 1 000 deltakere", "Mer enn 1000 deltakere var med.")
    assert key_fact_covered("For barn fra 6 til fylte 18 år", "Fritidskort for barn fra seks til fylte 18 år.")


def test_key_fact_word_overlap_and_similarity_fallback():
    fact = "Regelverket for informasjonsdeling henger etter teknologien"
    answer = "Reglene om å dele opplysninger er ikke tilpasset digitale løsninger."
    assert not key_fact_covered(fact, answer)
    assert key_fact_covered(fact, answer, similarity=lambda a, b: 0.9, similarity_threshold=0.85)
    assert not key_fact_covered(fact, answer, similarity=lambda a, b: 0.7, similarity_threshold=0.85)
    assert key_fact_covered("Målgruppen er unge sosialhjelpsmottakere", "Målgruppen er unge som mottar sosialhjelp.")
    assert not key_fact_covered("Målgruppen er unge sosialhjelpsmottakere", "Tiltaket gjelder eldre arbeidstakere.")


# --- aggregation ----------------------------------------------------------------------------------------


def _result(qid: str, category: str, abstained: bool, **extra) -> QuestionResult:
    return QuestionResult(
        id=qid,
        category=category,
        persona="rådgiver",
        expects_abstention=category == "utenfor_korpus",
        abstained=abstained,
        **extra,
    )


def test_abstention_rates():
    results = [
        _result("u1", "utenfor_korpus", True),
        _result("u2", "utenfor_korpus", False),
        _result("t1", "tiltak", True, quote_documents=("d",), quote_ranks=(None,)),
        _result("t2", "tiltak", False, quote_documents=("d",), quote_ranks=(1,)),
        _result("t3", "fakta", False, quote_documents=("d",), quote_ranks=(4,)),
        _result("t4", "fakta", False, quote_documents=("d",), quote_ranks=(2,)),
    ]
    metrics = summarize(results)
    assert metrics["abstention_rate"] == 0.5
    assert metrics["false_abstention_rate"] == 0.25
    assert metrics["hit@1"] == 0.25 and metrics["hit@5"] == 0.75
    assert metrics["mrr"] == pytest.approx((0 + 1 + 0.25 + 0.5) / 4)


def test_latency_percentiles():
    assert percentile([10.0, 20.0, 30.0, 40.0, 1000.0], 50) == 30.0
    assert percentile(list(map(float, range(1, 101))), 95) == pytest.approx(95.05)
    assert percentile([], 50) is None


def test_compare_to_baseline_flags_drops_only():
    baseline = {"overall": {"hit@5": 0.70, "recall@5": 0.60, "false_abstention_rate": 0.05, "latency_p95_ms": 10}}
    current = {"overall": {"hit@5": 0.60, "recall@5": 0.59, "false_abstention_rate": 0.20, "latency_p95_ms": 999}}
    assert compare_to_baseline(current, baseline, margin=0.02) == ["hit@5", "false_abstention_rate"]
    assert compare_to_baseline(baseline, baseline, margin=0.0) == []
    # a metric's own margin: within it no regression, beyond it one
    assert compare_to_baseline(current, baseline, margin=0.02, margins={"hit@5": 1.0}) == ["false_abstention_rate"]


def test_end_to_end_report(tmp_path: Path):
    raw = "Innledning. Bygg- og vedlikeholdsprosjektet er for unge under 30 år. Siden 2021 har 54 ungdommer deltatt."
    rows = [
        EvalRow(
            "a",
            "Hvem?",
            "tiltak",
            "rådgiver",
            "",
            key_facts=("54 ungdommer har deltatt",),
            evidence=(EvidenceQuote("ks.md", "Siden 2021 har 54 ungdommer deltatt."),),
        ),
        EvalRow("b", "Været?", "utenfor_korpus", "kursholder", ""),
        EvalRow(
            "c",
            "Mangler?",
            "fakta",
            "saksbehandler",
            "",
            key_facts=("Unge under 30 år",),
            evidence=(EvidenceQuote("ks.md", "Bygg- og vedlikeholdsprosjektet er for unge under 30 år."),),
        ),
    ]
    start = raw.index("Siden")
    prediction_rows = [
        {
            "id": "a",
            "answer": "Siden 2021 har 54 ungdommer deltatt [1].",
            "abstained": False,
            "latency_ms": 120.0,
            "citations": [
                {
                    "marker": 1,
                    "document": "ks.md",
                    "title": "",
                    "section": "",
                    "page": None,
                    "start_char": start,
                    "end_char": len(raw),
                    "quote": "...",
                }
            ],
            "contexts": [
                {"rank": 1, "document": "ks.md", "start_char": 0, "end_char": 20, "text": ""},
                {"rank": 2, "document": "ks.md", "start_char": start - 5, "end_char": len(raw), "text": ""},
            ],
        },
        {
            "id": "b",
            "answer": "Det finner jeg ikke i dokumentene.",
            "abstained": True,
            "latency_ms": 80.0,
            "citations": [],
            "contexts": [],
        },
    ]
    path = tmp_path / "pred.jsonl"
    path.write_text("\n".join(json.dumps(p) for p in prediction_rows) + "\n", encoding="utf-8")
    predictions = load_predictions(path)
    assert isinstance(predictions["a"], Prediction)

    report = evaluate(rows, predictions, EvidenceIndex({"ks.md": raw}, rows))
    overall = report.overall
    assert report.missing_predictions == ["c"]
    assert overall["hit@1"] == 0.0 and overall["hit@3"] == 0.5
    assert overall["citation_precision"] == 1.0
    assert overall["abstention_rate"] == 1.0 and overall["false_abstention_rate"] == 0.0
    assert overall["key_fact_coverage"] == 0.5
    assert report.by_category["tiltak"]["mrr"] == 0.5
    assert report.by_document["ks.md"]["n_questions"] == 2

    as_dict = json.loads(json.dumps(report.to_dict()))
    assert as_dict["overall"]["hit@3"] == 0.5
    worse = json.loads(json.dumps(as_dict))
    worse["overall"]["hit@3"] = 0.2
    assert "hit@3" in compare_to_baseline(worse, as_dict, margin=0.05)

    markdown = render_report(run_summary({"default": as_dict}, questions=2))
    assert "| hit@3 | 0.500 |" in markdown and "| utenfor_korpus |" in markdown
    assert "| default | " in markdown  # the variants table, with the default chain as its one row
    assert "## Mangler svar\n\nc\n" in markdown

    paths = write_plots(as_dict, tmp_path / "plots")
    assert [p.name for p in paths] == ["hit_at_k.png", "by_category.png"]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in paths)


# --- the real dev set -----------------------------------------------------------------------------------


@pytest.mark.skipif(not DEV_SET.exists(), reason="shared dev set not present")
def test_every_dev_evidence_quote_is_located_in_the_corpus():
    rows = load_eval_set(DEV_SET)
    documents = load_corpus(PROJECT_ROOT / "corpus")
    index = EvidenceIndex(documents, rows)
    assert sum(len(r.evidence) for r in rows) > 0
    assert index.unlocated == [], f"unlocated evidence quotes: {index.unlocated}"
    for row in rows:
        for evidence, span in zip(row.evidence, index.spans_for(row)):
            raw_slice = documents[evidence.document][span.start : span.end]
            assert " ".join(raw_slice.split()) == evidence.quote, row.id
