"""Target tables in CSV and .xlsx: central and Sichuan layouts, merged cells, headers by name."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from perfgoals.importer import import_file
from perfgoals.language.model import Level1, Level2, Nature
from perfgoals.tables.workbook import SheetData, write_workbook

CENTRAL = [
    "项目名称,公务用车购置",
    "绩效目标,1.保障外出招商及中长途等工作使用。 2.用于各单位符合要求的公务出行。",
    "一级指标,二级指标,三级指标,绩效指标描述,指标值,指标值确定依据,分值",
    "产出指标,数量指标,更新购置公务用车数量,购置公务用车,6 辆,领导批示件,20",
    ",成本指标,每辆车购置价格,商务车按标准价格 25 万元以内。,≤25 万元/辆,市车改办（2019）3 号,30",
    "满意度指标,服务对象满意度指标,服务对象满意度,,≥95%,领导批示件,10",
]


def test_central_csv(write_text) -> None:  # type: ignore[no-untyped-def]
    result = import_file(write_text(CENTRAL, name="targets.csv"))
    (project,) = result.ruleset.projects
    assert project.name == "公务用车购置"
    assert [g.text for g in project.goals] == [
        "保障外出招商及中长途等工作使用。",
        "用于各单位符合要求的公务出行。",
    ]
    assert [(i.level1, i.level2) for i in project.indicators] == [
        (Level1.OUTPUT, Level2.QUANTITY),
        (Level1.OUTPUT, Level2.COST),  # 一级指标 carried down
        (Level1.SATISFACTION, Level2.SATISFACTION),
    ]
    cost = project.indicators[1]
    assert cost.target.text == "≤25 万元/辆" and cost.weight == Decimal("30")
    assert project.indicators[2].description is None
    assert result.report.rows_read == result.report.rows_used == 6
    assert result.report.balanced()


def test_sichuan_columns_make_one_target(write_text) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "2023 年项目支出绩效目标表,,,,,,",
        "项目名称,一级指标,二级指标,三级指标,指标性质,指标值,度量单位,权重",
        "乡村公益电影,产出指标,质量指标,放映完成率,=,100,%,20",
        ",,时效指标,完成时间,≤,10,月,10",
        ",效益指标,社会效益指标,群众受益,定性,长期,,10",
        ",,,观影人次,≥,2,万人次,10",
    ]
    result = import_file(write_text(lines, name="sichuan.csv"))
    (project,) = result.ruleset.projects
    targets = [i.target.text for i in project.indicators]
    assert targets == ["=100%", "≤10月", "长期", "≥2万人次"]
    assert project.indicators[0].target.op == "=" and project.indicators[0].target.value == 100
    assert project.indicators[2].nature is Nature.QUALITATIVE
    assert project.indicators[3].level2 is Level2.SOCIAL_BENEFIT  # both levels carried down
    # The first row is the table's title: it gives the year.
    assert result.report.notes == [] and result.ruleset.year == 2023
    assert result.report.balanced()


def test_english_headers_in_another_order(write_text) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "Target,Indicator,Level2,Level1,Basis,Weight",
        "≥98%,Coverage,质量,产出,survey,12.5",
    ]
    (project,) = import_file(write_text(lines, name="english.csv")).ruleset.projects
    assert project.name == "english"  # a CSV without 项目名称 is named after the file
    (indicator,) = project.indicators
    assert indicator.name == "Coverage" and indicator.level1 is Level1.OUTPUT
    assert indicator.basis == "survey" and indicator.weight == Decimal("12.5")


def test_several_projects_in_one_sheet_by_project_column(write_text) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "项目名称,项目编码,一级指标,二级指标,三级指标,指标值",
        "甲,1,产出指标,数量指标,场次,888 场",
        ",,满意度指标,满意度指标,满意度,≥90%",
        "乙,2,产出指标,成本指标,成本,≤3 万元",
        "乙,3,产出指标,成本指标,成本,≤4 万元",  # same name, new cell: a project of its own
    ]
    projects = import_file(write_text(lines, name="many.csv")).ruleset.projects
    assert [(p.name, p.code, len(p.indicators)) for p in projects] == [
        ("甲", "1", 2),
        ("乙", "2", 1),
        ("乙", "3", 1),
    ]


def test_rejected_rows_carry_their_row_and_column(write_text) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "一级指标,二级指标,三级指标,指标值,分值",
        "产出指标,数量指标,场次,888 场,x",
        "产出指标,数量指标,,888 场,",
        "产出指标,数量指标,场次,≥ 场,",
        "产出指标,数量指标,场次,888 场,5",
    ]
    result = import_file(write_text(lines, name="bad.csv"))
    assert len(result.ruleset.projects[0].indicators) == 1
    assert [(n.first_row, n.column) for n in result.report.rejected] == [
        (2, "weight"),
        (3, "level3"),
        (4, "target"),
    ]
    assert "expected a number after ≥" in result.report.rejected[2].reason


def test_xlsx_merged_cells(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    rows: list[list[str | None]] = [
        ["项目名称", "绩效目标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"],
        [
            "创建文明城市",
            "1.乡风文明建设工作亮点。",
            "产出指标",
            "数量指标",
            "创城景观",
            "10 处",
            "请示",
        ],
        [None, None, None, "质量指标", "验收合格率", "100%", None],
        [None, None, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "问卷调查"],
    ]
    merges = [(2, 1, 4, 1), (2, 2, 4, 2), (2, 3, 3, 3), (2, 7, 3, 7)]
    write_workbook(path, [SheetData("目标表", rows, merges)])
    result = import_file(path)
    (project,) = result.ruleset.projects
    assert project.name == "创建文明城市"
    assert [g.text for g in project.goals] == ["乡风文明建设工作亮点。"]  # not once per row
    assert [i.level1 for i in project.indicators] == [
        Level1.OUTPUT,
        Level1.OUTPUT,
        Level1.SATISFACTION,
    ]
    # A merged 指标值确定依据 applies to every row it covers.
    assert [i.basis for i in project.indicators] == ["请示", "请示", "问卷调查"]
    assert result.report.balanced() and result.report.rows_used == 4


def test_xlsx_numbers_and_percent_cells(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "numbers.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "项目甲"
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值", "分值"])
    sheet.append(["产出指标", "质量指标", "合格率", 0.98, 12.5])
    sheet["D2"].number_format = "0%"
    sheet.append(["产出指标", "数量指标", "场次", 888, 10])
    workbook.save(path)
    (project,) = import_file(path).ruleset.projects
    assert project.name == "项目甲"  # named after its sheet
    assert [i.target.text for i in project.indicators] == ["98%", "888"]
    assert project.indicators[0].weight == Decimal("12.5")


def test_one_project_per_sheet(tmp_path: Path) -> None:
    header = ["一级指标", "二级指标", "三级指标", "指标值"]
    sheets = [
        SheetData("甲", [["项目名称", "甲项目"], header, ["产出指标", "数量指标", "a", "1个"]]),
        SheetData("乙", [header, ["产出指标", "数量指标", "b", "2个"]]),
        SheetData("说明", [["本表由财政局制"]]),
    ]
    write_workbook(tmp_path / "book.xlsx", sheets)
    result = import_file(tmp_path / "book.xlsx")
    assert [p.name for p in result.ruleset.projects] == ["甲项目", "乙"]
    (note,) = result.report.notes
    assert note.sheet == "说明" and "no indicator header" in note.reason


def test_every_column_a_note_can_name_has_a_label_in_chinese() -> None:
    from perfgoals import i18n
    from perfgoals.importer.columns import Column
    from perfgoals.importer.report import column_label

    i18n.set_language("zh")
    labels = {column.value: column_label(column.value) for column in Column}
    assert all(not label.startswith("column") for label in labels.values()), labels
    assert labels["grade_good"] == "良列"


def test_an_exported_csv_table_has_the_byte_order_mark_excel_needs(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from perfgoals.cli import main
    from perfgoals.importer import import_file
    from tests.conftest import SEED_RULESET

    for layout in ("flat", "official"):  # a .csv is always the flat table
        out = tmp_path / f"{layout}.csv"
        result = CliRunner().invoke(
            main, ["export-table", str(SEED_RULESET), "--layout", layout, "-o", str(out)]
        )
        assert result.exception is None and result.exit_code == 0, result.output
        assert out.read_bytes().startswith(b"\xef\xbb\xbf"), layout
    assert len(import_file(tmp_path / "flat.csv").ruleset.projects) == 36


def test_a_row_beside_a_goal_based_list_that_names_no_level_is_reported(tmp_path: Path) -> None:
    # Hubei's goal-based layout lists indicators in a cell beside 产出指标. A row whose label
    # is only points (`(50分)`) beside prose with semicolons is no list: it was kept from the
    # form rows and not read as a list either, so it was lost without a note.
    corpus = Path(__file__).parent.parent / "data" / "corpus"
    lines = (corpus / "24-jingmen-wenlv-wenwu-baohu-2022.tsv").read_text(encoding="utf-8")
    rows = lines.split("\n")
    assert rows[10].startswith("项目概述(情况介绍)\t")
    rows[10] = "(50分)\t" + rows[10].split("\t", 1)[1]
    path = tmp_path / "goal-based.tsv"
    path.write_text("\n".join(rows), encoding="utf-8")
    result = import_file(path)
    assert result.report.balanced()
    (note,) = [n for n in result.report.notes if n.first_row == 11]
    assert note.kind == "ignored" and "'(50分)'" in note.reason
    assert len(result.ruleset.projects[0].indicators) == 9  # the lists are read as before
