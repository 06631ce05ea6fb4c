"""Reading actual values from real .xlsx workbooks written with openpyxl."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from perfgoals.actuals.xlsx_table import read_actuals_xlsx
from perfgoals.language.errors import SourceError
from perfgoals.tables.workbook import cell_text


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def problems(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        read_actuals_xlsx(path)
    return str(caught.value)


def test_indicator_and_funds_sheets(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "a.xlsx",
        {
            "指标": [
                [
                    "项目名称",
                    "项目编码",
                    "三级指标",
                    "同名序号",
                    "实际完成值",
                    "评价等级",
                    "得分",
                    "不适用",
                ],
                ["公务用车购置", "13", "更新购置公务用车数量", None, 6, None, None, None],
                ["公务用车购置", "13", "每辆车购置价格", 2, "18.6万元/辆", None, None, False],
                ["公务用车购置", "13", "提高效率", None, "保障到位", "部分达成", 21.5, None],
                ["公务用车购置", "13", "工程监理费", None, None, None, None, True],
                ["体检", None, "完成时间", None, dt.datetime(2023, 11, 20), None, None, None],
            ],
            "资金": [
                [
                    "项目名称",
                    "项目编码",
                    "年初预算数（万元）",
                    "全年预算数（万元）",
                    "全年执行数（元）",
                ],
                ["公务用车购置", "13", 122, 122, 1186400],
                ["只有资金的项目", None, 3.17, 3.17, 31680.5],
            ],
        },
    )
    # A project with funds only follows the one listed before it on the funds sheet.
    car, funds_only, checkup = read_actuals_xlsx(path).projects
    assert car.initial_budget == Decimal(1_220_000) and car.executed == Decimal(1_186_400)
    count, price, benefit, na = car.actuals
    assert count.value is not None and count.value.text == "6"
    assert price.indicator.occurrence == 2 and price.not_applicable is False
    assert benefit.points == Decimal("21.5")
    assert na.not_applicable is True
    assert (price.origin.sheet, price.origin.line, price.origin.column) == ("指标", 3, 3)
    (done,) = checkup.actuals
    assert done.value is not None and done.value.kind == "deadline"
    assert done.value.text == "2023-11-20"
    assert funds_only.project == "只有资金的项目" and funds_only.actuals == ()
    assert funds_only.adjusted_budget == Decimal(31_700)
    assert funds_only.executed == Decimal("31680.5")


def test_a_single_sheet_of_any_name_is_the_indicator_sheet(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "a.xlsx",
        {"Sheet1": [["project", "indicator", "actual"], ["A", "x", "1个"]]},
    )
    (project,) = read_actuals_xlsx(path).projects
    assert project.actuals[0].indicator.name == "x"


def test_percent_formatted_numbers_read_as_shown(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "三级指标", "实际完成值"])
    ws.append(["A", "满意度", 0.985])
    ws["C2"].number_format = "0.0%"
    ws.append(["A", "完成率", 1])
    ws["C3"].number_format = "0%"
    wb.save(path)
    satisfaction, rate = read_actuals_xlsx(path).projects[0].actuals
    assert satisfaction.value is not None and satisfaction.value.text == "98.5%"
    assert rate.value is not None and rate.value.text == "100%"


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (None, "General", ""),
        (3348.56, "General", "3348.56"),
        (0.1 + 0.2, "General", "0.3"),  # Excel keeps 15 significant digits
        (7, "General", "7"),
        (12.0, "General", "12"),
        (0.95, "0%", "95%"),
        (True, "General", "是"),
        (dt.date(2023, 6, 30), "yyyy-mm-dd", "2023-06-30"),
        ("≥95%", "General", "≥95%"),
    ],
)
def test_cell_text(value: Any, number_format: str, text: str) -> None:
    assert cell_text(value, number_format) == text


def test_problems_name_sheet_and_cell(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "a.xlsx",
        {"指标": [["项目名称", "三级指标", "实际完成值", "评价等级"], ["A", "x", "≥?", "优秀"]]},
    )
    reported = problems(path)
    assert f"{path}[指标]:2:3: 实际完成值 (C2): cannot read '≥?'" in reported
    assert f"{path}[指标]:2:4: 评价等级 (D2): unknown tier '优秀'" in reported


MALFORMED: list[tuple[dict[str, list[list[Any]]], str]] = [
    (
        {"指标": [["项目名称", "三级指标", "备注"], ["A", "x", "1"]]},
        "[指标]:1:3: C1: unknown column '备注'",
    ),
    ({"指标": [["项目名称", "三级指标"], ["A", "x"]]}, "missing column 实际完成值"),
    ({"指标": [["项目名称", "三级指标", "实际完成值"]]}, "no rows after the header row"),
    ({"指标": [[None]], "Sheet2": [[None]]}, "empty workbook"),
    (
        {"指标": [["项目名称", "三级指标", "实际完成值"], ["A", "x", 1]], "草稿": [["x"]]},
        "unexpected sheet '草稿'",
    ),
    (
        {"资金": [["项目名称", "全年执行数"], ["A", 1]], "其他": [["项目名称"], ["A"]]},
        "unexpected sheet",
    ),
    (
        {
            "指标": [["项目名称", "三级指标", "实际完成值"], ["A", "x", 1]],
            "资金": [["项目名称", "实际完成值"], ["A", 1]],
        },
        "[资金]:1:2: 实际完成值 (B1): indicator columns belong on the indicator sheet",
    ),
    (
        {
            "指标": [["项目名称", "三级指标", "实际完成值"], ["A", "x", 1]],
            "资金": [["项目名称", "全年执行数"], ["A", 1], ["A", 2]],
        },
        "[资金]:3:1: 项目名称 (A3): second funds row of project 'A' (the first is row 2)",
    ),
    (
        {
            "指标": [["项目名称", "三级指标", "实际完成值", "全年执行数"], ["A", None, None, 1]],
            "资金": [["项目名称", "全年执行数"], ["A", 1]],
        },
        "funds of project 'A' are also given at",
    ),
]


@pytest.mark.parametrize(("sheets", "message"), MALFORMED)
def test_malformed_workbooks(
    tmp_path: Path, sheets: dict[str, list[list[Any]]], message: str
) -> None:
    assert message in problems(workbook(tmp_path / "m.xlsx", sheets))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (
            "项目名称,三级指标\n".encode(),
            "not an .xlsx workbook (not a zip); CSV text needs a .csv name",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel .xls workbook"),
        (b"PK\x03\x04broken zip", "not a readable .xlsx workbook"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    assert message in problems(path)
