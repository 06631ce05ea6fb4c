"""score_project with one cache across a stream of projects scores as a fresh cache does.

A streaming caller builds each project, scores it and lets it go, so the objects the cache saw
are freed and their ids reused. The cache limits are made tiny here so that plans and outcomes
are dropped and rebuilt many times during the stream.
"""

from __future__ import annotations

from typing import Any

import pytest

from perfgoals.language.assessment import Actual, IndicatorRef, ProjectActuals, Tier
from perfgoals.language.model import Indicator, Level1, Level2, Project
from perfgoals.language.policy import CENTRAL
from perfgoals.language.values import parse_value
from perfgoals.scoring import engine, plan, score_project
from perfgoals.scoring.results import Problem

TARGETS = ["≥90%", "100%", "≤7.55万元", "888场", "≥800人", "长期", "≤410元/人", "2023年12月底前"]
ACTUALS = ["95%", "100%", "7万元", "80000元", "900场", "700人", "达成", "500元/人", "2023-11-30"]


def fresh(text: str) -> Any:
    # parse_value shares its results; a copy is an object of its own, freed after its project.
    return parse_value(text).model_copy()


def project_and_actuals(n: int) -> tuple[Project, ProjectActuals]:
    level2 = [Level2.QUANTITY, Level2.QUALITY, Level2.COST][n % 3]
    indicators = []
    actuals = []
    for k in range(1 + n % 3):
        target = TARGETS[(n + 3 * k) % len(TARGETS)]
        name = f"i{k}"
        indicators.append(
            Indicator(level1=Level1.OUTPUT, level2=level2, name=name, target=fresh(target))
        )
        text = ACTUALS[(n * 7 + k) % len(ACTUALS)]
        ref = IndicatorRef(name=name, level1=Level1.OUTPUT)
        if text == "达成":
            actuals.append(Actual(indicator=ref, tier=Tier.MET))
        else:
            actuals.append(Actual(indicator=ref, value=fresh(text)))
    project = Project(name=f"P{n}", code=f"C{n}", indicators=tuple(indicators))
    return project, ProjectActuals(project=project.name, code=project.code, actuals=tuple(actuals))


def scored(project: Project, actuals: ProjectActuals, cache: dict[Any, Any]) -> Any:
    problems: list[Problem] = []
    result = score_project(project, actuals, CENTRAL, 2023, cache, problems)
    return [i.to_json_dict() for i in result.indicators], str(result.score), problems


def test_a_shared_cache_scores_as_a_fresh_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan, "_PLANS_KEPT", 3)
    monkeypatch.setattr(engine, "_OUTCOMES_KEPT", 5)
    monkeypatch.setattr(plan, "_TARGETS_KEPT", 4)
    shared: dict[Any, Any] = {}
    for n in range(400):
        project, actuals = project_and_actuals(n)
        assert scored(project, actuals, shared) == scored(project, actuals, {}), n
