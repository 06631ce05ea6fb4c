"""The same actuals written as CSV and as a workbook read back as the same Assessment."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from perfgoals.actuals_csv import actuals_csv_text, read_actuals_csv, write_actuals_csv
from perfgoals.actuals_xlsx import read_actuals_xlsx, write_actuals_xlsx
from perfgoals.assessment import Actual, Assessment, IndicatorRef, ProjectActuals, Tier
from perfgoals.model import Level1, Level2, Ruleset
from perfgoals.values import parse_value

VALUES = [
    "860 场",
    "96.8%",
    "≤7.55 万元",
    "7.92万元",
    "18.6万元/辆",
    "达到长期效果",
    "2023-11-20",
    "2023年10月底前",
    "优",
    "/",
    "1",
    "0.5",
    "≥98%",
    "3个月",
]
# Cell text as people type it: CJK, Latin, digits, punctuation, inner spaces and line breaks.
_TEXT = (
    st.text(
        alphabet=st.sampled_from(list("项目放映补助资金ABCxyz019 ,.;\"'()（）、，\n#/%")),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)
_AMOUNT = st.integers(min_value=0, max_value=10**9).map(lambda n: Decimal(n) / 100)


@st.composite
def actuals(draw: st.DrawFn, name: str) -> Actual:
    value = draw(st.none() | st.sampled_from(VALUES))
    tier = draw(st.none() | st.sampled_from(list(Tier)))
    # An actual gives a value, a tier or 不适用 (an empty row is no actual), and `/` as the
    # value means 不适用, as in the DSL.
    not_applicable = value == "/" or draw(st.booleans()) or (value is None and tier is None)
    return Actual(
        indicator=IndicatorRef(
            name=name,
            level1=draw(st.none() | st.sampled_from(list(Level1))),
            level2=draw(st.none() | st.sampled_from(list(Level2))),
            occurrence=draw(st.none() | st.integers(min_value=1, max_value=4)),
        ),
        value=parse_value(value) if value is not None else None,
        tier=tier,
        points=draw(st.none() | st.decimals(min_value=0, max_value=100, places=2)),
        not_applicable=not_applicable,
        explanation=draw(st.none() | _TEXT),
    )


@st.composite
def projects(draw: st.DrawFn, name: str, code: str | None) -> ProjectActuals:
    names = draw(st.lists(_TEXT, max_size=5, unique=True))
    return ProjectActuals(
        project=name,
        code=code,
        initial_budget=draw(st.none() | _AMOUNT),
        adjusted_budget=draw(st.none() | _AMOUNT),
        executed=draw(st.none() | _AMOUNT),
        explanation=draw(st.none() | _TEXT),
        actuals=tuple(draw(actuals(n)) for n in names),
    )


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    keys = draw(st.lists(st.tuples(_TEXT, st.none() | _TEXT), min_size=1, max_size=4, unique=True))
    return Assessment(projects=tuple(draw(projects(n, c)) for n, c in keys))


PINNED = Assessment(
    projects=(
        ProjectActuals(
            project="放映",
            code="1",
            adjusted_budget=Decimal("79200"),
            executed=Decimal("0.01"),
            actuals=(
                Actual(
                    indicator=IndicatorRef(name="x", occurrence=2),
                    value=parse_value("96.8%"),
                    points=Decimal("0.00"),
                    explanation='含"引号"\n与换行',
                ),
            ),
        ),
    )
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessments())
@example(PINNED)
def test_csv_and_xlsx_read_back_the_same(assessment: Assessment) -> None:
    ruleset = Ruleset()
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "a.csv"
        xlsx_path = Path(folder) / "a.xlsx"
        write_actuals_csv(csv_path, actuals_csv_text(ruleset, assessment))
        write_actuals_xlsx(xlsx_path, ruleset, assessment)
        from_csv = read_actuals_csv(csv_path)
        from_xlsx = read_actuals_xlsx(xlsx_path)
    assert from_csv == assessment
    assert from_xlsx == assessment
