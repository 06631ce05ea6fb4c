"""The sample self-assessment tables (绩效自评表) of two seed projects, with slips made by hand.

    PERFGOALS_REGEN=1 python -m pytest tests/importer     # rewrite the samples from here

Both tables stand on one sheet in the central layout, as the department would publish them:
title, 项目名称 / 主管部门 rows, the funds block, 年度总体目标, the indicator block and 总分. The
targets are the seed ruleset's; the actual values, 分值 and 得分 are the sample's. The slips:

- 公务用车购置: 得分 of the first 每辆车购置价格 written 9.26 for 25 / 26 × 10 = 9.62 (digits
  swapped); the execution rate taken on 年初预算数 (118 / 120 = 98.33%, 9.83 points) instead of
  全年预算数 (118 / 122 = 96.72%, 9.67).
- 区直部门职工体检费: the reverse target ≤410 元/人 scored as positive (380 / 410 × 15 = 13.90
  instead of full points 15); a 总分 of 92.44 where the 得分 above add up to 91.44.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from perfgoals.language.model import LEVEL1_LABELS, LEVEL2_LABELS, Ruleset

WIDTH = 8  # columns A–H
HEADER = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)


@dataclass(frozen=True)
class Row:
    """One indicator row's own cells: actual, 分值, 得分 and explanation."""

    actual: str
    weight: str
    points: str
    explanation: str = ""


@dataclass(frozen=True)
class Table:
    code: str  # the seed project
    initial: str  # 万元
    adjusted: str
    executed: str
    execution_weight: str
    rate: Decimal  # as a fraction, stored in a percent-formatted cell
    execution_points: str
    done: str  # 实际完成情况
    rows: tuple[Row, ...]
    total: str


CAR = Table(
    code="13",
    initial="120",
    adjusted="122",
    executed="118",
    execution_weight="10",
    rate=Decimal("0.9833"),  # slip: 118 / 120
    execution_points="9.83",  # slip: min(98.33%, 1) × 10
    done="购置商务车 2 辆、小轿车 4 辆，已投入使用。",
    rows=(
        Row("6 辆", "10", "10"),
        Row("符合文件要求", "10", "10"),
        Row("100%", "10", "10"),
        Row("26 万元/辆", "10", "9.26", "商务车价格上涨，超出标准 1 万元"),  # slip: 9.62
        Row("17.5 万元/辆", "10", "10"),
        Row("基本达到", "30", "27", "部分应急任务临时租车"),
        Row("96%", "10", "10"),
    ),
    total="96.09",  # the sum of the published 得分: it adds up, the slips are above
)

CHECKUP = Table(
    code="21",
    initial="33",
    adjusted="33",
    executed="31.35",
    execution_weight="10",
    rate=Decimal("0.95"),
    execution_points="9.5",
    done="全区 760 人完成体检。",
    rows=(
        Row("760 人", "15", "14.25", "部分人员外出培训未能参加"),
        Row("体检覆盖全区在职人员", "10", "10"),
        Row("已按期完成", "10", "10"),
        Row("380 元/人", "15", "13.9"),  # slip: a reverse target scored as positive
        Row("基本达到", "30", "24", "体检报告解读不够及时"),
        Row("93%", "10", "9.79", "体检排队时间较长"),
    ),
    total="92.44",  # slip: the 得分 above add up to 91.44
)

TABLES = (CAR, CHECKUP)

# The same tables with every published number as the central policy has it.
CORRECTED = (
    replace(
        CAR,
        rate=Decimal("0.9672"),
        execution_points="9.67",
        rows=tuple(
            replace(row, points="9.62") if n == 3 else row for n, row in enumerate(CAR.rows)
        ),
        total="96.29",
    ),
    replace(
        CHECKUP,
        rows=tuple(
            replace(row, points="15") if n == 3 else row for n, row in enumerate(CHECKUP.rows)
        ),
        total="92.54",
    ),
)


@dataclass(frozen=True)
class Rate:
    """执行率 as a fraction, shown as a percentage."""

    value: Decimal


Cell = str | Decimal | Rate | None
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)


