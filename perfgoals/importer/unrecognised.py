"""The error of a table in which no indicator header is found: where it was looked for, the
row that came nearest (it names some indicator columns, not enough), and what was expected.

The error stands at that nearest row and its first named cell, or at the first row looked at
when no row names an indicator column (a budget block cut off before its indicators): never at
a note line or a blank row above the table.
"""

from __future__ import annotations

from ..i18n import _
from ..language.errors import SourceError
from ..tables.grid import Row, Sheet
from .columns import Column, column_of, expected_names
from .report import table_error

NEEDED = (Column.LEVEL1, Column.LEVEL2, Column.LEVEL3, Column.TARGET)
# The columns of an indicator header (a budget block's 分值 · 得分 header is not one).
_INDICATOR_COLUMNS = (
    Column.LEVEL1,
    Column.LEVEL2,
    Column.LEVEL3,
    Column.TARGET,
    Column.ACTUAL,
    Column.LONG_TARGET,
)


def _first_cell(row: Row) -> str:
    return next((cell for cell in row.cells if cell), "")


def _named(row: Row) -> dict[Column, int]:
    named: dict[Column, int] = {}
    for i, cell in enumerate(row.cells):
        column = column_of(cell) if cell else None
        if column in _INDICATOR_COLUMNS and column not in named:
            named[column] = i
    return named


def _span(rows: list[Row]) -> str:
    first, last = rows[0].number, rows[-1].number
    return (
        _("row {row}", row=first)
        if first == last
        else _("rows {first}–{last}", first=first, last=last)
    )


def unrecognised_layout(path: str, sheets: list[Sheet]) -> SourceError:
    """The unusable-input error of a file without an indicator header (exit 2 in the CLI)."""
    looked: list[str] = []
    start: tuple[Sheet, Row] | None = None
    nearest: tuple[Sheet, Row, dict[Column, int]] | None = None
    for sheet in sheets:
        content = [row for row in sheet.rows if not row.empty]
        notes = [row for row in content if _first_cell(row).startswith("#")]
        rows = [row for row in content if row not in notes]
        if not rows:
            continue
        where = _span(rows)
        if notes:
            where += _(" ({notes}: # note lines)", notes=_span(notes))
        looked.append(
            _("sheet {sheet}, {rows}", sheet=sheet.name, rows=where) if sheet.name else where
        )
        start = start or (sheet, rows[0])
        for row in rows:
            named = _named(row)
            if named and (nearest is None or len(named) > len(nearest[2])):
                nearest = (sheet, row, named)
    needed = expected_names(NEEDED)
    if start is None:
        where = sheets[0].where if sheets else path
        return table_error(where, 1, _("unrecognised layout: the file holds no rows"), column=1)
    if nearest is None:
        sheet, row = start
        message = _(
            "unrecognised layout: no indicator header row in {rows}, none names an indicator "
            "column; expected a row naming {needed}",
            rows="; ".join(looked),
            needed=needed,
        )
        return table_error(sheet.where, row.number, message, column=1)
    sheet, row, named = nearest
    missing = [c for c in (Column.LEVEL3, Column.TARGET) if c not in named]
    if Column.TARGET in missing and (Column.ACTUAL in named or Column.LONG_TARGET in named):
        missing.remove(Column.TARGET)
    message = _(
        "unrecognised layout: no indicator header row in {rows}; the nearest, row {row}, names "
        "{named} but not {missing}; expected a row naming {needed}",
        rows="; ".join(looked),
        row=row.number,
        named=expected_names(tuple(named)),
        missing=expected_names(tuple(missing)) if missing else _("enough of them"),
        needed=needed,
    )
    return table_error(sheet.where, row.number, message, column=min(named.values()) + 1)
