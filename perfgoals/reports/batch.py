"""Report stage for runs over several departments: one summary row per department.

Each department's own result is rendered as for a single run; the summary closes the output
(table, Markdown), is the output (CSV), or leads it (JSON: `departments`, then `results`).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..language.model import Ruleset
from ..language.policy import Policy
from ..scoring.results import AssessmentResult, number_text
from .score import render, result_json, table_width
from .terminal import console as make_console
from .terminal import markdown, markdown_table, text

HUNDRED = Decimal(100)
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Scored:
    """One department's result and the files it came from."""

    ruleset: str
    actuals: str
    result: AssessmentResult
    # What the workbook and HTML report need besides the result (a single run keeps them).
    model: Ruleset | None = None
    policy: Policy | None = None


@dataclass(frozen=True)
class DepartmentRow:
    department: str
    projects: int
    mean_score: Decimal | None
    grades: dict[str, int]
    execution: Decimal | None  # percent: executed ÷ budget over the projects that state both
    explanations_missing: int
    incomplete: int

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "department": self.department,
            "projects": self.projects,
            "mean_score": number_text(self.mean_score),
            "grades": dict(self.grades),
            "execution": number_text(self.execution),
            "explanations_missing": self.explanations_missing,
            "incomplete": self.incomplete,
        }

    def cells(self) -> list[str]:
        grades = "，".join(f"{k} {v}" for k, v in self.grades.items())
        return [
            self.department,
            str(self.projects),
            "—" if self.mean_score is None else str(self.mean_score),
            grades,
            "—" if self.execution is None else f"{self.execution}%",
            str(self.explanations_missing),
            str(self.incomplete),
        ]


COLUMNS = ("部门", "项目数", "平均分", "等级", "预算执行率", "缺说明", "不完整")


def department_row(scored: Scored) -> DepartmentRow:
    result = scored.result
    summary = result.summary
    budget = executed = Decimal(0)
    for project in result.projects:
        e = project.execution
        if e.budget is not None and e.executed is not None and e.budget > 0:
            budget += e.budget
            executed += max(e.executed, Decimal(0))
    rate = (executed / budget * HUNDRED).quantize(HUNDREDTH) if budget else None
    return DepartmentRow(
        department=result.department or scored.ruleset,
        projects=len(result.projects),
        mean_score=summary.mean_score if summary else None,
        grades=dict(summary.grades) if summary else {},
        execution=rate,
        explanations_missing=result.explanations_missing,
        incomplete=summary.incomplete if summary else 0,
    )


def render_batch(
    runs: list[Scored],
    fmt: str,
    *,
    explain: bool = False,
    color: bool = False,
    width: int | None = None,
) -> str:
    rows = [department_row(r) for r in runs]
    if fmt == "json":
        results = [
            {"ruleset": r.ruleset, "actuals": r.actuals, **json.loads(result_json(r.result))}
            for r in runs
        ]
        departments = [row.to_json_dict() for row in rows]
        data = {"departments": departments, "results": results}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(row.cells() for row in rows)
        return out.getvalue()
    parts = []
    for run in runs:
        heading = f"{run.ruleset} ← {run.actuals}"
        body = render(run.result, fmt, explain=explain, color=color, width=width)
        parts.append(
            f"# {markdown(heading)}\n\n{body}" if fmt == "markdown" else f"{heading}\n{body}"
        )
    if fmt == "markdown":
        lines = ["# 汇总", "", *markdown_table(COLUMNS, (row.cells() for row in rows))]
        return "\n".join([*parts, *lines]) + "\n"
    return "".join(parts) + _summary_table(rows, color, width or table_width(explain))


def batch_summary_line(runs: list[Scored]) -> str:
    """One line for all departments: how many, their projects by grade, the explanations."""
    summaries = [r.result.summary for r in runs if r.result.summary is not None]
    grades: dict[str, int] = {}
    for s in summaries:
        for grade, count in s.grades.items():
            grades[grade] = grades.get(grade, 0) + count
    by_grade = "，".join(f"{k} {v}" for k, v in grades.items())
    line = (
        f"{len(runs)} 个部门，{sum(s.projects for s in summaries)} 个项目（{by_grade}）；"
        f"需说明 {sum(s.explanations_required for s in summaries)} 项，"
        f"缺说明 {sum(s.explanations_missing for s in summaries)} 项"
    )
    incomplete = sum(s.incomplete for s in summaries)
    return line + (f"；不完整 {incomplete} 个项目" if incomplete else "")


def _summary_table(rows: list[DepartmentRow], color: bool, width: int) -> str:
    from rich.table import Table

    out = io.StringIO()
    table = Table(title=text(f"汇总：{len(rows)} 个部门"), title_justify="left")
    for column in COLUMNS:
        numeric = column not in ("部门", "等级")
        table.add_column(column, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*(text(c) for c in row.cells()))
    make_console(out, width, color).print(table)
    return out.getvalue()
