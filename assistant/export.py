"""Writers for the drafting tools: Markdown, Word (.docx), CSV and Excel (.xlsx).

Markdown and CSV are returned as text, Word and Excel as bytes; the caller (CLI, API) decides where they go.
"""

from __future__ import annotations

import csv
import io

from assistant.actors import ROLES
from assistant.course import CourseModule
from assistant.drafting import Reference
from assistant.matrix import ResponsibilityMatrix
from assistant.note import NoteDraft, Statement

DISCLAIMER = "Utkast laget automatisk fra dokumentene. Kontroller formuleringene mot kildene før bruk."
MATRIX_TITLE = "Ansvarsmatrise"
LETTERS = "abcdefghij"


def _markers(markers: list[int]) -> str:
    return "".join(f"[{m}]" for m in markers)


def statement_text(statement: Statement) -> str:
    return f"{statement.text} {_markers(statement.markers)}"


def reference_lines(references: list[Reference]) -> list[str]:
    return [f"[{r.marker}] {r.text} «{r.quote}»" for r in references]


def _md_references(references: list[Reference]) -> list[str]:
    return ["## Referanser", "", *(f"- {line}" for line in reference_lines(references)), ""]


# --- note -------------------------------------------------------------------------------------------------

def note_markdown(note: NoteDraft) -> str:
    lines = [f"# {note.title}", "", f"*{DISCLAIMER} Dato: {note.created}.*", ""]
    lines += [f"> {notice}" for notice in note.notices] + ([""] if note.notices else [])
    for section in note.sections:
        lines += [f"## {section.heading}", ""]
        lines += [f"- {statement_text(s)}" for s in section.statements] or ["Kildene sier lite om dette."]
        lines.append("")
    return "\n".join(lines + _md_references(note.references))


def note_docx(note: NoteDraft) -> bytes:
    document = _document(note.title, f"{DISCLAIMER} Dato: {note.created}.")
    for notice in note.notices:
        document.add_paragraph(notice)
    for section in note.sections:
        document.add_heading(section.heading, level=1)
        for statement in section.statements:
            document.add_paragraph(statement_text(statement), style="List Bullet")
        if not section.statements:
            document.add_paragraph("Kildene sier lite om dette.")
    _docx_references(document, note.references)
    return _bytes(document)


# --- course -----------------------------------------------------------------------------------------------

def _options(question) -> list[str]:
    return [f"{LETTERS[i]}) {option}" for i, option in enumerate(question.options)]


def _answer(question) -> str:
    if question.options:
        return f"{LETTERS[question.options.index(question.answer)]}) {question.answer}"
    return question.answer


KIND_LABEL = {"flervalg": "Flervalg", "kortsvar": "Kortsvar"}


def course_markdown(course: CourseModule) -> str:
    lines = [f"# {course.title}", "", f"*{DISCLAIMER}*", ""]
    lines += [f"> {notice}" for notice in course.notices] + ([""] if course.notices else [])
    lines += ["## Læringsmål", "", *(f"- {goal}" for goal in course.learning_goals), ""]
    lines += ["## Nøkkelpunkter", "", *(f"- {statement_text(s)}" for s in course.key_points), ""]
    lines += ["## Quiz", ""]
    for q in course.quiz:
        lines.append(f"{q.number}. ({KIND_LABEL[q.kind]}) {q.question} [{q.marker}]")
        lines += [f"   - {option}" for option in _options(q)]
    lines += ["", "## Fasit", ""]
    lines += [f"{q.number}. {_answer(q)} — kilde [{q.marker}]: «{q.quote}»" for q in course.quiz]
    lines.append("")
    return "\n".join(lines + _md_references(course.references))


