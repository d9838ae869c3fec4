import csv
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from assistant.drafting import export
from assistant.drafting.course import build_course
from assistant.drafting.matrix import load_statements, matrix_view
from assistant.drafting.note import SECTIONS, draft_note

TOPIC = "arbeidsledermodellen"


@pytest.fixture(scope="module")
def note(assistant):
    return draft_note(assistant, TOPIC)


@pytest.fixture(scope="module")
def course(assistant):
    return build_course(assistant, TOPIC)


@pytest.fixture(scope="module")
def matrix(assistant):
    return matrix_view(assistant.snapshot, load_statements(assistant.snapshot), topic="unge utenfor arbeid")


def _docx_text(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def test_note_markdown_has_the_sections_and_the_reference_list(note):
    text = export.note_markdown(note)
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [*SECTIONS.values(), "Referanser"]
    for reference in note.references:
        assert f"- [{reference.marker}] {reference.text}" in text
    for statement in (s for section in note.sections for s in section.statements):
        assert f"- {statement.text} [{statement.markers[0]}]" in text


def test_note_docx_opens_and_contains_the_reference_list(note):
    paragraphs = _docx_text(export.note_docx(note))
    assert paragraphs[0] == note.title
    assert [p for p in paragraphs if p in SECTIONS.values() or p == "Referanser"] == [*SECTIONS.values(), "Referanser"]
    references = paragraphs[paragraphs.index("Referanser") + 1 :]
    assert len(references) == len(note.references) > 0
    for paragraph, reference in zip(references, note.references):
        assert paragraph.startswith(f"[{reference.marker}] {reference.text}") and reference.publisher in paragraph
    assert Document(io.BytesIO(export.note_docx(note))).core_properties.title == note.title


def test_course_exports_have_quiz_answer_key_and_references(course):
    text = export.course_markdown(course)
    for heading in ("## Læringsmål", "## Nøkkelpunkter", "## Quiz", "## Fasit", "## Referanser"):
        assert heading in text
    key = text.split("## Fasit", 1)[1]
    for q in course.quiz:
        assert f"{q.number}. " in key and f"kilde [{q.marker}]: «{q.quote}»" in key
    paragraphs = _docx_text(export.course_docx(course))
    assert "Fasit" in paragraphs and "Referanser" in paragraphs
    references = paragraphs[paragraphs.index("Referanser") + 1 :]
    assert [p.split("]")[0] + "]" for p in references] == [f"[{r.marker}]" for r in course.references]
    choice = next(q for q in course.quiz if q.options)
    assert f"{'abcd'[choice.options.index(choice.answer)]}) {choice.answer}" in "\n".join(paragraphs)


def test_matrix_markdown_csv_and_xlsx(matrix):
    text = export.matrix_markdown(matrix)
    assert "| Aktør | Ansvar og oppgaver | Planer og forslag (vil, bør, foreslår) |" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| Aktør")]
    assert [r.split(" | ")[0][2:] for r in rows] == [a.label for a in matrix.actors]
    statements = [s for cell in matrix.cells for s in cell.statements]
    table = list(csv.reader(io.StringIO(export.matrix_csv(matrix))))
    assert table[0] == list(export.STATEMENT_COLUMNS) and len(table) == len(statements) + 1
    assert {int(row[4]) for row in table[1:]} == {s.citation.marker for s in statements}
    workbook = load_workbook(io.BytesIO(export.matrix_xlsx(matrix)))
    assert workbook.sheetnames == ["Ansvarsmatrise", "Utsagn", "Referanser"]
    grid = workbook["Ansvarsmatrise"]
    assert [c.value for c in grid[1]] == ["Aktør", *(r.label for r in matrix.roles)]
    assert [grid.cell(row=i + 2, column=1).value for i in range(len(matrix.actors))] == [a.label for a in matrix.actors]
    assert workbook["Referanser"].max_row == len(matrix.references) + 1
    first = matrix.cells[0].statements[0]
    assert any(first.text in (cell.value or "") for row in grid.iter_rows() for cell in row)


def test_cli_writes_note_course_and_matrix_files(session_index, tmp_path):
    from typer.testing import CliRunner

    from assistant.cli import app

    runner = CliRunner()
    data = ["--data-dir", str(session_index.data_dir)]
    shown = runner.invoke(app, ["note", TOPIC, *data])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith(f"# Notat: {TOPIC}") and "## Referanser" in shown.stdout
    word = tmp_path / "notat.docx"
    assert runner.invoke(app, ["note", TOPIC, "--format", "docx", "--out", str(word), *data]).exit_code == 0
    assert "Referanser" in [p.text for p in Document(str(word)).paragraphs]
    course = tmp_path / "kurs.md"
    assert runner.invoke(app, ["course", TOPIC, "--out", str(course), *data]).exit_code == 0
    assert "## Fasit" in course.read_text(encoding="utf-8")
    sheet = tmp_path / "matrise.xlsx"
    made = runner.invoke(
        app, ["matrix", "--topic", "unge utenfor arbeid", "--format", "xlsx", "--out", str(sheet), *data]
    )
    assert made.exit_code == 0, made.output
    assert load_workbook(str(sheet)).sheetnames[0] == "Ansvarsmatrise"
    assert runner.invoke(app, ["matrix", "--format", "pdf", *data]).exit_code == 2
    assert runner.invoke(app, ["note", " ", *data]).exit_code == 2
    assert runner.invoke(app, ["matrix", "--document", "finnes-ikke.txt", *data]).exit_code == 2


def test_control_characters_do_not_break_word_or_excel(note, matrix):
    hostile = note.model_copy(update={"title": "Notat: unge\x1f utenfor\x00", "topic": "unge\x1f utenfor\x00"})
    assert _docx_text(export.note_docx(hostile))[0] == "Notat: unge utenfor"
    cell = matrix.cells[0]
    first = cell.statements[0].model_copy(update={"text": "NAV\x0b skal følge opp."})
    broken = matrix.model_copy(update={"cells": [cell.model_copy(update={"statements": [first]}), *matrix.cells[1:]]})
    workbook = load_workbook(io.BytesIO(export.matrix_xlsx(broken)))
    assert any("NAV skal følge opp." in (c.value or "") for row in workbook["Utsagn"].iter_rows() for c in row)
