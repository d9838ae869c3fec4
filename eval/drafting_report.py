"""Drafting evaluation: notes and course modules on a set of topics, checked as their users would read them.

Usage: .venv/bin/python eval/drafting_report.py [--data-dir .data] [--topics tests/fixtures/drafting_topics.txt]
       [--out eval/reports/drafting] [--corpus corpus]
Writes <out>.json (counts, per topic, the drafts' problems) and <out>.md. See assistant/evaluation/drafting.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.chain import Assistant  # noqa: E402
from assistant.drafting.course import CourseModule, build_course  # noqa: E402
from assistant.drafting.note import NoteDraft, draft_note  # noqa: E402
from assistant.evaluation.drafting import note_counts, on_topic_rows, quiz_counts, summary  # noqa: E402
from assistant.evaluation.records import DEV_SETS, load_corpus, load_eval_sets  # noqa: E402
from assistant.evaluation.spans import EvidenceIndex  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store import open_snapshot  # noqa: E402

TOPICS = ROOT / "tests" / "fixtures" / "drafting_topics.txt"


def read_topics(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def render(result: dict) -> str:
    notes, quizzes = result["notes"], result["quizzes"]
    lines = [f"# Utkast: notater og kursmoduler ({result['topics']} temaer)", "", "## Notater", ""]
    lines += [f"| {k} | {v} |" for k, v in notes.items()]
    lines += ["", "## Quiz og læringsmål", ""]
    lines += [f"| {k} | {v} |" for k, v in quizzes.items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="index folder (default: settings)")
    parser.add_argument("--corpus", type=Path, default=None, help="raw documents, for the gold evidence")
    parser.add_argument("--topics", type=Path, default=TOPICS)
    parser.add_argument("--drafts", type=Path, default=None, help="score saved drafts (<out>_drafts.json) again")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "reports" / "drafting")
    args = parser.parse_args()

    started = time.perf_counter()
    settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    snapshot = open_snapshot(settings)
    assistant = Assistant(snapshot)
    rows = load_eval_sets(DEV_SETS)
    evidence = EvidenceIndex(load_corpus(args.corpus or settings.corpus_dir), [])
    kinds = {name: meta.kind for name, meta in snapshot.catalog.items()}
    notes, quizzes, drafts = [], [], []
    saved = json.loads(args.drafts.read_text(encoding="utf-8")) if args.drafts else None
    for index, topic in enumerate(read_topics(args.topics)):
        if saved is not None:
            note = NoteDraft.model_validate(saved[index]["note"])
            course = CourseModule.model_validate(saved[index]["course"])
        else:
            note, course = draft_note(assistant, topic), build_course(assistant, topic)
        notes.append(note_counts(note, kinds, evidence, on_topic_rows(topic, rows)))
        quizzes.append(quiz_counts(course))
        drafts.append({"note": note.model_dump(), "course": course.model_dump()})
    result = summary(notes, quizzes)
    result["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    args.out.with_name(args.out.name + "_drafts.json").write_text(
        json.dumps(drafts, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    args.out.with_suffix(".md").write_text(render(result), encoding="utf-8")
    print(render(result))


if __name__ == "__main__":
    main()
