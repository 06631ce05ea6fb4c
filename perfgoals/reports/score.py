"""Report stage: a scoring result as a table, JSON, CSV or Markdown.

JSON is the documented contract (docs/scoring.md); the table is for people and is drawn with
rich, imported only here and only when a table is asked for.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence

from ..i18n import _
from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS
from ..scoring.results import (
    AssessmentResult,
    ExecutionResult,
    IndicatorResult,
    ProjectResult,
    Status,
    Summary,
    number_text,
)
from ..scoring.slips import is_unit_slip
from ..tables.cells import inert_row
from .json_text import dumps_indented
from .terminal import NARROW, markdown, markdown_table, text
from .terminal import console as make_console

STATUS_LABELS: dict[Status, str] = {
    Status.MET: "达成",
    Status.PARTLY_MET: "部分达成",
    Status.MISSED: "未达成",
    Status.NOT_APPLICABLE: "不适用",
    Status.NO_DATA: "无数据",
    Status.ERROR: "错误",
}


def render(
    result: AssessmentResult,
    fmt: str,
    *,
    explain: bool = False,
    color: bool = False,
    width: int | None = None,
) -> str:
    if fmt == "json":
        return result_json(result)
    if fmt == "csv":
        return result_csv(result)
    if fmt == "markdown":
        return result_markdown(result, explain=explain)
    return result_table(result, explain=explain, color=color, width=width)


def table_width(explain: bool) -> int:
    """The width a table is drawn at when no terminal says otherwise (files, pipes)."""
    return 160 if explain else 140


def title_of(project: ProjectResult, heading: bool = False) -> str:
    """A project's title (or Markdown heading): its score and grade, or why it has none."""
    if project.complete:
        if heading:
            return f"{project.key}: {project.score} 分，{project.grade}"
        return f"{project.key}  {project.score} 分  {project.grade}"
    return (
        f"{project.key}{': ' if heading else '  '}不完整：{project.unscored} 项无法评分"
        f"（已评部分 {project.score} 分，不定等级）"
    )


def notes_of(result: IndicatorResult) -> str:
    """The 说明 cell: whether an explanation is needed, and why an indicator has no score."""
    parts = [_mark(result)]
    if result.status in (Status.ERROR, Status.NO_DATA) and result.message:
        parts.append(result.message)
    parts += [r for r in result.reasons if is_unit_slip(r)]
    return "；".join(p for p in parts if p)


def result_json(result: AssessmentResult) -> str:
    return dumps_indented(result.to_json_dict()) + "\n"


# The CSV is opened in Excel by the people who hand the results in: Chinese headers, and
# (written to a file) a byte-order mark. The values stay as the JSON contract spells them.
CSV_COLUMNS = (
    "项目名称",
    "项目编码",
    "一级指标",
    "二级指标",
    "三级指标",
    "序次",
    "年度指标值",
    "实际完成值",
    "分值",
    "分值来源",
    "得分",
    "状态",
    "计算",
    "需说明",
    "偏差原因分析及改进措施",
)


def _rows(project: ProjectResult) -> Iterator[list[str | None]]:
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


def csv_records(project: ProjectResult) -> Iterator[list[str]]:
    """A project's CSV rows (its indicators, its budget execution, its total), each field one
    that a spreadsheet opens as the text it is, never as a formula."""
    for row in _raw_records(project):
        yield inert_row(row)


def _raw_records(project: ProjectResult) -> Iterator[Sequence[str | None]]:
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
        project.grade if project.complete else "incomplete",
        f"{project.earned} / {project.maximum} × 100"
        + ("" if project.complete else _("; {count} could not be scored", count=project.unscored)),
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
            f"## {markdown(title_of(project, heading=True))}",
            "",
            f"预算执行率 {e.rate if e.rate is not None else '—'}%，"
            f"得分 {e.points} / {e.weight}（{markdown(e.formula)}）{_exec_mark(e)}",
            "",
        ]
        columns = (*_MD_COLUMNS, "计算") if explain else _MD_COLUMNS
        rows = (
            [
                LEVEL1_LABELS[i.level1],
                LEVEL2_LABELS[i.level2],
                i.name,
                i.target,
                i.actual,
                str(i.weight),
                str(i.points),
                STATUS_LABELS[i.status],
                notes_of(i),
                *([i.formula] if explain else []),
            ]
            for i in project.indicators
        )
        lines += [*markdown_table(columns, rows), ""]
    lines += _summary_lines(result, markdown)
    return "\n".join(lines) + "\n"