def sample_rows(
    ruleset: Ruleset, tables: tuple[Table, ...] = TABLES
) -> tuple[list[list[Cell]], list[Merge]]:
    """The sheet's rows (None: an empty cell, or one covered by a merge) and merged ranges."""
    rows: list[list[Cell]] = []
    merges: list[Merge] = []
    by_code = {p.code: p for p in ruleset.projects}

    def add(*cells: Cell) -> int:
        rows.append([*cells, *[None] * (WIDTH - len(cells))])
        return len(rows)

    for table in tables:
        project = by_code[table.code]
        assert len(project.indicators) == len(table.rows), project.name
        n = add("项目支出绩效自评表")
        merges.append((n, 1, n, WIDTH))
        n = add("（2023年度）")
        merges.append((n, 1, n, WIDTH))
        n = add("项目名称", project.name)
        merges.append((n, 2, n, WIDTH))
        n = add("主管部门", "开发区综合办", None, None, "实施单位", "开发区综合办")
        merges += [(n, 2, n, 4), (n, 6, n, WIDTH)]
        first = add(
            "项目资金（万元）",
            None,
            "年初预算数",
            "全年预算数（A）",
            "全年执行数（B）",
            "分值",
            "执行率（B/A）",
            "得分",
        )
        add(
            None,
            "年度资金总额",
            Decimal(table.initial),
            Decimal(table.adjusted),
            Decimal(table.executed),
            Decimal(table.execution_weight),
            Rate(table.rate),
            Decimal(table.execution_points),
        )
        add(
            None,
            "其中：本年财政拨款",
            Decimal(table.initial),
            Decimal(table.adjusted),
            Decimal(table.executed),
            "—",
            None,
            "—",
        )
        add(None, "上年结转资金", None, None, None, "—", None, "—")
        last = add(None, "其他资金", None, None, None, "—", None, "—")
        merges.append((first, 1, last, 1))
        first = add("年度总体目标", "预期目标", None, None, None, "实际完成情况")
        goals = " ".join(f"{k}.{g.text}" for k, g in enumerate(project.goals, start=1))
        last = add(None, goals, None, None, None, table.done)
        merges += [(first, 1, last, 1), (first, 2, first, 5), (first, 6, first, WIDTH)]
        merges += [(last, 2, last, 5), (last, 6, last, WIDTH)]
        add(*HEADER)
        start = len(rows) + 1
        for indicator, row in zip(project.indicators, table.rows, strict=True):
            add(
                LEVEL1_LABELS[indicator.level1] + "指标",
                LEVEL2_LABELS[indicator.level2] + "指标",
                indicator.name,
                indicator.target.text,
                row.actual,
                Decimal(row.weight),
                Decimal(row.points),
                row.explanation or None,
            )
        merges += _runs(rows, start, 1) + _runs(rows, start, 2)
        n = add("总分", None, None, None, None, Decimal(100), Decimal(table.total))
        merges.append((n, 1, n, 5))
    return rows, merges


def _runs(rows: list[list[Cell]], start: int, column: int) -> list[Merge]:
    """Runs of the same level in one column merged, and the covered cells emptied."""
    merges: list[Merge] = []
    r = start
    while r <= len(rows):
        end = r
        while end + 1 <= len(rows) and rows[end][column - 1] == rows[r - 1][column - 1]:
            end += 1
        if end > r:
            merges.append((r, column, end, column))
        r = end + 1
    return merges


def _covered(merges: list[Merge]) -> set[tuple[int, int]]:
    return {
        (r, c)
        for first_row, first_column, last_row, last_column in merges
        for r in range(first_row, last_row + 1)
        for c in range(first_column, last_column + 1)
        if (r, c) != (first_row, first_column)
    }


def csv_text(ruleset: Ruleset, tables: tuple[Table, ...] = TABLES) -> str:
    """The sample as CSV: a merged range's value in its first cell, the covered cells empty."""
    import csv
    import io

    rows, merges = sample_rows(ruleset, tables)
    covered = _covered(merges)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for r, row in enumerate(rows, start=1):
        writer.writerow(
            [
                "" if (r, c) in covered or cell is None else _csv_cell(cell)
                for c, cell in enumerate(row, start=1)
            ]
        )
    return out.getvalue()


def _csv_cell(cell: str | Decimal | Rate) -> str:
    if isinstance(cell, Rate):
        return f"{(cell.value * 100).normalize():f}%"  # as the workbook's reader shows it
    return str(cell)


def write_xlsx(path: Path, ruleset: Ruleset, tables: tuple[Table, ...] = TABLES) -> None:
    """The sample as a workbook: numbers stored as numbers, the rate as a percentage."""
    from openpyxl import Workbook

    rows, merges = sample_rows(ruleset, tables)
    covered = _covered(merges)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "绩效自评表"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None or (r, c) in covered:
                continue
            cell = sheet.cell(r, c)
            if isinstance(value, Rate):
                cell.value = float(value.value)
                cell.number_format = "0.00%"
            elif isinstance(value, Decimal):
                cell.value = float(value)
            else:
                cell.value = value
    for first_row, first_column, last_row, last_column in merges:
        sheet.merge_cells(
            start_row=first_row,
            start_column=first_column,
            end_row=last_row,
            end_column=last_column,
        )
    workbook.save(path)
