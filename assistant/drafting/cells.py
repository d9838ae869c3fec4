"""Spreadsheet cells that a spreadsheet program can never run: text starting with = + - @ (or a tab or a
carriage return before one) would be read as a formula («=HYPERLINK(…)» from a document line becomes a
live link), so such cells get a leading apostrophe in CSV and are stored as plain text in .xlsx."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def safe_cell(value: str) -> str:
    """The cell text for CSV: prefixed with «'» when a spreadsheet would read it as a formula."""
    return "'" + value if is_formula_like(value) else value


def protect_sheet(sheet) -> None:
    """Store every formula-like text of an openpyxl worksheet as plain text (Excel's quote prefix)."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
