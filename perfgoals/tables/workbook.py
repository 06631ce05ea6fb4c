"""Workbooks (.xlsx) opened, read into rows or sheets, and written: the only reader of openpyxl.

Merged cells are read as merged cells: the top-left value is copied into every cell of the
range and the copies are marked, so a layout can carry an indicator cell down while knowing that
a merged 项目名称 continues a project rather than starting another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from ..i18n import _, os_reason
from ..language.errors import Diagnostic, SourceError, display_width
from ..language.values import canonical
from .delimited import refuse_unstorable
from .grid import Row, Sheet
from .xlsx_reader import Cell, WorksheetData, read_xlsx


def cell_text(value: Any, number_format: str = "General") -> str:
    """The text a cell shows, exactly: numbers to 15 significant digits, as Excel keeps them."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        number = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
        if "%" in number_format:
            return format(canonical(number * 100), "f") + "%"
        return format(canonical(number), "f")
    return str(value)


@dataclass(frozen=True)
class Workbook:
    """A workbook read whole by the hardened reader: its worksheets in order."""

    worksheets: list[WorksheetData]

    def close(self) -> None:
        """Nothing stays open: the file was read and closed by open_workbook."""


def open_workbook(path: Path, handle: BinaryIO) -> Workbook:
    """A workbook read and checked, or a positioned error saying what is wrong with it."""
    return Workbook(read_xlsx(path, handle))


def has_cells(ws: WorksheetData) -> bool:
    """Whether a worksheet holds any non-blank cell."""
    return ws.has_cells()


def sheet_rows(
    ws: WorksheetData, path: str | Path = "<workbook>"
) -> Iterator[tuple[int, list[str]]]:
    """A worksheet's rows from the first, each numbered and as the texts its cells show."""
    where = f"{path}[{ws.title}]"
    for number, cells in ws.rows():
        texts = [_shown(cell) for cell in cells]
        refuse_unstorable(where, number, texts)
        yield number, texts


def _shown(cell: Cell | None) -> str:
    return "" if cell is None else cell_text(cell.value, cell.number_format)


def read_workbook(path: str | Path) -> list[Sheet]:
    """Every worksheet of a workbook, merged ranges filled and marked, cells stripped."""
    name = str(path)
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 (closed by the with below)
    except OSError as e:
        raise SourceError(
            [Diagnostic(name, 0, 0, _("cannot read file: {reason}", reason=os_reason(e)))]
        ) from None
    with handle:
        worksheets = read_xlsx(Path(path), handle)
    sheets: list[Sheet] = []
    for worksheet in worksheets:
        copies: dict[tuple[int, int], Cell | None] = {}
        for top, left, bottom, right in worksheet.merges:
            first = worksheet.cells.get((top, left))
            for r in range(top, bottom + 1):
                for c in range(left, right + 1):
                    if (r, c) != (top, left):
                        copies[(r, c)] = first
        rows: list[Row] = []
        for r, cells in worksheet.rows():
            texts: list[str] = []
            marked: set[int] = set()
            for c, cell in enumerate(cells, start=1):
                if copies and (r, c) in copies:
                    cell = copies[(r, c)]
                    marked.add(c - 1)
                texts.append(_shown(cell).strip())
            while texts and not texts[-1]:
                texts.pop()
            refuse_unstorable(f"{name}[{worksheet.title}]", r, texts)
            rows.append(Row(r, tuple(texts), frozenset(i for i in marked if i < len(texts))))
        sheets.append(Sheet(name, worksheet.title, tuple(rows)))
    return sheets


@dataclass(frozen=True)
class SheetData:
    """A sheet to write: rows of text (None: an empty cell) and merged ranges.

    A merge is (first_row, first_column, last_row, last_column), 1-based and inclusive.
    """

    title: str
    rows: Sequence[Sequence[str | None]]
    merges: Sequence[tuple[int, int, int, int]] = ()


def write_workbook(path: str | Path, sheets: Sequence[SheetData]) -> None:
    """Write sheets to an .xlsx file; every value is stored as text, exactly as given."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for data in sheets:
        worksheet = workbook.create_sheet(data.title)
        for r, row in enumerate(data.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    cell = worksheet.cell(r, c)
                    cell.value = value
                    cell.data_type = "s"  # text, never a number or formula guessed from it
        for first_row, first_column, last_row, last_column in data.merges:
            worksheet.merge_cells(
                start_row=first_row,
                start_column=first_column,
                end_row=last_row,
                end_column=last_column,
            )
    workbook.save(path)


@dataclass(frozen=True)
class FormSheet:
    """A sheet of a fill-in workbook: a header row and rows of values (numbers stay numbers).

    Column indexes are 0-based: `inputs` are shaded as the cells a person fills in,
    `number_formats` apply to a column's body cells, `choices` become a drop-down list.
    """

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    inputs: frozenset[int] = frozenset()
    number_formats: Mapping[int, str] = field(default_factory=dict)
    choices: Mapping[int, Sequence[str]] = field(default_factory=dict)


_WIDTH_MIN, _WIDTH_MAX = 8, 48


def write_form_workbook(path: str | Path, sheets: Sequence[FormSheet]) -> None:
    """A fill-in workbook: bold shaded headers, borders, widths that fit CJK text, frozen header."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.remove(workbook.active)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E78")
    input_fill = PatternFill("solid", fgColor="FFF2CC")  # the cells a person fills in
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for data in sheets:
        ws = workbook.create_sheet(data.title)
        ws.append(list(data.headers))
        for row in data.rows:
            ws.append(list(row))
        for cells in ws.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text as given: a name `=…` is never a live formula
        for index, header in enumerate(data.headers):
            head = ws.cell(row=1, column=index + 1)
            head.font = header_font
            head.fill = header_fill
            head.border = border
            head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            widest = max(
                [display_width(header)] + [display_width(str(row[index])) for row in data.rows]
            )
            letter = get_column_letter(index + 1)
            ws.column_dimensions[letter].width = min(max(widest + 2, _WIDTH_MIN), _WIDTH_MAX)
            for r in range(2, len(data.rows) + 2):
                body = ws.cell(row=r, column=index + 1)
                body.border = border
                body.alignment = Alignment(vertical="top", wrap_text=True)
                if index in data.inputs:
                    body.fill = input_fill
                if index in data.number_formats:
                    body.number_format = data.number_formats[index]
        ws.row_dimensions[1].height = 30
        ws.freeze_panes = "A2"
        last = len(data.rows) + 1
        if data.rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(data.headers))}{last}"
        if last > 1:
            for index, options in data.choices.items():
                validation = DataValidation(
                    type="list", formula1='"' + ",".join(options) + '"', allow_blank=True
                )
                letter = get_column_letter(index + 1)
                validation.add(f"{letter}2:{letter}{last}")
                ws.add_data_validation(validation)
    workbook.save(path)
