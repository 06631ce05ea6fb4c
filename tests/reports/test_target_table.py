"""The 目标表 workbook in the official layout, and `export-table --layout`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from perfgoals.importer import import_file
from perfgoals.language.model import Ruleset
from perfgoals.reports.target_table import write_target_table
from tests.conftest import ROOT, SEED_RULESET
from tests.golden import assert_golden
from tests.reports.snapshot import workbook_text


def test_seed_target_table_matches_its_golden_file(tmp_path: Path, seed_ruleset: Ruleset) -> None:
    path = tmp_path / "目标表.xlsx"
    write_target_table(path, seed_ruleset)
    assert_golden("reports/seed-target-table.xlsx.txt", workbook_text(path))


def test_the_form_of_a_project(tmp_path: Path, seed_ruleset: Ruleset) -> None:
    path = tmp_path / "目标表.xlsx"
    write_target_table(path, seed_ruleset)
    workbook = load_workbook(path)
    assert len(workbook.sheetnames) == 36
    ws = workbook.worksheets[12]  # 公务用车购置: budget 122 万元
    assert ws["A1"].value == "项目支出绩效目标表"
    assert ws["B3"].value == "公务用车购置" and ws["F3"].value == "13"
    assert (ws["B5"].value, ws["D5"].value) == ("年度资金总额", 122)
    assert ws["D5"].number_format == "#,##0.00##_ "
    assert ws["A10"].value == "一级指标" and ws["E10"].value == "指标值"


def test_the_official_table_imports_back_to_the_same_indicators(
    tmp_path: Path, seed_ruleset: Ruleset
) -> None:
    path = tmp_path / "目标表.xlsx"
    write_target_table(path, seed_ruleset)
    imported = import_file(path).ruleset
    assert [(p.name, p.code) for p in imported.projects] == [
        (p.name, p.code) for p in seed_ruleset.projects
    ]
    for mine, back in zip(seed_ruleset.projects, imported.projects, strict=True):
        assert [g.text for g in back.goals] == [g.text for g in mine.goals], mine.name
        assert back.indicators == mine.indicators, mine.name


def test_export_table_writes_the_official_layout_or_the_flat_one(tmp_path: Path) -> None:
    official, flat = tmp_path / "official.xlsx", tmp_path / "flat.xlsx"
    for path, extra in ((official, []), (flat, ["--layout", "flat"])):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "perfgoals",
                "export-table",
                str(SEED_RULESET),
                "-o",
                str(path),
                *extra,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    assert len(load_workbook(official).sheetnames) == 36
    assert load_workbook(flat).sheetnames == ["绩效目标表"]
