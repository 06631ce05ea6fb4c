"""Budget tie-out rules (B001–B006): totals, class sums, column sums, "三公" parts, figures across
tables, and balance. They read the disclosure's budget tables and say nothing without them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from ...i18n import N_, _
from ...language.budget import BudgetRow, BudgetTable, Side, TableKind, plain_name
from ..context import CheckedFile
from ..registry import REGISTRY, Hit
from .budget_common import (
    ZERO,
    at,
    at_amount,
    cell_value,
    children,
    first_amount,
    show,
    side_value,
    table,
    tables,
    top_rows,
    total_of,
    total_row,
)


@REGISTRY.rule("B001", "budget.total-not-sum", "error")
def total_not_sum(file: CheckedFile) -> Iterator[Hit]:
    """A table's total is not the sum of its parts.

    The 合计 row of a table by classification code is the sum of its 类 rows, column by column;
    in 收支总表 and 财政拨款收支总表 本年收入合计 and 本年支出合计 add up the rows above them,
    收入总计 / 支出总计 add the year's carry-over (结转结余) to them, and the carry-over is the sum
    of its sources where they are listed below it.

    Problem (支出总表):

        1    合计              3348.56
        2    201  一般公共服务支出  2923.28
        8    207  文化旅游体育与传媒支出  20.04   … the classes add up to 3348.66

    Fix: correct the class or the total so that the classes add up to the total.
    """
    for t in tables(file.budget):
        if t.kind is TableKind.THREE_PUBLIC:
            continue
        total = total_row(t)
        classes = top_rows(t)
        if total is not None and classes:
            yield from _not_sums(
                t,
                total,
                classes,
                t.columns,
                N_("{table}: {row} {column} {value} is not the sum of its classes {expected}"),
            )
        for side in (Side.INCOME, Side.EXPENDITURE):
            yield from _side_totals(t, side)


def _side_totals(t: BudgetTable, side: Side) -> Iterator[Hit]:
    rows = list(t.side(side))
    year_total = next(
        (i for i, r in enumerate(rows) if plain_name(r.name).startswith("本年")), None
    )
    if year_total is None:
        return
    subtotal = rows[year_total]
    parts = rows[:year_total]
    columns = [a.column for a in subtotal.amounts]
    yield from _not_sums(
        t,
        subtotal,
        parts,
        columns,
        N_("{table}: {row} {value} is not the sum of the rows above it {expected}"),
    )
    grand = next((r for r in rows[year_total + 1 :] if plain_name(r.name).endswith("总计")), None)
    carry = rows[year_total + 1] if year_total + 1 < len(rows) else None
    if grand is None or carry is None or carry is grand:
        return
    carried = rows[year_total + 2 : rows.index(grand)]  # 年初结转 by source, where listed
    if carried:
        yield from _not_sums(
            t,
            carry,
            carried,
            columns,
            N_("{table}: {row} {value} is not the sum of its sources below it {expected}"),
        )
    for column in columns:
        expected = subtotal.value(column) + carry.value(column)
        if grand.value(column) != expected:
            yield at_amount(
                grand,
                column,
                _(
                    "{table}: {row} {value} is not {subtotal} {subtotal_value} + {carry} "
                    "{carry_value}",
                    table=t.title,
                    row=grand.name,
                    value=show(grand.value(column)),
                    subtotal=subtotal.name,
                    subtotal_value=show(subtotal.value(column)),
                    carry=carry.name,
                    carry_value=show(carry.value(column)),
                ),
            )


def _not_sums(
    t: BudgetTable,
    row: BudgetRow,
    addends: Sequence[BudgetRow],
    columns: Iterable[str],
    message: str,
    **named: object,
) -> Iterator[Hit]:
    """`row` against the sum of `addends`, column by column: a hit at each amount that differs.
    `message` (marked with N_) may name table, row, column, value and expected, and `named`."""
    for column in columns:
        expected = total_of(addends, column)
        if row.value(column) != expected:
            yield at_amount(
                row,
                column,
                _(
                    message,
                    table=t.title,
                    row=row.name,
                    column=column,
                    value=show(row.value(column)),
                    expected=show(expected),
                    **named,
                ),
            )


@REGISTRY.rule("B002", "budget.class-not-sum", "error")
def class_not_sum(file: CheckedFile) -> Iterator[Hit]:
    """A 类 is not the sum of its 款, or a 款 is not the sum of its 项.

    Codes nest: 201 一般公共服务支出 > 20103 政府办公厅（室）及相关机构事务 > 2010301
    行政运行. Where a table lists the rows below a code, they add up to it in every amount
    column.

    Problem:

        20103    政府办公厅（室）及相关机构事务  2385.58
        2010301  行政运行                       1999.58
        2010302  一般行政管理事务               386.10

    Fix: correct the 项 or the 款 (here 386.00).
    """
    for t in tables(file.budget):
        for parent in t.coded():
            parts = children(t, parent)
            if not parts:
                continue
            yield from _not_sums(
                t,
                parent,
                parts,
                t.columns,
                N_("{table}: {code} {name} {column} {value} is not {parts} = {expected}"),
                code=parent.code,
                name=parent.name,
                parts=" + ".join(p.code for p in parts),
            )


# Column groups: the total column and the columns that make it up, by table.
_COLUMN_SUMS: dict[TableKind, tuple[tuple[str, tuple[str, ...]], ...]] = {
    TableKind.INCOME: (
        ("合计", ("本年收入小计", "上年结转")),
        (
            "本年收入小计",
            (
                "财政拨款收入",
                "财政专户收入",
                "事业收入",
                "经营收入",
                "上级补助收入",
                "附属单位上缴收入",
                "其他收入",
            ),
        ),
    ),
    TableKind.EXPENDITURE: (
        ("合计", ("基本支出", "项目支出", "经营支出", "上解上级支出", "对附属单位补助支出")),
    ),
    TableKind.FISCAL_SUMMARY: (
        ("合计", ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")),
    ),
    TableKind.GENERAL: (("合计", ("基本支出", "项目支出")),),
    TableKind.GENERAL_BASIC: (("合计", ("人员经费", "公用经费")),),
    TableKind.FUND: (("合计", ("基本支出", "项目支出")),),
    TableKind.STATE_CAPITAL: (("合计", ("基本支出", "项目支出")),),
    TableKind.THREE_PUBLIC: (
        ("合计", ("一般公共预算财政拨款", "政府性基金预算拨款", "国有资本经营预算财政拨款")),
    ),
}


@REGISTRY.rule("B003", "budget.columns-not-sum", "error")
def columns_not_sum(file: CheckedFile) -> Iterator[Hit]:
    """A row's 合计 column is not the sum of its part columns.

    合计 = 基本支出 + 项目支出 in the expenditure tables, 合计 = 人员经费 + 公用经费 in the basic
    expenditure table (so 基本支出 = 人员经费 + 公用经费), 合计 = the funding sources in 收入总表,
    财政拨款收支总表 and the "三公" table.

    Problem (基本支出表):

        1  合计  2224.48  855.60  1368.80

    Fix: 人员经费 + 公用经费 must give 合计: 855.60 + 1368.88 = 2224.48.
    """
    for t in tables(file.budget):
        for total_column, parts in _COLUMN_SUMS.get(t.kind, ()):
            present = [p for p in parts if p in t.columns]
            if total_column not in t.columns or not present:
                continue
            for row in t.rows:
                if row.amount(total_column) is None:
                    continue
                expected = sum((row.value(p) for p in present), ZERO)
                if row.value(total_column) != expected:
                    label = row.code or plain_name(row.name)
                    yield at_amount(
                        row,
                        total_column,
                        _(
                            "{table}: {row} {column} {value} is not {parts} = {expected}",
                            table=t.title,
                            row=label,
                            column=total_column,
                            value=show(row.value(total_column)),
                            parts=" + ".join(present),
                            expected=show(expected),
                        ),
                    )


_THREE_PUBLIC_PARTS: tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = (
    (
        ('"三公"经费小计', "三公经费小计"),
        (
            ("因公出国(境)费",),
            ("公务用车购置及运维费", "公务用车购置及运行维护费"),
            ("公务接待费",),
        ),
    ),
    (
        ("公务用车购置及运维费", "公务用车购置及运行维护费"),
        (("公务用车购置费",), ("公务用车运行维护费", "公务用车运维费")),
    ),
    (("因公出国(境)费",), (("教学科研人员因公出国(境)费",), ("其他因公出国(境)费",))),
    (("合计",), (('"三公"经费小计', "三公经费小计"),)),
)


@REGISTRY.rule("B004", "budget.three-public-not-sum", "error")
def three_public_not_sum(file: CheckedFile) -> Iterator[Hit]:
    """The "三公" total is not 因公出国（境）费 + 公务用车购置及运维费 + 公务接待费.

    In the 财政拨款"三公"经费支出表, the 小计 adds its three parts, 公务用车购置及运维费
    adds 公务用车购置费 and 公务用车运行维护费, and 因公出国（境）费 adds its two 其中 rows
    where they are given.

    Problem:

        2  "三公"经费小计      180.00
        3  一、因公出国(境)费
        6  二、公务用车购置及运维费  156.00
        9  三、公务接待费      34.00

    Fix: 0 + 156.00 + 24.00 = 180.00: the reception figure is 24.00.
    """
    t = table(file.budget, TableKind.THREE_PUBLIC)
    if t is None:
        return
    for total_names, groups in _THREE_PUBLIC_PARTS:
        total = t.named(*total_names)
        parts = [t.named(*names) for names in groups]
        found = [p for p in parts if p is not None]
        if total is None or not found:
            continue
        if len(found) < len(parts) and not any(a.text for p in found for a in p.amounts):
            continue
        for column in t.columns:
            expected = total_of(found, column)
            if total.value(column) != expected:
                yield at_amount(
                    total,
                    column,
                    _(
                        "{table}: {row} {column} {value} is not {parts} = {expected}",
                        table=t.title,
                        row=plain_name(total.name),
                        column=column,
                        value=show(total.value(column)),
                        parts=" + ".join(plain_name(p.name) for p in found),
                        expected=show(expected),
                    ),
                )


def _income(file: CheckedFile, kind: TableKind, *names: str) -> tuple[Decimal, BudgetRow] | None:
    return side_value(table(file.budget, kind), Side.INCOME, *names)


def _cross_pairs(file: CheckedFile) -> Iterator[tuple[str, Decimal, BudgetRow, str, str, Decimal]]:
    """(label, value, row, column, where, other value): one figure as two tables give it."""
    summary = TableKind.SUMMARY
    fiscal = TableKind.FISCAL_SUMMARY
    general = table(file.budget, TableKind.GENERAL)
    fund = table(file.budget, TableKind.FUND)
    capital = table(file.budget, TableKind.STATE_CAPITAL)
    income = table(file.budget, TableKind.INCOME)
    expenditure = table(file.budget, TableKind.EXPENDITURE)
    basic = table(file.budget, TableKind.GENERAL_BASIC)
    fiscal_table = table(file.budget, fiscal)
    sources = (
        (
            "一般公共预算拨款",
            ("一般公共预算拨款收入", "一般公共预算拨款"),
            general,
            "一般公共预算财政拨款",
        ),
        (
            "政府性基金预算拨款",
            ("政府性基金预算拨款收入", "政府性基金预算拨款"),
            fund,
            "政府性基金预算财政拨款",
        ),
        (
            "国有资本经营预算拨款",
            ("国有资本经营预算拨款收入", "国有资本经营预算拨款"),
            capital,
            "国有资本经营预算财政拨款",
        ),
    )
    for label, names, spending, fiscal_column in sources:
        in_summary = _income(file, summary, *names)
        in_fiscal = _income(file, fiscal, *names)
        if in_summary and in_fiscal:
            yield label, in_fiscal[0], in_fiscal[1], "金额", "收支总表", in_summary[0]
        spending_total = total_row(spending) if spending is not None else None
        if in_fiscal and spending is not None:
            value = spending_total.value("合计") if spending_total is not None else ZERO
            if spending_total is not None:
                yield label, value, spending_total, "合计", "财政拨款收支总表", in_fiscal[0]
            elif in_fiscal[0] != ZERO:
                yield label, ZERO, in_fiscal[1], "金额", spending.title, in_fiscal[0]
        if fiscal_table is not None and spending_total is not None:
            year = fiscal_table.named("本年支出合计", side=Side.EXPENDITURE)
            if year is not None and year.amount(fiscal_column) is not None:
                yield (
                    label,
                    spending_total.value("合计"),
                    spending_total,
                    "合计",
                    "财政拨款收支总表本年支出合计",
                    year.value(fiscal_column),
                )
    summary_table = table(file.budget, summary)
    if summary_table is not None:
        for t, side, name in (
            (income, Side.INCOME, "本年收入合计"),
            (expenditure, Side.EXPENDITURE, "本年支出合计"),
        ):
            total = total_row(t) if t is not None else None
            row = summary_table.named(name, side=side)
            if t is not None and total is not None and row is not None:
                yield (
                    t.title + "合计",
                    total.value("合计"),
                    total,
                    "合计",
                    f"收支总表{name}",
                    cell_value(first_amount(row)),
                )
        if expenditure is not None:
            for row in summary_table.side(Side.EXPENDITURE):
                match = next(
                    (
                        r
                        for r in top_rows(expenditure)
                        if plain_name(r.name) == plain_name(row.name)
                    ),
                    None,
                )
                if match is not None:
                    yield (
                        match.name,
                        cell_value(first_amount(row)),
                        row,
                        "预算数",
                        "支出总表",
                        match.value("合计"),
                    )
    if fiscal_table is not None:
        for row in _class_rows(fiscal_table):
            for spending, column in (
                (general, "一般公共预算财政拨款"),
                (fund, "政府性基金预算财政拨款"),
            ):
                if spending is None:
                    continue
                match = next(
                    (r for r in top_rows(spending) if plain_name(r.name) == plain_name(row.name)),
                    None,
                )
                if match is not None or row.value(column) != ZERO:
                    other = match.value("合计") if match is not None else ZERO
                    yield (
                        plain_name(row.name),
                        row.value(column),
                        row,
                        column,
                        spending.title,
                        other,
                    )
    if income is not None and expenditure is not None:
        spent = {r.code: r for r in expenditure.coded()}
        for row in income.coded():
            if row.code in spent:
                yield (
                    f"{row.code} {row.name}",
                    row.value("合计"),
                    row,
                    "合计",
                    "支出总表",
                    spent[row.code].value("合计"),
                )
    if expenditure is not None and general is not None:
        total = total_row(expenditure)
        for column in ("基本支出", "项目支出"):
            parts = [total_row(t) for t in (general, fund, capital) if t is not None]
            fiscal_sum = sum((p.value(column) for p in parts if p is not None), ZERO)
            if total is not None and income is not None and _all_fiscal(income):
                yield (
                    f"{column}合计",
                    total.value(column),
                    total,
                    column,
                    "一般公共预算、政府性基金、国有资本经营支出表之和",
                    fiscal_sum,
                )
    if general is not None and basic is not None:
        g, b = total_row(general), total_row(basic)
        if g is not None and b is not None:
            yield (
                "一般公共预算基本支出",
                b.value("合计"),
                b,
                "合计",
                "一般公共预算财政拨款支出表",
                g.value("基本支出"),
            )


def _class_rows(t: BudgetTable) -> list[BudgetRow]:
    """The expenditure rows of a two-sided table above 本年支出合计: one per function class."""
    rows: list[BudgetRow] = []
    for row in t.side(Side.EXPENDITURE):
        if plain_name(row.name).startswith("本年"):
            break
        rows.append(row)
    return rows


def _all_fiscal(income: BudgetTable) -> bool:
    """Whether all income is 财政拨款 (then the fiscal tables add up to the department's)."""
    total = total_row(income)
    return total is not None and total.value("合计") == total.value("财政拨款收入")


@REGISTRY.rule("B005", "budget.figure-disagrees-across-tables", "error")
def figure_disagrees_across_tables(file: CheckedFile) -> Iterator[Hit]:
    """One figure is given differently by two tables.

    收支总表's 一般公共预算拨款 = 财政拨款收支总表's = the 一般公共预算财政拨款支出表's
    合计; each class in 收支总表 = its row in 支出总表; the same code has the same 合计 in
    收入总表 and 支出总表; 基本支出表's 合计 = 一般公共预算支出表's 基本支出; where all income
    is 财政拨款, 支出总表's 基本支出 and 项目支出 are the sums of the three fiscal expenditure
    tables.

    Problem: 收支总表 says 一般公共预算拨款收入 3344.56, 财政拨款收支总表 says 3334.56.

    Fix: correct the table that was not updated.
    """
    for label, value, row, column, where, other in _cross_pairs(file):
        if value != other:
            yield at_amount(
                row,
                column,
                _(
                    "{label} is {value} here but {other} in {where}",
                    label=label,
                    value=show(value),
                    other=show(other),
                    where=where,
                ),
            )


@REGISTRY.rule("B006", "budget.unbalanced", "error")
def unbalanced(file: CheckedFile) -> Iterator[Hit]:
    """收入总计 does not equal 支出总计.

    A department budget balances: in 收支总表 and 财政拨款收支总表 the income total equals the
    expenditure total (本年收入合计 = 本年支出合计 when nothing is carried over).

    Problem:

        34  收入总计  3348.56  支出总计  3346.56

    Fix: find the missing 2.00 on the expenditure side.
    """
    for kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
        t = table(file.budget, kind)
        if t is None:
            continue
        income = t.named("收入总计", side=Side.INCOME)
        spending = t.named("支出总计", side=Side.EXPENDITURE)
        if income is None or spending is None:
            continue
        a, b = cell_value(first_amount(income)), cell_value(first_amount(spending))
        if a != b:
            amount = first_amount(spending)
            span = amount.span if amount is not None else spending.span
            yield at(
                span,
                _(
                    "{table}: 支出总计 {spending} does not balance 收入总计 {income}",
                    table=t.title,
                    spending=show(b),
                    income=show(a),
                ),
            )
