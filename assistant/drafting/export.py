"""Writers for the drafting tools: Markdown, Word (.docx), CSV and Excel (.xlsx).

Markdown and CSV are returned as text, Word and Excel as bytes; the caller (CLI, API) decides where they go.
"""

from __future__ import annotations

import csv
import io
import re

from assistant.drafting.cells import protect_sheet, safe_cell
from assistant.drafting.course import CourseModule
from assistant.drafting.duties import ROLES
from assistant.drafting.findings import Reference
from assistant.drafting.matrix import ResponsibilityMatrix
from assistant.drafting.note import NoteDraft, Statement

DISCLAIMER = "Utkast laget automatisk fra dokumentene. Kontroller formuleringene mot kildene før bruk."
MATRIX_TITLE = "Ansvarsmatrise"
LETTERS = "abcdefghij"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Word and Excel files are XML: control characters (and stray surrogates) cannot go in."""
    return _NOT_XML.sub("", text)


def _markers(markers: list[int]) -> str:
    return "".join(f"[{m}]" for m in markers)


def statement_text(statement: Statement) -> str:
    return f"{statement.text} {_markers(statement.markers)}"


def statement_lines(statement: Statement) -> list[str]:
    """A statement as a Markdown bullet, with the list its lead-in introduces as sub-bullets."""
    return [f"- {statement_text(statement)}", *(f"  - {item}" for item in statement.items)]


def _docx_statement(document, statement: Statement) -> None:
    _paragraph(document, statement_text(statement), "List Bullet")
    for item in statement.items:
        _paragraph(document, item, "List Bullet 2")


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
        lines += [line for s in section.statements for line in statement_lines(s)] or ["Kildene sier lite om dette."]
        lines.append("")
    return "\n".join(lines + _md_references(note.references))


def note_docx(note: NoteDraft) -> bytes:
    document = _document(note.title, f"{DISCLAIMER} Dato: {note.created}.")
    for notice in note.notices:
        _paragraph(document, notice)
    for section in note.sections:
        _heading(document, section.heading)
        for statement in section.statements:
            _docx_statement(document, statement)
        if not section.statements:
            _paragraph(document, "Kildene sier lite om dette.")
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
    lines += ["## Nøkkelpunkter", "", *(line for s in course.key_points for line in statement_lines(s)), ""]
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
        _paragraph(document, notice)
    _heading(document, "Læringsmål")
    for goal in course.learning_goals:
        _paragraph(document, goal, "List Bullet")
    _heading(document, "Nøkkelpunkter")
    for statement in course.key_points:
        _docx_statement(document, statement)
    _heading(document, "Quiz")
    for q in course.quiz:
        _paragraph(document, f"{q.number}. ({KIND_LABEL[q.kind]}) {q.question} [{q.marker}]")
        for option in _options(q):
            _paragraph(document, option, "List Bullet 2")
    _heading(document, "Fasit")
    for q in course.quiz:
        _paragraph(document, f"{q.number}. {_answer(q)} — kilde [{q.marker}]: «{q.quote}»")
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


STATEMENT_COLUMNS = (
    "aktør",
    "rolle",
    "utsagn",
    "sammenheng",
    "kilde_nr",
    "kilde",
    "dokument",
    "start_char",
    "end_char",
)


def _statement_rows(matrix: ResponsibilityMatrix) -> list[list]:
    labels = {a.key: a.label for a in matrix.actors}
    rows = []
    for cell in matrix.cells:
        for s in cell.statements:
            c = s.citation
            rows.append(
                [
                    labels[cell.actor],
                    ROLES[cell.role],
                    s.text,
                    s.context,
                    c.marker,
                    c.label,
                    c.document,
                    c.start_char,
                    c.end_char,
                ]
            )
    return rows


def matrix_csv(matrix: ResponsibilityMatrix) -> str:
    """One row per statement (actor, role, statement, citation), so it sorts and filters in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(STATEMENT_COLUMNS)
    writer.writerows([safe_cell(v) if isinstance(v, str) else v for v in row] for row in _statement_rows(matrix))
    return out.getvalue()


def matrix_xlsx(matrix: ResponsibilityMatrix) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    grid = workbook.active
    grid.title = MATRIX_TITLE
    grid.append(["Aktør", *(r.label for r in matrix.roles)])
    for actor in matrix.actors:
        grid.append([actor.label, *(xml_safe(_cell_text(matrix, actor.key, r.key, "\n")) for r in matrix.roles)])
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
        statements.append([xml_safe(v) if isinstance(v, str) else v for v in row])
    references = workbook.create_sheet("Referanser")
    references.append(["nr", "referanse", "sitat", "dokument", "start_char", "end_char"])
    for r in matrix.references:
        references.append([r.marker, xml_safe(r.text), xml_safe(r.quote), r.document, r.start_char, r.end_char])
    for sheet in workbook.worksheets:  # a document line «=HYPERLINK(…)» stays text
        protect_sheet(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- docx helpers -----------------------------------------------------------------------------------------


def _document(title: str, subtitle: str):
    from docx import Document

    document = Document()
    document.core_properties.title = xml_safe(title)
    document.core_properties.language = "nb-NO"
    _heading(document, title, level=0)
    document.add_paragraph().add_run(xml_safe(subtitle)).italic = True
    return document


def _heading(document, text: str, level: int = 1) -> None:
    document.add_heading(xml_safe(text), level=level)


def _paragraph(document, text: str, style: str | None = None) -> None:
    document.add_paragraph(xml_safe(text), style=style)


def _docx_references(document, references: list[Reference]) -> None:
    _heading(document, "Referanser")
    for line in reference_lines(references):
        _paragraph(document, line)


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
