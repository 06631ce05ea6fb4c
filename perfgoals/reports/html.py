"""Report stage: a scoring as one self-contained HTML file, for the people who read the results.

The summary, four charts (inline SVG, perfgoals.reports.charts) and every project's table in the
layout of the 自评表. Templates are Jinja2 files shipped in the package (reports/templates),
HTML-escaped throughout; the page loads nothing from anywhere, so it opens on an intranet
machine with no network. Nothing in it depends on when or where it was written, so the report
rebuilt from the store is the same file.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS, Ruleset
from ..language.policy import Policy
from ..scoring.results import AssessmentResult, ProjectResult, Status
from .charts import report_charts
from .score import STATUS_LABELS
from .summary import completion_text, project_lines

TEMPLATES = Path(__file__).parent / "templates"


def _number(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:,.{places}f}"


def _wan(yuan: Decimal | None) -> str:
    if yuan is None:
        return "—"
    text = format((yuan / 10000).quantize(Decimal("0.0001")), ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _project_view(n: int, project: ProjectResult, goals: list[str]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for i in project.indicators:
        rows.append(
            {
                "level1": LEVEL1_LABELS[i.level1] + "指标",
                "level2": LEVEL2_LABELS[i.level2] + "指标",
                "span1": 0,  # rows the level-1 cell spans, on the first row of its run only
                "span2": 0,
                "name": i.name,
                "target": i.target,
                "actual": i.actual or "—",
                "weight": _number(i.weight),
                "points": _number(i.points),
                "status": STATUS_LABELS[i.status],
                "status_key": i.status.value,
                "lost": i.status is not Status.NOT_APPLICABLE and i.points < i.weight,
                "explanation": i.explanation or "",
                "missing": i.explanation_missing,
                "formula": i.formula,
            }
        )
    _spans(rows, "span1", lambda r: r["level1"])
    _spans(rows, "span2", lambda r: (r["level1"], r["level2"]))
    e = project.execution
    return {
        "anchor": f"p{n}",
        "index": n,
        "name": project.name,
        "code": project.code,
        "score": _number(project.score),
        "grade": project.grade,
        "initial": _wan(e.initial_budget if e.initial_budget is not None else e.budget),
        "budget": _wan(e.budget),
        "executed": _wan(e.executed),
        "execution_weight": _number(e.weight),
        "rate": f"{e.rate}%" if e.rate is not None else "—",
        "execution_points": _number(e.points),
        "execution_missing": e.explanation_missing,
        "goals": goals,
        "done": e.explanation or project.explanation or completion_text(project),
        "rows": rows,
    }


def _spans(rows: list[dict[str, Any]], field: str, key: Any) -> None:
    """Merge runs of equal keys as the form does: the first row of a run spans the run."""
    first = 0
    for k in range(1, len(rows) + 1):
        if k == len(rows) or key(rows[k]) != key(rows[first]):
            rows[first][field] = k - first
            first = k


def report_context(result: AssessmentResult, ruleset: Ruleset, policy: Policy) -> dict[str, Any]:
    """Everything the template shows, as plain strings and lists."""
    by_key = {(p.name, p.code): p for p in ruleset.projects}
    header = ruleset.header
    department = (header.department if header else None) or result.department or ""
    year = result.year or ruleset.year
    projects = []
    for n, scored in enumerate(result.projects, start=1):
        source = by_key.get((scored.name, scored.code))
        goals = [g.text for g in source.goals] if source else []
        projects.append(_project_view(n, scored, goals))
    s = result.summary
    return {
        "title": f"{department}{year or ''}年度项目支出绩效自评报告",
        "department": department,
        "year": year,
        "policy": policy.title or policy.name,
        "policy_name": policy.name,
        "summary": s.to_json_dict() if s else None,
        "problems": [p.describe() for p in result.problems],
        "lines": [
            {
                "anchor": f"p{line.index}",
                "index": line.index,
                "name": line.name,
                "code": line.code or "",
                "budget": _wan(line.budget),
                "executed": _wan(line.executed),
                "rate": f"{line.rate}%" if line.rate is not None else "—",
                "score": _number(line.score),
                "grade": line.grade,
                "lost": _number(line.lost),
                "where_lost": line.where_lost,
                "missing": "、".join(line.missing),
            }
            for line in project_lines(result)
        ],
        "charts": report_charts(result),
        "projects": projects,
    }


def report_html(result: AssessmentResult, ruleset: Ruleset, policy: Policy) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("report.html.j2")
    return template.render(**report_context(result, ruleset, policy))
