"""Finding the indicator header of a table: by name, over two rows, or from the rows alone.

A header row names at least the indicator (三级指标 / 指标名称) and its target or actual value
(指标值, 年度指标值, 实际完成值 … see `columns`); 一级/二级指标 columns are looked for but not
required (部门整体 tables list indicators flat). A second header row under it (年度指标值 over
指标性质 · 指标值 · 度量单位; 自评得分 over 单项指标得分 · 权重占比) refines the columns it spans.

A fragment with no header at all (a table's tail, prose turned into rows) is read when its rows
start with level labels: the columns are then told apart by what they hold.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..tables.grid import Row
from .columns import PERIOD_WORDS, Column, column_of, fold, grade_columns
from .levels import read_label

_VALUE_COLUMNS = (Column.TARGET, Column.ACTUAL, Column.LONG_TARGET, Column.GRADE_EXCELLENT)
_OPERATORS = frozenset({"≥", "≤", "=", ">", "<", ">=", "<=", "≧", "≦", "═", "﹦", "定性", "定量"})
_UNIT = re.compile(r"^(?:%|‰|[\u4e00-\u9fff]{1,3}|[a-zA-Z]{1,3}|元/[\u4e00-\u9fff]+)$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Header:
    """The columns of an indicator table; `rows` is how many rows the header takes (0: none)."""

    columns: dict[Column, int]
    width: int
    rows: int
    unread: tuple[tuple[int, str], ...] = ()  # header cells that name no known column


def header_of(row: Row, below: Row | None) -> Header | None:
    """The header at this row (with the row below when it is a second header row), or None."""
    columns = _columns(row.cells)
    valued = any(c in columns for c in _VALUE_COLUMNS)
    if Column.LEVEL3 not in columns or not (valued or (below and grade_columns(below.cells))):
        return None  # (a tier table may print no 指标值: its tiers, on the row below, are)
    width = len(row.cells)
    rows = 1
    cells = list(row.cells)
    periods = {} if below is None else _periods(cells, below)
    if below is not None and _is_subheader(below, columns, periods):
        # The second row's names win; a column it leaves empty keeps the name above it, or
        # the name of the merged cell it sits under.
        width = max(width, len(below.cells))
        columns = _columns(below.cells)
        for period, i in periods.items():
            columns.setdefault(period, i)
        parent = ""
        for i in range(width):
            top = cells[i] if i < len(cells) else ""
            parent = top or parent
            if i in columns.values() or below.cell(i):
                continue
            column = column_of(top or parent)
            if column is not None and column not in columns:
                columns[column] = i
        rows = 2
    unread = tuple(
        (i, cell)
        for i, cell in enumerate(row.cells)
        if cell and column_of(cell) is None and i > 0 and i not in columns.values()
    )
    return Header(columns, width, rows, unread)


def _columns(cells: tuple[str, ...]) -> dict[Column, int]:
    columns: dict[Column, int] = grade_columns(cells)
    for i, cell in enumerate(cells):
        column = column_of(cell)
        if column is not None and column not in columns:
            columns[column] = i
    return columns


def _periods(top: list[str], below: Row) -> dict[Column, int]:
    """The periods (`中长期`, `年度`) the second row names under the 指标值 of the first, merged
    across them: the only place those words name a column."""
    found: dict[Column, int] = {}
    parent = ""
    for i, cell in enumerate(below.cells):
        parent = (top[i] if i < len(top) else "") or parent
        column = PERIOD_WORDS.get(fold(cell))
        if column is not None and column_of(parent) is Column.TARGET:
            found.setdefault(column, i)
    return found


def _is_subheader(row: Row, columns: dict[Column, int], periods: dict[Column, int]) -> bool:
    filled = [c for c in row.cells if c]
    tiers = grade_columns(row.cells)
    named = [c for i, c in enumerate(row.cells) if c and (column_of(c) or i in periods.values())]
    named += [""] * len(tiers)
    return (
        len(named) >= max(1, len(filled) // 2)
        # (a 三级指标 cell merged down from the row above is the header's, not a name)
        and (not row.cell(columns.get(Column.LEVEL3)) or row.is_merged_copy(columns[Column.LEVEL3]))
        and not any(read_label(c, level=1) for c in filled)
        # A text that names nothing under a column the header names is that column's data: the
        # first project's row, whose goal happens to read like a header word (`项目`).
        and not any(
            row.cell(i)
            and column_of(row.cell(i)) is None
            and i not in periods.values()
            and not row.is_merged_copy(i)
            for i in columns.values()
        )
    )


def _is_label(text: str, level: int) -> bool:
    label = read_label(text, level=level) if text else None
    return label is not None and label.known


def _kind(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).strip()
    if not folded:
        return ""
    if folded in _OPERATORS:
        return "operator"
    if _NUMBER.match(folded):
        return "number"
    if _UNIT.match(folded) and not read_label(folded, level=2):
        return "unit"
    return "value"


def headerless(rows: list[Row]) -> tuple[dict[Column, int], int] | None:
    """Columns of a fragment without a header, and the index of its first table row.

    The first cells of its rows are level labels (一级 in the first column, 二级 in the second,
    or a row shifted one column right); after the indicator name, a column of comparators is
    指标性质, a column of units 度量单位, the value columns are 指标值 then 实际完成值, and two
    number columns at the end 分值 and 得分.
    """
    labelled = [
        n for n, row in enumerate(rows) if _is_label(row.cell(0), 1) or _is_label(row.cell(1), 2)
    ]
    if len(labelled) < 2:
        return None
    first = labelled[0]
    while first > 0 and not rows[first - 1].cell(0) and rows[first - 1].cell(2):
        first -= 1  # the tail of a block whose label rows were cut off above
    body: list[Row] = []
    for row in rows[first:]:
        if fold(row.cell(0)).startswith(("合计", "总分", "总计")):
            break
        body.append(row)
    width = max(len(row.cells) for row in body)
    kinds: list[str] = []
    for i in range(3, width):
        seen = {_kind(row.cell(i)) for row in body} - {""}
        if not seen:
            kinds.append("")
        elif seen <= {"operator"}:
            kinds.append("operator")
        elif seen <= {"unit"}:
            kinds.append("unit")
        elif seen <= {"number"}:
            kinds.append("number")
        else:
            kinds.append("value")
    columns: dict[Column, int] = {Column.LEVEL1: 0, Column.LEVEL2: 1, Column.LEVEL3: 2}
    numbers = [i + 3 for i, kind in enumerate(kinds) if kind == "number"]
    values = [i + 3 for i, kind in enumerate(kinds) if kind == "value"]
    for i, kind in enumerate(kinds):
        if kind == "operator" and Column.NATURE not in columns:
            columns[Column.NATURE] = i + 3
        elif kind == "unit" and Column.UNIT not in columns:
            columns[Column.UNIT] = i + 3
    # Trailing number columns: 分值 and 得分; a number column before them is a value.
    trailing = [i for i in numbers if all(j < i for j in values)]
    if len(trailing) >= 2:
        columns[Column.WEIGHT], columns[Column.POINTS] = trailing[-2], trailing[-1]
        values = sorted(values + [i for i in numbers if i not in trailing[-2:]])
    else:
        values = sorted(values + numbers)
    if not values:
        return None
    columns[Column.TARGET] = values[0]
    if len(values) > 1:
        columns[Column.ACTUAL] = values[1]
    return columns, first
