"""Models to table rows and back: rulesets and assessments.

Rows are plain dicts for bulk inserts. What is queried (names, levels, targets, weights) gets
columns; what is only read back whole (comments, funds, goals) is JSON. Source spans and
origins are positions in the file that was read, not content: spans are dropped (the stored
source text is the canonical layout, where they would point elsewhere); origins are kept, as
they tell an assessor which row of their spreadsheet a stored actual came from.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any

from pydantic import TypeAdapter

from ..language.assessment import Actual, Assessment, IndicatorRef, Origin, ProjectActuals
from ..language.model import GradeCriterion, Header, Indicator, Project, Ruleset
from ..language.values import Value

_VALUE: TypeAdapter[Any] = TypeAdapter(Value)
_SPAN_KEYS = frozenset({"span", "target_span"})


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def without_positions(data: Any, keys: frozenset[str] = _SPAN_KEYS) -> Any:
    """A JSON dump with its position fields removed, at any depth."""
    if isinstance(data, dict):
        return {k: without_positions(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list):
        return [without_positions(v, keys) for v in data]
    return data


def _dump(model: Any, **kwargs: Any) -> Any:
    return without_positions(model.model_dump(mode="json", **kwargs))


# ---------------------------------------------------------------------------------- rulesets


def ruleset_row(ruleset: Ruleset) -> dict[str, Any]:
    """The columns of the ruleset itself (without id, version, hash and text)."""
    header = ruleset.header or Header()
    return {
        "title": header.title,
        "header": _dump(header),
        "end_comments": list(ruleset.end_comments),
    }


def occurrences(names: Sequence[Hashable]) -> list[int]:
    """1-based occurrence of each key among equal keys before it, in order."""
    seen: Counter[Hashable] = Counter()
    result = []
    for key in names:
        seen[key] += 1
        result.append(seen[key])
    return result


def project_rows(ruleset_id: int, ruleset: Ruleset) -> list[dict[str, Any]]:
    return [
        {
            "ruleset_id": ruleset_id,
            "project_index": p,
            "name": project.name,
            "code": project.code,
            "budget_text": project.budget.text if project.budget else None,
            "budget_yuan": project.budget.value if project.budget else None,
            "details": _dump(project, exclude={"name", "code", "indicators"}),
        }
        for p, project in enumerate(ruleset.projects)
    ]


def indicator_rows(ruleset_id: int, ruleset: Ruleset) -> list[dict[str, Any]]:
    rows = []
    for p, project in enumerate(ruleset.projects):
        keys = [(i.level1.value, i.level2.value, i.name) for i in project.indicators]
        for i, (indicator, occurrence) in enumerate(
            zip(project.indicators, occurrences(keys), strict=True)
        ):
            rows.append(
                {
                    "ruleset_id": ruleset_id,
                    "project_index": p,
                    "indicator_index": i,
                    "level1": indicator.level1.value,
                    "level2": indicator.level2.value,
                    "name": indicator.name,
                    "occurrence": occurrence,
                    "target_text": indicator.target.text,
                    "target": _dump(indicator.target),
                    "description": indicator.description,
                    "basis": indicator.basis,
                    "weight": indicator.weight,
                    "nature": indicator.nature.value if indicator.nature else None,
                    "goal": indicator.goal,
                    "not_applicable": indicator.not_applicable,
                    "comments": list(indicator.comments),
                    "long_term_target": (
                        None
                        if indicator.long_term_target is None
                        else _dump(indicator.long_term_target)
                    ),
                    "grades": [_dump(g) for g in indicator.grades] or None,
                }
            )
    return rows


def ruleset_from_rows(
    row: dict[str, Any], projects: list[dict[str, Any]], indicators: list[dict[str, Any]]
) -> Ruleset:
    """Rebuild the model; rows must come in (project_index, indicator_index) order."""
    by_project: dict[int, list[Indicator]] = {}
    for r in indicators:
        by_project.setdefault(r["project_index"], []).append(
            Indicator(
                level1=r["level1"],
                level2=r["level2"],
                name=r["name"],
                target=_VALUE.validate_python(r["target"]),
                description=r["description"],
                basis=r["basis"],
                weight=r["weight"],
                nature=r["nature"],
                goal=r["goal"],
                not_applicable=r["not_applicable"],
                long_term_target=(
                    None
                    if r.get("long_term_target") is None
                    else _VALUE.validate_python(r["long_term_target"])
                ),
                grades=tuple(GradeCriterion.model_validate(g) for g in r.get("grades") or ()),
                comments=tuple(r["comments"]),
            )
        )
    return Ruleset(
        header=Header.model_validate(row["header"]),
        projects=tuple(
            Project.model_validate(
                {
                    **p["details"],
                    "name": p["name"],
                    "code": p["code"],
                    "indicators": by_project.get(p["project_index"], []),
                }
            )
            for p in projects
        ),
        end_comments=tuple(row["end_comments"]),
    )


# ------------------------------------------------------------------------------- assessments


def assessment_hash(assessment: Assessment) -> str:
    """Hash of what an assessment says, not of where it was read from."""
    content = without_positions(assessment.model_dump(mode="json"), _SPAN_KEYS | {"origin"})
    return content_hash(json.dumps(content, ensure_ascii=False, sort_keys=True))


def assessment_row(assessment: Assessment) -> dict[str, Any]:
    return {
        "year": assessment.year,
        "ruleset_title": assessment.ruleset,
        "policy": assessment.policy,
    }


def assessment_project_rows(assessment_id: int, assessment: Assessment) -> list[dict[str, Any]]:
    return [
        {
            "assessment_id": assessment_id,
            "project_index": p,
            "project": project.project,
            "code": project.code,
            "initial_budget": project.initial_budget,
            "adjusted_budget": project.adjusted_budget,
            "executed": project.executed,
            "explanation": project.explanation,
            "origin": project.origin.model_dump(mode="json"),
        }
        for p, project in enumerate(assessment.projects)
    ]


def actual_rows(assessment_id: int, assessment: Assessment) -> list[dict[str, Any]]:
    return [
        {
            "assessment_id": assessment_id,
            "project_index": p,
            "actual_index": a,
            "indicator_name": actual.indicator.name,
            "level1": actual.indicator.level1.value if actual.indicator.level1 else None,
            "level2": actual.indicator.level2.value if actual.indicator.level2 else None,
            "occurrence": actual.indicator.occurrence,
            "value_text": actual.value.text if actual.value is not None else None,
            "value": _dump(actual.value) if actual.value is not None else None,
            "tier": actual.tier.value if actual.tier else None,
            "points": actual.points,
            "not_applicable": actual.not_applicable,
            "explanation": actual.explanation,
            "origin": actual.origin.model_dump(mode="json"),
        }
        for p, project in enumerate(assessment.projects)
        for a, actual in enumerate(project.actuals)
    ]


def assessment_from_rows(
    row: dict[str, Any], projects: list[dict[str, Any]], actuals: list[dict[str, Any]]
) -> Assessment:
    """Rebuild the model; rows must come in (project_index, actual_index) order."""
    by_project: dict[int, list[Actual]] = {}
    for r in actuals:
        by_project.setdefault(r["project_index"], []).append(
            Actual(
                indicator=IndicatorRef(
                    name=r["indicator_name"],
                    level1=r["level1"],
                    level2=r["level2"],
                    occurrence=r["occurrence"],
                ),
                value=_VALUE.validate_python(r["value"]) if r["value"] is not None else None,
                tier=r["tier"],
                points=r["points"],
                not_applicable=r["not_applicable"],
                explanation=r["explanation"],
                origin=Origin.model_validate(r["origin"]),
            )
        )
    return Assessment(
        year=row["year"],
        ruleset=row["ruleset_title"],
        policy=row["policy"],
        projects=tuple(
            ProjectActuals(
                project=p["project"],
                code=p["code"],
                initial_budget=p["initial_budget"],
                adjusted_budget=p["adjusted_budget"],
                executed=p["executed"],
                explanation=p["explanation"],
                actuals=tuple(by_project.get(p["project_index"], [])),
                origin=Origin.model_validate(p["origin"]),
            )
            for p in projects
        ),
    )
