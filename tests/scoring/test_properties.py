"""Invariants of scoring, checked on generated rulesets and actuals."""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfgoals.language.assessment import Actual, Assessment, IndicatorRef, ProjectActuals
from perfgoals.language.model import Indicator, Level1, Level2, Project, Ruleset
from perfgoals.language.policy import (
    CENTRAL,
    EqualRule,
    Policy,
    PositiveRule,
    ReverseRule,
    Rounding,
    RoundingMode,
    RoundingScope,
    StrictRule,
)
from perfgoals.language.values import parse_value
from perfgoals.scoring import score
from perfgoals.scoring.results import AssessmentResult, Status
from tests.conftest import examples

FAST = settings(max_examples=examples(60), deadline=None)

amounts = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)
positive_amounts = st.decimals(
    min_value=Decimal("0.01"), max_value=5000, places=2, allow_nan=False, allow_infinity=False
)
weights = st.decimals(min_value=0, max_value=40, places=1, allow_nan=False, allow_infinity=False)
ops = st.sampled_from(["≥", "≤", "=", ">", "<", ""])
LEVEL1_OF = {
    Level2.QUANTITY: Level1.OUTPUT,
    Level2.COST: Level1.OUTPUT,
    Level2.QUALITY: Level1.OUTPUT,
    Level2.SOCIAL_BENEFIT: Level1.BENEFIT,
    Level2.SATISFACTION: Level1.SATISFACTION,
}
kinds = st.sampled_from(list(LEVEL1_OF))


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    return CENTRAL.model_copy(
        update={
            "reverse": draw(st.sampled_from(list(ReverseRule))),
            "positive": draw(st.sampled_from(list(PositiveRule))),
            "strict": draw(st.sampled_from(list(StrictRule))),
            "equal": draw(st.sampled_from(list(EqualRule))),
            "rounding": Rounding(
                places=draw(st.integers(0, 3)),
                mode=draw(st.sampled_from(list(RoundingMode))),
                scope=draw(st.sampled_from(list(RoundingScope))),
            ),
        }
    )


def indicator(name: str, level2: Level2, target: str, weight: Decimal | None) -> Indicator:
    return Indicator(
        level1=LEVEL1_OF[level2],
        level2=level2,
        name=name,
        target=parse_value(target),
        weight=weight,
    )


def project(name: str, indicators: list[Indicator], budget: str = "100万元") -> Project:
    budget_value = parse_value(budget)
    return Project(name=name, budget=budget_value, indicators=tuple(indicators))  # type: ignore[arg-type]


def actuals(
    name: str, values: dict[str, str], executed: Decimal = Decimal(1000000)
) -> ProjectActuals:
    return ProjectActuals(
        project=name,
        executed=executed,
        actuals=tuple(
            Actual(indicator=IndicatorRef(name=k), value=parse_value(v)) for k, v in values.items()
        ),
    )


def run(
    projects: list[Project], facts: list[ProjectActuals], policy: Policy = CENTRAL
) -> AssessmentResult:
    return score(Ruleset(projects=tuple(projects)), Assessment(projects=tuple(facts)), policy)


def one_points(
    op: str,
    target: Decimal,
    actual: Decimal,
    weight: Decimal,
    level2: Level2,
    policy: Policy,
    unit: str = "个",
) -> tuple[Decimal, Status]:
    item = indicator("i", level2, f"{op}{target}{unit}", weight)
    result = run([project("P", [item])], [actuals("P", {"i": f"{actual}{unit}"})], policy)
    scored = result.projects[0].indicators[0]
    return scored.points, scored.status


@FAST
@given(ops, amounts, amounts, weights, kinds, policies())
@example("≤", Decimal(100), Decimal(125), Decimal(10), Level2.COST, CENTRAL)
@example(
    "≥",
    Decimal("12.5"),
    Decimal("12.5"),
    Decimal("12.5"),
    Level2.QUANTITY,
    CENTRAL.model_copy(update={"rounding": Rounding(places=0)}),
)
def test_points_within_zero_and_weight(
    op: str, target: Decimal, actual: Decimal, weight: Decimal, level2: Level2, policy: Policy
) -> None:
    points, status = one_points(op, target, actual, weight, level2, policy)
    assert status is not Status.ERROR
    assert Decimal(0) <= points <= weight


