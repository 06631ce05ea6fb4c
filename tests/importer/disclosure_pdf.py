"""A budget disclosure printed to PDF, as a department publishes it: its text through a
LibreOffice sheet, the tab-separated rows as ruled tables, the other lines as plain text.

Each tab-separated line is a row of bordered cells (long cells shrunk to fit their column, so
no cell wraps: a wrap would drop the space it breaks at), each other line plain text, or, when
too long for the page, a bordered cell across the width. Landscape A3, scaled to the page's
width.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from tests.reports.office import to_pdf

_WIDEST = 40  # characters of a column; a longer cell is shrunk to fit


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def disclosure_pdf(text: str, folder: Path, name: str = "disclosure") -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter

    lines = text.split("\n")
    rows = [line.split("\t") if "\t" in line else None for line in lines]
    columns = max(len(cells) for cells in rows if cells)
    widths = [4] * columns
    for cells in rows:
        for c, cell in enumerate(cells or ()):
            widths[c] = min(max(widths[c], _width(cell) + 1), _WIDEST)
    page = sum(widths)
    workbook = Workbook()
    sheet = workbook.active
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    fit = Alignment(shrink_to_fit=True, vertical="top")
    for r, (line, cells) in enumerate(zip(lines, rows, strict=True), start=1):
        if cells is not None:
            for c, cell in enumerate(cells, start=1):
                sheet.cell(r, c, cell or None).border = box
                sheet.cell(r, c).alignment = fit
        elif _width(line) < page - 4:
            sheet.cell(r, 1, line or None)
        else:
            sheet.cell(r, 1, line).alignment = fit
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=columns)
            for c in range(1, columns + 1):
                sheet.cell(r, c).border = box
    sheet.page_setup.paperSize = 8  # A3
    return _printed(workbook, folder, name)


def tables_pdf(pages: list[list[list[str]]], folder: Path, name: str = "tables") -> Path:
    """A PDF of ruled tables, one page per item of `pages` (its rows of cells), as a department
    prints its self-assessment tables, a project a page."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    workbook = Workbook()
    sheet = workbook.active
    columns = max(len(cells) for rows in pages for cells in rows)
    for c in range(1, columns + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 30
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    fit = Alignment(shrink_to_fit=True)
    r = 0
    for rows in pages:
        for cells in rows:
            r += 1
            for c, cell in enumerate(cells, start=1):
                sheet.cell(r, c, cell or None).border = box
                sheet.cell(r, c).alignment = fit
        sheet.row_breaks.append(Break(id=r))
    return _printed(workbook, folder, name)


def _printed(workbook: Any, folder: Path, name: str) -> Path:
    """The workbook's sheet printed to PDF in landscape, scaled to the page's width."""
    sheet = workbook.active
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    workbook_path = folder / f"{name}.xlsx"
    workbook.save(workbook_path)
    pdf, _ = to_pdf(workbook_path, folder)
    return pdf
