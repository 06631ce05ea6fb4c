"""Properties of the colour rules: monotone in progress, the roll-up is the worst colour, and
writing every amount in 万元 instead of 元 (÷ 10,000) changes nothing."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfgoals.language.profile import TIME_PROPORTIONAL, Colour
from perfgoals.monitoring.rules import band_colour, budget_outcome, worst
from tests.monitoring.util import run

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)
positive_amounts = st.decimals(min_value="0.01", max_value=10**9, places=2, allow_nan=False)
months = st.integers(min_value=1, max_value=12)
colours = st.sampled_from(list(Colour))

POSITIVE = [b.colour for b in TIME_PROPORTIONAL.positive_bands]  # red, yellow, green, blue
BUDGET = [b.colour for b in TIME_PROPORTIONAL.budget_bands]


@given(a=amounts, b=amounts, target=positive_amounts, month=months)
@example(a=Decimal("310.79"), b=Decimal("310.8"), target=Decimal(888), month=7)
def test_positive_colours_are_monotone_in_progress(
    a: Decimal, b: Decimal, target: Decimal, month: int
) -> None:
    low, high = sorted((a, b))
    bands = TIME_PROPORTIONAL.positive_bands

    def rank(current: Decimal) -> int:
        return POSITIVE.index(band_colour(bands, current * 1200, target * month))

    assert rank(low) <= rank(high)


@given(a=amounts, b=amounts, budget=positive_amounts, month=months)
def test_budget_colours_are_monotone_in_execution(
    a: Decimal, b: Decimal, budget: Decimal, month: int
) -> None:
    low, high = sorted((a, b))

    def rank(executed: Decimal) -> int:
        (colour, *_), _ = budget_outcome(budget, executed, month, TIME_PROPORTIONAL)
        return BUDGET.index(colour)

    assert rank(low) <= rank(high)


@given(st.lists(colours, min_size=1, max_size=12))
def test_the_worst_colour_comes_first_in_the_order(found: list[Colour]) -> None:
    chosen = worst(found, TIME_PROPORTIONAL.order)
    assert chosen in found
    assert all(
        TIME_PROPORTIONAL.order.index(chosen) <= TIME_PROPORTIONAL.order.index(c) for c in found
    )


# Each example parses two small files: the first parse of a run builds the parser.
@settings(deadline=None, max_examples=60)
@given(
    currents=st.lists(st.integers(min_value=0, max_value=300), min_size=1, max_size=5),
    executed=st.integers(min_value=0, max_value=200),
    month=months,
)
def test_a_project_takes_the_worst_of_its_budget_and_indicators(
    currents: list[int], executed: int, month: int
) -> None:
    indicators = "\n".join(f'    数量 "i{n}" "100 场"' for n in range(len(currents)))
    lines = "\n".join(f'    current 数量 "i{n}" {c}场 explain "e"' for n, c in enumerate(currents))
    result = run(
        indicators,
        lines,
        month=month,
        budget="budget 100万元",
        project_fields=f'executed {executed}万元 explain "e"',
    )
    project = result.projects[0]
    expected = worst(
        [project.budget.colour, *(i.colour for i in project.indicators)], TIME_PROPORTIONAL.order
    )
    assert project.colour is expected
    assert project.goals[0].colour is worst(
        [i.colour for i in project.indicators], TIME_PROPORTIONAL.order
    )


# Each example parses two small files: the first parse of a run builds the parser.
@settings(deadline=None, max_examples=60)
@given(
    target=st.integers(min_value=1, max_value=10**6),
    current=st.integers(min_value=0, max_value=2 * 10**6),
    budget=st.integers(min_value=0, max_value=10**6),
    executed=st.integers(min_value=0, max_value=10**6),
    month=months,
)
def test_yuan_and_wan_yuan_give_the_same_colours(
    target: int, current: int, budget: int, executed: int, month: int
) -> None:
    def monitored(unit: str, scale: Decimal) -> list[tuple[object, ...]]:
        def amount(n: int) -> str:
            return f"{format(Decimal(n) / scale, 'f')}{unit}"

        result = run(
            f'    数量 "money" "{amount(target)}"\n    成本 "cost" "≤{amount(target)}"',
            f'    current 数量 "money" {amount(current)}\n'
            f'    current 成本 "cost" {amount(current)}',
            month=month,
            budget=f"budget {amount(budget)}",
            project_fields=f"executed {amount(executed)}",
        )
        project = result.projects[0]
        return [
            (project.colour, project.budget.colour, project.budget.value, project.budget.rate),
            *((i.colour, i.value) for i in project.indicators),
        ]

    assert monitored("元", Decimal(1)) == monitored("万元", Decimal(10_000))
