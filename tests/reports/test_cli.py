"""`perfgoals score -o FILE`: the suffix picks the format; CSV files open in Chinese Excel."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli_process import run_cli
from tests.conftest import ROOT, SEED_RULESET
from tests.reports.conftest import SEED_ACTUALS


def perfgoals(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoals", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_the_done_command_writes_the_workbook(tmp_path: Path) -> None:
    out = tmp_path / "自评表.xlsx"
    done = perfgoals("score", str(SEED_RULESET), str(SEED_ACTUALS), "-o", str(out))
    assert done.returncode == 1 and done.stdout == ""  # findings: explanations left out
    assert "Traceback" not in done.stderr
    workbook = load_workbook(out)
    assert workbook.sheetnames[0] == "汇总" and len(workbook.sheetnames) == 37


SEED_SUMMARY = "36 个项目，平均 98.44 分（优 35，良 0，中 1，差 0）；需说明 16 项，缺说明 7 项"


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("自评表.xlsx", []),  # read whole
        ("得分.md", []),
        ("得分.csv", []),  # streamed
        ("得分.json", ["--format", "json"]),
        ("得分.txt", ["--format", "table"]),
    ],
)
@pytest.mark.parametrize(("language", "colon"), [("en", ": "), ("zh", "：")])
def test_results_written_to_a_file_are_summed_up_on_the_screen(
    tmp_path: Path, name: str, options: list[str], language: str, colon: str
) -> None:
    # The exit code alone (1: explanations missing) would leave the user asking why.
    out = tmp_path / name
    done = run_cli(
        ["score", SEED_RULESET, SEED_ACTUALS, *options, "-o", out],
        env={"PERFGOALS_LANG": language},
    )
    assert done.returncode == 1 and done.stdout == "" and out.stat().st_size > 0
    assert done.stderr == f"{out}{colon}{SEED_SUMMARY}\n"


def test_html_by_suffix(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    perfgoals("score", str(SEED_RULESET), str(SEED_ACTUALS), "-o", str(out))
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_csv_file_has_a_bom_and_chinese_headers(tmp_path: Path) -> None:
    out = tmp_path / "得分.csv"
    perfgoals("score", str(SEED_RULESET), str(SEED_ACTUALS), "-o", str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["项目名称", "项目编码", "一级指标", "二级指标", "三级指标"]
    assert rows[1][0] == "2022 年农村公益电影放映区级补助资金"


def _score_files(tmp_path: Path, project: str, indicator: str, explain: str) -> tuple[Path, Path]:
    """A ruleset and actuals of one project and one indicator, named as given (source text)."""
    ruleset = tmp_path / "r.perf"
    ruleset.write_text(
        f'project "{project}" {{ 产出 {{ 数量 "{indicator}" "10 场" }} }}\n', encoding="utf-8"
    )
    actuals = tmp_path / "a.perf"
    actuals.write_text(
        f'assessment {{ project "{project}" {{ budget 10元 executed 10元\n'
        f'  actual 产出 数量 "{indicator}" "8 场" explain "{explain}" }} }}\n',
        encoding="utf-8",
    )
    return ruleset, actuals


def _scored_csv_cells(ruleset: Path, actuals: Path, out: Path) -> list[str]:
    done = perfgoals("score", str(ruleset), str(actuals), "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    return [cell for row in rows[1:] for cell in row]


def test_csv_fields_never_start_a_formula(tmp_path: Path) -> None:
    ruleset, actuals = _score_files(tmp_path, "=HYPERLINK(1)", "@SUM(A1)", "+1 场次取消")
    cells = _scored_csv_cells(ruleset, actuals, tmp_path / "x.csv")
    assert "'=HYPERLINK(1)" in cells and "'@SUM(A1)" in cells and "'+1 场次取消" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_a_line_break_before_a_formula_is_marked_and_a_grouped_number_is_not(
    tmp_path: Path,
) -> None:
    # A spreadsheet skips a leading line break and runs the formula after it; `-1,234.5` is a
    # number, written as it is. The CSV writers of every other stage already agreed on both.
    ruleset, actuals = _score_files(tmp_path, "\\n=HYPERLINK(1)", "'=1+1", "-1,234.5")
    cells = _scored_csv_cells(ruleset, actuals, tmp_path / "x.csv")
    assert "'\n=HYPERLINK(1)" in cells and "\n=HYPERLINK(1)" not in cells
    # A text that starts with an apostrophe gets one more: the reader takes off only one.
    assert "''=1+1" in cells
    assert "-1,234.5" in cells and "'-1,234.5" not in cells
    workbook = tmp_path / "x.xlsx"
    done = perfgoals("score", str(ruleset), str(actuals), "-o", str(workbook))
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(workbook).worksheets[1]
    marked = [c for row in sheet.iter_rows() for c in row if c.value == "\n=HYPERLINK(1)"]
    assert marked and all(c.data_type == "s" and c.quotePrefix for c in marked)


def test_a_workbook_needs_a_file_name() -> None:
    done = perfgoals("score", str(SEED_RULESET), str(SEED_ACTUALS), "--format", "xlsx")
    assert done.returncode == 2
    assert "--format xlsx writes a file: name it with -o FILE.xlsx" in done.stderr
