"""Format stage for the budget tables: a Budget → its canonical `部门预算 { … }` block.

Every table is written as a block with its title, unit and column headings, then its rows as
published (序号, 科目编码, 科目名称, one amount per column); then the explanation's figures and
changes, then the 政府采购 rows. Comments are kept; the repairs made while reading a PDF's
text are not written (the figures are written as repaired).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from .budget import (
    CHANGE_LABELS,
    FIGURE_LABELS,
    TABLE_WORDS,
    Amount,
    Budget,
    BudgetRow,
    BudgetTable,
    Side,
)
from .parser.literals import comment_lines, quote, value_literal

INDENT = "  "
EMPTY = "-"
_ROW_WORDS = {Side.ROW: "行", Side.INCOME: "收入", Side.EXPENDITURE: "支出"}


def _word(text: str) -> str:
    """A word bare where it reads back unchanged as a budget cell, else quoted (a bare `-` is
    the empty cell)."""
    return quote(text) if text == EMPTY else value_literal(text)


_PLAIN_SLOT = re.compile(r"\d[\d.]*")
_PLAIN_UNITS = frozenset({"元", "万元", "亿元"})


def _slot(text: str) -> str:
    """序号 and 科目编码: bare when they are digits (`4`, `2010301`), `-` when empty, else quoted
    (a word might read as a keyword)."""
    if not text:
        return EMPTY
    return text if _PLAIN_SLOT.fullmatch(text) else quote(text)


def _number(value: Decimal | None) -> str:
    return EMPTY if value is None else format(value, "f")


def _cell(amount: Amount) -> str:
    """An amount as published: its text when that reads back as the same number."""
    from .parser.budget_transform import is_amount

    if amount.value is None:
        return quote(amount.text) if amount.text else EMPTY
    if is_amount(amount.text) and Decimal(amount.text) == amount.value:
        return amount.text
    return format(amount.value, "f")


def _label(key: str, labels: dict[str, str]) -> str:
    return _word(labels.get(key, key))


def format_budget(budget: Budget) -> list[str]:
    """The lines of the budget block."""
    lines = comment_lines(budget.comments, "")
    lines.append("部门预算 {")
    if budget.department:
        lines.append(f"{INDENT}部门 {quote(budget.department)}")
    if budget.year is not None:
        lines.append(f"{INDENT}年度 {budget.year}")
    opened = len(budget.comments) + 1  # the lines up to the opening brace

    def gap() -> None:  # a blank line between groups, none right after the opening brace
        if len(lines) > opened:
            lines.append("")

    for table in budget.tables:
        gap()
        lines += _table(table)
    if budget.figures or budget.changes:
        gap()
    for figure in budget.figures:
        lines += comment_lines(figure.comments, INDENT)
        lines.append(
            f"{INDENT}说明 {_label(figure.key, FIGURE_LABELS)} {_number(figure.value)} "
            f"{quote(figure.text)}"
        )
    for change in budget.changes:
        lines += comment_lines(change.comments, INDENT)
        parts = [
            f"{INDENT}增减 {_label(change.key, CHANGE_LABELS)} {_number(change.amount)}",
            quote(change.text),
        ]
        if change.this_year is not None:
            parts.append(f"本年 {_number(change.this_year)}")
        if change.last_year is not None:
            parts.append(f"上年 {_number(change.last_year)}")
        if change.parts_of:
            parts.append(f"所属 {_label(change.parts_of, CHANGE_LABELS)}")
        lines.append(" ".join(parts))
    if budget.procurement or budget.procurement_total is not None:
        gap()
    for item in budget.procurement:
        lines += comment_lines(item.comments, INDENT)
        cells = [
            quote(item.project),
            _number(item.project_budget),
            quote(item.item),
            quote(item.catalogue),
            quote(item.unit),
            _number(item.quantity),
            _number(item.unit_price),
            _number(item.amount),
        ]
        lines.append(f"{INDENT}政府采购 {' '.join(cells)}")
    if budget.procurement_total is not None:
        lines.append(f"{INDENT}政府采购合计 {_number(budget.procurement_total)}")
    lines += comment_lines(budget.end_comments, INDENT)
    lines.append("}")
    return lines


def _table(table: BudgetTable) -> list[str]:
    pad = INDENT * 2
    lines = comment_lines(table.comments, INDENT)
    lines.append(f"{INDENT}表 {TABLE_WORDS[table.kind]} {quote(table.title)} {{")
    lines.append(f"{pad}单位 {table.unit if table.unit in _PLAIN_UNITS else quote(table.unit)}")
    if table.pages != 1:
        lines.append(f"{pad}页数 {table.pages}")
    if table.two_sided:
        lines.append(_headings(pad + "收入栏", table.side_columns(Side.INCOME)))
        lines.append(_headings(pad + "支出栏", table.side_columns(Side.EXPENDITURE)))
    else:
        lines.append(_headings(pad + "栏", table.columns))
    for row in table.rows:
        lines += comment_lines(row.comments, pad)
        lines.append(pad + _row(row))
    if table.note:
        lines.append(f"{pad}注 {quote(table.note)}")
    lines += comment_lines(table.end_comments, pad)
    lines.append(f"{INDENT}}}")
    return lines


def _headings(head: str, columns: Iterable[str]) -> str:
    return " ".join([head, *(quote(c) for c in columns)])


def _row(row: BudgetRow) -> str:
    cells = [_ROW_WORDS[row.side], _slot(row.number), _slot(row.code), quote(row.name)]
    cells += [_cell(a) for a in row.amounts]
    return " ".join(cells)