@FAST
@given(
    st.sampled_from(["≥", "≤", ">", "<", ""]),
    positive_amounts,
    amounts,
    amounts,
    weights,
    kinds,
    policies(),
)
def test_favourable_actual_never_lowers_points(
    op: str,
    target: Decimal,
    a: Decimal,
    b: Decimal,
    weight: Decimal,
    level2: Level2,
    policy: Policy,
) -> None:
    low, high = min(a, b), max(a, b)
    reading = op or ("≤" if level2 is Level2.COST else "≥")
    better, worse = (high, low) if reading in ("≥", ">") else (low, high)
    assert (
        one_points(op, target, better, weight, level2, policy)[0]
        >= one_points(op, target, worse, weight, level2, policy)[0]
    )


@FAST
@given(
    st.sampled_from(["≥", "≤", ""]),
    positive_amounts,
    amounts,
    weights,
    policies(),
    st.booleans(),
    st.booleans(),
)
def test_yuan_or_wan_yuan_gives_the_same_points(
    op: str,
    target: Decimal,
    actual: Decimal,
    weight: Decimal,
    policy: Policy,
    target_in_wan: bool,
    actual_in_wan: bool,
) -> None:
    def money(amount: Decimal, wan: bool) -> str:
        return f"{amount / 10000}万元" if wan else f"{amount}元"

    item = indicator("i", Level2.COST, f"{op}{money(target, target_in_wan)}", weight)
    plain = indicator("i", Level2.COST, f"{op}{money(target, False)}", weight)
    facts = [actuals("P", {"i": money(actual, actual_in_wan)})]
    mixed = run([project("P", [item])], facts, policy).projects[0].indicators[0]
    base = run([project("P", [plain])], [actuals("P", {"i": money(actual, False)})], policy)
    assert mixed.points == base.projects[0].indicators[0].points


@st.composite
def departments(draw: st.DrawFn) -> tuple[list[Project], list[ProjectActuals]]:
    projects, facts = [], []
    for p in range(draw(st.integers(1, 4))):
        items, values = [], {}
        for i in range(draw(st.integers(1, 7))):
            level2 = draw(kinds)
            op = draw(st.sampled_from(["≥", "≤", ""]))
            given_weight = draw(st.one_of(st.none(), weights))
            items.append(indicator(f"i{i}", level2, f"{op}{draw(positive_amounts)}%", given_weight))
            if draw(st.integers(0, 9)):
                values[f"i{i}"] = f"{draw(amounts)}%"
        projects.append(project(f"p{p}", items))
        facts.append(actuals(f"p{p}", values, draw(amounts) * 1000))
    return projects, facts


@FAST
@given(departments(), policies())
def test_total_within_zero_and_100(
    department: tuple[list[Project], list[ProjectActuals]], policy: Policy
) -> None:
    projects, facts = department
    for result in run(projects, facts, policy).projects:
        assert Decimal(0) <= result.score <= 100


@FAST
@given(departments(), st.randoms(use_true_random=False))
def test_order_does_not_change_any_score(
    department: tuple[list[Project], list[ProjectActuals]], rng: random.Random
) -> None:
    projects, facts = department
    before = run(projects, facts)
    shuffled = [
        p.model_copy(update={"indicators": tuple(rng.sample(p.indicators, len(p.indicators)))})
        for p in projects
    ]
    rng.shuffle(shuffled)
    after = run(shuffled, rng.sample(facts, len(facts)))

    def scores(result: AssessmentResult) -> dict[str, object]:
        return {
            p.name: (p.score, sorted((i.name, i.weight, i.points) for i in p.indicators))
            for p in result.projects
        }

    assert scores(before) == scores(after)


@FAST
@given(
    st.lists(
        st.tuples(kinds, st.sampled_from(["≥", "≤", "", "="]), positive_amounts),
        min_size=1,
        max_size=12,
    )
)
def test_meeting_every_target_gives_100(targets: list[tuple[Level2, str, Decimal]]) -> None:
    items = [
        indicator(f"i{n}", level2, f"{op}{amount}%", None)
        for n, (level2, op, amount) in enumerate(targets)
    ]
    values = {f"i{n}": f"{amount}%" for n, (_, _, amount) in enumerate(targets)}
    result = run([project("P", items)], [actuals("P", values)], CENTRAL).projects[0]
    assert result.score == Decimal("100.00")
