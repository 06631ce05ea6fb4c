"""Ruleset → rows of the spreadsheet layout that `tables` reads (the central style).

One sheet, one row per indicator, columns named in Chinese: 项目名称 · 项目编码 · 预算 ·
绩效目标 · 一级指标 · 二级指标 · 三级指标 · 绩效指标描述 · 指标值 · 指标值确定依据 · 分值 ·
指标性质 · 对应目标 · 不适用. A project's name, code and budget stand in its first row
and are merged down over its rows, as are runs of the same level 1 and level 2; each goal
takes a row of the goal column. A ruleset with long-term targets gets a column
中长期指标值 after them, as a two-period table prints it, and one with graded targets the tier
columns 优 · 良 · 中 · 差, as a Hebei table does. perfgoals.tables.workbook.write_workbook
writes the rows.
"""

from __future__ import annotations

from itertools import groupby

from ..language.formatter import number_literal
from ..language.model import (
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    NATURE_LABELS,
    Indicator,
    Project,
    Ruleset,
)
from ..language.value_types import Grade

HEADER = (
    "项目名称",
    "项目编码",
    "预算",
    "绩效目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标描述",
    "指标值",
    "指标值确定依据",
    "分值",
    "指标性质",
    "对应目标",
    "不适用",
)
LONG_TERM_HEADER = "中长期指标值"
GRADE_HEADERS = tuple(grade.value for grade in Grade)
_PROJECT_COLUMNS = (1, 2, 3)  # 1-based columns merged over a project's rows
_LEVEL1_COLUMN = 5
_LEVEL2_COLUMN = 6

Merge = tuple[int, int, int, int]


def ruleset_rows(ruleset: Ruleset) -> tuple[list[list[str | None]], list[Merge]]:
    """The header row, then each project's rows; and the merged ranges (1-based, inclusive)."""
    indicators = [i for p in ruleset.projects for i in p.indicators]
    header = list(HEADER)
    if any(i.long_term_target for i in indicators):
        header.append(LONG_TERM_HEADER)
    if any(i.grades for i in indicators):
        header.extend(GRADE_HEADERS)
    rows: list[list[str | None]] = [list(header)]
    merges: list[Merge] = []
    for project in ruleset.projects:
        first = len(rows) + 1
        project_rows = _project_rows(project, len(header))
        rows.extend(project_rows)
        last = len(rows)
        if last > first:
            merges.extend((first, column, last, column) for column in _PROJECT_COLUMNS)
        merges.extend(_level_merges(project.indicators, first))
    return rows, merges


def _project_rows(project: Project, width: int) -> list[list[str | None]]:
    count = max(len(project.indicators), len(project.goals), 1)
    rows: list[list[str | None]] = [[None] * width for _ in range(count)]
    rows[0][0] = project.name
    rows[0][1] = project.code
    rows[0][2] = project.budget.text if project.budget else None
    for row, goal in zip(rows, project.goals, strict=False):
        row[3] = goal.text
    for row, indicator in zip(rows, project.indicators, strict=False):
        row[4 : len(HEADER)] = _indicator_cells(indicator)
        if indicator.long_term_target is not None:
            row[len(HEADER)] = indicator.long_term_target.text
        for tier in indicator.grades:
            row[width - len(GRADE_HEADERS) + GRADE_HEADERS.index(tier.grade.value)] = (
                tier.criterion.text
            )
    return rows


def _indicator_cells(indicator: Indicator) -> list[str | None]:
    return [
        LEVEL1_LABELS[indicator.level1] + "指标",
        LEVEL2_LABELS[indicator.level2] + "指标",
        indicator.name,
        indicator.description,
        indicator.target.text,
        indicator.basis,
        number_literal(indicator.weight) if indicator.weight is not None else None,
        NATURE_LABELS[indicator.nature] if indicator.nature else None,
        str(indicator.goal) if indicator.goal is not None else None,
        "是" if indicator.not_applicable else None,
    ]


def _level_merges(indicators: tuple[Indicator, ...], first_row: int) -> list[Merge]:
    merges: list[Merge] = []
    row = first_row
    for _, run in groupby(indicators, key=lambda i: i.level1):
        items = list(run)
        if len(items) > 1:
            merges.append((row, _LEVEL1_COLUMN, row + len(items) - 1, _LEVEL1_COLUMN))
        inner = row
        for _, same in groupby(items, key=lambda i: i.level2):
            size = len(list(same))
            if size > 1:
                merges.append((inner, _LEVEL2_COLUMN, inner + size - 1, _LEVEL2_COLUMN))
            inner += size
        row += len(items)
    return merges
