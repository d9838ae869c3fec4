"""README renders as meant: every table row lands in a table, and the serving commands' options are documented."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _paragraph_lines(text: str) -> list[str]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    lines = []
    for before, token in zip(tokens, tokens[1:], strict=False):
        if before.type == "paragraph_open" and token.type == "inline":
            lines.extend(token.content.splitlines())
    return lines


def test_no_table_row_renders_as_stray_text():
    stray = [line for line in _paragraph_lines(README.read_text(encoding="utf-8")) if line.lstrip().startswith("|")]
    assert not stray, stray


def test_the_check_sees_a_table_split_by_a_blank_line():
    split = "| a | b |\n|---|---|\n| 1 | 2 |\n\n| 3 | 4 |\n"
    assert _paragraph_lines(split) == ["| 3 | 4 |"]


@pytest.mark.parametrize("command", ["serve", "sources", "ingest"])
def test_every_option_of_the_serving_commands_is_in_its_table_row(command):
    import typer.main

    from assistant.cli import app

    click_command = typer.main.get_command(app).commands[command]
    options = {o for p in click_command.params for o in p.opts if o.startswith("--")} - {"--help"}
    row = next(
        line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith(f"| `assistant {command}")
    )
    documented = set(re.findall(r"--[a-zæøå-]+", row.split(" | ")[0]))
    assert options <= documented, options - documented
