"""Unusable input: a positioned error on stderr and exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from perfgoals.cli import main

from .conftest import seed_lines

TITLE = seed_lines(754, 754)
GOAL = seed_lines(756, 756)
HEADER = seed_lines(757, 757)
ROWS = seed_lines(758, 763)


def run(runner: CliRunner, path: Path) -> tuple[int, str]:
    result = runner.invoke(main, ["import", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("lines", "position", "words"),
    [
        pytest.param(TITLE, ":1:1:", "truncated: no column header", id="title-only"),
        pytest.param(TITLE + GOAL, ":1:1:", "truncated: no column header", id="title-and-goal"),
        pytest.param(TITLE + GOAL + HEADER, ":3:1:", "no indicator rows", id="header-no-rows"),
        pytest.param(
            TITLE + GOAL + HEADER + [ROWS[0] + "\t多出来的格"] + ROWS[1:],
            ":4:",
            "7 cells, the header 6",
            id="row-wider-than-header",
        ),
        pytest.param(
            TITLE + GOAL + ROWS, ":3:1:", "a row before the column header", id="rows-no-header"
        ),
        pytest.param(
            ["部门预算公开表", "说明文字"], ":1:1:", "no project target table", id="no-table"
        ),
    ],
)
def test_malformed_disclosure(runner, write_text, lines, position, words) -> None:  # type: ignore[no-untyped-def]
    code, stderr = run(runner, write_text(lines))
    assert code == 2
    assert position in stderr and words in stderr  # (no crash: `run` checks the exception)


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".xlsx"])
def test_empty_file(runner, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    code, stderr = run(runner, path)
    assert code == 2 and f"empty{suffix}:1:1: empty file" in stderr


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".xlsx"])
def test_binary_file(runner, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"binary{suffix}"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, stderr = run(runner, path)
    assert code == 2
    assert f"binary{suffix}:" in stderr
    assert ("binary file" in stderr) or ("not an .xlsx workbook" in stderr)


@pytest.mark.parametrize("suffix", [".txt", ".csv"])
def test_non_utf8_bytes(runner, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"gbk{suffix}"
    text = "\n".join(TITLE + GOAL + HEADER + ROWS)
    path.write_bytes(text.encode("utf-8").replace("满意度".encode(), "满意度".encode("gbk")))
    code, stderr = run(runner, path)
    assert code == 2
    # 满意度 first occurs on the last row (line 9), after `满意度指标` would: column 1.
    assert f"gbk{suffix}:9:1: byte 0xc2: the file is not UTF-8 text" in stderr


def test_csv_with_unrecognised_header(runner, write_text) -> None:  # type: ignore[no-untyped-def]
    path = write_text(["名称,金额,备注", "办公用品,10,无"], name="other.csv")
    code, stderr = run(runner, path)
    assert code == 2
    assert "other.csv:1:1: unrecognised layout" in stderr
    assert "一级指标 (level1)" in stderr and "指标值 (target)" in stderr


def test_csv_row_wider_than_header_is_reported(runner, write_text) -> None:  # type: ignore[no-untyped-def]
    path = write_text(
        ["一级指标,二级指标,三级指标,指标值", "产出指标,数量指标,场次,888 场,多余"], name="wide.csv"
    )
    code, stderr = run(runner, path)
    assert code == 2 and "wide.csv:2:5:" in stderr and "outside the table" in stderr


def test_unknown_extension(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "table.docx"
    path.write_bytes(b"PK\x03\x04")
    code, stderr = run(runner, path)
    assert code == 2 and "cannot import a .docx file" in stderr


def test_a_headerless_table_points_at_its_nearest_header(runner, write_text) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "# source: a saved page",
        "",
        "2023年度项目支出绩效目标表",
        "项目名称,乡村公益电影放映",
        ",一级指标,二级指标,三级指标,目标",  # no 指标值: `目标` is not its name
        ",产出指标,数量指标,放映场次,888场",
    ]
    code, stderr = run(runner, write_text(lines, name="near.csv"))
    assert code == 2
    (line,) = [x for x in stderr.splitlines() if "unrecognised layout" in x]
    assert (
        "near.csv:5:2: unrecognised layout: no indicator header row in rows 3–6 "
        "(row 1: # note lines)" in line
    )
    assert (
        "the nearest, row 5, names 一级指标 (level1), 二级指标 (level2), 三级指标 (level3)" in line
    )
    assert "but not 指标值 (target); expected a row naming" in line


def test_a_headerless_workbook_names_its_sheets(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from perfgoals.tables.workbook import SheetData, write_workbook

    path = tmp_path / "fragment.xlsx"
    write_workbook(
        path,
        [
            SheetData("封面", [["2023年度部门整体支出绩效自评表"], ["单位名称", "某局"]], []),
            SheetData(
                "资金", [[None], ["年初预算数", "全年预算数", "全年执行数"], ["10", "10", "9"]], []
            ),
        ],
    )
    code, stderr = run(runner, path)
    assert code == 2
    assert (
        "fragment.xlsx[封面]:1:1: unrecognised layout: no indicator header row in sheet 封面, "
        "rows 1–2; sheet 资金, rows 2–3, none names an indicator column" in stderr
    )
