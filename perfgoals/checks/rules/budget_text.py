"""Budget rules on the explanatory text (B007, B008) and the 政府采购 table (B013)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from ...i18n import _
from ...language.budget import FIGURE_LABELS, Budget, Side, TableKind
from ..context import CheckedFile
from ..registry import REGISTRY, Hit
from .budget_common import ZERO, at, cell_value, first_amount, show, total_row

Lookup = Callable[[Budget], tuple[Decimal, str] | None]


def _side(kind: TableKind, side: Side, *names: str) -> Lookup:
    def find(budget: Budget) -> tuple[Decimal, str] | None:
        t = budget.table(kind)
        row = t.named(*names, side=side) if t is not None else None
        if t is None or row is None:
            return None
        return cell_value(first_amount(row)), f"{t.title} {row.name}"

    return find


def _total(kind: TableKind, column: str, *names: str) -> Lookup:
    def find(budget: Budget) -> tuple[Decimal, str] | None:
        t = budget.table(kind)
        if t is None:
            return None
        row = t.named(*names) if names else total_row(t)
        if row is None or row.amount(column) is None:
            return None
        return row.value(column), f"{t.title} {row.name or row.code} {column}"

    return find


_SUMMARY, _INCOME, _SPENDING = TableKind.SUMMARY, Side.INCOME, Side.EXPENDITURE
_THREE = TableKind.THREE_PUBLIC
# What each figure of the text restates, in the tables.
_RESTATES: dict[str, Lookup] = {
    "income_total": _side(_SUMMARY, _INCOME, "收入总计"),
    "income_general": _side(_SUMMARY, _INCOME, "一般公共预算拨款收入"),
    "income_fund": _side(_SUMMARY, _INCOME, "政府性基金预算拨款收入"),
    "income_state_capital": _side(_SUMMARY, _INCOME, "国有资本经营预算拨款收入"),
    "income_special": _side(_SUMMARY, _INCOME, "财政专户管理资金收入"),
    "income_other": _side(_SUMMARY, _INCOME, "其他收入"),
    "income_carryover": _side(_SUMMARY, _INCOME, "上年结转结余"),
    "expenditure_total": _side(_SUMMARY, _SPENDING, "支出总计"),
    "basic": _total(TableKind.EXPENDITURE, "基本支出"),
    "project": _total(TableKind.EXPENDITURE, "项目支出"),
    "personnel": _total(TableKind.GENERAL_BASIC, "人员经费"),
    "public": _total(TableKind.GENERAL_BASIC, "公用经费"),
    "operating": _total(TableKind.GENERAL_BASIC, "公用经费"),
    "three_public": _total(_THREE, "合计", '"三公"经费小计', "三公经费小计"),
    "abroad": _total(_THREE, "合计", "因公出国(境)费"),
    "vehicle": _total(_THREE, "合计", "公务用车购置及运维费", "公务用车购置及运行维护费"),
    "vehicle_purchase": _total(_THREE, "合计", "公务用车购置费"),
    "vehicle_running": _total(_THREE, "合计", "公务用车运行维护费", "公务用车运维费"),
    "reception": _total(_THREE, "合计", "公务接待费"),
}
# Sums the text states within itself: total = Σ parts.
_TEXT_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("expenditure_total", ("basic", "project")),
    ("basic", ("personnel", "public")),
    (
        "income_total",
        (
            "income_general",
            "income_fund",
            "income_state_capital",
            "income_special",
            "income_other",
            "income_carryover",
        ),
    ),
    ("three_public", ("abroad", "vehicle", "reception")),
    ("vehicle", ("vehicle_purchase", "vehicle_running")),
)


@REGISTRY.rule("B007", "budget.text-disagrees-with-tables", "error")
def text_disagrees_with_tables(file: CheckedFile) -> Iterator[Hit]:
    """A figure in the explanatory text disagrees with the tables or with the text's own sums.

    The 情况说明 restates the tables: 收入预算 = 收入总计, 基本支出 and 项目支出 =
    支出总表's, 人员经费 and 公用经费 = 基本支出表's, 机关运行经费 = 公用经费, the "三公"
    figures = the "三公" table's; and its own parts add up (支出预算 = 基本支出 + 项目支出,
    基本支出 = 人员经费 + 公用经费, "三公" = its three parts). Amounts written in 元 are
    compared in 万元.

    Problem: 基本支出2224.48万元，包括人员经费855.6万元和日常公用经费1368.80万元.

    Fix: 2224.48 − 855.60 = 1368.88: correct the text to the table's 公用经费.
    """
    budget = file.budget
    if budget is None:
        return
    for figure in budget.figures:
        lookup = _RESTATES.get(figure.key)
        found = lookup(budget) if lookup is not None else None
        if found is not None and found[0] != figure.value:
            yield at(
                figure.span,
                _(
                    "the text says {figure} {value}万元, {where} says {other}",
                    figure=FIGURE_LABELS[figure.key],
                    value=show(figure.value),
                    where=found[1],
                    other=show(found[0]),
                ),
            )
    for total_key, part_keys in _TEXT_SUMS:
        total = budget.figure(total_key)
        parts = [budget.figure(k) for k in part_keys]
        present = [p for p in parts if p is not None]
        if total is None or len(present) < 2:
            continue
        expected = sum((p.value for p in present), ZERO)
        if expected != total.value:
            names = " + ".join(FIGURE_LABELS[p.key] for p in present)
            yield at(
                total.span,
                _(
                    "the text says {figure} {value}万元 but its parts {parts} add up to {expected}",
                    figure=FIGURE_LABELS[total_key],
                    value=show(total.value),
                    parts=names,
                    expected=show(expected),
                ),
            )
    if budget.procurement_total is not None:
        stated = budget.figure("procurement")
        if stated is not None and stated.value != budget.procurement_total:
            yield at(
                stated.span,
                _(
                    "the text says 政府采购预算 {value}万元, the procurement table's 合计 is "
                    "{total}",
                    value=show(stated.value),
                    total=show(budget.procurement_total),
                ),
            )


@REGISTRY.rule("B008", "budget.change-disagrees", "error")
def change_disagrees(file: CheckedFile) -> Iterator[Hit]:
    """A change against last year that the text states does not add up.

    The parts' changes add up to the total's (比上年增加535.8万元，其中基本支出增加32.26万元、项目
    支出增加503.54万元); where the text gives last year's figure, this year's minus last year's is
    the stated change.

    Problem: 较2022年增加535.8万元，其中基本支出增加32.26万元，项目支出增加503.45万元.

    Fix: 535.80 − 32.26 = 503.54.
    """
    budget = file.budget
    if budget is None:
        return
    for total in budget.changes:
        parts = [c for c in budget.changes if c.parts_of == total.key]
        if len(parts) < 2:
            continue
        expected = sum((p.amount for p in parts), ZERO)
        if expected != total.amount:
            yield at(
                total.span,
                _(
                    "the text's change {change}万元 is not the sum of its parts' changes "
                    "{expected}",
                    change=show(total.amount),
                    expected=show(expected),
                ),
            )
    for change in budget.changes:
        if change.this_year is not None and change.last_year is not None:
            expected = change.this_year - change.last_year
            if expected != change.amount:
                yield at(
                    change.span,
                    _(
                        "{this_year} − last year's {last_year} is {expected}, the text says "
                        "{stated}",
                        this_year=show(change.this_year),
                        last_year=show(change.last_year),
                        expected=show(expected),
                        stated=show(change.amount),
                    ),
                )


@REGISTRY.rule("B013", "budget.procurement-not-sum", "error")
def procurement_not_sum(file: CheckedFile) -> Iterator[Hit]:
    """The 政府采购预算 table does not add up.

    Each row's 数量 × 单价 is its amount; the rows add up to the 合计; the rows of one project do
    not cost more than the project's 预算资金.

    Problem:

        公务用车购置  122.00  轿车  A02030501  辆  4  18.00  82.00

    Fix: 4 × 18.00 = 72.00.
    """
    budget = file.budget
    if budget is None or not budget.procurement:
        return
    for item in budget.procurement:
        if item.quantity is not None and item.unit_price is not None and item.amount is not None:
            product = item.quantity * item.unit_price
            if product != item.amount:
                yield at(
                    item.amount_span,
                    _(
                        "{project} {item}: {quantity} × {price} = {product}, the table says "
                        "{amount}",
                        project=item.project,
                        item=item.item,
                        quantity=show(item.quantity),
                        price=show(item.unit_price),
                        product=show(product),
                        amount=show(item.amount),
                    ),
                )
    items = sum((i.amount or ZERO for i in budget.procurement), ZERO)
    if budget.procurement_total is not None and items != budget.procurement_total:
        first = budget.procurement[0]
        yield at(
            first.span,
            _(
                "the procurement rows add up to {items}, the table's 合计 is {total}",
                items=show(items),
                total=show(budget.procurement_total),
            ),
        )
    by_project: dict[str, list[Decimal]] = {}
    for item in budget.procurement:
        by_project.setdefault(item.project, []).append(item.amount or ZERO)
    for item in budget.procurement:
        spent = sum(by_project.pop(item.project, []), ZERO)
        if item.project_budget is not None and spent > item.project_budget:
            yield at(
                item.span,
                _(
                    "{project} buys {spent}万元, more than its 预算资金 {budget}",
                    project=item.project,
                    spent=show(spent),
                    budget=show(item.project_budget),
                ),
            )
