"""Actual values from and to CSV (UTF-8, with or without a byte-order mark).

The file is read a row at a time by the table reader (perfgoals.tables, which decodes it,
refuses binary files and picks the delimiter), and each project is yielded once its last row is
read, so a province's assessment is scored without the file being held in memory.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import _
from ..language.assessment import Assessment, ProjectActuals
from ..language.errors import Diagnostic, SourceError
from ..language.model import Ruleset
from ..tables.cells import inert_row
from ..tables.delimited import iter_records
from ..tables.grid import Row
from .columns import HEADERS, Place
from .rows import COMBINED_COLUMNS, combined_rows, table_rows
from .stated import StatedTargets
from .table import TableReader


@dataclass
class CsvActuals:
    """Reads one CSV file; iterate `projects()`, then read `notes` (remarks, not errors)."""

    path: Path
    ruleset: Ruleset | None = None
    notes: list[Diagnostic] = field(default_factory=list)
    stated: StatedTargets | None = None  # without a ruleset: its stated targets kept here

    def projects(self) -> Iterator[ProjectActuals]:
        """Each project as soon as its rows are read; SourceError at the end if any row was bad."""
        place = Place(str(self.path))
        reader = TableReader(place, ruleset=self.ruleset, stated=self.stated)
        records = iter_records(self.path)
        # Closed here, not when collected: a reading stopped by an error (or by a streamed
        # score starting again) must not leave the file open for the collector to find.
        with closing(records):
            yield from _read_rows(itertools.starmap(Row, records), reader)
        self.notes.extend(reader.notes)
        reader.raise_problems()


def _read_rows(rows: Iterator[Row], reader: TableReader) -> Iterator[ProjectActuals]:
    last = 0
    header_seen = False
    data_seen = False
    for row in rows:
        last = row.number
        cells = row.cells
        if not header_seen:
            if not any(cells):
                continue
            header_seen = True
            if not reader.header(cells, row.number):
                reader.raise_problems()
            continue
        if not data_seen:
            data_seen = any(cells)
        finished = reader.read_row(cells, row.number)
        if finished is not None:
            yield finished
    if not header_seen:
        raise SourceError([reader.place.problem(1, 0, "", _("empty file: no header row"))])
    if not data_seen:
        raise SourceError([reader.place.problem(last, 0, "", _("no rows after the header row"))])
    yield from reader.finish()


def iter_actuals_csv(
    path: str | Path, ruleset: Ruleset | None = None, stated: StatedTargets | None = None
) -> Iterator[ProjectActuals]:
    """The projects of a CSV file, one at a time (stated targets kept in `stated`, if given)."""
    return CsvActuals(Path(path), ruleset, stated=stated).projects()


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
        writer.writerow(inert_row(row.get(c, "") for c in COMBINED_COLUMNS))
    return out.getvalue()


def write_actuals_csv(path: str | Path, text: str) -> None:
    # A byte-order mark, so Excel opens the file as UTF-8; the reader accepts either.
    Path(path).write_text(text, encoding="utf-8-sig", newline="")
