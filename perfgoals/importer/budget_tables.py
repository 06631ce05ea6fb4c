"""Budget-disclosure text → the nine budget tables (部门预算收支总表 … "三公"经费支出表).

Each table starts at its title line and runs over pages; every page repeats the unit line
(`111 开发区综合办`), 预算年度, 单位：万元 and the column header (序号 … 栏次). Extraction from the
PDF leaves marks that are undone here, each recorded as a `Repair`:

- a row whose cells wrapped across a page break goes on in a row right after the repeated
  header with no 序号: each non-empty cell is appended to the same cell of the row above
  (`2101` + `101` → `2101101`, `40.5` + `0` → `40.50`, `社会保障和就业支` + `出`);
- a line break inside a cell leaves a space in codes and numbers (`2010 301`, `3348 .56`,
  `69.6 0`) and in names (`社会保障和就 业支出`): the space is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..language.budget import (
    TABLE_TITLES,
    Amount,
    BudgetRow,
    BudgetTable,
    Repair,
    Side,
    TableKind,
)
from ..language.errors import Span

# A title line, without TAB and without the table of contents' dots.
_TITLES: tuple[tuple[TableKind, re.Pattern[str]], ...] = (
    (TableKind.SUMMARY, re.compile(r"^部门预算收支总表$")),
    (TableKind.INCOME, re.compile(r"^部门预算收入总表$")),
    (TableKind.EXPENDITURE, re.compile(r"^部门预算支出总表$")),
    (TableKind.FISCAL_SUMMARY, re.compile(r"^(?:部门预算)?财政拨款收支总表$")),
    (TableKind.GENERAL_BASIC, re.compile(r"^(?:部门预算)?一般公共预算财政拨款基本支出表$")),
    (TableKind.GENERAL, re.compile(r"^(?:部门预算)?一般公共预算财政拨款支出表$")),
    (TableKind.FUND, re.compile(r"^(?:部门预算)?政府性?基金预算财政拨款支出表$")),
    (TableKind.STATE_CAPITAL, re.compile(r"^(?:部门预算)?国有资本经营预算财政拨款支出表$")),
    (TableKind.THREE_PUBLIC, re.compile(r"^(?:部门预算)?财政拨款[“\"]?三公[”\"]?经费支出表$")),
)
# Page furniture repeated on every page, outside the table's rows.
_FURNITURE = re.compile(r"^(?:\d{3,}\s+\S.*|预算年度?[:：]?.*|单位[:：].*|\d{4})$")


def furniture(line: str) -> bool:
    """Page furniture, or a piece of the `预算年度：` label that text extraction broke across
    lines (`预算年` / `度：`)."""
    core = line.rstrip(":：")
    return bool(_FURNITURE.match(line)) or (bool(core) and core in "预算年度")


def read_past(line: str) -> bool:
    """A line inside a table that does not end it: page furniture, or a `#` suppression
    written above a row (docs/budget.md)."""
    return furniture(line) or line.startswith("#")


_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_SPACED = re.compile(r"\s+")


def title_kind(line: str) -> TableKind | None:
    """The table a line is the title of (None for any other line)."""
    if "\t" in line:
        return None
    text = _SPACED.sub("", line)
    for kind, pattern in _TITLES:
        if pattern.match(text):
            return kind
    return None


@dataclass
class _Cell:
    text: str
    line: int
    column: int  # 1-based, code points
    end_column: int

    @property
    def span(self) -> Span:
        return Span(
            line=self.line, column=self.column, end_line=self.line, end_column=self.end_column
        )


@dataclass
class _RawRow:
    cells: list[_Cell]
    line: int


@dataclass
class _Reading:
    kind: TableKind
    title_line: int
    header: list[list[str]] = field(default_factory=list)
    rows: list[_RawRow] = field(default_factory=list)
    note: str = ""
    pages: int = 0


def _split(line: str, number: int) -> list[_Cell]:
    cells: list[_Cell] = []
    start = 0
    for raw in line.rstrip("\r").split("\t"):
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        column = start + lead + 1
        cells.append(_Cell(text, number, column, column + len(text)))
        start += len(raw) + 1
    return cells


def read_budget_tables(lines: list[str]) -> tuple[list[BudgetTable], list[Repair], set[int]]:
    """The budget tables found in the text's lines, the repairs made, and the lines used."""
    readings: list[_Reading] = []
    repairs: list[Repair] = []
    current: _Reading | None = None
    in_header = False
    page_start = False
    used: set[int] = set()
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        kind = title_kind(line)
        if kind is not None:
            current = _Reading(kind, number)
            readings.append(current)
            used.add(number)
            in_header = False
            continue
        if current is None:
            continue
        if "\t" not in line:
            if read_past(stripped):
                used.add(number)
                continue
            if stripped.startswith("注"):
                current.note = stripped
                used.add(number)
                continue
            current = None  # the table ended: explanatory text or another section begins
            continue
        cells = _split(line, number)
        first = cells[0].text
        used.add(number)
        if first == "序号":
            in_header = True
            current.pages += 1
            if current.pages == 1:
                current.header.append([c.text for c in cells])
            continue
        if in_header:
            if first in ("栏次", "档次"):
                in_header, page_start = False, True
            elif current.pages == 1:
                current.header.append([c.text for c in cells])
            continue
        if page_start and not first and current.rows and any(c.text for c in cells):
            current.rows[-1].cells = _append(current.rows[-1].cells, cells, repairs)
            page_start = False
            continue
        page_start = False
        current.rows.append(_RawRow(cells, number))
    tables = [_build(r, repairs) for r in readings]
    return tables, sorted(repairs, key=lambda r: (r.span.line, r.span.column)), used


