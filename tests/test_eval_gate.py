"""End-to-end checks on the whole corpus: chunk spans, and the dev-set metrics against eval/baseline.json."""

import json
import re

import pytest
from rapidfuzz import fuzz

from assistant.chain import Assistant
from assistant.evaluation.harness import run_evaluation
from assistant.evaluation.records import BASELINE, DEV_SETS, load_corpus, load_eval_sets
from assistant.evaluation.reports import compare_to_baseline
from assistant.settings import Settings
from assistant.store import open_snapshot
from ingest.pipeline import ingest_corpus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def full_index() -> Settings:
    settings = Settings()
    ingest_corpus(settings)  # builds .data/ once (minutes), then it is reused
    return settings


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _moved_footnote(text: str) -> bool:
    """A footnote block moved behind the paragraph it cut: the chunk's span reaches back over that paragraph."""
    return bool(re.search(r"\n\n\d{1,3}\s+\S", text))


def test_every_chunk_points_back_to_its_raw_text(full_index):
    snapshot = open_snapshot(full_index)
    raw = {name: (full_index.corpus_dir / name).read_text(encoding="utf-8") for name in snapshot.documents()}
    # token_set_ratio: tolerant of OCR repair, of removed page furniture and of footnotes moved behind
    # the sentence they interrupted (the span then covers both places)
    weak = [
        c.chunk_id
        for c in snapshot.chunks
        if fuzz.token_set_ratio(_fold(raw[c.document][c.start_char : c.end_char]), _fold(c.text)) < 70
        or (c.end_char - c.start_char > 3 * len(c.text) and not _moved_footnote(c.text))
    ]
    assert len(snapshot.chunks) > 1000
    assert weak == []


@pytest.mark.skipif(not all(path.exists() for path in DEV_SETS), reason="dev sets not present")
def test_dev_metrics_hold_the_baseline(full_index, tmp_path):
    snapshot = open_snapshot(full_index)
    rows = load_eval_sets(DEV_SETS)  # answers, near-misses and conversations together
    summary = run_evaluation(Assistant(snapshot), rows, load_corpus(full_index.corpus_dir), tmp_path / "report")
    overall = summary["default"]["overall"]
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    # the 25 out-of-corpus questions: one answer more or less (0.04) is the run-to-run noise of the judge's
    # threshold (threaded encoder maths, Chroma's approximate index); two is a regression
    assert compare_to_baseline(overall, baseline, margin=0.03, margins={"abstention_rate": 0.05}) == []
    assert overall["citation_support"] == 1.0  # every quote is found in its cited passage
    assert overall["dangling_marker_rate"] == 0.0  # no marker without a citation
    assert (tmp_path / "report" / "report.md").exists() and (tmp_path / "report" / "hit_at_k.png").exists()


@pytest.mark.skipif(not all(path.exists() for path in DEV_SETS), reason="dev sets not present")
def test_every_dev_follow_up_names_the_topic_and_keeps_its_new_ask(full_index):
    """The standalone question of a follow-up is its own words (the new ask) plus the topic of the conversation
    (words of the user's earlier turns); a question that names its own subject stays as it is."""
    from assistant.condense import is_follow_up
    from ingest.lexical import tokenize

    snapshot = open_snapshot(full_index)
    assistant = Assistant(snapshot)
    conversations = [row for row in load_eval_sets(DEV_SETS) if row.history]
    assert len(conversations) >= 24
    carried = follow_ups = 0
    for row in conversations:
        history = [dict(turn) for turn in row.history]
        standalone = assistant._condense(snapshot, row.question, history)
        assert standalone.startswith(row.question.strip())  # the new ask, in the user's words, first
        earlier_turns = [t["content"] for t in history if t["role"] == "user"]
        if not is_follow_up(row.question, snapshot.specificity, earlier_turns):
            assert standalone == row.question  # a topic switch does not drag the earlier topic along
            continue
        topic = set(tokenize(standalone[len(row.question.strip()) :], compounds=False))
        earlier = set(tokenize(" ".join(t["content"] for t in history if t["role"] == "user"), compounds=False))
        assert topic & earlier, (row.id, standalone)  # the conversation's topic, as the user named it
        evidence = set(tokenize(" ".join(e.quote for e in row.evidence), compounds=False))
        own = set(tokenize(row.question, compounds=False))
        follow_ups += 1
        carried += bool(topic & evidence) or not (earlier & evidence) - own
    # the topic carries the words the answer's passages share with the conversation (where there are any)
    assert carried >= 0.85 * follow_ups


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        '{"overall": "høy"}'.encode(),
        b'{"default": {}}',
        b'{"overall": {"hit@5": "0.9"}}',
        b"\x00\xff",
        b"[1, 2]",
    ],
)
def test_an_empty_or_damaged_baseline_is_a_norwegian_message_not_a_traceback(tmp_path, content):
    from assistant.evaluation.reports import BaselineUnreadable, baseline_regressions

    path = tmp_path / "baseline.json"
    path.write_bytes(content)
    with pytest.raises(BaselineUnreadable, match="Grunnlinjen .* kan ikke leses"):
        baseline_regressions({"hit@5": 0.9}, path)
    path.write_text('{"overall": {"hit@5": 0.95}}', encoding="utf-8")
    assert baseline_regressions({"hit@5": 0.9}, path) == ["hit@5"]
    assert baseline_regressions({"hit@5": 0.9}, tmp_path / "finnes-ikke.json") is None
