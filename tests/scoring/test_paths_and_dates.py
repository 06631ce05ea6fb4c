"""Where a ruleset's policy file is read from, impossible dates, and negative actuals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perfgoals.language.errors import ValueSyntaxError
from perfgoals.language.values import parse_value
from perfgoals.scoring.results import Status
from tests.cli_process import assert_clean, run_cli
from tests.conftest import ROOT

from .util import one, q

POLICY = (ROOT / "rulesets" / "policies" / "central.perf").read_text(encoding="utf-8")


def test_a_policy_file_named_in_a_ruleset_is_read_beside_the_ruleset(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "mine.perf").write_text(POLICY.replace('policy "central"', 'policy "mine"', 1))
    (folder / "r.perf").write_text(
        'ruleset "r" {\n  year 2023\n  policy "mine.perf"\n}\n\n'
        'project "p" {\n  产出 {\n    数量 "n" "≥10 个"\n  }\n}\n',
        encoding="utf-8",
    )
    (folder / "a.perf").write_text(
        'assessment {\n  year 2023\n  project "p" {\n    actual "n" "12 个"\n  }\n}\n',
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli(
        ["score", folder / "r.perf", folder / "a.perf", "--format", "json"], cwd=elsewhere
    )
    assert_clean(result, codes=(0, 1))
    assert json.loads(result.stdout)["policy"] == "mine"


@pytest.mark.parametrize("text", ["2023年2月29日前", "2024-02-30", "6月31日前", "2023-13-01"])
def test_an_impossible_date_is_an_error_not_a_qualitative_text(text: str) -> None:
    with pytest.raises(ValueSyntaxError, match="no such date"):
        parse_value(text)


def test_a_real_leap_day_is_a_deadline() -> None:
    assert parse_value("2024年2月29日前").kind == "deadline"


@pytest.mark.parametrize("actual", ["-5场", "−5场", "-5"])
def test_a_negative_actual_counts_as_zero_as_the_docs_say(actual: str) -> None:
    result = one("≥888 场", q(actual))
    assert result.status is not Status.ERROR
    assert result.points == 0
    assert "negative actual counted as 0" in result.formula


def test_a_negative_actual_meets_a_reverse_target_at_zero() -> None:
    result = one("≤10 场", q("-5 场"))
    assert result.status is Status.MET
