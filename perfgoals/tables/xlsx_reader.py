"""The one reader of .xlsx files: hardened against odd, hostile and oversized workbooks.

openpyxl reads the workbook's own parts (the sheet list, shared strings, styles) with defusedxml
underneath, so no DTD entity or external reference is ever expanded. The worksheets themselves
are streamed here, cell by cell, with defusedxml:

- the sheet's declared `<dimension>` is ignored (hand edits and some writers leave it wrong, and
  trusting it lost rows and columns silently); the cells present are the sheet;
- sizes are bounded (the archive's unpacked size, rows and columns holding text), so one cell at
  XFD1048576 or a million-row sheet ends in a clear error, not in gigabytes or a hang;
- every problem a workbook can have (malformed XML, corrupt compressed data, a shared string out
  of range, a number that is not finite, a bad cell reference or date, a formula whose result was
  never saved) is a positioned SourceError naming the sheet and, where known, the cell.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from ..i18n import _
from ..language.errors import Diagnostic, SourceError

MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000
MAX_CELLS = 5_000_000  # rows x columns of the rectangle a sheet's cells span
_EXCEL_ROWS, _EXCEL_COLUMNS = 1_048_576, 16_384

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL, _ROW, _VALUE, _FORMULA = f"{_NS}c", f"{_NS}row", f"{_NS}v", f"{_NS}f"
_INLINE, _TEXT, _PHONETIC = f"{_NS}is", f"{_NS}t", f"{_NS}rPh"
_MERGE = f"{_NS}mergeCell"
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _parse_ref(ref: str) -> tuple[int, int] | None:
    """(row, column) of a cell reference such as `B7` or `$AB$12`, or None if it is none or
    lies outside Excel's grid."""
    from openpyxl.utils.cell import column_index_from_string  # loaded already: a workbook is open

    m = _REF.fullmatch(ref.strip())
    if not m:
        return None
    column = column_index_from_string(m.group(1).upper())
    row = int(m.group(2))
    if not (1 <= row <= _EXCEL_ROWS and 1 <= column <= _EXCEL_COLUMNS):
        return None
    return row, column


@dataclass(frozen=True)
class Cell:
    """A cell's value as stored (str, Decimal, bool, date or datetime) and its number format."""

    value: Any
    number_format: str = "General"


@dataclass
class WorksheetData:
    """One worksheet read whole: its non-empty cells by (row, column), and its merged ranges."""

    title: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def max_row(self) -> int:
        """The last row with a cell, or reached by a merged range."""
        return max([0, *(r for r, _ in self.cells), *(m[2] for m in self.merges)])

    @property
    def max_column(self) -> int:
        """The last column with a cell, or reached by a merged range."""
        return max([0, *(c for _, c in self.cells), *(m[3] for m in self.merges)])

    def has_cells(self) -> bool:
        return any(_shows_text(cell.value) for cell in self.cells.values())

    def rows(self) -> Iterator[tuple[int, list[Cell | None]]]:
        """Every row from 1 to the last with a cell, padded to the widest row."""
        width = self.max_column
        by_row: dict[int, list[Cell | None]] = {}
        for (r, c), cell in self.cells.items():
            by_row.setdefault(r, [None] * width)[c - 1] = cell
        empty: list[Cell | None] = [None] * width
        for r in range(1, self.max_row + 1):
            yield r, by_row.get(r, empty)


