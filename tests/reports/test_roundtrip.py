"""A 自评表 written by perfgoals reads back through the importer, and the audit finds nothing.

Only the public import and audit API is used: `perfgoals.importer.import_file` and
`perfgoals.importer.audit.audit_import`, as `perfgoals audit` calls them.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfgoals.importer import import_file
from perfgoals.importer.audit import Audit, audit_import
from perfgoals.language.assessment import Actual, Assessment, IndicatorRef, ProjectActuals, Tier
from perfgoals.language.model import Header, Indicator, Level1, Level2, Project, Ruleset
from perfgoals.language.policy import Policy
from perfgoals.language.values import parse_value
from perfgoals.reports.self_assessment import write_self_assessment
from perfgoals.scoring import score
from perfgoals.scoring.policies import load_policy
from tests.reports.conftest import Scored

CENTRAL = load_policy("central")


def audited(path: Path, policy: Policy) -> Audit:
    imported = import_file(path, policy=policy.name)
    return audit_import(
        imported.ruleset, imported.assessment, imported.published, imported.report, policy
    )


def test_the_seed_reads_back_with_only_the_gaps_the_sample_has(
    tmp_path: Path, seed_scored: Scored
) -> None:
    path = tmp_path / "自评表.xlsx"
    write_self_assessment(path, seed_scored.result, seed_scored.ruleset)
    audit = audited(path, seed_scored.policy)
    assert audit.problems == [] and audit.rejected_rows == 0
    assert len(audit.projects) == 36
    differing = {
        (p.name, line.kind.value, line.label)
        for p in audit.projects
        for line in p.lines
        if line.finding
    }
    # 集成费 has no actual value in the sample (no data): nothing to re-score it by.
    assert differing == {("县级党政专用电视会议系统建设", "indicator", "集成费")}


KINDS = (
    (Level1.OUTPUT, Level2.QUANTITY),
    (Level1.OUTPUT, Level2.QUALITY),
    (Level1.OUTPUT, Level2.TIMELINESS),
    (Level1.OUTPUT, Level2.COST),
    (Level1.BENEFIT, Level2.SOCIAL_BENEFIT),
    (Level1.BENEFIT, Level2.SUSTAINABILITY),
    (Level1.SATISFACTION, Level2.SATISFACTION),
)
UNITS = ("场", "%", "万元", "人", "个")
TEXTS = (
    st.text(alphabet=st.sampled_from("目标完成情况良好=+-@（）、，。A1 "), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def departments(draw: st.DrawFn) -> tuple[Ruleset, Assessment]:
    projects: list[Project] = []
    facts: list[ProjectActuals] = []
    for p in range(draw(st.integers(1, 3))):
        indicators: list[Indicator] = []
        actuals: list[Actual] = []
        # Every level 1 present, as on the form: where one is missing the policy rescales the
        # score to 100, and the audit reads a 总分 above the published 分值 as a slip.
        base = [KINDS[0], KINDS[4], KINDS[6]]
        kinds = sorted(base + draw(st.lists(st.sampled_from(KINDS), max_size=4)))
        for k, (level1, level2) in enumerate(kinds):
            name = draw(st.sampled_from(("", "=", "+", "-", "@"))) + f"指标{k + 1}"
            explanation = draw(st.none() | TEXTS)
            choice = draw(st.integers(0, 9))
            # An indicator may not apply, though not the only one of its level 1: the audit
            # compares a level 1's 分值 with the policy's share even when nothing in it applies.
            not_applicable = choice == 0 and any(k[0] == level1 for k in kinds[:k])
            if choice < 3:
                target, value, tier = "达到预期效果", None, draw(st.sampled_from(list(Tier)))
            else:
                unit = draw(st.sampled_from(UNITS))
                number = draw(st.integers(1, 2000))
                op = draw(st.sampled_from(("≥", "≤", "")))
                actual = draw(st.integers(0, 3000))
                target, value, tier = f"{op}{number}{unit}", f"{actual}{unit}", None
            indicators.append(
                Indicator(level1=level1, level2=level2, name=name, target=parse_value(target))
            )
            actuals.append(
                Actual(
                    indicator=IndicatorRef(name=name, level1=level1, level2=level2),
                    value=parse_value(value) if value and not not_applicable else None,
                    tier=None if not_applicable else tier,
                    not_applicable=not_applicable,
                    explanation=explanation,
                )
            )
        name = draw(st.sampled_from(("宣传经费", "=HYPERLINK(1)", "+培训", "@会议", "-补助")))
        projects.append(
            Project(
                name=f"{name}{p + 1}",
                code=str(p + 1),
                budget=parse_value("100万元"),  # type: ignore[arg-type]
                indicators=tuple(indicators),
            )
        )
        budget = Decimal(draw(st.integers(1, 10**7)))
        facts.append(
            ProjectActuals(
                project=f"{name}{p + 1}",
                code=str(p + 1),
                adjusted_budget=budget,
                executed=budget * Decimal(draw(st.integers(0, 120))) / 100,
                explanation=draw(st.none() | TEXTS),
                actuals=tuple(actuals),
            )
        )
    header = Header(department="测试局", year=2023, policy="central")
    return Ruleset(header=header, projects=tuple(projects)), Assessment(projects=tuple(facts))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(departments())
def test_any_written_table_audits_clean(department: tuple[Ruleset, Assessment]) -> None:
    ruleset, assessment = department
    result = score(ruleset, assessment, CENTRAL)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "自评表.xlsx"
        write_self_assessment(path, result, ruleset)
        audit = audited(path, CENTRAL)
    findings = [
        (p.name, line.label, line.notes) for p in audit.projects for line in p.lines if line.finding
    ]
    assert findings == [] and audit.problems == [] and audit.rejected_rows == 0
    assert [p.score for p in audit.projects] == [p.score for p in result.projects]
