"""Reading actual values from CSV: the layout, every value form, and every way a file goes bad."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfgoals.actuals.csv_table import CsvActuals, iter_actuals_csv, read_actuals_csv
from perfgoals.language.assessment import Tier
from perfgoals.language.errors import SourceError
from perfgoals.language.model import Level1, Level2

HEADER = (
    "项目名称,项目编码,一级指标,二级指标,三级指标,序号,实际完成值,评价等级,得分,不适用,"
    "偏差原因分析及改进措施"
)


def write(tmp_path: Path, text: str, name: str = "a.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        read_actuals_csv(path)
    return str(caught.value)


def test_reads_every_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + ",年初预算数,全年预算数（元）,全年执行数\n"
        '公务用车购置,13,,,,,,,,,年中未调整,122,"1,220,000",118.64\n'
        "公务用车购置,13,产出,成本指标,每辆车购置价格,2,18.6万元/辆,,,,超标准\n"
        "公务用车购置,13,效益指标,可持续影响,提高效率,,保障到位,达成年度指标,27分,否,\n"
        "公务用车购置,13,产出指标,数量,工程监理费,,,,,是,不需要\n",
    )
    (project,) = read_actuals_csv(path).projects
    assert (project.project, project.code) == ("公务用车购置", "13")
    # 万元 unless the header says 元; thousands separators are allowed.
    assert project.initial_budget == Decimal(1_220_000)
    assert project.adjusted_budget == Decimal(1_220_000)
    assert project.executed == Decimal(1_186_400)
    assert project.explanation == "年中未调整"
    cost, benefit, na = project.actuals
    assert cost.indicator.level1 is Level1.OUTPUT and cost.indicator.level2 is Level2.COST
    assert cost.indicator.occurrence == 2
    assert cost.value is not None and cost.value.value == Decimal(186_000)
    assert cost.explanation == "超标准"
    assert benefit.tier is Tier.MET and benefit.points == Decimal(27)
    assert benefit.value is not None and benefit.value.kind == "qualitative"
    assert benefit.not_applicable is False and benefit.explanation is None
    assert na.not_applicable is True and na.value is None
    assert (cost.origin.path, cost.origin.line, cost.origin.column) == (str(path), 3, 5)


def test_not_applicable_written_as_the_actual(tmp_path: Path) -> None:
    path = write(tmp_path, "项目名称,三级指标,实际完成值\nA,x,/\nA,y,不适用\n")
    x, y = read_actuals_csv(path).projects[0].actuals
    assert x.not_applicable and y.not_applicable  # as `actual "x" /` in the DSL


def test_english_headers_bom_and_tabs(tmp_path: Path) -> None:
    text = "project\tindicator\tactual\ttier\tpoints\n放映\t场次\t860 场\tpartly met\t7.5\n"
    path = write(tmp_path, "\ufeff" + text)
    (project,) = read_actuals_csv(path).projects
    (actual,) = project.actuals
    assert actual.tier is Tier.PARTLY_MET and actual.points == Decimal("7.5")
    assert actual.value is not None and actual.value.value == Decimal(860)


def test_quoted_cells_spanning_lines_keep_their_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "项目名称,三级指标,实际完成值,偏差原因分析及改进措施\n"
        'A,x,1个,"第一行\n第二行"\n'
        "A,y,2个,\n"
        "A,z,≥,\n",
    )
    message = problems(path)
    # The bad row is on line 5: the quoted cell took lines 2–3.
    assert f"{path}:5:3: 实际完成值: cannot read '≥'" in message


def test_projects_stream_one_at_a_time(tmp_path: Path) -> None:
    rows = "".join(f"P{n},x,1个\nP{n},y,2个\n" for n in range(5))
    path = write(tmp_path, "项目名称,三级指标,实际完成值\n" + rows)
    projects = iter_actuals_csv(path)
    first = next(projects)
    assert first.project == "P0" and len(first.actuals) == 2
    assert [p.project for p in projects] == ["P1", "P2", "P3", "P4"]


def test_blank_rows_and_empty_trailing_columns_are_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "\n项目名称,三级指标,实际完成值,,\nA,x,1个,,\n,,,,\nA,y,,,\n")
    (project,) = read_actuals_csv(path).projects
    # y's row gives nothing: it is no actual, and scoring reports the indicator as no data.
    assert [a.indicator.name for a in project.actuals] == ["x"]


# Malformed input: (csv text, the message expected, row, column as printed).
MALFORMED = [
    ("项目名称,三级指标,实际完成值,颜色\nA,x,1\n", "unknown column '颜色'", 1, 4),
    ("项目名称,三级指标\nA,x\n", "missing column 实际完成值 (actual)", 1, 0),
    ("三级指标,实际完成值\nx,1\n", "missing column 项目名称 (project)", 1, 0),
    ("项目名称,项目,三级指标,实际完成值\nA,A,x,1\n", "项目: repeats column '项目名称'", 1, 2),
    (
        "项目名称,三级指标,实际完成值,全年执行数（美元）\nA,,,1\n",
        "unknown amount unit '美元'",
        1,
        4,
    ),
    ("项目名称,三级指标,实际完成值\nA,x,≥abc\n", "实际完成值: cannot read '≥abc'", 2, 3),
    (
        "项目名称,三级指标,实际完成值\nA,x,1,extra\n",
        "value 'extra' in a column without a header",
        2,
        4,
    ),
    ("项目名称,三级指标,实际完成值\n,x,1\n", "项目名称: the project name is empty", 2, 1),
    ("项目名称,三级指标,实际完成值,评价等级\nA,x,好,优秀\n", "unknown tier '优秀'", 2, 4),
    ("项目名称,三级指标,实际完成值,得分\nA,x,1,很多\n", "'很多' is not a number of points", 2, 4),
    ("项目名称,三级指标,实际完成值,得分\nA,x,1,-3\n", "'-3' is not a number of points", 2, 4),
    ("项目名称,三级指标,实际完成值,序号\nA,x,1,0\n", "'0' is not a whole number ≥ 1", 2, 4),
    ("项目名称,三级指标,实际完成值,序号\nA,x,1,1.5\n", "'1.5' is not a whole number ≥ 1", 2, 4),
    ("项目名称,三级指标,实际完成值,不适用\nA,x,1,也许\n", "'也许' is neither yes", 2, 4),
    (
        "项目名称,一级指标,三级指标,实际完成值\nA,投入,x,1\n",
        "unknown level-1 indicator '投入'",
        2,
        2,
    ),
    (
        "项目名称,二级指标,三级指标,实际完成值\nA,颜值,x,1\n",
        "unknown level-2 indicator '颜值'",
        2,
        2,
    ),
    (
        "项目名称,三级指标,实际完成值\nA,x,1\nA,x,2\n",
        "indicator 'x' of project 'A' already given at row 2",
        3,
        2,
    ),
    (
        "项目名称,三级指标,实际完成值\nA,x,1\nB,x,1\nA,y,1\n",
        "project 'A' already ended at row 2",
        4,
        1,
    ),
    (
        "项目名称,三级指标,实际完成值,全年执行数\nA,,,1\nA,,,2\n",
        "second funds row of project 'A'",
        3,
        1,
    ),
    (
        "项目名称,三级指标,实际完成值,全年执行数\nA,,,一些\n",
        "'一些' is not an amount of money",
        2,
        4,
    ),
    ("项目名称,三级指标,实际完成值,全年执行数\nA,,,3个\n", "'3个' is not an amount of money", 2, 4),
    ("项目名称,三级指标,实际完成值,全年执行数\nA,,,-1\n", "'-1' is negative", 2, 4),
    (
        "项目名称,三级指标,实际完成值,全年执行数\nA,x,1,5\n",
        "amounts belong on the project's funds row",
        2,
        4,
    ),
    ("项目名称,三级指标,实际完成值\nA,,5\n", "the 三级指标 cell is empty", 2, 3),
    ("项目名称,三级指标,实际完成值,得分\nA,x,,5\n", "得分 or an explanation without", 2, 3),
    ("项目名称,三级指标,实际完成值,说明\nA,x,,原因\n", "得分 or an explanation without", 2, 3),
    ("项目名称,三级指标,实际完成值\n", "no rows after the header row", 1, 0),
    ("\n\n", "empty file: no header row", 1, 0),
    ("", "empty file: no header row", 1, 0),
]


@pytest.mark.parametrize(("text", "message", "row", "column"), MALFORMED)
def test_malformed_input_is_reported_where_it_is(
    tmp_path: Path, text: str, message: str, row: int, column: int
) -> None:
    path = write(tmp_path, text)
    reported = problems(path)
    where = f"{path}:{row}:{column}" if column else f"{path}:{row}"  # a whole row: no column
    assert f"{where}: " in reported
    assert message in reported


def test_every_bad_row_is_reported_not_only_the_first(tmp_path: Path) -> None:
    path = write(tmp_path, "项目名称,三级指标,实际完成值\nA,x,≥?\nA,y,1\nA,z,≤?\n")
    reported = problems(path)
    assert ":2:3: " in reported and ":4:3: " in reported


def test_many_bad_rows_are_capped(tmp_path: Path) -> None:
    rows = "".join(f"A,x{n},≥?\n" for n in range(80))
    reported = problems(write(tmp_path, "项目名称,三级指标,实际完成值\n" + rows))
    assert reported.count("cannot read") == 50
    assert "… and 30 more problems not shown" in reported


def test_gbk_input_is_read(tmp_path: Path) -> None:
    """Chinese Excel's 'CSV' is GBK/GB18030: decoded, read as the UTF-8 file would be."""
    text = "项目名称,三级指标,实际完成值\n放映,场次,860场\n"
    gbk = write(tmp_path, text, name="gbk.csv", encoding="gb18030")
    utf8 = write(tmp_path, text, name="utf8.csv")
    assert read_actuals_csv(gbk) == read_actuals_csv(utf8)


