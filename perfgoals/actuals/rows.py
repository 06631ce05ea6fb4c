"""A ruleset (and its actual values, if any) as table rows: what the CSV and workbook writers and
the fill-in templates write."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..language.assessment import (
    Actual,
    Assessment,
    IndicatorRef,
    ProjectActuals,
)
from ..language.model import (
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    Level1,
    Level2,
    Project,
    Ruleset,
)
from ..language.values import canonical
from .columns import INDICATOR_COLUMNS, MONEY_COLUMNS, WAN, Column
from .stated import TargetIndex


def occurrences(project: Project) -> list[int | None]:
    """Each indicator's 同名序号: its number among those of the same name and levels, else None."""
    counts: dict[tuple[str, Level1, Level2], int] = {}
    for i in project.indicators:
        key = (i.name, i.level1, i.level2)
        counts[key] = counts.get(key, 0) + 1
    seen: dict[tuple[str, Level1, Level2], int] = {}
    numbers: list[int | None] = []
    for i in project.indicators:
        key = (i.name, i.level1, i.level2)
        seen[key] = seen.get(key, 0) + 1
        numbers.append(seen[key] if counts[key] > 1 else None)
    return numbers


def wan(amount: Decimal | None) -> str:
    """An amount in 元 written in 万元, exactly."""
    return "" if amount is None else format(canonical(amount / WAN), "f")


@dataclass(frozen=True)
class TableRows:
    """What a writer puts down: the indicator rows, and one funds row per project."""

    indicators: list[dict[Column, str]]
    funds: list[dict[Column, str]]


def table_rows(ruleset: Ruleset, assessment: Assessment | None = None) -> TableRows:
    """Rows to write: the fill-in template of a ruleset, or an assessment as it stands.

    Without an assessment: every indicator of every project, its target given and its actual
    empty, and a funds row carrying the ruleset's budget as 年初预算数. With one: exactly the
    assessment's projects and actuals (so reading the table back gives the same assessment),
    each with the ruleset's target where the indicator can be found.
    """
    if assessment is None:
        return _template_rows(ruleset)
    index = TargetIndex(ruleset)
    indicator_rows: list[dict[Column, str]] = []
    funds_rows: list[dict[Column, str]] = []
    for p in assessment.projects:
        funds_rows.append(
            _funds_cells(
                p.project, p.code, p.initial_budget, p.adjusted_budget, p.executed, p.explanation
            )
        )
        for ref, target, actual in _with_empty_rows(index, p):
            indicator_rows.append(
                {
                    **_ref_cells(p.project, p.code, ref),
                    Column.TARGET: target,
                    **_actual_cells(actual),
                }
            )
    return TableRows(indicator_rows, funds_rows)


def _with_empty_rows(
    index: TargetIndex, p: ProjectActuals
) -> list[tuple[IndicatorRef, str, Actual | None]]:
    """The project's actuals, and an empty row for each of its indicators that has none.

    Empty rows read back as nothing, so the table still says exactly the assessment; they show
    the reader which indicators have no data. They stand in ruleset order when the actuals do,
    else after the actuals.
    """
    found = [(a, index.find(p.project, p.code, a.indicator)) for a in p.actuals]
    rows: list[tuple[IndicatorRef, str, Actual | None]] = [
        (a.indicator, i.target.text if i is not None else "", a) for a, i in found
    ]
    project = index.project(p.project, p.code)
    if project is None:
        return rows
    positions = {id(i): n for n, i in enumerate(project.indicators)}
    used = {positions[id(i)]: a for a, i in found if i is not None and id(i) in positions}
    refs = [
        IndicatorRef(name=i.name, level1=i.level1, level2=i.level2, occurrence=o)
        for i, o in zip(project.indicators, occurrences(project), strict=True)
    ]
    empty = [
        (refs[n], i.target.text, None) for n, i in enumerate(project.indicators) if n not in used
    ]
    in_order = len(used) == len(found) and list(used) == sorted(used)
    if not in_order:
        return rows + empty
    merged: list[tuple[IndicatorRef, str, Actual | None]] = []
    for n, i in enumerate(project.indicators):
        actual = used.get(n)
        merged.append(
            (actual.indicator, i.target.text, actual)
            if actual is not None
            else (refs[n], i.target.text, None)
        )
    return merged


def _template_rows(ruleset: Ruleset) -> TableRows:
    indicator_rows: list[dict[Column, str]] = []
    funds_rows: list[dict[Column, str]] = []
    for project in ruleset.projects:
        budget = project.budget.value if project.budget is not None else None
        funds_rows.append(_funds_cells(project.name, project.code, budget, None, None, None))
        for indicator, occurrence in zip(project.indicators, occurrences(project), strict=True):
            ref = IndicatorRef(
                name=indicator.name,
                level1=indicator.level1,
                level2=indicator.level2,
                occurrence=occurrence,
            )
            indicator_rows.append(
                {
                    **_ref_cells(project.name, project.code, ref),
                    Column.TARGET: indicator.target.text,
                    **_actual_cells(None),
                }
            )
    return TableRows(indicator_rows, funds_rows)


def _funds_cells(
    name: str,
    code: str | None,
    initial: Decimal | None,
    adjusted: Decimal | None,
    executed: Decimal | None,
    explanation: str | None,
) -> dict[Column, str]:
    return {
        Column.CODE: code or "",
        Column.PROJECT: name,
        Column.INITIAL_BUDGET: wan(initial),
        Column.ADJUSTED_BUDGET: wan(adjusted),
        Column.EXECUTED: wan(executed),
        Column.EXPLANATION: explanation or "",
    }


def _ref_cells(name: str, code: str | None, ref: IndicatorRef) -> dict[Column, str]:
    return {
        Column.CODE: code or "",
        Column.PROJECT: name,
        Column.LEVEL1: LEVEL1_LABELS[ref.level1] + "指标" if ref.level1 is not None else "",
        Column.LEVEL2: LEVEL2_LABELS[ref.level2] + "指标" if ref.level2 is not None else "",
        Column.INDICATOR: ref.name,
        Column.OCCURRENCE: "" if ref.occurrence is None else str(ref.occurrence),
    }


def _actual_cells(actual: Actual | None) -> dict[Column, str]:
    if actual is None:
        return {
            Column.ACTUAL: "",
            Column.TIER: "",
            Column.POINTS: "",
            Column.NOT_APPLICABLE: "",
            Column.EXPLANATION: "",
        }
    return {
        Column.ACTUAL: actual.value.text if actual.value is not None else "",
        Column.TIER: actual.tier.value if actual.tier is not None else "",
        Column.POINTS: format(actual.points, "f") if actual.points is not None else "",
        Column.NOT_APPLICABLE: "是" if actual.not_applicable else "",
        Column.EXPLANATION: actual.explanation or "",
    }


def combined_rows(rows: TableRows) -> list[dict[Column, str]]:
    """The single-table layout (CSV): each project's funds row, then its indicator rows."""
    by_project: dict[tuple[str, str], list[dict[Column, str]]] = {}
    for r in rows.indicators:
        by_project.setdefault((r[Column.PROJECT], r[Column.CODE]), []).append(r)
    out: list[dict[Column, str]] = []
    for funds in rows.funds:
        out.append(funds)
        out.extend(by_project.get((funds[Column.PROJECT], funds[Column.CODE]), []))
    return out


COMBINED_COLUMNS: tuple[Column, ...] = (*INDICATOR_COLUMNS[:-1], *MONEY_COLUMNS, Column.EXPLANATION)
