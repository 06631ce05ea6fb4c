"""Tier tables (Hebei 项目绩效目标表): `优 · 良 · 中 · 差` criterion columns under 评价标准, with
评价标准确定依据, read as each indicator's graded target; then scored by the tiers."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from perfgoals.importer import import_file
from perfgoals.language.formatter import format_ruleset
from perfgoals.language.model import Ruleset
from perfgoals.language.parser import parse_document, parse_ruleset
from perfgoals.language.value_types import Grade
from perfgoals.scoring import score
from perfgoals.scoring.policies import load_policy
from perfgoals.scoring.results import Status

DATA = Path(__file__).parent.parent / "data" / "importer"
HEBEI_CSV = DATA / "hebei-tiers-2024.csv"


def hebei_xlsx(folder: Path) -> Path:
    """The same table as the Hebei workbook prints it: merged title, header over two rows with
    评价标准 merged over its four tiers, level cells merged down, weights as numbers."""
    from openpyxl import Workbook

    with HEBEI_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "项目绩效目标表"
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            if text:
                number = r >= 9 and c == 10
                sheet.cell(r, c, int(text) if number else text)
    for cells in ("A1:J1", "A2:J2", "B3:J3", "B6:J6", "E7:H7", "A9:A12", "A7:A8", "B7:B8"):
        sheet.merge_cells(cells)
    for cells in ("C7:C8", "D7:D8", "I7:I8", "J7:J8"):
        sheet.merge_cells(cells)
    path = folder / "河北省项目绩效目标表.xlsx"
    workbook.save(path)
    return path


@pytest.fixture(params=["csv", "xlsx"])
def hebei(request: pytest.FixtureRequest, tmp_path: Path) -> Ruleset:
    path = HEBEI_CSV if request.param == "csv" else hebei_xlsx(tmp_path)
    result = import_file(path)
    assert result.report.balanced() and not result.report.rejected, result.report.notes
    assert result.report.notes == []
    return result.ruleset


def test_the_tiers_are_the_graded_target(hebei: Ruleset) -> None:
    (project,) = hebei.projects
    assert [i.name for i in project.indicators][:2] == [
        "维修养护供水工程数量",
        "维修养护工程验收合格率",
    ]
    quality = project.indicators[1]
    assert quality.target.text == "≥95%" and quality.weight == Decimal(20)
    assert [(g.grade, g.criterion.text) for g in quality.grades] == [
        (Grade.EXCELLENT, "≥95%"),
        (Grade.GOOD, "90%-95%"),
        (Grade.FAIR, "85%-90%"),
        (Grade.POOR, "<85%"),
    ]
    assert quality.basis == "《村镇供水工程技术规范》"  # 评价标准确定依据
    assert all(len(i.grades) == 4 for i in project.indicators)
    assert [f.label for f in project.info] == ["主管部门", "实施单位"]
    assert [g.text for g in project.goals] == [
        "完成农村供水工程维修养护1500处；",
        "农村自来水普及率达到98%以上。",
    ]
    assert parse_ruleset(format_ruleset(hebei)) == hebei


def test_the_import_is_scored_by_the_tiers(hebei: Ruleset) -> None:
    actuals = """assessment {
  project "农村饮水安全巩固提升" {
    actual "维修养护供水工程数量" 1420处
    actual "维修养护工程验收合格率" 96%
    actual "工程完工时间" 11月20日
    actual "单处维修养护平均成本" 0.82万元
    actual "农村自来水普及率" 96.5%
    actual "受益群众满意度" 92%
  }
}
"""
    assessment = parse_document(actuals).assessment
    assert assessment is not None
    result = score(hebei, assessment, load_policy("central"))
    got = [(i.points, i.status) for i in result.projects[0].indicators]
    partly, met, missed = Status.PARTLY_MET, Status.MET, Status.MISSED
    assert got == [
        (Decimal("12.00"), partly),  # 1420处: 良 (1350-1500处), one below 优: 20 × 60%
        (Decimal("20.00"), met),  # 96%: 优 (≥95%): 20 × 100%
        (Decimal("10.00"), met),  # dates are no quantity tiers: scored by 11月底前, on time
        (Decimal("6.00"), partly),  # 0.82万元: 良 (0.8-0.85万元): 10 × 60%
        (Decimal("0.00"), missed),  # 96.5%: 中 (96%-97%), two below 优: 20 × 0%
        (Decimal("20.00"), met),  # 92%: 优 (≥90%)
    ]


def test_a_tier_table_without_a_target_column(write_text) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "项目名称,乡村道路养护",
        "一级指标,二级指标,三级指标,优,良,中,差,评价标准确定依据",
        "产出指标,质量指标,道路完好率,≥90%,80%-90%,70%-80%,<70%,养护规范",
        "产出指标,数量指标,养护里程,≥50公里,40-50公里,-,<40公里,年度计划",
    ]
    result = import_file(write_text(lines, name="tiers.csv"))
    first, second = result.ruleset.projects[0].indicators
    assert first.target.text == "≥90%" and first.basis == "养护规范"
    assert [g.grade.value for g in second.grades] == ["优", "良", "差"]  # `-`: no 中 tier
    notes = [n for n in result.report.notes if "read as the target" in n.reason]
    assert [n.first_row for n in notes] == [3, 4]


def test_an_unreadable_criterion_is_a_note_and_the_rest_kept(write_text) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "项目名称,甲",
        "一级指标,二级指标,三级指标,指标值,优,良,中,差",
        "产出指标,质量指标,合格率,≥95%,≥95%,≥,85%-90%,<85%",
    ]
    result = import_file(write_text(lines, name="bad.csv"))
    (indicator,) = result.ruleset.projects[0].indicators
    assert [g.grade.value for g in indicator.grades] == ["优", "中", "差"]
    (note,) = result.report.notes
    assert note.column == "grade_good" and "the criterion of 良 '≥' cannot be read" in note.reason


def test_a_form_value_that_is_a_grade_is_not_a_header(write_text) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "项目名称,甲,自评等级,优",
        "一级指标,二级指标,三级指标,指标值",
        "产出指标,质量指标,合格率,≥95%",
    ]
    (indicator,) = import_file(write_text(lines, name="form.csv")).ruleset.projects[0].indicators
    assert indicator.grades == () and indicator.target.text == "≥95%"


def test_the_tiers_in_the_json_export(hebei: Ruleset) -> None:
    data = hebei.to_json_dict()
    quality = data["projects"][0]["indicators"][1]
    assert [(g["grade"], g["criterion"]["text"]) for g in quality["grades"]] == [
        ("优", "≥95%"),
        ("良", "90%-95%"),
        ("中", "85%-90%"),
        ("差", "<85%"),
    ]
    assert quality["grades"][1]["criterion"]["low"] == "90"
    assert Ruleset.model_validate(data) == hebei
