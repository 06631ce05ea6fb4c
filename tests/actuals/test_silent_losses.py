"""Nothing in the actuals is passed over in silence: each case ends in a message on stderr or
a problem in the report, as a user running the commands would see it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_process import assert_clean, run_cli
from tests.conftest import ROOT, SEED_RULESET

SAMPLE = ROOT / "samples" / "xingtai-kfq-2023-actuals.csv"
ROW = ",888 场,860 场,,,,"  # 农村公益电影放映: target, actual, tier, points, not applicable


def _actuals(tmp_path: Path, old: str, new: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8-sig")
    assert text.count(old) == 1
    path = tmp_path / "actuals.csv"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _problems(tmp_path: Path, actuals: Path) -> list[str]:
    result = run_cli(["score", SEED_RULESET, actuals, "--format", "json"], cwd=tmp_path)
    assert_clean(result, codes=(1,))
    return [p["message"] for p in json.loads(result.stdout)["problems"]]


def test_a_stated_target_that_differs_is_a_note(tmp_path: Path) -> None:
    actuals = _actuals(tmp_path, ROW, ",999 场,860 场,,,,")
    for command in (["score", SEED_RULESET, actuals], ["save", SEED_RULESET, actuals]):
        if command[0] == "save":
            db = tmp_path / "s.db"
            assert run_cli(["db", "init", "--db", db]).returncode == 0
            command = [*command, "--db", db]
        result = run_cli(command, cwd=tmp_path)
        assert_clean(result)
        assert "states '999 场', but the ruleset's target is '888 场'" in result.stderr


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (",888 场,860 场,,5,,", "points 5 given for the quantitative indicator"),
        (",888 场,,达成,,,", "is rated by tier 达成 alone, but its target is quantitative"),
        (",888 场,860 场,,,是,", "is marked 不适用 but holds the value '860 场'"),
    ],
)
def test_a_part_of_an_actual_that_would_not_be_used_is_a_problem(
    row: str, expected: str, tmp_path: Path
) -> None:
    problems = _problems(tmp_path, _actuals(tmp_path, ROW, row))
    assert any(expected in p for p in problems), problems


def test_save_warns_of_actuals_that_match_nothing(tmp_path: Path) -> None:
    actuals = _actuals(
        tmp_path, ",农村公益电影放映,,888 场,860 场,", ",农村公益电影放映X,,888 场,860 场,"
    )
    db = tmp_path / "s.db"
    assert run_cli(["db", "init", "--db", db]).returncode == 0
    result = run_cli(["save", SEED_RULESET, actuals, "--db", db], cwd=tmp_path)
    assert_clean(result, codes=(0,))
    assert "warning:" in result.stderr and "农村公益电影放映X" in result.stderr
