"""Two-period tables: 中长期指标值 beside 年度指标值; the year's value is the target, the
long-term one is kept with the indicator and travels through the DSL, JSON and tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfgoals.cli.main import main
from perfgoals.importer import import_file
from perfgoals.language.formatter import format_ruleset
from perfgoals.language.model import Ruleset
from perfgoals.language.parser import parse_ruleset
from perfgoals.tables.workbook import SheetData, write_workbook

# A 跨年度 project's 申报表 as the central template prints it (2024-2026, amounts in 万元).
TWO_PERIOD = [
    "项目支出绩效目标申报表",
    "（2024年度）",
    "项目名称,农村公路提质改造,,,,",
    "一级指标,二级指标,三级指标,中长期指标值,年度指标值,分值",
    "产出指标,数量指标,改造农村公路里程,≥120公里,≥40公里,20",
    ",质量指标,工程验收合格率,100%,100%,20",
    ",时效指标,完工时间,2026年12月底前,12月底前,10",
    ",成本指标,每公里改造成本,≤80万元,≤80万元,10",
    "效益指标,社会效益指标,群众出行时间,明显缩短,,20",
    "满意度指标,服务对象满意度指标,沿线群众满意度,≥95%,≥90%,20",
]


def test_the_long_term_column_is_kept_beside_the_annual(write_text) -> None:  # type: ignore[no-untyped-def]
    result = import_file(write_text(TWO_PERIOD, name="two-period.csv"))
    (project,) = result.ruleset.projects
    pairs = [
        (i.target.text, i.long_term_target.text if i.long_term_target else None)
        for i in project.indicators
    ]
    assert pairs == [
        ("≥40公里", "≥120公里"),
        ("100%", "100%"),
        ("12月底前", "2026年12月底前"),
        ("≤80万元", "≤80万元"),
        ("明显缩短", "明显缩短"),  # no 年度指标值: the long-term one stands in, and says so
        ("≥90%", "≥95%"),
    ]
    long_term = project.indicators[0].long_term_target
    assert long_term is not None and long_term.value == 120_000 and long_term.op == ">="  # 米
    assert result.report.balanced() and not result.report.rejected
    (note,) = [n for n in result.report.notes if "中长期" in n.reason]
    assert note.first_row == 9 and "read as the target too" in note.reason


def test_a_two_row_header_names_the_periods_under_the_value_column(tmp_path: Path) -> None:
    rows: list[list[str | None]] = [
        ["项目名称", "河道综合治理", None, None, None, None],
        ["一级指标", "二级指标", "三级指标", "指标值", None, "分值"],
        [None, None, None, "中长期", "年度", None],
        ["产出指标", "数量指标", "治理河道长度", "≥30公里", "≥10公里", "40"],
        ["效益指标", "生态效益指标", "水质达标率", "≥90%", "≥85%", "60"],
    ]
    path = tmp_path / "two-period.xlsx"
    write_workbook(path, [SheetData("目标表", rows, [(2, 4, 2, 5)])])
    result = import_file(path)
    (project,) = result.ruleset.projects
    assert [i.target.text for i in project.indicators] == ["≥10公里", "≥85%"]
    assert [i.long_term_target.text for i in project.indicators if i.long_term_target] == [
        "≥30公里",
        "≥90%",
    ]


def test_an_unreadable_long_term_value_keeps_the_annual_target(write_text) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "项目名称,甲",
        "一级指标,二级指标,三级指标,中长期指标值,年度指标值",
        "产出指标,数量指标,培训人次,≥,≥300人次",
    ]
    result = import_file(write_text(lines, name="bad.csv"))
    (indicator,) = result.ruleset.projects[0].indicators
    assert indicator.target.text == "≥300人次" and indicator.long_term_target is None
    (note,) = result.report.notes
    assert note.first_row == 3 and "cannot be read" in note.reason and note.column == "long_target"


def test_long_term_targets_in_the_language_and_the_json_export(write_text) -> None:  # type: ignore[no-untyped-def]
    ruleset = import_file(write_text(TWO_PERIOD, name="two-period.csv")).ruleset
    text = format_ruleset(ruleset)
    assert "      long_term ≥120公里\n" in text
    assert parse_ruleset(text) == ruleset
    chinese = text.replace("long_term ", "中长期 ")
    assert parse_ruleset(chinese) == ruleset
    data = ruleset.to_json_dict()
    first = data["projects"][0]["indicators"][0]
    assert first["long_term_target"]["text"] == "≥120公里"
    assert first["long_term_target"]["value"] == "120000"
    assert Ruleset.model_validate(data) == ruleset
    # An indicator without one has no key at all: exports of one-period tables are unchanged.
    plain = parse_ruleset('project "p" {\n  产出 {\n    数量 "x" 1个\n  }\n}\n')
    assert "long_term_target" not in plain.to_json_dict()["projects"][0]["indicators"][0]


def test_import_writes_the_long_term_targets(write_text, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write_text(TWO_PERIOD, name="two-period.csv")
    out = tmp_path / "out.perf"
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    assert "long_term ≥95%" in out.read_text(encoding="utf-8")
    exported = CliRunner().invoke(main, ["export", str(out), "--format", "json"])
    assert exported.exit_code == 0, exported.output
    indicators = json.loads(exported.stdout)["projects"][0]["indicators"]
    assert [i.get("long_term_target", {}).get("text") for i in indicators][:2] == [
        "≥120公里",
        "100%",
    ]


def test_a_two_period_goal_block_keeps_both_goals(write_text) -> None:  # type: ignore[no-untyped-def]
    beside = [
        "项目名称,河道综合治理,,,",
        "总体目标,实施期目标,三年治理河道30公里,年度目标,1.治理河道10公里 2.水质达标",
        "一级指标,二级指标,三级指标,中长期指标值,年度指标值",
        "产出指标,数量指标,治理河道长度,≥30公里,≥10公里",
    ]
    (project,) = import_file(write_text(beside, name="beside.csv")).ruleset.projects
    assert [g.text for g in project.goals] == ["治理河道10公里", "水质达标"]
    assert [(i.label, i.value) for i in project.info] == [("实施期目标", "三年治理河道30公里")]
    below = [
        "项目名称,河道综合治理,",
        "总体目标,中长期目标,年度目标",
        ",三年治理河道30公里,治理河道10公里",
        "一级指标,二级指标,三级指标,年度指标值",
        "产出指标,数量指标,治理河道长度,≥10公里",
    ]
    result = import_file(write_text(below, name="below.csv"))
    (project,) = result.ruleset.projects
    assert [g.text for g in project.goals] == ["治理河道10公里"]
    assert [(i.label, i.value) for i in project.info] == [("中长期目标", "三年治理河道30公里")]
    assert result.report.balanced() and not result.report.rejected


@pytest.mark.parametrize(
    "header",
    [
        "项目名称,年度,一级指标,二级指标,三级指标,指标值",
        "项目名称,一级指标,二级指标,三级指标,指标值,年度",
    ],
)
def test_a_year_column_is_no_target_column(tmp_path: Path, header: str) -> None:
    # 年度 names the year's values only under a 指标值 merged across its periods.
    cells = {"项目名称": "甲", "年度": "2023", "一级指标": "产出指标", "二级指标": "数量指标"}
    cells |= {"三级指标": "培训人次", "指标值": "≥300人次"}
    path = tmp_path / "year.csv"
    row = ",".join(cells[name] for name in header.split(","))
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = import_file(path)
    (project,) = result.ruleset.projects
    assert [(i.target.text, i.long_term_target) for i in project.indicators] == [("≥300人次", None)]
    column = header.split(",").index("年度") + 1
    assert [n.reason for n in result.report.notes] == [
        f"column {column} '年度' is not a column perfgoals reads"
    ]


@pytest.mark.parametrize(
    ("long_term", "kept"), [("≥2000 场", "≥2000 场"), ("≥", None), ("—", None)]
)
def test_a_disclosure_reads_the_long_term_value_as_a_table_does(
    tmp_path: Path, long_term: str, kept: str | None
) -> None:
    # An unreadable 中长期指标值 is a note and the year's target stays; an empty mark is empty.
    tab = "\t"
    lines = [
        "1、甲项目绩效目标表",
        "绩效目标" + tab * 3 + "1.目标内容",
        tab.join(["一级指标", "二级指标", "三级指标", "中长期指标值", "指标值", "指标值确定依据"]),
        tab.join(["产出指标", "数量指标", "放映场次", long_term, "888 场", "依据"]),
    ]
    path = tmp_path / "disclosure.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_file(path)
    (indicator,) = result.ruleset.projects[0].indicators
    assert indicator.target.text == "888 场" and not result.report.rejected
    assert (indicator.long_term_target.text if indicator.long_term_target else None) == kept
    noted = [n for n in result.report.notes if n.column == "long_target"]
    assert len(noted) == (1 if long_term == "≥" else 0)