def course_docx(course: CourseModule) -> bytes:
    document = _document(course.title, DISCLAIMER)
    for notice in course.notices:
        document.add_paragraph(notice)
    document.add_heading("Læringsmål", level=1)
    for goal in course.learning_goals:
        document.add_paragraph(goal, style="List Bullet")
    document.add_heading("Nøkkelpunkter", level=1)
    for statement in course.key_points:
        document.add_paragraph(statement_text(statement), style="List Bullet")
    document.add_heading("Quiz", level=1)
    for q in course.quiz:
        document.add_paragraph(f"{q.number}. ({KIND_LABEL[q.kind]}) {q.question} [{q.marker}]")
        for option in _options(q):
            document.add_paragraph(option, style="List Bullet 2")
    document.add_heading("Fasit", level=1)
    for q in course.quiz:
        document.add_paragraph(f"{q.number}. {_answer(q)} — kilde [{q.marker}]: «{q.quote}»")
    _docx_references(document, course.references)
    return _bytes(document)


# --- matrix -----------------------------------------------------------------------------------------------

def _cell_text(matrix: ResponsibilityMatrix, actor: str, role: str, separator: str) -> str:
    cell = matrix.cell(actor, role)
    if cell is None:
        return ""
    return separator.join(f"{s.text} [{s.citation.marker}]" for s in cell.statements)


def _matrix_heading(matrix: ResponsibilityMatrix) -> str:
    parts = [MATRIX_TITLE]
    if matrix.topic:
        parts.append(f"tema «{matrix.topic}»")
    if matrix.document:
        parts.append(f"dokument {matrix.document}")
    return " – ".join(parts)


def matrix_markdown(matrix: ResponsibilityMatrix) -> str:
    lines = [f"# {_matrix_heading(matrix)}", ""]
    lines.append("| Aktør | " + " | ".join(r.label for r in matrix.roles) + " |")
    lines.append("|---" * (len(matrix.roles) + 1) + "|")
    for actor in matrix.actors:
        cells = [_cell_text(matrix, actor.key, r.key, "<br>").replace("|", "\\|") for r in matrix.roles]
        lines.append(f"| {actor.label} | " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines + _md_references(matrix.references))


STATEMENT_COLUMNS = ("aktør", "rolle", "utsagn", "kilde_nr", "kilde", "dokument", "start_char", "end_char")


def _statement_rows(matrix: ResponsibilityMatrix) -> list[list]:
    labels = {a.key: a.label for a in matrix.actors}
    rows = []
    for cell in matrix.cells:
        for s in cell.statements:
            c = s.citation
            rows.append([labels[cell.actor], ROLES[cell.role], s.text, c.marker, c.label, c.document, c.start_char, c.end_char])
    return rows


def matrix_csv(matrix: ResponsibilityMatrix) -> str:
    """One row per statement (actor, role, statement, citation), so it sorts and filters in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(STATEMENT_COLUMNS)
    writer.writerows(_statement_rows(matrix))
    return out.getvalue()


def matrix_xlsx(matrix: ResponsibilityMatrix) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    grid = workbook.active
    grid.title = MATRIX_TITLE
    grid.append(["Aktør", *(r.label for r in matrix.roles)])
    for actor in matrix.actors:
        grid.append([actor.label, *(_cell_text(matrix, actor.key, r.key, "\n") for r in matrix.roles)])
    for row in grid.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in grid[1]:
        cell.font = Font(bold=True)
    grid.column_dimensions["A"].width = 32
    for letter in "BC":
        grid.column_dimensions[letter].width = 80
    statements = workbook.create_sheet("Utsagn")
    statements.append(list(STATEMENT_COLUMNS))
    for row in _statement_rows(matrix):
        statements.append(row)
    references = workbook.create_sheet("Referanser")
    references.append(["nr", "referanse", "sitat", "dokument", "start_char", "end_char"])
    for r in matrix.references:
        references.append([r.marker, r.text, r.quote, r.document, r.start_char, r.end_char])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- docx helpers -----------------------------------------------------------------------------------------

def _document(title: str, subtitle: str):
    from docx import Document

    document = Document()
    document.core_properties.title = title
    document.core_properties.language = "nb-NO"
    document.add_heading(title, level=0)
    document.add_paragraph().add_run(subtitle).italic = True
    return document


def _docx_references(document, references: list[Reference]) -> None:
    document.add_heading("Referanser", level=1)
    for line in reference_lines(references):
        document.add_paragraph(line)


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
