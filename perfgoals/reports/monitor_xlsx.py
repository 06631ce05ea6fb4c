"""The monitoring table as a workbook (项目支出绩效目标执行监控表, 财预〔2019〕136号 layout).

One sheet per the central form: per project a block with its budget execution, then a row per
indicator with 年度指标值, 1–N 月执行情况, the value expected by now, progress, the warning
colour (filled, and its word in the cell), 全年预计完成情况, the deviation category ticked in
one of five columns, 偏差原因分析, 完成目标可能性 and 备注. A second sheet lists every project's
colour. openpyxl is imported only here, only when a workbook is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS
from ..language.profile import COLOUR_WORDS, Colour
from ..language.progress import Cause
from ..monitoring.results import MonitoringResult, number_text
from ..tables.cells import needs_mark
from .monitor import wan_text
from .sheets import clean_text

FILLS: dict[Colour, str] = {
    Colour.RED: "F4B6B6",
    Colour.YELLOW: "FFE699",
    Colour.GREEN: "C6E0B4",
    Colour.BLUE: "BDD7EE",
    Colour.PENDING: "DDEBF7",
    Colour.NOT_APPLICABLE: "EDEDED",
    Colour.NO_DATA: "E4DFEC",
}


def headers(month: int) -> list[str]:
    return [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        f"1-{month}月执行情况",
        "序时目标值",
        "进度（%）",
        "预警",
        "全年预计完成情况",
        *(f"偏差原因\n{c.value}" for c in Cause),
        "偏差原因分析",
        "完成目标可能性",
        "备注",
    ]


def write_monitoring_xlsx(path: str | Path, result: MonitoringResult) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    heads = headers(result.month)
    width = len(heads)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    wrap = Alignment(vertical="center", wrap_text=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    fills = {c: PatternFill("solid", fgColor=f) for c, f in FILLS.items()}
    head_fill = PatternFill("solid", fgColor="D9E1F2")

    workbook = Workbook()
    ws = workbook.active
    ws.title = "监控表"
    ws.append([f"项目支出绩效目标执行监控表（1-{result.month}月）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = centre
    # Three fields over columns A–G, H–N and O on: each written in the first cell it spans.
    department = f"主管部门：{result.department or ''}"
    as_of, profile = f"截至：{result.as_of or ''}", f"监控规则：{result.profile}"
    ws.append(_texts([department, *[None] * 6, as_of, *[None] * 6, profile]))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=7)
    ws.merge_cells(start_row=2, start_column=8, end_row=2, end_column=14)
    ws.merge_cells(start_row=2, start_column=15, end_row=2, end_column=width)
    row = 3
    for project in result.projects:
        b = project.budget
        # 项目名称 | name (B–G) | 项目编码 | code | 项目预警 | light
        ws.cell(row, 1, "项目名称")
        ws.cell(row, 2, clean_text(project.name))
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)
        ws.cell(row, 8, "项目编码")
        ws.cell(row, 9, clean_text(project.code or ""))
        ws.cell(row, 10, "项目预警")
        ws.cell(row, 11, COLOUR_WORDS[project.colour])
        for c in range(1, 12):
            ws.cell(row, c).border = border
            ws.cell(row, c).alignment = wrap
        for c in (1, 8, 10):
            ws.cell(row, c).font = bold
        ws.cell(row, 11).fill = fills[project.colour]
        row += 1
        figures = [
            ("全年预算数（万元）", wan_text(b.budget)),
            (f"1-{result.month}月执行数（万元）", wan_text(b.executed)),
            ("执行率（%）", number_text(b.rate) or ""),
            ("全年预计执行数（万元）", wan_text(b.forecast)),
            ("预算执行预警", COLOUR_WORDS[b.colour]),
        ]
        for n, (label, value) in enumerate(figures):
            ws.cell(row, 2 * n + 1, label).font = bold
            ws.cell(row, 2 * n + 2, clean_text(value))
        ws.cell(row, 11, "偏差原因").font = bold
        ws.cell(row, 12, clean_text(b.explanation or ("缺少说明" if b.missing_explanation else "")))
        ws.merge_cells(start_row=row, start_column=12, end_row=row, end_column=width)
        for c in range(1, width + 1):
            ws.cell(row, c).border = border
            ws.cell(row, c).alignment = wrap
        ws.cell(row, 10).fill = fills[b.colour]
        ws.row_dimensions[row].height = 30
        row += 1
        ws.append(heads)
        for c in range(1, width + 1):
            cell = ws.cell(row, c)
            cell.font, cell.fill, cell.border, cell.alignment = bold, head_fill, border, centre
        ws.row_dimensions[row].height = 32
        row += 1
        for i in project.indicators:
            explanation = i.explanation or ("缺少说明" if i.missing_explanation else "")
            ws.append(
                _texts(
                    [
                        LEVEL1_LABELS[i.level1],
                        LEVEL2_LABELS[i.level2],
                        i.name,
                        i.target,
                        i.current or "",
                        ""
                        if i.expected_to_date is None
                        else f"{number_text(i.expected_to_date)}{i.unit}",
                        number_text(i.value) or "",
                        COLOUR_WORDS[i.colour],
                        i.forecast or "",
                        *("√" if i.cause is c else "" for c in Cause),
                        explanation,
                        "" if i.likelihood is None else i.likelihood.value,
                        i.note or "",
                    ]
                )
            )
            for c in range(1, width + 1):
                ws.cell(row, c).border = border
                ws.cell(row, c).alignment = wrap
            ws.cell(row, 8).fill = fills[i.colour]
            ws.cell(row, 8).alignment = centre
            row += 1
        ws.append([])
        row += 1
    for index, chars in enumerate(
        [10, 14, 28, 14, 14, 12, 10, 8, 14, 10, 10, 10, 10, 10, 36, 12, 16]
    ):
        ws.column_dimensions[get_column_letter(index + 1)].width = chars

    # Printed as the form is handed in: landscape, every column on the page's width.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:2"

    summary = workbook.create_sheet("项目预警汇总")
    summary.append(["项目编码", "项目名称", "项目预警", "预算执行预警", "执行率（%）", "缺少说明"])
    for c in range(1, 7):
        summary.cell(1, c).font, summary.cell(1, c).fill = bold, head_fill
    for r, project in enumerate(result.projects, start=2):
        summary.append(
            _texts(
                [
                    project.code or "",
                    project.name,
                    COLOUR_WORDS[project.colour],
                    COLOUR_WORDS[project.budget.colour],
                    number_text(project.budget.rate) or "",
                    project.missing_explanations,
                ]
            )
        )
        summary.cell(r, 3).fill = fills[project.colour]
        summary.cell(r, 4).fill = fills[project.budget.colour]
    summary.column_dimensions["B"].width = 48
    summary.freeze_panes = "A2"
    for sheet in workbook.worksheets:
        _keep_as_text(sheet)
    workbook.save(path)


def _texts(values: list[Any]) -> list[Any]:
    """A row's values, each text without the characters a worksheet cannot hold."""
    return [clean_text(v) if isinstance(v, str) else v for v in values]


def _keep_as_text(sheet: Any) -> None:
    """Names and explanations as text, never formulas: openpyxl stores a text that starts with
    `=` as one; the quote prefix keeps Excel from reading it so when the cell is edited (the
    rule every writer follows, tables.cells)."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and needs_mark(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
