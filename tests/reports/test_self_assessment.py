"""The 自评表 workbook: the seed's 36 projects cell by cell, the layout, the Hubei variant."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from perfgoals.reports.self_assessment import write_self_assessment
from tests.conftest import ROOT
from tests.golden import assert_golden
from tests.reports.conftest import Scored
from tests.reports.snapshot import workbook_text


def _write(tmp_path: Path, s: Scored) -> Path:
    path = tmp_path / "自评表.xlsx"
    write_self_assessment(path, s.result, s.ruleset, by_goal=s.policy.by_goal)
    return path


def test_seed_workbook_matches_its_golden_file(tmp_path: Path, seed_scored: Scored) -> None:
    path = _write(tmp_path, seed_scored)
    assert_golden("reports/seed-self-assessment.xlsx.txt", workbook_text(path))


def test_one_summary_sheet_then_one_sheet_per_project(tmp_path: Path, seed_scored: Scored) -> None:
    workbook = load_workbook(_write(tmp_path, seed_scored))
    assert workbook.sheetnames[0] == "汇总"
    assert len(workbook.sheetnames) == 1 + 36
    assert len(set(workbook.sheetnames)) == len(workbook.sheetnames)
    assert all(len(name) <= 31 for name in workbook.sheetnames)


def test_the_first_project_reads_as_the_form(tmp_path: Path, seed_scored: Scored) -> None:
    ws = load_workbook(_write(tmp_path, seed_scored)).worksheets[1]
    assert ws["A1"].value == "项目支出绩效自评表"
    assert ws["A2"].value == "（2023年度）"
    assert (ws["A3"].value, ws["B3"].value) == ("项目名称", "2022 年农村公益电影放映区级补助资金")
    assert (ws["A4"].value, ws["B4"].value) == ("主管部门", "开发区综合办")
    # 年度资金总额: 79200 元 = 7.92 万元, rate 100.00% as a number, 10 of 10 points.
    assert [ws.cell(6, c).value for c in range(2, 9)] == [
        "年度资金总额",
        7.92,
        7.92,
        7.92,
        10,
        1,
        10,
    ]
    assert ws["G6"].number_format == "0.00%_ "
    assert ws["A12"].value == "一级指标" and ws["H12"].value == "偏差原因分析及改进措施"
    # 860 of 888 场 × 12.5 = 12.11 points, with the explanation beside it.
    assert [ws.cell(13, c).value for c in range(1, 8)] == [
        "产出指标",
        "数量指标",
        "农村公益电影放映",
        "888 场",
        "860 场",
        12.5,
        12.11,
    ]
    assert "A13:A16" in {str(r) for r in ws.merged_cells.ranges}  # 产出 over its four rows
    total = 19
    assert ws.cell(total, 1).value == "总分"
    assert (ws.cell(total, 6).value, ws.cell(total, 7).value) == (100, 98.41)
    assert ws.cell(total, 8).value == "自评等级：优"
    assert ws.print_title_rows == "$12:$12"
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1
    assert "&P" in ws.oddFooter.center.text


def test_summary_lists_points_lost_and_missing_explanations(
    tmp_path: Path, seed_scored: Scored
) -> None:
    ws = load_workbook(_write(tmp_path, seed_scored))["汇总"]
    row = [ws.cell(4, c).value for c in range(1, 12)]
    # Project 1: 100 − 98.41 = 1.59 lost; 群众满意度 88% of ≥90% is below weight, unexplained.
    assert row[:3] == [1, "2022 年农村公益电影放映区级补助资金", "1"]
    assert row[6:9] == [98.41, "优", 1.59]
    assert "群众满意度 −0.22" in row[9] and "补助成本 −0.58" in row[9]
    assert row[10] == "群众满意度"
    grades = [ws.cell(r, 8).value for r in range(4, 40)]
    assert grades.count("优") == 35 and grades.count("中") == 1


def test_hubei_groups_indicators_by_goal_with_a_20_point_execution_block(
    tmp_path: Path,
) -> None:
    from perfgoals.actuals.reader import read_actuals
    from perfgoals.language.parser import parse_file
    from perfgoals.scoring import score
    from perfgoals.scoring.policies import load_policy

    data = ROOT / "tests" / "data" / "scoring"
    ruleset = parse_file(data / "ruleset.perf")
    policy = load_policy("hubei-2020")
    result = score(ruleset, read_actuals(data / "actuals.perf"), policy)
    ws = load_workbook(_write(tmp_path, Scored(ruleset, policy, result))).worksheets[1]
    assert ws["A12"].value == "对应目标" and ws["B12"].value == "一级指标"
    assert ws["G5"].value == "分值" and ws["G6"].value == 20
    # 农村公益电影放映: goal 1 holds 放映场次, 放映完成率, 完成时间 and 社会影响力; goal 2 the
    # rest, each goal merged down its rows and shown as 目标1, 目标2.
    rows = [(ws.cell(r, 1).value, ws.cell(r, 4).value) for r in range(13, 20)]
    assert [name for _, name in rows] == [
        "放映场次",
        "放映完成率",
        "完成时间",
        "社会影响力",
        "放映补助",
        "服务水平",
        "群众满意度",
    ]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A13:A16", "A17:A19"} <= merged
    assert (ws["A13"].value, ws["A17"].value) == (1, 2)
    assert ws["A13"].number_format == '"目标"0'


def test_no_user_text_becomes_a_formula(tmp_path: Path, seed_scored: Scored) -> None:
    from dataclasses import replace

    result = seed_scored.result
    first = result.projects[0]
    hostile = ('=HYPERLINK("http://x")', "+1+1", "-2-3", "@SUM(A1)")
    indicators = [
        replace(i, name=text, explanation=text)
        for i, text in zip(first.indicators, hostile, strict=False)
    ]
    project = replace(
        first, name="=cmd|' /C calc'!A0", indicators=indicators + first.indicators[4:]
    )
    tampered = replace(result, projects=[project])
    path = tmp_path / "t.xlsx"
    write_self_assessment(path, tampered, seed_scored.ruleset)
    ws = load_workbook(path).worksheets[1]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    texts = {c.value for c in cells}
    assert {project.name, *hostile} <= texts
    for cell in cells:
        if cell.value.startswith(("=", "+", "-", "@")):
            assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
