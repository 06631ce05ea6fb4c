"""The same actuals written as CSV, as a workbook and as a DSL block read back as one Assessment,
and score the same."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from perfgoals.actuals.csv_table import actuals_csv_text, read_actuals_csv, write_actuals_csv
from perfgoals.actuals.reader import read_actuals
from perfgoals.actuals.rows import occurrences
from perfgoals.actuals.xlsx_table import read_actuals_xlsx, write_actuals_xlsx
from perfgoals.language.assessment import Actual, Assessment, IndicatorRef, ProjectActuals, Tier
from perfgoals.language.formatter import format_assessment
from perfgoals.language.model import Level1, Level2, Ruleset
from perfgoals.language.values import parse_value
from perfgoals.scoring import score
from perfgoals.scoring.policies import load_policy
from tests.conftest import examples

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
    # An actual gives a value, a tier or 不适用 (an empty row is no actual, as in the DSL).
    not_applicable = draw(st.booleans()) or (value is None and tier is None)
    # Both levels or neither, as the template writes them: the DSL reads a lone 满意度 as a
    # level 2, so a lone level does not survive its round trip.
    levels = draw(
        st.none() | st.tuples(st.sampled_from(list(Level1)), st.sampled_from(list(Level2)))
    )
    return Actual(
        indicator=IndicatorRef(
            name=name,
            level1=levels[0] if levels else None,
            level2=levels[1] if levels else None,
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


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessments())
@example(PINNED)
def test_csv_xlsx_and_dsl_read_back_the_same(assessment: Assessment) -> None:
    ruleset = Ruleset()
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "a.csv"
        xlsx_path = Path(folder) / "a.xlsx"
        perf_path = Path(folder) / "a.perf"
        write_actuals_csv(csv_path, actuals_csv_text(ruleset, assessment))
        write_actuals_xlsx(xlsx_path, ruleset, assessment)
        perf_path.write_text("\n".join(format_assessment(assessment)) + "\n", encoding="utf-8")
        from_csv = read_actuals_csv(csv_path)
        from_xlsx = read_actuals_xlsx(xlsx_path)
        from_dsl = read_actuals(perf_path)
    assert from_csv == assessment
    assert from_xlsx == assessment
    assert from_dsl == assessment


def test_the_seed_scores_the_same_from_each_form(seed_ruleset: Ruleset) -> None:
    """Template rows filled with varied actuals: the three forms give identical scores."""
    policy = load_policy("central")
    values = ["100%", "88%", "≥98%", "7.92万元", "长期", "2023-11-20", "0.5", "3个月"]
    projects = []
    for n, project in enumerate(seed_ruleset.projects):
        refs = [
            IndicatorRef(name=i.name, level1=i.level1, level2=i.level2, occurrence=o)
            for i, o in zip(project.indicators, occurrences(project), strict=True)
        ]
        projects.append(
            ProjectActuals(
                project=project.name,
                code=project.code,
                adjusted_budget=Decimal(100_000 + n),
                executed=Decimal(90_000 + 37 * n),
                actuals=tuple(
                    Actual(
                        indicator=ref,
                        value=parse_value(values[(n + k) % len(values)]),
                        tier=list(Tier)[(n + k) % 3] if (n + k) % 4 == 0 else None,
                    )
                    for k, ref in enumerate(refs)
                ),
            )
        )
    assessment = Assessment(projects=tuple(projects))
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "a.csv"
        xlsx_path = Path(folder) / "a.xlsx"
        perf_path = Path(folder) / "a.perf"
        write_actuals_csv(csv_path, actuals_csv_text(seed_ruleset, assessment))
        write_actuals_xlsx(xlsx_path, seed_ruleset, assessment)
        perf_path.write_text("\n".join(format_assessment(assessment)) + "\n", encoding="utf-8")
        forms = [read_actuals_csv(csv_path), read_actuals_xlsx(xlsx_path), read_actuals(perf_path)]
    scores = [score(seed_ruleset, form, policy).to_json_dict() for form in forms]
    for result in scores:
        for project in result["projects"]:
            for indicator in project["indicators"]:
                indicator.pop("origin", None)
    assert scores[0] == scores[1] == scores[2]
