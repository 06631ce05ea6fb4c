"""Audit output: the comparison of published and policy points as a table, JSON or Markdown.

JSON is the contract (docs/importer.md lists its keys); the table is for people and is drawn
with rich, imported only when a table is asked for.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal

from ..importer.audit import Audit, AuditLine, LineKind, ProjectAudit
from ..scoring.results import number_text
from ..tables.grid import page_of
from .terminal import console as make_console
from .terminal import markdown, markdown_table
from .terminal import text as plain

COLUMNS = (
    "行",
    "一级",
    "二级",
    "三级指标",
    "指标值",
    "实际",
    "公布分值",
    "分值",
    "公布得分",
    "得分",
    "差异",
    "计算与说明",
)
_NUMBER_COLUMNS = frozenset({"公布分值", "分值", "公布得分", "得分"})


def render_audit(audit: Audit, fmt: str, *, color: bool = False, width: int | None = None) -> str:
    if fmt == "json":
        return json.dumps(audit.to_json_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return audit_markdown(audit)
    return audit_table(audit, color=color, width=width)


def _signed(number: Decimal) -> str:
    text = number_text(number) or ""
    return text if number < 0 else f"+{text}"


def difference_text(line: AuditLine) -> str:
    """`=` where the published figures agree; else what differs, published − policy."""
    parts = []
    if line.weight_difference is not None:
        parts.append(f"分值 {_signed(line.weight_difference)}")
    if line.rate_differs:
        parts.append("执行率")
    if line.points_difference is not None:
        parts.append(
            _signed(line.points_difference)
            if line.kind is not LineKind.LEVEL1
            else f"得分 {_signed(line.points_difference)}"
        )
    if not parts:
        if line.finding:
            return "?"
        # A level 1 compares its 分值 only; its 得分 are the sums of the rows above.
        return "分值 =" if line.kind is LineKind.LEVEL1 else "="
    return "，".join(parts)


def _columns(audit: Audit) -> tuple[str, ...]:
    """The table's columns; a PDF of several pages gives each line's page and row on it."""
    return ("页/行", *COLUMNS[1:]) if len(audit.report.pages) > 1 else COLUMNS


def _cells(line: AuditLine, pages: tuple[int, ...] = ()) -> list[str]:
    row = ""
    if line.origin and line.origin.line:
        row = str(line.origin.line)
        if len(pages) > 1:
            row = "{}/{}".format(*page_of(pages, line.origin.line))
    if line.kind is LineKind.INDICATOR:
        level1, level2 = line.level1 or "", line.level2 or ""
        name = line.label + (f" (第 {line.occurrence})" if line.occurrence else "")
        target, actual = line.target or "", line.actual or "—"
    elif line.kind is LineKind.LEVEL1:
        level1, level2, name, target, actual = line.label, "", "（小计）", "", ""
    elif line.kind is LineKind.EXECUTION:
        level1, level2, name = line.label, "", "全年执行数 / 全年预算数"
        target = f"公布 {line.published_rate or '—'}"
        actual = f"重算 {line.rate}%" if line.rate is not None else "重算 —"
    else:
        level1, level2, name, target, actual = line.label, "", "", "", line.status or ""
    explained = "；".join([line.formula, *line.notes] if line.formula else line.notes)
    return [
        row,
        level1,
        level2,
        name,
        target,
        actual,
        number_text(line.published_weight) or "—",
        number_text(line.weight) or "—",
        number_text(line.published_points) or "—",
        number_text(line.points) or "—",
        difference_text(line),
        explained,
    ]


def _title(audit: Audit, project: ProjectAudit) -> str:
    key = f"{project.name} [{project.code}]" if project.code else project.name
    verdict = "一致" if project.differences == 0 else f"{project.differences} 处不一致"
    return f"{key}：按 {audit.policy.name} 重算 {project.score} 分（{project.grade}），{verdict}"


def summary_lines(audit: Audit) -> list[str]:
    lines = []
    if audit.problems:
        lines += ["问题:", *[f"- {p}" for p in audit.problems]]
    rejected = audit.rejected_rows
    rounding = audit.policy.rounding
    lines.append(
        f"{len(audit.projects)} 个项目，{audit.differences} 处不一致"
        f"（差异 = 公布 − 按政策重算；按 {rounding.places} 位小数 {rounding.mode.value} 比较）"
        + (f"；{rejected} 行未能导入" if rejected else "")
    )
    return lines


def audit_markdown(audit: Audit) -> str:
    lines = [f"# 绩效自评表复核（{audit.policy.name}）", "", f"来源：`{audit.path}`", ""]
    for project in audit.projects:
        lines += [f"## {markdown(_title(audit, project))}", ""]
        cells = [_cells(line, audit.report.pages) for line in project.lines]
        lines += [*markdown_table(_columns(audit), cells), ""]
    lines += summary_lines(audit)
    return "\n".join(lines) + "\n"


def audit_table(audit: Audit, *, color: bool = False, width: int | None = None) -> str:
    from rich.table import Table

    out = io.StringIO()
    console = make_console(out, width or 200, color)
    for project in audit.projects:
        table = Table(title=plain(_title(audit, project)), title_justify="left")
        for column in _columns(audit):
            table.add_column(
                column,
                justify="right" if column in _NUMBER_COLUMNS else "left",
                overflow="fold",
            )
        for line in project.lines:
            style = "red" if line.finding else None
            table.add_row(*(plain(c) for c in _cells(line, audit.report.pages)), style=style)
        console.print(table)
    for summary in summary_lines(audit):
        console.print(plain(summary))
    return out.getvalue()


AUDITS_COLUMNS = ("文件", "项目数", "不一致", "未导入行", "问题", "一致")


def _audit_row(audit: Audit) -> list[str]:
    return [
        audit.path,
        str(len(audit.projects)),
        str(audit.differences),
        str(audit.rejected_rows),
        str(len(audit.problems)),
        "是" if audit.agrees else "否",
    ]


def render_audits(
    audits: list[Audit], fmt: str, *, color: bool = False, width: int | None = None
) -> str:
    """Several audits: each as for one file, then one summary row per file."""
    if fmt == "json":
        rows = [
            dict(
                zip(
                    ("path", "projects", "differences", "rejected_rows", "problems"),
                    (a.path, len(a.projects), a.differences, a.rejected_rows, len(a.problems)),
                    strict=True,
                )
            )
            | {"agrees": a.agrees}
            for a in audits
        ]
        data = {"files": rows, "audits": [a.to_json_dict() for a in audits]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    parts = [render_audit(a, fmt, color=color, width=width) for a in audits]
    if fmt == "markdown":
        lines = ["# 汇总", "", *markdown_table(AUDITS_COLUMNS, map(_audit_row, audits))]
        return "\n".join(parts) + "\n" + "\n".join(lines) + "\n"
    from rich.table import Table

    out = io.StringIO()
    table = Table(title=plain(f"汇总：{len(audits)} 个文件"), title_justify="left")
    for column in AUDITS_COLUMNS:
        table.add_column(column, justify="left" if column == "文件" else "right", overflow="fold")
    for audit in audits:
        table.add_row(*(plain(c) for c in _audit_row(audit)))
    make_console(out, width or 200, color).print(table)
    return "".join(parts) + out.getvalue()