def _summary_lines(result: AssessmentResult, escape: Callable[[str], str] = str) -> list[str]:
    lines = []
    if result.problems:
        lines += ["问题:", *[f"- {escape(p.describe())}" for p in result.problems], ""]
    if result.summary is not None:
        lines += summary_lines(result.summary)
    return lines


def summary_lines(s: Summary) -> list[str]:
    """The closing lines: projects, mean score, grades and explanations, and what is missing."""
    grades = "，".join(f"{k} {v}" for k, v in s.grades.items())
    mean = "—" if s.mean_score is None else s.mean_score
    lines = [
        f"{s.projects} 个项目，平均 {mean} 分（{grades}）；"
        f"需说明 {s.explanations_required} 项，缺说明 {s.explanations_missing} 项"
    ]
    if s.incomplete:
        lines.append(unscored_line(s))
    return lines


def unscored_line(s: Summary) -> str:
    """One line: how many could not be scored and the commonest reason."""
    return (
        f"不完整：{s.incomplete} 个项目的 {s.unscored} 项无法评分（{s.unscored_reason}），"
        "不计入平均分和等级"
    )


# The table is for reading. rich measures every cell, about 8 ms a project, so a province's
# thousands of projects would take minutes to draw: past this many, the first are drawn and a
# line says where all of them are. The summary always counts every project.
TABLE_PROJECTS = 200


def result_table(
    result: AssessmentResult,
    *,
    explain: bool = False,
    color: bool = False,
    width: int | None = None,
    hidden: int = 0,
) -> str:
    """The terminal table; `hidden` counts projects scored but not held in `result`."""
    from rich.table import Table

    out = io.StringIO()
    width = width or table_width(explain)
    narrow = width < NARROW
    console = make_console(out, width, color)
    shown = result.projects[:TABLE_PROJECTS]
    for project in shown:
        e = project.execution
        table = Table(title=text(title_of(project)), title_justify="left", show_lines=False)
        columns = ["指标", "指标值", "实际", "得分/分值", "状态", "说明"] if narrow else [
            "一级", "二级", "三级指标", "指标值", "实际", "分值", "得分", "状态", "说明",
        ]  # fmt: skip
        for column in columns:
            table.add_column(
                column,
                justify="right" if column in ("分值", "得分", "得分/分值") else "left",
                overflow="fold",
            )
        if explain:
            table.add_column("计算", overflow="fold")
        rate = f"{e.rate}%" if e.rate is not None else "—"
        mark = "✗ 需说明" if e.explanation_missing else ""
        head = ["预算执行率"] if narrow else ["预算执行率", "", "执行数 / 预算数"]
        numbers = [f"{e.points}/{e.weight}"] if narrow else [str(e.weight), str(e.points)]
        cells = [*head, "", rate, *numbers, STATUS_LABELS[e.status], mark]
        table.add_row(*(text(c) for c in [*cells, *([e.formula] if explain else [])]))
        for i in project.indicators:
            if narrow:
                head = [f"{LEVEL2_LABELS[i.level2]}·{i.name}"]
                numbers = [f"{i.points}/{i.weight}"]
            else:
                head = [LEVEL1_LABELS[i.level1], LEVEL2_LABELS[i.level2], i.name]
                numbers = [str(i.weight), str(i.points)]
            cells = [*head, i.target, i.actual or "—", *numbers, STATUS_LABELS[i.status]]
            cells += [notes_of(i), *([i.formula] if explain else [])]
            table.add_row(*(text(c) for c in cells))
        console.print(table)
    hidden += len(result.projects) - len(shown)
    if hidden:
        note = _(
            "… {count} more projects are not drawn here; --format csv or json, or -o FILE.xlsx, "
            "holds every project",
            count=hidden,
        )
        console.print(text(note))
    for line in _summary_lines(result):
        console.print(text(line))
    return out.getvalue()
