"""Answers to read as an adviser would: each question with its standalone form, the answer and its citations.

A reader's review is done by eye; this prints what the eye needs (question, history, standalone question,
answer text, each citation's label and quote) as Markdown, for a JSONL set in the eval format
(``question``, optional ``history`` and ``id``; or ``conversation``: earlier questions asked first, so the
history holds the assistant's own answers). Usage:

    python eval/reader_review.py --data-dir /work/data_final --set eval/sets/reader_review.jsonl --out /tmp/r.md
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.chain import Assistant
from assistant.settings import Settings
from assistant.store import open_snapshot
from ingest.embeddings import make_embeddings


def load(paths: list[Path], ids: set[str] | None) -> list[dict]:
    items = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if ids is None or item.get("id") in ids:
                    items.append(item)
    return items


def render(item: dict, result) -> str:
    lines = [f"### {item.get('id', '')}: {item['question']}", ""]
    for turn in item.get("history") or []:
        lines.append(f"> **{turn['role']}**: {turn['content'][:300]}")
    if result.standalone_question != item["question"]:
        lines += ["", f"*standalone:* {result.standalone_question}"]
    lines += ["", "```", result.answer, "```"]
    for citation in result.citations:
        label = f"{citation.short_title}, {citation.section or '–'}, s. {citation.page or '–'}"
        lines.append(f"- [{citation.marker}] {label}")
    if result.unanswered_parts:
        lines.append(f"- unanswered: {result.unanswered_parts}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--set", type=Path, action="append", required=True)
    parser.add_argument("--ids", help="comma-separated ids to keep")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir)
    assistant = Assistant(open_snapshot(settings, make_embeddings(settings)))
    ids = set(args.ids.split(",")) if args.ids else None
    parts = []
    for item in load(args.set, ids):
        history = list(item.get("history") or [])
        for earlier in item.get("conversation", []):  # earlier turns asked live: the history holds our own answers
            history += [
                {"role": "user", "content": earlier},
                {"role": "assistant", "content": assistant.ask(earlier, history).answer},
            ]
        item = {**item, "history": history}
        parts.append(render(item, assistant.ask(item["question"], history)))
    args.out.write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main()
