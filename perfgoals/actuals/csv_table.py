"""Actual values from and to CSV (UTF-8, with or without a byte-order mark).

The file is decoded and read a row at a time, and each project is yielded once its last row is
read, so a province's assessment is scored without the file being held in memory. Bytes that
are not UTF-8 are reported at their line, with a hint when they look like GBK (what Excel on
Chinese Windows writes as "CSV"); a binary file is refused with what it looks like.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..language.assessment import Assessment, ProjectActuals
from ..language.errors import Diagnostic, SourceError
from ..language.model import Ruleset
from .columns import HEADERS, Place
from .rows import COMBINED_COLUMNS, combined_rows, table_rows
from .table import TableReader

_SNIFF = 64 * 1024


@dataclass
class CsvActuals:
    """Reads one CSV file; iterate `projects()`, then read `notes` (remarks, not errors)."""

    path: Path
    ruleset: Ruleset | None = None
    notes: list[Diagnostic] = field(default_factory=list)

    def projects(self) -> Iterator[ProjectActuals]:
        """Each project as soon as its rows are read; SourceError at the end if any row was bad."""
        place = Place(str(self.path))
        reader = TableReader(place, ruleset=self.ruleset)
        with self.path.open("rb") as raw:
            _refuse_binary(raw.read(_SNIFF), place)
            raw.seek(0)
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
            try:
                yield from _read_rows(text, reader)
            except UnicodeDecodeError:
                raise SourceError([_bad_bytes(self.path, place)]) from None
        self.notes.extend(reader.notes)
        reader.raise_problems()


def _read_rows(text: io.TextIOWrapper, reader: TableReader) -> Iterator[ProjectActuals]:
    first = text.readline()
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    rows = csv.reader(itertools.chain((first,), text), delimiter=delimiter)
    line = 0  # the last line read: a quoted cell may span several
    header_seen = False
    data_seen = False
    try:
        for cells in rows:
            row, line = line + 1, rows.line_num
            if not header_seen:
                if not any(c.strip() for c in cells):
                    continue
                header_seen = True
                if not reader.header(cells, row):
                    reader.raise_problems()
                continue
            if not data_seen:
                data_seen = any(c.strip() for c in cells)
            finished = reader.read_row(cells, row)
            if finished is not None:
                yield finished
    except csv.Error as e:
        raise SourceError([reader.place.problem(line + 1, 0, "", f"not CSV: {e}")]) from None
    if not header_seen:
        raise SourceError([reader.place.problem(1, 0, "", "empty file: no header row")])
    if not data_seen:
        raise SourceError([reader.place.problem(line, 0, "", "no rows after the header row")])
    yield from reader.finish()


def _refuse_binary(head: bytes, place: Place) -> None:
    if not head:
        raise SourceError([place.problem(1, 0, "", "empty file: no header row")])
    if head.startswith(b"PK\x03\x04"):
        message = "a zip file (an .xlsx workbook?), not CSV: give the workbook a .xlsx name"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        message = "UTF-16 text (Excel's 'Unicode Text'), not UTF-8: save it as 'CSV UTF-8'"
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        message = "an old Excel .xls workbook, not CSV: save it as .xlsx or 'CSV UTF-8'"
    elif b"\x00" in head:
        message = "a binary file, not CSV text"
    else:
        return
    raise SourceError([place.problem(1, 0, "", message)])


def _bad_bytes(path: Path, place: Place) -> Diagnostic:
    """Where the first byte that is not UTF-8 stands, and what the line looks like."""
    with path.open("rb") as raw:
        for number, line in enumerate(raw, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as e:
                column = len(line[: e.start].decode("utf-8", errors="replace")) + 1
                try:
                    line.decode("gb18030")
                except UnicodeDecodeError:
                    hint = "the file is not UTF-8 text"
                else:
                    hint = (
                        "the file is not UTF-8; it looks like GBK/GB18030 (Excel's 'CSV' on "
                        "Chinese Windows): save it as 'CSV UTF-8', or convert it with "
                        "iconv -f GB18030 -t UTF-8"
                    )
                return place.problem(number, column, "", f"byte 0x{line[e.start]:02x}: {hint}")
    return place.problem(0, 0, "", "the file is not UTF-8 text")  # pragma: no cover


def iter_actuals_csv(path: str | Path, ruleset: Ruleset | None = None) -> Iterator[ProjectActuals]:
    """The projects of a CSV file, one at a time."""
    return CsvActuals(Path(path), ruleset).projects()


def read_actuals_csv(path: str | Path, ruleset: Ruleset | None = None) -> Assessment:
    """A whole CSV file as an Assessment; SourceError (exit 2) if any row is unusable."""
    return Assessment(projects=tuple(iter_actuals_csv(path, ruleset)))


def actuals_csv_text(ruleset: Ruleset, assessment: Assessment | None = None) -> str:
    """The CSV form: the fill-in template of a ruleset, or an assessment as it stands.

    One table: each project's funds row (三级指标 empty, amounts in 万元), then its indicators.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([HEADERS[c] for c in COMBINED_COLUMNS])
    for row in combined_rows(table_rows(ruleset, assessment)):
        writer.writerow([row.get(c, "") for c in COMBINED_COLUMNS])
    return out.getvalue()


def write_actuals_csv(path: str | Path, text: str) -> None:
    # A byte-order mark, so Excel opens the file as UTF-8; the reader accepts either.
    Path(path).write_text(text, encoding="utf-8-sig", newline="")
