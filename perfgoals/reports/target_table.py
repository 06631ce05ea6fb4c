"""Report stage: a ruleset as the 项目支出绩效目标表 (申报表) workbook, one sheet per project.

The layout of the central template: title and year, 项目名称 and 项目编码, 主管部门 and 实施单位,
the 项目资金 block (年度资金总额 and its 其中 rows, 万元), 年度总体目标, and the indicator block
(一级, 二级, 三级指标, 绩效指标描述, 指标值, 指标值确定依据, 分值) merged down the hierarchy.
The flat one-sheet table that `import` reads back row by row stays in perfgoals.importer.layout.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS, Indicator, Project, Ruleset
from .sheets import Form, PrintSetup, fund_shares, register_styles, sheet_title, wan

TITLE = "项目支出绩效目标表"
HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", "分值")
WIDTHS = (10.0, 12.0, 22.0, 26.0, 15.0, 20.0, 8.0)
FUND_ROWS = ("年度资金总额", "其中：财政拨款", "上年结转资金", "其他资金")


def write_target_table(target: str | Path | IO[bytes], ruleset: Ruleset) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    register_styles(workbook)
    header = ruleset.header
    department = header.department if header else None
    taken: set[str] = set()
    for n, project in enumerate(ruleset.projects, start=1):
        ws = workbook.create_sheet(sheet_title(n, project.name, taken))
        target_sheet(ws, project, department=department, year=ruleset.year)
    if not ruleset.projects:
        workbook.create_sheet(TITLE)
    workbook.save(target)


def _funds(project: Project) -> dict[str, Decimal]:
    shares: dict[str, Decimal] = {}
    found = fund_shares(project)
    for label, key in zip(FUND_ROWS[1:], ("appropriation", "carried", "other"), strict=True):
        if key in found:
            shares[label] = found[key]
    if project.budget is not None and project.budget.value is not None:
        shares[FUND_ROWS[0]] = Decimal(project.budget.value)
    return shares


def target_sheet(ws: Any, project: Project, *, department: str | None, year: int | None) -> None:
    form = Form(ws, WIDTHS)
    w = form.width
    form.put(1, 1, TITLE, "pg-title", last_column=w)
    form.height(1, 30)
    form.put(2, 1, f"（{year}年度）" if year else "（　　年度）", "pg-subtitle", last_column=w)
    form.put(3, 1, "项目名称", "pg-label")
    form.put(3, 2, project.name, "pg-text", last_column=4)
    form.put(3, 5, "项目编码", "pg-label")
    form.put(3, 6, project.code, "pg-centre", last_column=w)
    form.put(4, 1, "主管部门", "pg-label")
    form.put(4, 2, department, "pg-text", last_column=4)
    form.put(4, 5, "实施单位", "pg-label")
    form.put(4, 6, department, "pg-text", last_column=w)
    shares = _funds(project)
    form.put(5, 1, "项目资金（万元）", "pg-label", last_row=5 + len(FUND_ROWS) - 1)
    for r, label in enumerate(FUND_ROWS, start=5):
        form.put(r, 2, label, "pg-centre", last_column=3)
        form.put(r, 4, wan(shares.get(label)), "pg-money", last_column=w)
    goals = "\n".join(f"{k}.{g.text}" for k, g in enumerate(project.goals, start=1))
    row = 5 + len(FUND_ROWS)
    form.put(row, 1, "年度总体目标", "pg-label")
    form.put(row, 2, goals, "pg-text", last_column=w)
    header = row + 1
    form.row(header, HEADER, "pg-label")
    first = header + 1
    for r, indicator in enumerate(project.indicators, start=first):
        _indicator_row(form, r, indicator)
    form.merge_runs(project.indicators, first, 1, lambda i: i.level1, "pg-centre")
    form.merge_runs(project.indicators, first, 2, lambda i: (i.level1, i.level2), "pg-centre")
    form.print_setup(PrintSetup(title_rows=f"{header}:{header}"))


def _indicator_row(form: Form, r: int, i: Indicator) -> None:
    form.put(r, 1, LEVEL1_LABELS[i.level1] + "指标", "pg-centre")
    form.put(r, 2, LEVEL2_LABELS[i.level2] + "指标", "pg-centre")
    form.put(r, 3, i.name, "pg-text")
    form.put(r, 4, i.description, "pg-text")
    form.put(r, 5, "不适用" if i.not_applicable else i.target.text, "pg-centre")
    form.put(r, 6, i.basis, "pg-text")
    form.put(r, 7, i.weight, "pg-points")