def _append(cells: list[_Cell], more: list[_Cell], repairs: list[Repair]) -> list[_Cell]:
    """A row continued after a page break: each non-empty cell joins the cell above."""
    out = list(cells)
    for i, cell in enumerate(more):
        if not cell.text:
            continue
        if i < len(out):
            base = out[i]
            out[i] = _Cell(base.text + cell.text, base.line, base.column, base.end_column)
            repairs.append(
                Repair(
                    kind="continued-row",
                    before=f"{base.text} + {cell.text}",
                    after=base.text + cell.text,
                    span=cell.span,
                )
            )
        else:
            out.append(cell)
    return out


def _columns(header: list[list[str]], width: int) -> list[str]:
    """Each column's heading: the lowest non-empty header cell, `本年收入` + `小计` joined."""
    names: list[str] = []
    for i in range(width):
        upper = ""
        lower = ""
        for row in header:
            text = _SPACED.sub("", row[i]) if i < len(row) else ""
            if text:
                upper, lower = (lower or upper), text
        if lower == "小计" and upper:
            lower = upper + lower
        names.append(lower)
    return names


def _build(reading: _Reading, repairs: list[Repair]) -> BudgetTable:
    width = max([len(h) for h in reading.header] + [len(r.cells) for r in reading.rows] + [1])
    headings = _columns(reading.header, width)
    rows: list[BudgetRow] = []
    income_columns = 0
    income_name, expenditure_name = _sides(headings)
    coded = "科目编码" in headings
    code_col = headings.index("科目编码") if coded else -1
    if coded:
        name_col = headings.index("科目名称") if "科目名称" in headings else code_col + 1
        amount_cols = list(range(name_col + 1, width))
        columns = [headings[i] for i in amount_cols]
        for raw in reading.rows:
            rows.append(_row(raw, Side.ROW, code_col, name_col, amount_cols, headings, repairs))
    elif expenditure_name > 0:
        income_cols = list(range(income_name + 1, expenditure_name))
        expense_cols = list(range(expenditure_name + 1, width))
        columns = [headings[i] for i in income_cols + expense_cols]
        income_columns = len(income_cols)
        for raw in reading.rows:
            for side, name_col, cols in (
                (Side.INCOME, income_name, income_cols),
                (Side.EXPENDITURE, expenditure_name, expense_cols),
            ):
                row = _row(raw, side, -1, name_col, cols, headings, repairs)
                if row.name or any(a.text for a in row.amounts):
                    rows.append(row)
    else:
        name_col = 1
        amount_cols = list(range(2, width))
        columns = [headings[i] for i in amount_cols]
        for raw in reading.rows:
            rows.append(_row(raw, Side.ROW, -1, name_col, amount_cols, headings, repairs))
    line = reading.title_line
    return BudgetTable(
        kind=reading.kind,
        title=TABLE_TITLES[reading.kind],
        columns=tuple(columns),
        income_columns=income_columns,
        rows=tuple(rows),
        note=reading.note,
        pages=max(reading.pages, 1),
        span=Span(line=line, column=1, end_line=line, end_column=1),
    )


def _sides(headings: list[str]) -> tuple[int, int]:
    """The name columns (项目) of a two-sided table's income and expenditure halves."""
    items = [i for i, h in enumerate(headings) if h == "项目"]
    return (items[0], items[1]) if len(items) >= 2 else (-1, -1)


def _cell(cells: list[_Cell], i: int) -> _Cell | None:
    return cells[i] if 0 <= i < len(cells) else None


def _row(
    raw: _RawRow,
    side: Side,
    code_col: int,
    name_col: int,
    amount_cols: list[int],
    headings: list[str],
    repairs: list[Repair],
) -> BudgetRow:
    first = raw.cells[0]
    code_cell = _cell(raw.cells, code_col)
    name_cell = _cell(raw.cells, name_col)
    code = ""
    if code_cell is not None and code_cell.text:
        code = _SPACED.sub("", code_cell.text)
        if code != code_cell.text:
            repairs.append(
                Repair(kind="split-code", before=code_cell.text, after=code, span=code_cell.span)
            )
    name = ""
    if name_cell is not None and name_cell.text:
        name = _SPACED.sub("", name_cell.text)
        if name != name_cell.text:
            repairs.append(
                Repair(kind="spaced-name", before=name_cell.text, after=name, span=name_cell.span)
            )
    amounts: list[Amount] = []
    for i in amount_cols:
        cell = _cell(raw.cells, i)
        text = cell.text if cell is not None else ""
        value, joined = _amount(text)
        span = cell.span if cell is not None else Span(line=raw.line)
        if joined != text and value is not None:
            repairs.append(Repair(kind="split-number", before=text, after=joined, span=span))
        amounts.append(
            Amount(
                column=headings[i],
                value=value,
                text=joined if value is not None else text,
                span=span,
            )
        )
    row_span = first.span
    return BudgetRow(
        number=first.text,
        side=side,
        code=code,
        name=name,
        amounts=tuple(amounts),
        span=row_span if side is not Side.EXPENDITURE or name_cell is None else name_cell.span,
        code_span=code_cell.span if code_cell is not None else row_span,
        name_span=name_cell.span if name_cell is not None else row_span,
    )


def _amount(text: str) -> tuple[Decimal | None, str]:
    """The value of an amount cell and its text with split digits rejoined; None when empty or
    not a number (the text is kept for the checker to report)."""
    if not text:
        return None, text
    joined = _SPACED.sub("", text).replace(",", "")
    if not _NUMBER.match(joined):
        return None, text
    try:
        return Decimal(joined), joined
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None, text
