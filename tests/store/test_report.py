"""`perfgoals report`: a stored run written again has the content of the one written at scoring.

On SQLite and PostgreSQL: the 自评表 workbook cell by cell, the HTML report and the text
formats byte for byte, by run id and by department and year, under the central and the Hubei
policy.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED_RULESET
from tests.reports.snapshot import workbook_text

ACTUALS = ROOT / "samples" / "xingtai-kfq-2023-actuals.perf"


def perfgoals(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoals", *args], cwd=ROOT, capture_output=True, text=True
    )


DATA = ROOT / "tests" / "data" / "scoring"  # a small department whose indicators name goals
CASES = {
    "central": (SEED_RULESET, ACTUALS, "开发区综合办"),
    "hubei-2020": (DATA / "ruleset.perf", DATA / "actuals.perf", "测试单位"),
}


@pytest.mark.parametrize("policy", sorted(CASES))
def test_report_from_the_store_is_the_report_written_at_scoring(
    tmp_path: Path, db_url: str, policy: str
) -> None:
    ruleset, actuals, department = CASES[policy]
    base = ("score", str(ruleset), str(actuals), "--policy", policy)
    first = perfgoals(*base, "-o", str(tmp_path / "a.xlsx"), "--save", "--db", db_url)
    assert first.returncode == 1, first.stderr  # the samples leave explanations out on purpose
    assert "saved as score run 1" in first.stderr
    for suffix in ("html", "json", "csv", "md"):
        done = perfgoals(*base, "-o", str(tmp_path / f"a.{suffix}"))
        assert done.returncode == 1, done.stderr
    by_id = perfgoals("report", "1", "--db", db_url, "-o", str(tmp_path / "b.xlsx"))
    assert by_id.returncode == 0, by_id.stderr
    assert workbook_text(tmp_path / "b.xlsx") == workbook_text(tmp_path / "a.xlsx")
    for suffix in ("html", "json", "csv", "md"):
        out = tmp_path / f"c.{suffix}"
        done = perfgoals("report", department, "2023", "--db", db_url, "-o", str(out))
        assert done.returncode == 0, done.stderr
        assert out.read_bytes() == (tmp_path / f"a.{suffix}").read_bytes(), suffix


def test_report_names_what_is_missing(tmp_path: Path, db_url: str) -> None:
    perfgoals("save", str(SEED_RULESET), "--db", db_url)
    for args, message in (
        (("7",), "no stored score run with id 7"),
        (("开发区综合办", "2023"), "no score run of 开发区综合办 2023 version 1 is stored"),
        (("开发区综合办", "2031"), "no stored ruleset of '开发区综合办' for 2031"),
    ):
        done = perfgoals("report", *args, "--db", db_url)
        assert done.returncode == 2 and message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    done = perfgoals("report", "开发区综合办", "--db", db_url)
    assert done.returncode == 2 and "not a run id" in done.stderr
