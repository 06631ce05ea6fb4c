"""Report stage: a scoring as the 项目支出绩效自评表 workbook a department hands in.

One sheet per project in the layout of the central template (财预〔2020〕10号 附件): title and
year, 项目名称, 主管部门 and 实施单位, the 项目资金 block (年初预算数, 全年预算数, 全年执行数,
分值, 执行率, 得分; only the 年度资金总额 row is scored), 年度总体目标 (预期目标 | 实际完成情况),
the indicator block merged down the hierarchy, and 总分 with the grade. A first sheet 汇总 lists
every project. Under a by-goal policy (Hubei) the indicator block gains a first column 对应目标
and its rows are grouped by goal. The sheets read back through `perfgoals import` / `audit`.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS, Project, Ruleset
from ..scoring.results import AssessmentResult, IndicatorResult, ProjectResult, Status
from .sheets import (
    Form,
    PrintSetup,
    fitted_widths,
    fraction,
    fund_shares,
    register_styles,
    sheet_title,
    wan,
)
from .summary import completion_text, project_line

TITLE = "项目支出绩效自评表"
INDICATOR_HEADER = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
FUNDS_HEADER = ("年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分")
FUND_ROWS = ("年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金")
FUND_KEYS = ("appropriation", "carried", "other")  # the 其中 rows, as sheets.fund_shares names them
# A, B, C… of the central layout; 对应目标 goes first under a by-goal policy.
WIDTHS = (10.0, 12.0, 24.0, 15.0, 15.0, 8.0, 9.0, 28.0)
GOAL_WIDTH = 8.0
SUMMARY_HEADER = (
    "序号",
    "项目名称",
    "项目编码",
    "全年预算数（万元）",
    "全年执行数（万元）",
    "执行率",
    "得分",
    "等级",
    "失分",
    "失分指标",
    "缺少说明",
)


def write_self_assessment(
    target: str | Path | IO[bytes],
    result: AssessmentResult,
    ruleset: Ruleset,
    *,
    by_goal: bool = False,
) -> None:
    """Write the 汇总 sheet and one 自评表 sheet per scored project."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    register_styles(workbook)
    projects = _ruleset_projects(result, ruleset)
    taken = {"汇总"}
    _summary_sheet(workbook.create_sheet("汇总"), result, ruleset)
    department = (ruleset.header.department if ruleset.header else None) or result.department
    year = result.year or ruleset.year
    for n, (scored, project) in enumerate(zip(result.projects, projects, strict=True), start=1):
        ws = workbook.create_sheet(sheet_title(n, scored.name, taken))
        project_sheet(ws, scored, project, department=department, year=year, by_goal=by_goal)
    workbook.save(target)


def _ruleset_projects(result: AssessmentResult, ruleset: Ruleset) -> list[Project | None]:
    """The ruleset project behind each scored project (goals and funds come from there)."""
    by_key = {(p.name, p.code): p for p in ruleset.projects}
    return [by_key.get((p.name, p.code)) for p in result.projects]


def project_sheet(
    ws: Any,
    scored: ProjectResult,
    project: Project | None,
    *,
    department: str | None,
    year: int | None,
    by_goal: bool,
) -> None:
    """One project's 自评表 on a worksheet whose workbook has the form styles."""
    o = 1 if by_goal else 0  # columns shifted right by the 对应目标 column
    form = Form(ws, ((GOAL_WIDTH,) if by_goal else ()) + WIDTHS)
    w = form.width
    form.put(1, 1, TITLE, "pg-title", last_column=w)
    form.height(1, 30)
    form.put(2, 1, f"（{year}年度）" if year else "（　　年度）", "pg-subtitle", last_column=w)
    form.put(3, 1, "项目名称", "pg-label", last_column=1 + o)
    form.put(3, 2 + o, scored.name, "pg-text", last_column=5 + o)
    # 项目编码 is not on the central form, but many provinces add it, and without it two
    # projects of one name cannot be told apart when the table is read back.
    form.put(3, 6 + o, "项目编码", "pg-label")
    form.put(3, 7 + o, scored.code, "pg-centre", last_column=w)
    form.put(4, 1, "主管部门", "pg-label", last_column=1 + o)
    form.put(4, 2 + o, department, "pg-text", last_column=4 + o)
    form.put(4, 5 + o, "实施单位", "pg-label")
    form.put(4, 6 + o, department, "pg-text", last_column=w)
    _funds(form, 5, scored, project, o)
    goals = " ".join(f"{k}.{g.text}" for k, g in enumerate(project.goals, 1)) if project else ""
    done = scored.execution.explanation or scored.explanation or completion_text(scored)
    form.put(10, 1, "年度总体目标", "pg-label", last_column=1 + o, last_row=11)
    form.put(10, 2 + o, "预期目标", "pg-label", last_column=5 + o)
    form.put(10, 6 + o, "实际完成情况", "pg-label", last_column=w)
    form.put(11, 2 + o, goals, "pg-text", last_column=5 + o)
    form.put(11, 6 + o, done, "pg-text", last_column=w)
    header = 12
    form.row(header, (("对应目标",) if by_goal else ()) + INDICATOR_HEADER, "pg-label")
    indicators = sorted(scored.indicators, key=_goal_key) if by_goal else scored.indicators
    first = header + 1
    for r, indicator in enumerate(indicators, start=first):
        _indicator_row(form, r, indicator, o)
    last = first + len(indicators) - 1
    if by_goal:
        form.merge_runs(indicators, first, 1, lambda i: i.goal, "pg-goal")
    form.merge_runs(indicators, first, 1 + o, lambda i: (i.goal, i.level1), "pg-centre")
    form.merge_runs(indicators, first, 2 + o, lambda i: (i.goal, i.level1, i.level2), "pg-centre")
    total = last + 1
    form.put(total, 1, "总分", "pg-label", last_column=5 + o)
    form.put(total, 6 + o, 100, "pg-total")
    form.put(total, 7 + o, scored.score, "pg-total")
    form.put(total, 8 + o, f"自评等级：{scored.grade}", "pg-label")
    form.print_setup(PrintSetup(title_rows=f"{header}:{header}"))