def _shows_text(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


class _Stream:
    """One worksheet's XML streamed with defusedxml; problems carry the sheet and cell."""

    def __init__(self, path: Path, title: str, shared: list[str], book: Any) -> None:
        self.where = f"{path}[{title}]"
        self.shared = shared
        self.book = book
        self.data = WorksheetData(title)
        self.merged_area = 0

    def fail(self, row: int, column: int, message: str) -> SourceError:
        from openpyxl.utils import get_column_letter  # loaded already: the workbook is open

        # A column here is at most _EXCEL_COLUMNS (16384, XFD), within get_column_letter's reach.
        prefix = f"{get_column_letter(column)}{row}: " if row and column else ""
        return SourceError([Diagnostic(self.where, row, column, prefix + message)])

    def read(self, source: BinaryIO) -> WorksheetData:
        from defusedxml.ElementTree import iterparse

        row_number = 0
        column = 0
        try:
            # A row's number is taken where the row starts: its cells may carry no reference.
            for event, element in iterparse(source, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == _ROW:
                        column = 0
                        declared = element.get("r")
                        row_number = (
                            int(declared) if declared and declared.isdigit() else row_number + 1
                        )
                    continue
                if tag == _CELL:
                    ref = element.get("r")
                    if ref is not None:
                        place = _parse_ref(ref)
                        if place is None:
                            raise self.fail(
                                row_number, 0, _("bad cell reference {ref!r}", ref=ref[:40])
                            )
                        row_number, column = place
                    else:
                        column += 1
                        if column > _EXCEL_COLUMNS:
                            raise self.fail(row_number, 0, _("more columns than a sheet can hold"))
                    self._cell(element, max(row_number, 1), column)
                    element.clear()
                elif tag == _ROW:
                    element.clear()
                elif tag == _MERGE:
                    self._merge(element.get("ref", ""))
                    element.clear()
        except SourceError:
            raise
        except (zlib.error, zipfile.BadZipFile, EOFError, OSError) as e:
            raise self.fail(
                row_number, 0, _("corrupt compressed data: {reason}", reason=e)
            ) from None
        except Exception as e:  # the XML parser's and defusedxml's errors share no root
            raise self.fail(row_number, 0, _xml_problem(e)) from None
        return self.data

    def _merge(self, ref: str) -> None:
        first, _colon, last = ref.partition(":")
        a, b = _parse_ref(first), _parse_ref(last or first)
        if a is None or b is None:
            raise self.fail(0, 0, _("bad merged range {ref!r}", ref=ref[:40]))
        top, bottom = sorted((a[0], b[0]))
        left, right = sorted((a[1], b[1]))
        if bottom > MAX_ROWS or right > MAX_COLUMNS or len(self.data.merges) >= MAX_ROWS:
            raise self.fail(
                top, left, _("merged range {ref} is beyond what this tool reads", ref=ref[:40])
            )
        self.merged_area += (bottom - top + 1) * (right - left + 1)
        if self.merged_area > MAX_CELLS:
            raise self.fail(
                top, left, _("merged ranges cover more than {count} cells", count=MAX_CELLS)
            )
        self.data.merges.append((top, left, bottom, right))

    def _cell(self, element: Any, row: int, column: int) -> None:
        kind = element.get("t", "n")
        text = element.findtext(_VALUE)
        if kind == "inlineStr":
            inline = element.find(_INLINE)
            text = _rich_text(inline) if inline is not None else None
        if text is None:
            if element.find(_FORMULA) is not None:
                raise self.fail(
                    row,
                    column,
                    _(
                        "a formula whose result was never saved; open and save the workbook in "
                        "Excel or WPS so its values are stored"
                    ),
                )
            return
        value = self._value(kind, text, element.get("s"), row, column)
        if not _shows_text(value.value):
            return
        if row > MAX_ROWS:
            raise self.fail(
                row, column, _("more than {count} rows: too large a sheet to read", count=MAX_ROWS)
            )
        if len(self.data.cells) >= MAX_CELLS:
            raise self.fail(
                row,
                column,
                _("more than {count} cells: too large a sheet to read", count=MAX_CELLS),
            )
        if column > MAX_COLUMNS:
            raise self.fail(
                row,
                column,
                _("more than {count} columns: too large a sheet to read", count=MAX_COLUMNS),
            )
        self.data.cells[(row, column)] = value

    def _value(self, kind: str, text: str, style: str | None, row: int, column: int) -> Cell:
        number_format, is_date = self._style(style, row, column)
        if kind in {"s"}:
            try:
                return Cell(self.shared[int(text)], number_format)
            except (ValueError, IndexError):
                raise self.fail(
                    row,
                    column,
                    _("shared string {index!r} is not in the workbook", index=text[:20]),
                ) from None
        if kind in {"str", "inlineStr", "e"}:
            return Cell(text, number_format)
        if kind == "b":
            if text.strip() not in {"0", "1"}:
                raise self.fail(row, column, _("not a true/false value: {text!r}", text=text[:20]))
            return Cell(text.strip() == "1", number_format)
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                return Cell(from_ISO8601(text.strip()), number_format)
            except (ValueError, TypeError, OverflowError):
                raise self.fail(row, column, _("not a date: {text!r}", text=text[:40])) from None
        if kind != "n":
            raise self.fail(row, column, _("unknown cell type {kind!r}", kind=kind[:20]))
        number = _finite_number(text)
        if number is None:
            raise self.fail(row, column, _("not a finite number: {text!r}", text=text[:40]))
        if is_date:
            from openpyxl.utils.datetime import from_excel

            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    moment = from_excel(float(number), self.book.epoch)
            except (ValueError, OverflowError, TypeError, Warning):
                raise self.fail(
                    row, column, _("a date serial out of range: {text!r}", text=text[:40])
                ) from None
            if isinstance(moment, dt.datetime | dt.date):
                return Cell(moment, number_format)
        return Cell(number, number_format)

    def _style(self, style: str | None, row: int, column: int) -> tuple[str, bool]:
        if not style:
            return "General", False
        from openpyxl.styles.numbers import (
            BUILTIN_FORMATS,
            BUILTIN_FORMATS_MAX_SIZE,
            is_date_format,
        )

        try:
            format_id = self.book._cell_styles[int(style)].numFmtId
            if format_id < BUILTIN_FORMATS_MAX_SIZE:
                number_format = BUILTIN_FORMATS.get(format_id, "General")
            else:
                number_format = self.book._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
        except (ValueError, IndexError, TypeError, AttributeError):
            raise self.fail(
                row, column, _("style {style!r} is not in the workbook", style=style[:20])
            ) from None
        return number_format, bool(is_date_format(number_format))


def _finite_number(text: str) -> Decimal | None:
    """A cell's number as Excel keeps it (15 significant digits), or None if not finite."""
    try:
        number = float(text.strip())
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    try:
        return Decimal(format(number, ".15g"))
    except InvalidOperation:
        return None


def _rich_text(node: Any) -> str:
    # A string's runs joined, without its phonetic guide (rPh), as Excel shows it.
    parts: list[str] = []
    for child in node:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag != _PHONETIC:
            parts.extend(t.text or "" for t in child.iter(_TEXT))
    return "".join(parts)


def _xml_problem(error: Exception) -> str:
    text = _short(error)
    if isinstance(error, SyntaxError) and ("invalid character" in text or "invalid token" in text):
        return _(
            "a cell holds a character no text can keep (NUL or a control character): "
            "remove it ({reason})",
            reason=text,
        )
    return _("malformed sheet XML: {reason}", reason=text)


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def _unreadable(path: Path, message: str) -> SourceError:
    return SourceError(
        [Diagnostic(str(path), 1, 0, _("not a readable .xlsx workbook: {reason}", reason=message))]
    )


def read_xlsx(path: Path, handle: BinaryIO) -> list[WorksheetData]:
    """Every worksheet of the workbook, read whole and checked; SourceError on any problem."""
    head = handle.read(8)
    handle.seek(0)
    if not head:
        raise SourceError(
            [Diagnostic(str(path), 1, 1, _("empty file: expected an .xlsx workbook"))]
        )
    if not head.startswith(b"PK\x03\x04"):
        kind = (
            _("an old Excel .xls workbook")
            if head.startswith(b"\xd0\xcf\x11\xe0")
            else _("not a zip")
        )
        message = _("not an .xlsx workbook ({kind}); CSV text needs a .csv name", kind=kind)
        raise SourceError([Diagnostic(str(path), 1, 0, message)])
    try:
        archive = zipfile.ZipFile(handle)
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _unreadable(path, _("a damaged zip archive (cut short or corrupted)")) from None
    except (zlib.error, OSError, EOFError, ValueError) as e:
        raise _unreadable(path, _short(e)) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise _unreadable(
            path,
            _(
                "{unpacked} bytes unpacked, more than the {limit} this tool reads",
                unpacked=unpacked,
                limit=MAX_UNPACKED_BYTES,
            ),
        )
    declared = _declared_sheets(path, archive)
    handle.seek(0)
    book = _open_book(path, handle)
    try:
        # openpyxl passes over a sheet whose part is missing; that would lose it silently.
        missing = [n for n in declared if n not in {*book.sheetnames, *_chart_names(book)}]
        if missing:
            raise _unreadable(path, _("sheet {sheet!r} has no worksheet part", sheet=missing[0]))
        sheets: list[WorksheetData] = []
        for worksheet in book.worksheets:
            stream = _Stream(path, worksheet.title, worksheet._shared_strings, book)
            # openpyxl names the part and holds the shared strings (private names, pinned by
            # tests/tables/test_xlsx_hardening.py); the cells are streamed here.
            try:
                source = book._archive.open(worksheet._worksheet_path)
            except (KeyError, zipfile.BadZipFile, zlib.error, OSError) as e:
                raise stream.fail(
                    0, 0, _("sheet part missing or unreadable: {reason}", reason=_short(e))
                ) from None
            with source:
                data = stream.read(source)
            if data.max_row * data.max_column > MAX_CELLS:
                raise stream.fail(
                    data.max_row,
                    0,
                    _(
                        "the cells span {rows} rows by {columns} columns, more than the {limit} "
                        "cells this tool reads",
                        rows=data.max_row,
                        columns=data.max_column,
                        limit=MAX_CELLS,
                    ),
                )
            sheets.append(data)
        return sheets
    finally:
        book.close()


def _declared_sheets(path: Path, archive: zipfile.ZipFile) -> list[str]:
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(archive.read("xl/workbook.xml"))
    except KeyError:
        return []  # a workbook part elsewhere: openpyxl finds it through the relationships
    except Exception as e:  # zip, zlib, XML and defusedxml errors share no root
        raise _unreadable(path, _short(e)) from None
    return [sheet.get("name", "") for sheet in root.iter(f"{_NS}sheet")]


def _chart_names(book: Any) -> list[str]:
    return [sheet.title for sheet in getattr(book, "chartsheets", [])]


def _open_book(path: Path, handle: BinaryIO) -> Any:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it skips (data validation extensions, unknown styles);
            # the values read are the same.
            warnings.simplefilter("ignore")
            return load_workbook(handle, read_only=True, data_only=True)
    except SourceError:
        raise
    except Exception as e:  # openpyxl, zipfile, zlib and the XML parsers share no root
        raise _unreadable(path, _short(e)) from None
