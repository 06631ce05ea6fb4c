"""The projects a table's blocks read → the ruleset, and for self-assessments the assessment
and the published points the audit compares with."""

from __future__ import annotations

from collections import Counter

from ..language.assessment import Assessment, IndicatorRef, ProjectActuals
from ..language.model import Goal, Header, Info, Level1, Level2, Project, Ruleset
from .blocks import Imported, TableProject
from .published import BudgetPart, PublishedBlock, PublishedProject, PublishedScores
from .report import ImportReport


def assemble(
    path: str, found: list[TableProject], report: ImportReport, policy: str, year: int | None
) -> Imported:
    projects = tuple(
        Project(
            name=p.name,
            code=p.code,
            budget=p.budget,
            info=tuple(Info(label=label, value=value) for label, value in p.fields.items()),
            goals=tuple(Goal(text=g) for g in p.goals),
            indicators=tuple(p.indicators),
        )
        for p in found
    )
    ruleset = Ruleset(header=Header(year=year, policy=policy), projects=projects)
    assessed = [p for p in found if p.assessed]
    if not assessed:
        return Imported(ruleset, report)
    refs = [_refs(p) for p in assessed]  # one table's projects: a handful
    assessment = Assessment(
        projects=tuple(_project_actuals(p, r) for p, r in zip(assessed, refs, strict=True))
    )
    published = PublishedScores(
        path=path, projects=tuple(_published(p, r) for p, r in zip(assessed, refs, strict=True))
    )
    return Imported(ruleset, report, assessment, published)


def _refs(project: TableProject) -> list[IndicatorRef]:
    """Each indicator's reference, with `occurrence` where its name and levels repeat."""
    keys = [(i.name, i.level1, i.level2) for i in project.indicators]
    totals = Counter(keys)
    seen: Counter[tuple[str, Level1, Level2]] = Counter()
    refs: list[IndicatorRef] = []
    for key in keys:
        seen[key] += 1
        occurrence = seen[key] if totals[key] > 1 else None
        refs.append(IndicatorRef(name=key[0], level1=key[1], level2=key[2], occurrence=occurrence))
    return refs


def _project_actuals(project: TableProject, refs: list[IndicatorRef]) -> ProjectActuals:
    return ProjectActuals(
        project=project.name,
        code=project.code,
        initial_budget=project.funds.initial,
        adjusted_budget=project.funds.adjusted,
        executed=project.funds.executed,
        explanation=project.explanation,
        actuals=tuple(a.model_copy(update={"indicator": refs[i]}) for i, a in project.actuals),
        origin=project.origin,
    )


def _published(project: TableProject, refs: list[IndicatorRef]) -> PublishedProject:
    return PublishedProject(
        project=project.name,
        code=project.code,
        execution_weight=project.funds.weight,
        execution_rate=project.funds.rate,
        execution_points=project.funds.points,
        execution_origin=project.funds.origin,
        indicators=tuple(p.model_copy(update={"indicator": refs[i]}) for i, p in project.published),
        total=project.total,
        total_origin=project.total_origin,
        blocks=tuple(
            PublishedBlock(level1=level1, points=points, origin=origin)
            for level1, (points, origin) in project.level_points.items()
        ),
        budget=project.funds.adjusted,
        budget_parts=tuple(
            BudgetPart(label=label, amount=amount, origin=origin)
            for label, amount, origin in project.funds.parts
        ),
    )
