"""Money rules (M): cost targets against the project budget, unit costs against totals."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ...i18n import _
from ...language.model import Indicator, Level2, Project, Ruleset
from ...language.units import Dimension, lookup
from ...language.values import Comparison
from ..context import CheckedFile
from ..mentions import mentions
from ..registry import REGISTRY, Hit
from .common import at_project, at_target, is_money, is_money_rate, show
from .text import agrees


def budget_in_yuan(project: Project, ruleset: Ruleset) -> Decimal | None:
    """The project budget in 元; a bare number is in the ruleset's `currency`."""
    budget = project.budget
    if budget is None:
        return None
    if budget.dimension is Dimension.MONEY:
        return budget.value
    currency = ruleset.header.currency if ruleset.header else None
    if budget.dimension is Dimension.NUMBER and currency:
        unit = lookup(currency)
        if unit.dimension is Dimension.MONEY:
            return budget.value * unit.scale
    return None


def yuan(amount: Decimal) -> str:
    """An amount for a message: in 万元 from ten thousand up, else in 元."""
    if abs(amount) >= 10_000:
        return f"{show(amount / 10_000)} 万元"
    return f"{show(amount)} 元"


def _capping(target: Comparison) -> bool:
    return target.op in (None, "<=", "<", "=")


@REGISTRY.rule("M001", "money.costs-exceed-budget", "error")
def costs_exceed_budget(file: CheckedFile) -> Iterator[Hit]:
    """The cost targets of a project add up to more than its budget.

    Each cost target is the most that part may cost; together they cannot exceed the money the
    project has. Unit costs (元/人) and not-applicable indicators are left out of the sum.

    Problem:

        project "…" { budget 10万元
          产出 { 成本 "设备费" "≤8 万元"  成本 "安装费" "≤3 万元" } }

    Fix: bring the parts within the budget (`≤7 万元`), or correct the budget.
    """
    for project in file.ruleset.projects:
        budget = budget_in_yuan(project, file.ruleset)
        if budget is None:
            continue
        parts = [
            i.target
            for i in project.indicators
            if i.level2.is_cost and not i.not_applicable and is_money(i.target)
        ]
        total = sum(
            (t.value for t in parts if isinstance(t, Comparison) and _capping(t)), Decimal(0)
        )
        if total > budget:
            yield at_project(
                project,
                _(
                    "cost targets of {name!r} add up to {total}, more than its budget {budget}",
                    name=project.name,
                    total=yuan(total),
                    budget=yuan(budget),
                ),
            )


@REGISTRY.rule("M002", "money.unit-cost-times-quantity", "warning")
def unit_cost_times_quantity(file: CheckedFile) -> Iterator[Hit]:
    """A unit cost times the planned quantity disagrees with the stated total.

    With one unit cost (`≤25 万元/辆`) and one quantity counted in the same thing (`4 辆`), their
    product is the money the indicators ask for. Where a cost indicator states the total (its
    name says 总: 资金总额, 总费用), a fixed unit cost times a fixed quantity must equal it and a
    capped one must stay within it; otherwise the product and the project's other costs must fit
    within the budget.

    Problem:

        budget 80万元
        数量 "购置公务用车数量" "4 辆"
        成本 "每辆车购置价格" "≤25 万元/辆"

    Fix: make them agree (`budget 100万元`, or 3 辆, or `≤20 万元/辆`).
    """
    for project in file.ruleset.projects:
        costs = [i for i in project.indicators if i.level2.is_cost and not i.not_applicable]
        rates = [i for i in costs if is_money_rate(i.target)]
        amounts = [i for i in costs if is_money(i.target)]
        totals = [i for i in amounts if "总" in i.name]
        for rate in rates:
            assert isinstance(rate.target, Comparison)
            per = lookup(rate.target.unit).per
            same = [r for r in rates if lookup(r.target.unit).per == per]
            counts = [
                i
                for i in project.indicators
                if i.level2 is Level2.QUANTITY
                and isinstance(i.target, Comparison)
                and i.target.dimension is Dimension.COUNT
                and lookup(i.target.unit).classifier == per
            ]
            if len(same) != 1 or len(counts) != 1:
                continue
            count = counts[0].target
            assert isinstance(count, Comparison)
            if count.op not in (None, "=", "<=", "<"):
                continue  # a floor on the quantity bounds nothing
            product = rate.target.value * count.value
            if len(totals) == 1:
                total = totals[0].target
                assert isinstance(total, Comparison)
                exact = rate.target.op in (None, "=") and count.op in (None, "=")
                if product > total.value or (exact and product != total.value):
                    yield at_target(
                        rate,
                        _(
                            "{rate!r} × {count!r} = {product}, but the total on line {line} "
                            "is {total}",
                            rate=rate.target.text,
                            count=count.text,
                            product=yuan(product),
                            line=totals[0].span.line,
                            total=yuan(total.value),
                        ),
                    )
            elif not totals and (budget := budget_in_yuan(project, file.ruleset)) is not None:
                others = sum(
                    (i.target.value for i in amounts if isinstance(i.target, Comparison)),
                    Decimal(0),
                )
                if product + others > budget:
                    extra = (
                        _(" and the other costs {others}", others=yuan(others)) if others else ""
                    )
                    yield at_target(
                        rate,
                        _(
                            "{rate!r} × {count!r} = {product}{extra} exceed the budget {budget}",
                            rate=rate.target.text,
                            count=count.text,
                            product=yuan(product),
                            extra=extra,
                            budget=yuan(budget),
                        ),
                    )