def _goal_key(indicator: IndicatorResult) -> int:
    return indicator.goal if indicator.goal is not None else 1_000_000


def _funds(form: Form, top: int, scored: ProjectResult, project: Project | None, o: int) -> None:
    e = scored.execution
    w = form.width
    form.put(top, 1, "项目资金（万元）", "pg-label", last_column=1 + o, last_row=top + 4)
    form.put(top, 2 + o, None, "pg-label")
    for c, label in enumerate(FUNDS_HEADER, start=3 + o):
        form.put(top, c, label, "pg-label")
    initial = e.initial_budget if e.initial_budget is not None else e.budget
    cells: list[tuple[Any, str]] = [
        (wan(initial), "pg-money"),
        (wan(e.budget), "pg-money"),
        (wan(e.executed), "pg-money"),
        (e.weight, "pg-points"),
        (fraction(e.rate), "pg-percent"),
        (e.points, "pg-points"),
    ]
    form.put(top + 1, 2 + o, FUND_ROWS[0], "pg-centre")
    for c, (value, style) in enumerate(cells, start=3 + o):
        form.put(top + 1, c, value, style)
    shares = fund_shares(project)
    for r, (label, key) in enumerate(zip(FUND_ROWS[1:], FUND_KEYS, strict=True), start=top + 2):
        form.put(r, 2 + o, label, "pg-centre")
        form.put(r, 3 + o, wan(shares.get(key)), "pg-money")
        for c in range(4 + o, w + 1):
            # Only the total row is scored; the 其中 rows carry a dash under 分值 and 得分.
            form.put(r, c, "—" if c in (6 + o, 8 + o) else None, "pg-centre")


def _indicator_row(form: Form, r: int, i: IndicatorResult, o: int) -> None:
    if o:
        form.put(r, 1, i.goal, "pg-goal")
    form.put(r, 1 + o, LEVEL1_LABELS[i.level1] + "指标", "pg-centre")
    form.put(r, 2 + o, LEVEL2_LABELS[i.level2] + "指标", "pg-centre")
    form.put(r, 3 + o, i.name, "pg-text")
    form.put(r, 4 + o, i.target, "pg-centre")
    applies = i.status is not Status.NOT_APPLICABLE
    # 不适用 as the actual value is what reads back as "does not apply".
    form.put(r, 5 + o, i.actual or (None if applies else "不适用"), "pg-centre")
    # An indicator that does not apply has no share of the 100 points: 分值 and 得分 are 0.
    form.put(r, 6 + o, i.weight if applies else 0, "pg-points")
    form.put(r, 7 + o, i.points if applies else 0, "pg-points")
    form.put(r, 8 + o, i.explanation or ("不适用" if not applies else None), "pg-text")


def _summary_sheet(ws: Any, result: AssessmentResult, ruleset: Ruleset) -> None:
    department = (ruleset.header.department if ruleset.header else None) or result.department
    year = result.year or ruleset.year
    lines = [project_line(n, p) for n, p in enumerate(result.projects, start=1)]
    body: list[tuple[Any, ...]] = [
        (
            line.index,
            line.name,
            line.code,
            wan(line.budget),
            wan(line.executed),
            fraction(line.rate),
            line.score,
            line.grade,
            line.lost,
            line.where_lost,
            "、".join(line.missing),
        )
        for line in lines
    ]
    widths = fitted_widths([SUMMARY_HEADER, *body], maximum=36)
    widths[0] = 6
    form = Form(ws, widths)
    w = len(SUMMARY_HEADER)
    title = f"{department or ''}{year or ''}年度项目支出绩效自评汇总"
    form.put(1, 1, title, "pg-title", last_column=w)
    form.height(1, 30)
    s = result.summary
    if s is not None:
        grades = "，".join(f"{k} {v} 个" for k, v in s.grades.items())
        note = (
            f"共 {s.projects} 个项目，平均 {s.mean_score} 分（{grades}）；"
            f"需说明 {s.explanations_required} 项，缺少说明 {s.explanations_missing} 项。"
            f"评分办法：{result.policy}"
        )
        form.put(2, 1, note, "pg-note", last_column=w)
    form.row(3, SUMMARY_HEADER, "pg-label")
    styles = (
        "pg-count",
        "pg-text",
        "pg-centre",
        "pg-money",
        "pg-money",
        "pg-percent",
        "pg-points",
        "pg-centre",
        "pg-points",
        "pg-text",
        "pg-text",
    )
    for r, row in enumerate(body, start=4):
        for c, (value, style) in enumerate(zip(row, styles, strict=True), start=1):
            form.put(r, c, value, style)
    ws.freeze_panes = "C4"
    form.print_setup(PrintSetup(title_rows="3:3", landscape=True))