def test_bad_bytes_later_in_the_file_name_their_line(tmp_path: Path) -> None:
    good = "项目名称,三级指标,实际完成值\n放映,场次,860场\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(good.encode() + "放映,人次,5人\n".encode("gbk"))
    reported = problems(path)
    assert f"{path}:3:1: " in reported


def test_bad_bytes_that_are_not_gbk_either(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("项目名称,三级指标,实际完成值\n".encode() + b"A,x,\xff\xfe\xff\n")
    reported = problems(path)
    assert f"{path}:2:5: byte 0xff: the file is not UTF-8 text" in reported


@pytest.mark.parametrize(
    ("head", "message"),
    [
        (b"PK\x03\x04rest-of-a-zip", "a zip file (an .xlsx workbook?)"),
        (b"\xff\xfe" + "项目".encode("utf-16-le"), "UTF-16 text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel .xls workbook"),
        (b"\x7fELF\x02\x01\x01\x00\x00", "a binary file"),
    ],
)
def test_binary_files_are_refused(tmp_path: Path, head: bytes, message: str) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(head)
    assert message in problems(path)


def test_stated_target_that_differs_is_noted(tmp_path: Path, seed_ruleset) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path,
        "项目名称,项目编码,三级指标,年度指标值,实际完成值\n"
        "公务用车购置,13,服务对象满意度,≥90%,97%\n"
        "公务用车购置,13,完成率,100 %,100%\n",
    )
    reader = CsvActuals(path, seed_ruleset)
    (project,) = list(reader.projects())
    assert len(project.actuals) == 2
    (note,) = reader.notes  # the second row states the same target, spaced differently
    assert (note.line, note.column) == (2, 4)
    assert "states '≥90%', but the ruleset's target is '≥95%'" in note.message
