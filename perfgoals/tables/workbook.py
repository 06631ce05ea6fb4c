"""Workbooks (.xlsx) read into sheets and written from rows: the only user of openpyxl.

Merged cells are read as merged cells: the top-left value is copied into every cell of the
range and the copies are marked, so a layout can carry an indicator cell down while knowing that
a merged 项目名称 continues a project rather than starting another.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..language.errors import Diagnostic, SourceError
from .grid import Row, Sheet


def _text(value: Any, number_format: str) -> str:
    """A cell's value as the text a reader of the sheet sees."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if "%" in number_format:
            number *= 100
            return _plain(number) + "%"
        return _plain(number)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def read_workbook(path: str | Path) -> list[Sheet]:
    """Every worksheet of a workbook, merged ranges filled and marked."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise SourceError([Diagnostic(name, 0, 0, f"cannot read file: {e.strerror}")]) from None
    if not raw:
        raise SourceError([Diagnostic(name, 1, 1, "empty file: expected an .xlsx workbook")])
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as e:
        raise SourceError(
            [
                Diagnostic(
                    name,
                    1,
                    1,
                    f"not an .xlsx workbook ({type(e).__name__}): "
                    "expected a workbook saved by Excel, WPS or LibreOffice",
                )
            ]
        ) from None
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
                    texts.append(_text(value, number_format))
                    marked.add(c - 1)
                else:
                    texts.append(_text(cell.value, cell.number_format or ""))
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
