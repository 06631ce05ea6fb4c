"""Old Excel workbooks (.xls, BIFF), as many government templates still are: read with xlrd.

Each worksheet becomes a Sheet like an .xlsx one: merged ranges filled and marked, numbers as
they display (a percentage format shows `98%`), dates as ISO dates, cells stripped. xlrd is
imported on first use.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..i18n import _, os_reason
from ..language.errors import Diagnostic, SourceError
from .grid import Row, Sheet
from .workbook import cell_text

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_xls(path: str | Path) -> list[Sheet]:
    """Every worksheet of an .xls workbook; a file that is not one is a positioned error."""
    import xlrd

    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise SourceError(
            [Diagnostic(name, 0, 0, _("cannot read file: {reason}", reason=os_reason(e)))]
        ) from None
    if not raw:
        raise SourceError([Diagnostic(name, 1, 1, _("empty file: expected an .xls workbook"))])
    if not raw.startswith(_OLE):
        kind = _("an .xlsx workbook (zip)") if raw.startswith(b"PK\x03\x04") else _("not one")
        message = _("not an old Excel .xls workbook ({kind}): check its name", kind=kind)
        raise SourceError([Diagnostic(name, 1, 0, message)])
    try:
        book = xlrd.open_workbook(file_contents=raw, formatting_info=True, on_demand=False)
    except Exception as e:  # xlrd's errors have no common root (XLRDError, struct, index)
        raise SourceError(
            [
                Diagnostic(
                    name,
                    1,
                    0,
                    _(
                        "not a readable .xls workbook: {error}: {reason}",
                        error=type(e).__name__,
                        reason=e,
                    ),
                )
            ]
        ) from None
    sheets = [_sheet(name, book, book.sheet_by_index(i)) for i in range(book.nsheets)]
    book.release_resources()
    return sheets


def _format(book: Any, sheet: Any, r: int, c: int) -> str:
    try:
        xf = book.xf_list[sheet.cell_xf_index(r, c)]
        return str(book.format_map[xf.format_key].format_str)
    except (IndexError, KeyError, AttributeError):
        return "General"


def _value(book: Any, sheet: Any, r: int, c: int) -> str:
    import xlrd

    cell = sheet.cell(r, c)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError):
            return cell_text(cell.value)
        return cell_text(moment.date() if moment.time() == dt.time() else moment)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return cell_text(float(cell.value), _format(book, sheet, r, c))
    return cell_text(str(cell.value))


def _sheet(path: str, book: Any, sheet: Any) -> Sheet:
    copies: dict[tuple[int, int], tuple[int, int]] = {}
    for first_row, last_row, first_col, last_col in sheet.merged_cells:
        for r in range(first_row, last_row):
            for c in range(first_col, last_col):
                if (r, c) != (first_row, first_col):
                    copies[(r, c)] = (first_row, first_col)
    rows: list[Row] = []
    for r in range(sheet.nrows):
        texts: list[str] = []
        marked: set[int] = set()
        for c in range(sheet.ncols):
            source = copies.get((r, c))
            if source is not None:
                marked.add(c)
                texts.append(_value(book, sheet, *source).strip())
            else:
                texts.append(_value(book, sheet, r, c).strip())
        while texts and not texts[-1]:
            texts.pop()
        rows.append(Row(r + 1, tuple(texts), frozenset(i for i in marked if i < len(texts))))
    return Sheet(path, sheet.name, tuple(rows))
