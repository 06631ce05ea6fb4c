"""Report stage: a scoring result as a table, JSON, CSV or Markdown.

JSON is the documented contract (docs/scoring.md); the table is for people and is drawn with
rich, imported only here and only when a table is asked for.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence

from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS
from ..scoring.results import (
    AssessmentResult,
    ExecutionResult,
    IndicatorResult,
    ProjectResult,
    Status,
    number_text,
)

STATUS_LABELS: dict[Status, str] = {
    Status.MET: "达成",
    Status.PARTLY_MET: "部分达成",
    Status.MISSED: "未达成",
    Status.NOT_APPLICABLE: "不适用",
    Status.NO_DATA: "无数据",
    Status.ERROR: "错误",
}


def render(
    result: AssessmentResult, fmt: str, *, explain: bool = False, color: bool = False
) -> str:
    if fmt == "json":
        return result_json(result)
    if fmt == "csv":
        return result_csv(result)
    if fmt == "markdown":
        return result_markdown(result, explain=explain)
    return result_table(result, explain=explain, color=color)


def result_json(result: AssessmentResult) -> str:
    return json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "project",
    "code",
    "level1",
    "level2",
    "name",
    "occurrence",
    "target",
    "actual",
    "weight",
    "weight_source",
    "points",
    "status",
    "formula",
    "needs_explanation",
    "explanation",
)


def _rows(project: ProjectResult) -> Iterator[list[str]]:
    for i in project.indicators:
        yield [
            project.name,
            project.code or "",
            LEVEL1_LABELS[i.level1],
            LEVEL2_LABELS[i.level2],
            i.name,
            str(i.occurrence),
            i.target,
            i.actual or "",
            number_text(i.weight) or "",
            i.weight_source.value,
            number_text(i.points) or "",
            i.status.value,
            i.formula,
            "yes" if i.needs_explanation else "no",
            i.explanation or "",
        ]


def result_csv(result: AssessmentResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for project in result.projects:
        writer.writerows(csv_records(project))
    return out.getvalue()


def csv_records(project: ProjectResult) -> Iterator[Sequence[str | None]]:
    """A project's CSV rows: its indicators, its budget execution, its total."""
    yield from _rows(project)
    e = project.execution
    yield [
        project.name,
        project.code or "",
        "预算执行率",
        "",
        "执行率",
        "",
        "",
        number_text(e.rate) or "",
        number_text(e.weight),
        "policy",
        number_text(e.points),
        e.status.value,
        e.formula,
        "yes" if e.needs_explanation else "no",
        e.explanation or "",
    ]
    yield [
        project.name,
        project.code or "",
        "总分",
        "",
        "",
        "",
        "",
        "",
        number_text(project.maximum),
        "",
        number_text(project.score),
        project.grade,
        f"{project.earned} / {project.maximum} × 100",
        "",
        "",
    ]


def _mark(result: IndicatorResult) -> str:
    if not result.needs_explanation:
        return ""
    return "✓ 已说明" if result.explanation else "✗ 需说明"


def _exec_mark(e: ExecutionResult) -> str:
    if not e.needs_explanation:
        return ""
    why = "；".join(e.reasons)
    return f"，{'已说明' if e.explanation else '需说明'}（{why}）"


def _md(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


_MD_COLUMNS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "实际完成值",
    "分值",
    "得分",
    "状态",
    "偏差说明",
)


def result_markdown(result: AssessmentResult, *, explain: bool = False) -> str:
    lines = [f"# 绩效自评得分（{result.policy}）", ""]
    for project in result.projects:
        e = project.execution
        lines += [
            f"## {_md(project.key)}: {project.score} 分，{project.grade}",
            "",
            f"预算执行率 {e.rate if e.rate is not None else '—'}%，"
            f"得分 {e.points} / {e.weight}（{_md(e.formula)}）{_exec_mark(e)}",
            "",
        ]
        head = "| " + " | ".join(_MD_COLUMNS) + " |"
        rule = "|---|---|---|---|---|---|---|---|---|"
        if explain:
            head += " 计算 |"
            rule += "---|"
        lines += [head, rule]
        for i in project.indicators:
            row = (
                f"| {LEVEL1_LABELS[i.level1]} | {LEVEL2_LABELS[i.level2]} | "
                f"{_md(i.name)} | {_md(i.target)} | "
                f"{_md(i.actual)} | {i.weight} | {i.points} | {STATUS_LABELS[i.status]} | "
                f"{_mark(i)} |"
            )
            if explain:
                row += f" {_md(i.formula)} |"
            lines.append(row)
        lines.append("")
    lines += _summary_lines(result)
    return "\n".join(lines) + "\n"


def _summary_lines(result: AssessmentResult) -> list[str]:
    lines = []
    if result.problems:
        lines += ["问题:", *[f"- {p.describe()}" for p in result.problems], ""]
    s = result.summary
    if s is not None:
        grades = "，".join(f"{k} {v}" for k, v in s.grades.items())
        lines.append(
            f"{s.projects} 个项目，平均 {s.mean_score} 分（{grades}）；"
            f"需说明 {s.explanations_required} 项，缺说明 {s.explanations_missing} 项"
        )
    return lines


def result_table(result: AssessmentResult, *, explain: bool = False, color: bool = False) -> str:
    from rich.console import Console
    from rich.table import Table

    out = io.StringIO()
    console = Console(
        file=out,
        width=160 if explain else 140,
        color_system="auto" if color else None,
        force_terminal=color,
        highlight=False,
    )
    for project in result.projects:
        e = project.execution
        table = Table(
            title=f"{project.key}  {project.score} 分  {project.grade}",
            title_justify="left",
            show_lines=False,
        )
        for column in (
            "一级",
            "二级",
            "三级指标",
            "指标值",
            "实际",
            "分值",
            "得分",
            "状态",
            "说明",
        ):
            table.add_column(column, justify="right" if column in ("分值", "得分") else "left")
        if explain:
            table.add_column("计算")
        table.add_row(
            "预算执行率",
            "",
            "执行数 / 预算数",
            "",
            f"{e.rate}%" if e.rate is not None else "—",
            str(e.weight),
            str(e.points),
            STATUS_LABELS[e.status],
            "✗ 需说明" if e.explanation_missing else "",
            *([e.formula] if explain else []),
        )
        for i in project.indicators:
            table.add_row(
                LEVEL1_LABELS[i.level1],
                LEVEL2_LABELS[i.level2],
                i.name,
                i.target,
                i.actual or "—",
                str(i.weight),
                str(i.points),
                STATUS_LABELS[i.status],
                _mark(i),
                *([i.formula] if explain else []),
            )
        console.print(table)
    for line in _summary_lines(result):
        console.print(line)
    return out.getvalue()
