"""Report stage: a monitoring result as a terminal table, JSON or CSV.

The JSON is the documented contract (docs/monitoring.md). The terminal table prints a word
beside every colour (红, 黄, 绿, 蓝 …), so it reads the same without colour; ANSI colour is used
only when asked for, and never when NO_COLOR is set.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from decimal import Decimal

from ..i18n import _
from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS
from ..language.profile import COLOUR_WORDS, Colour
from ..language.values import canonical
from ..monitoring.results import (
    BudgetMonitor,
    IndicatorMonitor,
    MonitoringResult,
    ProjectMonitor,
    number_text,
)
from ..scoring.targets import WAN
from ..tables.cells import inert_row
from .json_text import dumps_indented

_ANSI: dict[Colour, str] = {
    Colour.RED: "\x1b[1;31m",
    Colour.YELLOW: "\x1b[1;33m",
    Colour.GREEN: "\x1b[32m",
    Colour.BLUE: "\x1b[1;34m",
    Colour.PENDING: "\x1b[36m",
    Colour.NOT_APPLICABLE: "\x1b[2m",
    Colour.NO_DATA: "\x1b[35m",
}
_RESET = "\x1b[0m"


def use_colour(requested: bool) -> bool:
    """Colour only when asked for and NO_COLOR (https://no-color.org) is unset or empty."""
    return requested and not os.environ.get("NO_COLOR")


def render(
    result: MonitoringResult, fmt: str, *, explain: bool = False, color: bool = False
) -> str:
    if fmt == "json":
        return result_json(result)
    if fmt == "csv":
        return result_csv(result)
    return result_table(result, explain=explain, color=use_colour(color))


def result_json(result: MonitoringResult) -> str:
    return dumps_indented(result.to_json_dict()) + "\n"


def _tag(colour: Colour, color: bool) -> str:
    text = f"[{COLOUR_WORDS[colour]}]"
    return f"{_ANSI[colour]}{text}{_RESET}" if color else text


def wan_text(amount: Decimal | None) -> str:
    """An amount in 元 written in 万元, exactly."""
    return "" if amount is None else format(canonical(amount / WAN), "f")


def _wan(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{wan_text(amount)}万元"


def _budget_line(budget: BudgetMonitor, month: int, color: bool, explain: bool) -> list[str]:
    words = [f"  预算执行 {_tag(budget.colour, color)}"]
    if budget.executed is not None:
        words.append(f"1-{month}月执行 {_wan(budget.executed)} / 预算 {_wan(budget.budget)}")
        if budget.rate is not None:
            words.append(f"= {number_text(budget.rate)}%")
        if budget.value is not None and budget.value != budget.rate:
            words.append(f"(序时进度 {number_text(budget.value)})")
    else:
        words.append("未填报执行数")
    lines = [" ".join(words)]
    if explain:
        lines.append(f"      {budget.formula}")
    lines += _explanation_lines(budget.needs_explanation, budget.explanation)
    return lines


def _explanation_lines(needed: bool, explanation: str | None) -> list[str]:
    if not needed:
        return []
    if explanation:
        return [f"      偏差原因: {explanation}"]
    return ["      ! " + _("缺少偏差原因说明 (explanation missing)")]


def _indicator_lines(i: IndicatorMonitor, color: bool, explain: bool) -> list[str]:
    name = i.name if i.occurrence == 1 else f"{i.name} (第 {i.occurrence})"
    words = [
        f"  {_tag(i.colour, color)} {LEVEL1_LABELS[i.level1]}/{LEVEL2_LABELS[i.level2]} {name}:",
        f"目标 {i.target}",
        f"当前 {i.current if i.current is not None else '—'}",
    ]
    if i.expected_to_date is not None and i.value is not None:
        words.append(f"序时 {number_text(i.expected_to_date)}{i.unit}")
    if i.value is not None:
        words.append(f"进度 {number_text(i.value)}")
    if i.likelihood is not None:
        words.append(f"可能性 {i.likelihood.value}")
    lines = [" ".join(words)]
    if explain:
        lines.append(f"      {i.formula}")
    if i.needs_explanation and i.cause is not None:
        lines.append(f"      偏差类别: {i.cause.value}")
    lines += _explanation_lines(i.needs_explanation, i.explanation)
    return lines


def _project_lines(
    project: ProjectMonitor, month: int, color: bool, explain: bool
) -> Iterator[str]:
    yield f"{_tag(project.colour, color)} {project.key}"
    yield from _budget_line(project.budget, month, color, explain)
    for goal in project.goals:
        if len(project.goals) > 1 or explain:
            label = f"目标{goal.number}" if goal.number is not None else "未关联目标"
            yield f"  {label} {_tag(goal.colour, color)} ({goal.indicators} 项指标)"
    for check in project.checks:
        yield f"  {check.rule} {_tag(check.colour, color)} {check.formula}"
    for indicator in project.indicators:
        yield from _indicator_lines(indicator, color, explain)


def result_table(result: MonitoringResult, *, explain: bool = False, color: bool = False) -> str:
    title = f"{result.department or ''} {result.year or ''} 年 1-{result.month} 月绩效运行监控"
    lines = [
        title.strip(),
        f"监控规则 {result.profile}; 截至 {result.as_of or '—'}",
        "",
    ]
    for project in result.projects:
        lines.extend(_project_lines(project, result.month, color, explain))
        lines.append("")
    for problem in result.problems:
        where = problem.origin.describe() if problem.origin is not None else ""
        lines.append(f"{where}: {problem.project}: {problem.message}")
    summary = result.summary()
    counts = " ".join(
        f"{COLOUR_WORDS[c]} {summary['project_colours'][c.value]}"
        for c in Colour
        if summary["project_colours"][c.value]
    )
    lines.append(f"项目 {summary['projects']} 个: {counts}")
    needed, missing = summary["needs_explanation"], summary["missing_explanation"]
    lines.append(f"需说明偏差 {needed} 项, 缺少说明 {missing} 项")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = (
    "project",
    "code",
    "project_colour",
    "row",
    "level1",
    "level2",
    "name",
    "occurrence",
    "target",
    "current",
    "expected_to_date",
    "value",
    "colour",
    "formula",
    "needs_explanation",
    "explanation",
    "cause",
    "likelihood",
)


def result_csv(result: MonitoringResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)

    def write(row: list[str]) -> None:  # names from the ruleset never run as formulas
        writer.writerow(inert_row(row))

    for p in result.projects:
        b = p.budget
        write(
            [
                p.name,
                p.code or "",
                p.colour.value,
                "budget",
                "",
                "",
                "预算执行",
                "",
                number_text(b.budget) or "",
                number_text(b.executed) or "",
                "",
                number_text(b.value) or "",
                b.colour.value,
                b.formula,
                "yes" if b.needs_explanation else "no",
                b.explanation or "",
                "",
                "",
            ]
        )
        for i in p.indicators:
            write(
                [
                    p.name,
                    p.code or "",
                    p.colour.value,
                    "indicator",
                    LEVEL1_LABELS[i.level1],
                    LEVEL2_LABELS[i.level2],
                    i.name,
                    str(i.occurrence),
                    i.target,
                    i.current or "",
                    ""
                    if i.expected_to_date is None
                    else f"{number_text(i.expected_to_date)}{i.unit}",
                    number_text(i.value) or "",
                    i.colour.value,
                    i.formula,
                    "yes" if i.needs_explanation else "no",
                    i.explanation or "",
                    "" if i.cause is None else i.cause.value,
                    "" if i.likelihood is None else i.likelihood.value,
                ]
            )
    return out.getvalue()
