"""Assessments and results to store: actual values made from a ruleset's own targets."""

from __future__ import annotations

from decimal import Decimal

from perfgoals.language.assessment import (
    Actual,
    Assessment,
    IndicatorRef,
    Origin,
    ProjectActuals,
    Tier,
)
from perfgoals.language.model import Ruleset
from perfgoals.language.values import (
    Comparison,
    Deadline,
    NotApplicable,
    Qualitative,
    Range,
    parse_value,
)


def actual_text(target: object, n: int) -> str | None:
    """An actual for a target: short of it, at it or beyond it, by n; None for no data."""
    if isinstance(target, Comparison):
        factor = (Decimal("0.8"), Decimal(1), Decimal("1.4"))[n % 3]
        unit = target.unit or ""
        return f"{target.magnitude * factor}{unit}"
    if isinstance(target, Range):
        return f"{target.low}{target.unit or ''}"
    if isinstance(target, Deadline):
        return target.text
    return None


def assessment_of(ruleset: Ruleset, shift: int = 0) -> Assessment:
    """An assessment of every project: numbers short of, at and over target; tiers; gaps.

    `shift` moves which indicators fall short, so two assessments of one ruleset differ.
    """
    projects = []
    n = shift
    for p, project in enumerate(ruleset.projects):
        actuals = []
        for i, indicator in enumerate(project.indicators):
            n += 1
            ref = IndicatorRef(
                name=indicator.name, level1=indicator.level1, level2=indicator.level2
            )
            origin = Origin(path="actuals.csv", line=n + 1, column=3)
            target = indicator.target
            if isinstance(target, Qualitative):
                tier = (Tier.MET, Tier.PARTLY_MET, Tier.NOT_MET)[n % 3]
                actuals.append(
                    Actual(
                        indicator=ref,
                        tier=tier,
                        origin=origin,
                        explanation="说明" if n % 2 else None,
                    )
                )
            elif isinstance(target, NotApplicable):
                actuals.append(Actual(indicator=ref, not_applicable=True, origin=origin))
            elif n % 11 == 0:
                continue  # no data: scored 0 and reported
            else:
                text = actual_text(target, n)
                if text is not None:
                    actuals.append(Actual(indicator=ref, value=parse_value(text), origin=origin))
            del i
        budget = project.budget.value if project.budget else Decimal(100000)
        projects.append(
            ProjectActuals(
                project=project.name,
                code=project.code,
                initial_budget=budget,
                adjusted_budget=budget,
                executed=budget * Decimal("0.85") if p % 2 else budget,
                explanation="执行偏低" if p % 4 == 1 else None,
                actuals=tuple(actuals),
                origin=Origin(path="actuals.csv", line=p + 1),
            )
        )
    return Assessment(year=ruleset.year, projects=tuple(projects))
