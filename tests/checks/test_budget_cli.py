"""`perfgoals check` on a disclosure: formats, exit codes and suppressions written in the text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEED_DISCLOSURE

SEED_LINES = SEED_DISCLOSURE.read_text(encoding="utf-8").split("\n")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoals", *args], cwd=ROOT, capture_output=True, text=True
    )


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "disclosure.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_changed_figure_is_reported_at_its_cell(tmp_path: Path) -> None:
    lines = list(SEED_LINES)
    assert lines[486] == "1\t\t合计\t2224.48\t855.60\t1368.88"  # line 487, 基本支出表
    lines[486] = "1\t\t合计\t2224.48\t855.60\t1368.80"
    out = run("check", str(_write(tmp_path, lines)), "--select", "B,C", "--format", "json")
    assert out.returncode == 1, out.stderr
    found = {(f["code"], f["line"], f["column"]) for f in json.loads(out.stdout)}
    assert ("B003", 487, 7) in found  # 合计 is not 人员经费 + 公用经费
    assert ("B001", 487, 22) in found  # 公用经费 1368.80 is not Σ 类 (1368.88)
    assert any(code == "B007" for code, _, _ in found)  # the text says 1368.88


def test_sarif_output(tmp_path: Path) -> None:
    out = run("check", str(SEED_DISCLOSURE), "--select", "B012", "--format", "sarif")
    assert out.returncode == 0
    sarif = json.loads(out.stdout)
    results = sarif["runs"][0]["results"]
    assert len(results) == 42
    assert results[0]["ruleId"] == "B012"


def test_suppression_in_the_text(tmp_path: Path) -> None:
    lines = list(SEED_LINES)
    lines.insert(123, "# perfgoals: ignore[B012] checked against the printed table")
    path = _write(tmp_path, lines)
    out = run("check", str(path), "--select", "B012", "--format", "json")
    lines_found = [f["line"] for f in json.loads(out.stdout)]
    assert 125 not in lines_found  # the row after the comment: 2010 301, 1999 .58
    assert len(lines_found) == 42 - 4
    lines.insert(0, "# perfgoals: ignore[B001] nothing to silence here")
    out = run("check", str(_write(tmp_path, lines)), "--select", "B,S", "--format", "json")
    assert [f["code"] for f in json.loads(out.stdout) if f["line"] == 1] == ["S002"]


def test_a_file_without_tables_or_projects_is_unusable(tmp_path: Path) -> None:
    out = run("check", str(_write(tmp_path, ["nothing here"])))
    assert out.returncode == 2
    assert "E002" in out.stdout and "Traceback" not in out.stderr


def test_every_finding_on_the_seed_has_a_place_in_the_text() -> None:
    out = run("check", str(SEED_DISCLOSURE), "--format", "json")
    assert out.returncode == 1  # the project tables' defects, as published
    findings = json.loads(out.stdout)
    assert findings and all(f["line"] > 0 and f["column"] > 0 for f in findings)
    budget = [f for f in findings if f["code"][0] in "BC" and f["severity"] != "info"]
    assert budget == []  # the budget tables tie out
    lines = {f["line"] for f in findings if f["code"] == "V002"}
    assert 1040 in lines  # `≥10 万元` at its row of the disclosure, not of the ruleset


def test_unreadable_project_tables_are_reported_with_the_budget(tmp_path: Path) -> None:
    # The seed's 基本支出表 (lines 474-541), then a project title with no table under it.
    lines = [*SEED_LINES[473:541], "", "1、公务用车购置绩效目标表", "", "没有表格"]
    out = run("check", str(_write(tmp_path, lines)), "--format", "json")
    assert out.returncode == 2
    codes = [f["code"] for f in json.loads(out.stdout)]
    assert "E002" in codes  # the project table could not be read: not dropped silently
    assert "Traceback" not in out.stderr
