"""Which headings the structure finds in each indexed document, and how two runs differ.

Usage:
  .venv/bin/python eval/heading_diff.py dump --data-dir /work/data_final --out /tmp/headings_before.json
  .venv/bin/python eval/heading_diff.py diff /tmp/headings_before.json /tmp/headings_after.json

``dump`` runs the current ``find_headings`` on the cleaned texts an index stores (the same text for both
runs, so a difference is the rules' and not the cleaning's); ``diff`` prints, per document, the headings
only one run found and the headings whose kind or level changed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.index import read_document_text  # noqa: E402
from ingest.state import read_manifest  # noqa: E402
from ingest.structure import find_headings  # noqa: E402


def dump(data_dir: Path) -> dict[str, list[dict]]:
    pointer = json.loads((data_dir / "current.json").read_text(encoding="utf-8"))
    generation = data_dir / "generations" / pointer["generation"]
    manifest = read_manifest(generation)
    result: dict[str, list[dict]] = {}
    for entry in manifest.get("documents_all", []):
        text = read_document_text(generation, entry["document"], entry["slot"]).clean_text
        result[entry["document"]] = [
            {"start": h.start, "label": h.label, "kind": h.kind, "level": h.level} for h in find_headings(text)
        ]
    return result


def diff(before: dict[str, list[dict]], after: dict[str, list[dict]]) -> str:
    lines: list[str] = []
    for document in sorted(set(before) | set(after)):
        old = {(h["start"], h["label"]): h for h in before.get(document, [])}
        new = {(h["start"], h["label"]): h for h in after.get(document, [])}
        lines.append(f"## {document}: {len(old)} → {len(new)} headings")
        for key in sorted(set(old) | set(new)):
            if key not in new:
                lines.append(f"- {old[key]['kind']:8} @{key[0]:>7} {key[1]}")
            elif key not in old:
                lines.append(f"+ {new[key]['kind']:8} @{key[0]:>7} {key[1]}")
            elif (old[key]["kind"], old[key]["level"]) != (new[key]["kind"], new[key]["level"]):
                was, now = old[key], new[key]
                lines.append(
                    f"~ {now['kind']:8} @{key[0]:>7} {key[1]} (was {was['kind']}/{was['level']}, now {now['level']})"
                )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--data-dir", type=Path, required=True)
    d.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        args.out.write_text(json.dumps(dump(args.data_dir), ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        load = lambda p: json.loads(p.read_text(encoding="utf-8"))  # noqa: E731
        print(diff(load(args.before), load(args.after)))


if __name__ == "__main__":
    main()