@REGISTRY.rule("M003", "money.funds-disagree-with-budget", "error")
def funds_disagree(file: CheckedFile) -> Iterator[Hit]:
    """The funding sources of a project do not add up to its budget.

    Problem:

        budget 122万元
        fund "一般公共预算" 100万元
        fund "上年结转" 12万元

    Fix: list every source (`fund "上年结转" 22万元`), or correct the budget.
    """
    for project in file.ruleset.projects:
        budget = budget_in_yuan(project, file.ruleset)
        if budget is None or not project.funds:
            continue
        total = Decimal(0)
        for fund in project.funds:
            amount = fund.amount
            if amount.dimension is Dimension.MONEY:
                total += amount.value
            else:
                unit = lookup(file.ruleset.header.currency if file.ruleset.header else None)
                if unit.dimension is not Dimension.MONEY:
                    break
                total += amount.value * unit.scale
        else:
            if total != budget:
                yield at_project(
                    project,
                    _(
                        "funds of {name!r} add up to {total}, the budget is {budget}",
                        name=project.name,
                        total=yuan(total),
                        budget=yuan(budget),
                    ),
                )


def itemized_total(text: str) -> tuple[Decimal, list[str]] | None:
    """What a description's items add up to: `600份，每份13元` is 600 × 13; other sums as written.

    None when the description has no priced item (a count followed by a price per unit).
    """
    found = mentions(text)
    total, items, priced = Decimal(0), list[str](), False
    i = 0
    while i < len(found):
        here = found[i].value
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (
            isinstance(here, Comparison)
            and here.dimension is Dimension.COUNT
            and not found[i].per
            and nxt is not None
            and nxt.per
            and is_money(nxt.value)
        ):
            assert isinstance(nxt.value, Comparison)
            total += here.value * nxt.value.value
            items.append(f"{here.text} × {nxt.value.text}")
            priced = True
            i += 2
            continue
        if is_money(here) and not found[i].per:
            assert isinstance(here, Comparison)
            total += here.value
            items.append(here.text)
        i += 1
    return (total, items) if priced else None


@REGISTRY.rule("M004", "money.itemized-description-exceeds", "warning")
def itemized_description_exceeds(file: CheckedFile) -> Iterator[Hit]:
    """The items priced in a cost indicator's description cost more than its target.

    A description that prices its parts (`600 份，每份 13 元`) is the calculation behind the
    target; when the parts cost more than the cap, one of them is wrong. A description that also
    states a total matching the target is taken at its word.

    Problem:

        成本 "保密工作经费" ≤8000元
          desc "征订《保密工作》12本，每份180元，印制保密宣传资料600份，每份13元"

    Fix: the items cost 12 × 180 + 600 × 13 = 9960 元: raise the cap or correct the items.
    """
    for _project, indicator in file.indicators():
        target = indicator.target
        if not indicator.level2.is_cost or not is_money(target) or not indicator.description:
            continue
        assert isinstance(target, Comparison)
        if not _capping(target):
            continue
        itemized = itemized_total(indicator.description)
        if itemized is None:
            continue
        total, items = itemized
        if total > target.value and not _states_target(file, indicator):
            yield at_target(
                indicator,
                _(
                    "the description's items ({items}) cost {total}, more than the target "
                    "{target!r}",
                    items=" + ".join(items),
                    total=yuan(total),
                    target=target.text,
                ),
            )


def _states_target(file: CheckedFile, indicator: Indicator) -> bool:
    """The description states a total that matches the target (全年共计 31680 元)."""
    target = indicator.target
    assert isinstance(target, Comparison)
    return any(
        isinstance(m.value, Comparison)
        and not m.per
        and is_money(m.value)
        and agrees(m.value, target)
        for m in file.description_mentions(indicator)
    )
