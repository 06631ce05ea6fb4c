"""Batch runs: a finance bureau scores, audits and imports all its departments in one run."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfgoals.cli import main
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "scoring"
DEPARTMENTS = ("财政局", "教育局", "卫健委")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def bureau(tmp_path: Path) -> Path:
    """Three departments, each a ruleset and its actuals side by side (one in a sub-folder)."""
    ruleset = (DATA / "ruleset.perf").read_text(encoding="utf-8")
    for i, name in enumerate(DEPARTMENTS):
        folder = tmp_path / ("sub" if i == 2 else "")
        folder.mkdir(exist_ok=True)
        text = ruleset.replace('department "测试单位"', f'department "{name}"')
        (folder / f"{name}.perf").write_text(text, encoding="utf-8")
        shutil.copy(DATA / "actuals.perf", folder / f"{name}-actuals.perf")
    return tmp_path


def test_a_folder_of_three_departments_gets_one_summary_row_each(bureau: Path) -> None:
    code, out, err = run("score", str(bureau), "--format", "json")
    assert code == 1, err  # as for one department: explanations are missing
    data = json.loads(out)
    assert sorted(d["department"] for d in data["departments"]) == sorted(DEPARTMENTS)
    assert len(data["results"]) == 3
    row = data["departments"][0]
    # The sample's two projects: 37.24 + 118 executed of 43.2 + 122 万元 = 155.24 / 165.2.
    assert row["execution"] == "93.97"
    assert row["projects"] == 2 and row["incomplete"] == 2 and row["mean_score"] is None
    assert row["explanations_missing"] == 7
    assert {r["actuals"].rsplit("/", 1)[-1] for r in data["results"]} == {
        f"{name}-actuals.perf" for name in DEPARTMENTS
    }


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_the_summary_in_every_format(bureau: Path, fmt: str) -> None:
    _, out, _ = run("score", str(bureau), "--format", fmt)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == ["部门", "项目数", "平均分", "等级", "预算执行率", "缺说明", "不完整"]
        assert sorted(r[0] for r in rows[1:]) == sorted(DEPARTMENTS)
        assert rows[1][4] == "93.97%"
        return
    summary = out[out.index("汇总") :]
    for name in DEPARTMENTS:
        assert name in summary
    assert "93.97%" in summary


def test_several_files_named_one_by_one(bureau: Path) -> None:
    files = [str(p) for p in sorted(bureau.glob("*.perf"))]  # two departments, not the third
    _, out, _ = run("score", *files, "--format", "json")
    assert len(json.loads(out)["departments"]) == 2


def test_a_file_without_its_partner_is_reported_and_exits_2(bureau: Path) -> None:
    (bureau / "财政局-actuals.perf").unlink()
    code, out, err = run("score", str(bureau), "--format", "json")
    assert code == 2
    assert f"{bureau / '财政局.perf'}: no actuals file whose name begins '财政局'" in err
    assert len(json.loads(out)["departments"]) == 2  # the others are still scored


def test_audit_and_import_take_several_tables(tmp_path: Path) -> None:
    tables = [str(ROOT / "samples" / f"self-assessment-central.{s}") for s in ("csv", "xlsx")]
    code, out, _ = run("audit", *tables, "--format", "json")
    assert code == 1  # the sample's published points differ in five places
    data = json.loads(out)
    assert [f["differences"] for f in data["files"]] == [5, 5]
    _, out, _ = run("audit", *tables)
    assert "汇总：2 个文件" in out
    folder = tmp_path / "rulesets"
    code, _, err = run("import", *tables, "-o", str(folder))
    assert code == 0, err
    written = sorted(p.name for p in folder.iterdir())
    assert written == ["self-assessment-central-csv.perf", "self-assessment-central-xlsx.perf"]
    assert run("check", str(folder), "--select", "E")[0] == 0  # both parse
    code, _, err = run("import", *tables)
    assert code == 2 and "name a folder to write them into with -o" in err


def test_a_folder_scored_into_a_file_is_summed_up_on_stderr(bureau: Path) -> None:
    # Each department: 2 projects, both incomplete, 9 explanations asked for and 7 missing
    # (`perfgoals score ruleset.perf actuals.perf` on one says so).
    out = bureau / "汇总.json"
    code, stdout, err = run("score", str(bureau), "--format", "json", "-o", str(out))
    assert code == 1 and stdout == "" and out.exists()
    assert err.endswith(
        f"{out}: 3 个部门，6 个项目（优 0，良 0，中 0，差 0）；需说明 27 项，缺说明 21 项"
        "；不完整 6 个项目\n"
    ), err
