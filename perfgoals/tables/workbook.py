"""Workbooks (.xlsx) opened, read into rows or sheets, and written: the only reader of openpyxl.

Merged cells are read as merged cells: the top-left value is copied into every cell of the
range and the copies are marked, so a layout can carry an indicator cell down while knowing that
a merged 项目名称 continues a project rather than starting another.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from ..i18n import _
from ..language.errors import Diagnostic, SourceError, display_width
from ..language.values import canonical
from .delimited import refuse_unstorable
from .grid import Row, Sheet


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


def open_workbook(path: Path, handle: BinaryIO, *, read_only: bool = True) -> Any:
    """An open workbook, or a positioned error saying what the file is instead."""
    from openpyxl import load_workbook

    head = handle.read(8)
    handle.seek(0)
    if not head:
        raise SourceError([Diagnostic(str(path), 1, 1, "empty file: expected an .xlsx workbook")])
    if not head.startswith(b"PK\x03\x04"):
        kind = (
            _("an old Excel .xls workbook")
            if head.startswith(b"\xd0\xcf\x11\xe0")
            else _("not a zip")
        )
        raise SourceError(
            [
                Diagnostic(
                    str(path),
                    1,
                    0,
                    _("not an .xlsx workbook ({kind}); CSV text needs a .csv name", kind=kind),
                )
            ]
        )
    try:
        # Cached values of formulas are read, as Excel shows them.
        return load_workbook(handle, read_only=read_only, data_only=True)
    except SyntaxError as e:  # a sheet's XML, read whole by a full load
        raise SourceError([Diagnostic(str(path), 1, 0, _xml_problem(e))]) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise SourceError(
            [Diagnostic(str(path), 1, 0, _("not a readable .xlsx workbook: {reason}", reason=e))]
        ) from None
    except Exception as e:  # openpyxl's own exceptions have no common root
        if type(e).__module__.startswith("openpyxl"):
            raise SourceError(
                [
                    Diagnostic(
                        str(path), 1, 0, _("not a readable .xlsx workbook: {reason}", reason=e)
                    )
                ]
            ) from None
        raise


def has_cells(ws: Any) -> bool:
    """Whether a worksheet holds any non-blank cell."""
    for row in ws.iter_rows(values_only=True):
        if any(v is not None and str(v).strip() for v in row):
            return True
    return False


def sheet_rows(ws: Any, path: str | Path = "<workbook>") -> Iterator[tuple[int, list[str]]]:
    """A worksheet's rows as they come, each numbered and as the texts its cells show."""
    where = f"{path}[{ws.title}]"
    number = 0
    rows = iter(ws.iter_rows())
    while True:
        try:
            row = next(rows, None)
        except SyntaxError as e:  # the sheet's XML, read as it goes (ParseError, lxml's too)
            raise SourceError([Diagnostic(where, number + 1, 0, _xml_problem(e))]) from None
        if row is None:
            return
        number += 1
        texts = [cell_text(c.value, getattr(c, "number_format", "General")) for c in row]
        refuse_unstorable(where, number, texts)
        yield number, texts


def _xml_problem(error: SyntaxError) -> str:
    if "invalid character" in str(error) or "invalid token" in str(error):
        return (
            "a cell holds a character no text can keep (NUL or a control character): "
            f"remove it ({error})"
        )
    return f"not a readable .xlsx worksheet: {error}"


def read_workbook(path: str | Path) -> list[Sheet]:
    """Every worksheet of a workbook, merged ranges filled and marked, cells stripped."""
    name = str(path)
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 (closed by the with below)
    except OSError as e:
        raise SourceError(
            [Diagnostic(name, 0, 0, _("cannot read file: {reason}", reason=e.strerror))]
        ) from None
    with handle:
        # Merged ranges are known only to a fully loaded workbook, not a read-only one.
        workbook = open_workbook(Path(path), handle, read_only=False)
        sheets: list[Sheet] = []
        for worksheet in workbook.worksheets:
            copies: dict[tuple[int, int], Any] = {}
            for merged in worksheet.merged_cells.ranges:
                top = worksheet.cell(merged.min_row, merged.min_col)
                for r in range(merged.min_row, merged.max_row + 1):
                    for c in range(merged.min_col, merged.max_col + 1):
                        if (r, c) != (merged.min_row, merged.min_col):
                            copies[(r, c)] = (top.value, top.number_format)
            rows: list[Row] = []
            for r, cells in enumerate(worksheet.iter_rows(), start=1):
                texts: list[str] = []
                marked: set[int] = set()
                for c, cell in enumerate(cells, start=1):
                    if (r, c) in copies:
                        value, number_format = copies[(r, c)]
                        marked.add(c - 1)
                    else:
                        value, number_format = cell.value, cell.number_format or "General"
                    texts.append(cell_text(value, number_format).strip())
                refuse_unstorable(f"{name}[{worksheet.title}]", r, texts)
                while texts and not texts[-1]:
                    texts.pop()
                rows.append(Row(r, tuple(texts), frozenset(i for i in marked if i < len(texts))))
            sheets.append(Sheet(name, worksheet.title, tuple(rows)))
        workbook.close()
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
