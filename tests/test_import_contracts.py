"""The import rules of pyproject.toml's [tool.importlinter], checked by `lint-imports` — and shown to bite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--config", "pyproject.toml"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_tree_keeps_its_import_rules():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def _copy_tree(target: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "reports")
    for package in ("assistant", "ingest", "eval"):
        shutil.copytree(ROOT / package, target / package, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def _add_import(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("from __future__ import annotations\n")
    path.write_text(head + sep + line + "\n" + rest if sep else line + "\n" + text, encoding="utf-8")


def test_a_core_module_importing_a_face_breaks_the_layers(tmp_path):
    tree = _copy_tree(tmp_path)
    _add_import(tree / "assistant" / "store.py", "import assistant.api.app  # a core module reaching up to a face")
    result = _lint(tree)
    assert result.returncode != 0
    assert "assistant: faces > evaluation > drafting > core BROKEN" in result.stdout
    assert "assistant.store -> assistant.api.app" in result.stdout  # the copy was analysed, not the repository


def test_drafting_importing_evaluation_and_ingest_importing_assistant_are_broken(tmp_path):
    tree = _copy_tree(tmp_path)
    _add_import(tree / "assistant" / "drafting" / "matrix.py", "import assistant.evaluation.metrics")
    _add_import(tree / "ingest" / "chunking.py", "import assistant.text")
    result = _lint(tree)
    assert result.returncode != 0
    assert "assistant.drafting.matrix -> assistant.evaluation.metrics" in result.stdout
    assert "ingest never imports assistant BROKEN" in result.stdout


def test_a_new_module_must_be_placed_in_a_layer(tmp_path):
    """The layers contract is exhaustive: a module no layer names fails until the contract places it."""
    tree = _copy_tree(tmp_path)
    (tree / "assistant" / "stray.py").write_text('"""Not in any layer."""\n', encoding="utf-8")
    result = _lint(tree)
    assert result.returncode != 0 and "stray" in result.stdout
