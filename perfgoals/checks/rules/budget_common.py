"""Readings of the budget model shared by the budget (B) and cross-check (C) rules."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ...language.budget import Amount, Budget, BudgetRow, BudgetTable, Side, TableKind
from ...language.errors import Span
from ..registry import Hit

ZERO = Decimal(0)

TOTAL_NAMES = ("合计", "总计")


def show(number: Decimal) -> str:
    """An amount as the tables print it: two decimals (7.16, 180.00)."""
    return format(
        number.quantize(Decimal("0.01")) if number == number.quantize(Decimal("0.01")) else number,
        "f",
    )


def at(span: Span, message: str) -> Hit:
    """A hit at a place in the disclosure text; a suppression names that line."""
    return Hit(message, span, span.line)


def at_amount(row: BudgetRow, column: str, message: str) -> Hit:
    amount = row.amount(column)
    span = amount.span if amount is not None and amount.span.known else row.span
    return at(span, message)


def total_row(table: BudgetTable) -> BudgetRow | None:
    """The table's 合计 row (no code, named 合计)."""
    for row in table.rows:
        if not row.code and row.name in TOTAL_NAMES:
            return row
    return None


def children(table: BudgetTable, parent: BudgetRow) -> list[BudgetRow]:
    """The coded rows one level below `parent` (款 under 类, 项 under 款)."""
    length = {3: 5, 5: 7}.get(len(parent.code))
    if length is None:
        return []
    return [
        r
        for r in table.rows
        if r.side is parent.side and len(r.code) == length and r.code.startswith(parent.code)
    ]


def top_rows(table: BudgetTable) -> list[BudgetRow]:
    return [r for r in table.rows if len(r.code) == 3]


def total_of(rows: Iterable[BudgetRow], column: str) -> Decimal:
    return sum((r.value(column) for r in rows), ZERO)


def cell_value(amount: Amount | None) -> Decimal:
    return amount.value if amount is not None and amount.value is not None else ZERO


def tables(budget: Budget | None) -> tuple[BudgetTable, ...]:
    return budget.tables if budget is not None else ()


def table(budget: Budget | None, kind: TableKind) -> BudgetTable | None:
    return budget.table(kind) if budget is not None else None


def first_amount(row: BudgetRow) -> Amount | None:
    return row.amounts[0] if row.amounts else None


def side_value(
    table_: BudgetTable | None, side: Side, *names: str
) -> tuple[Decimal, BudgetRow] | None:
    """The first amount of the row named `names` on a side of a two-sided table."""
    if table_ is None:
        return None
    row = table_.named(*names, side=side)
    if row is None:
        return None
    return cell_value(first_amount(row)), row
