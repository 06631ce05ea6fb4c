"""`perfgoals template`: fill-in files that list every indicator, read back complete."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from perfgoals.actuals.csv_table import read_actuals_csv
from perfgoals.actuals.xlsx_table import read_actuals_xlsx
from perfgoals.cli import main
from perfgoals.language.model import Ruleset
from tests.conftest import SEED_RULESET


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def expected_indicators(ruleset: Ruleset) -> list[tuple[str | None, str, str]]:
    return [(p.code, i.name, i.target.text) for p in ruleset.projects for i in p.indicators]


def test_csv_template_lists_every_indicator_once(tmp_path: Path, seed_ruleset: Ruleset) -> None:
    out = tmp_path / "fill.csv"
    code, _, _ = run("template", str(SEED_RULESET), "-o", str(out))
    assert code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark, so Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    indicators = [r for r in rows if r["三级指标"]]
    funds = [r for r in rows if not r["三级指标"]]
    assert len(indicators) == 265 and len(funds) == 36
    listed = [(r["项目编码"], r["三级指标"], r["年度指标值"]) for r in indicators]
    assert listed == expected_indicators(seed_ruleset)
    assert all(r["实际完成值"] == "" for r in indicators)
    # The three 会议设备数量 of project 19 are told apart by their occurrence number.
    repeated = [
        r["同名序号"]
        for r in indicators
        if r["项目编码"] == "19" and r["三级指标"] == "会议设备数量"
    ]
    assert repeated == ["1", "2", "3"]
    car = next(r for r in funds if r["项目编码"] == "13")
    assert car["年初预算数（万元）"] == "122"


def test_csv_template_to_stdout(seed_ruleset: Ruleset) -> None:
    code, out, _ = run("template", str(SEED_RULESET), "--format", "csv")
    assert code == 0
    assert out.splitlines()[0].startswith("项目编码,项目名称,一级指标")


def test_template_filled_in_reads_back_with_every_indicator(
    tmp_path: Path, seed_ruleset: Ruleset
) -> None:
    out = tmp_path / "fill.csv"
    run("template", str(SEED_RULESET), "-o", str(out))
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    actual, indicator = header.index("实际完成值"), header.index("三级指标")
    executed = header.index("全年执行数（万元）")
    for row in rows[1:]:
        if row[indicator]:
            row[actual] = "100%"
        else:
            row[executed] = "1.5"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    out.write_text(buffer.getvalue(), encoding="utf-8")
    assessment = read_actuals_csv(out, seed_ruleset)
    read = [(p.code, a.indicator.name) for p in assessment.projects for a in p.actuals]
    assert read == [(c, n) for c, n, _ in expected_indicators(seed_ruleset)]
    assert all(
        a.value is not None and a.value.text == "100%"
        for p in assessment.projects
        for a in p.actuals
    )
    assert all(p.executed == 15000 for p in assessment.projects)


def test_xlsx_template(tmp_path: Path, seed_ruleset: Ruleset) -> None:
    out = tmp_path / "fill.xlsx"
    code, _, _ = run("template", str(SEED_RULESET), "-o", str(out))
    assert code == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["指标", "资金"]
    sheet, funds = wb["指标"], wb["资金"]
    assert sheet.freeze_panes == "A2" and funds.freeze_panes == "A2"
    assert sheet["A1"].font.bold and sheet["A1"].fill.fgColor.rgb.endswith("1F4E78")
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEFGH"}
    assert all(8 <= w <= 48 for w in widths.values())
    assert widths["E"] > widths["A"]  # indicator names are wider than codes
    assert sheet.max_row == 266 and funds.max_row == 37
    assert len(sheet.data_validations.dataValidation) == 2
    # Filled in as a person would: numbers typed into cells, the funds sheet completed.
    header = [c.value for c in sheet[1]]
    actual = header.index("实际完成值") + 1
    for r in range(2, sheet.max_row + 1):
        sheet.cell(row=r, column=actual, value=98)
    for r in range(2, funds.max_row + 1):
        funds.cell(row=r, column=4, value=10.5)
        funds.cell(row=r, column=5, value=9.87)
    wb.save(out)
    assessment = read_actuals_xlsx(out, seed_ruleset)
    read = [(p.code, a.indicator.name) for p in assessment.projects for a in p.actuals]
    assert read == [(c, n) for c, n, _ in expected_indicators(seed_ruleset)]
    assert {p.executed for p in assessment.projects} == {98700}
    car = next(p for p in assessment.projects if p.code == "13")
    assert car.initial_budget == 1_220_000 and car.adjusted_budget == 105_000


def test_xlsx_needs_a_file_name() -> None:
    code, _, err = run("template", str(SEED_RULESET), "--format", "xlsx")
    assert code == 2
    assert "needs a file name" in err


def test_unreadable_ruleset_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.perf"
    bad.write_text('project "x" { 产出 { 数量 "a" ≥ } }\n', encoding="utf-8")
    code, _, err = run("template", str(bad), "-o", str(tmp_path / "t.csv"))
    assert code == 2
    assert f"{bad}:1:" in err


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_of_an_empty_ruleset(tmp_path: Path, fmt: str) -> None:
    empty = tmp_path / "empty.perf"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / f"t.{fmt}"
    code, _, _ = run("template", str(empty), "-o", str(out))
    assert code == 0 and out.exists()
