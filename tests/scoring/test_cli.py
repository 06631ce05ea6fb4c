"""`perfgoals score` and `perfgoals policies`: outputs (golden), exit codes, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfgoals.cli import main
from tests.golden import assert_golden

DATA = Path(__file__).resolve().parent.parent / "data" / "scoring"
RULESET = str(DATA / "ruleset.perf")
ACTUALS = str(DATA / "actuals.perf")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def relative(text: str) -> str:
    """Golden files do not depend on where the repository is checked out."""
    return text.replace(str(DATA), "tests/data/scoring")


@pytest.mark.parametrize("policy", ["central", "central-integer", "central-linear", "hubei-2020"])
def test_json_golden(policy: str) -> None:
    code, out, _ = run("score", RULESET, ACTUALS, "--policy", policy, "--format", "json")
    assert code == 1  # the satisfaction actual is in 人 against a percentage
    assert_golden(f"scoring/{policy}.json", relative(out))


@pytest.mark.parametrize("fmt", ["csv", "markdown", "table"])
def test_other_formats_golden(fmt: str) -> None:
    code, out, _ = run("score", RULESET, ACTUALS, "--format", fmt, "--explain")
    assert code == 1
    suffix = {"csv": "csv", "markdown": "md", "table": "txt"}[fmt]
    assert_golden(f"scoring/central.{suffix}", relative(out))


def test_json_contract() -> None:
    _, out, _ = run("score", RULESET, ACTUALS, "--format", "json")
    data = json.loads(out)
    project = data["projects"][0]
    assert {"name", "score", "grade", "execution", "indicators"} <= set(project)
    assert {"budget", "executed", "rate", "points"} <= set(project["execution"])
    for indicator in project["indicators"]:
        assert {
            "level1",
            "level2",
            "name",
            "target",
            "actual",
            "weight",
            "points",
            "status",
            "formula",
            "needs_explanation",
        } <= set(indicator)
        assert isinstance(indicator["points"], str)
    assert project["execution"]["points"] == "8.62"


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, _ = run("score", RULESET, ACTUALS, "--format", "json", "-o", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["policy"] == "central"


def test_exit_0_when_everything_is_explained(tmp_path: Path) -> None:
    actuals = tmp_path / "ok.perf"
    actuals.write_text(
        """assessment { project "P" { executed 10万元
        actual "i" 90% explain "原因" } }""",
        encoding="utf-8",
    )
    ruleset = tmp_path / "r.perf"
    ruleset.write_text('project "P" { budget 10万元 产出 { 质量 "i" ≥95% } }', encoding="utf-8")
    code, out, _ = run("score", str(ruleset), str(actuals), "--format", "json")
    assert code == 0, out
    # 50 × 90/95 = 47.37; (47.37 + 10) / 60 × 100 = 95.616… → 95.62
    assert json.loads(out)["projects"][0]["score"] == "95.62"


def test_unusable_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.perf"
    bad.write_text("assessment { project }", encoding="utf-8")
    code, _, err = run("score", RULESET, str(bad))
    assert code == 2 and "bad.perf:1:22" in err
    code, _, err = run("score", RULESET, str(tmp_path / "actuals.csv"))
    assert code == 2 and "actuals.csv: cannot read file: No such file" in err
    code, _, err = run("score", RULESET, str(tmp_path / "actuals.ods"))
    assert code == 2 and "cannot read actual values from a .ods file" in err
    code, _, err = run("score", RULESET, ACTUALS, "--policy", "nope")
    assert code == 2 and "unknown policy 'nope'" in err
    code, _, err = run("score", RULESET, RULESET)
    assert code == 2 and "no assessment" in err


def test_policies_lists_the_shipped_ones() -> None:
    code, out, _ = run("policies")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == [
        "central-integer",
        "central-linear",
        "central",
        "hubei-2020",
    ]


def test_policy_precedence(tmp_path: Path) -> None:
    ruleset = tmp_path / "r.perf"
    ruleset.write_text(
        'ruleset { policy "mine" }\npolicy "mine" { execution 30 }\n'
        'project "P" { budget 10万元 产出 { 质量 "i" ≥95% } }',
        encoding="utf-8",
    )
    plain = tmp_path / "a.perf"
    plain.write_text('assessment { project "P" { executed 10万元 actual "i" 95% } }', "utf-8")
    named = tmp_path / "b.perf"
    named.write_text(
        'assessment { policy "hubei-2020" project "P" { executed 10万元 actual "i" 95% } }',
        "utf-8",
    )

    def used(*args: str) -> tuple[str, str]:
        _, out, _ = run("score", str(ruleset), *args, "--format", "json")
        data = json.loads(out)
        return data["policy"], data["projects"][0]["execution"]["weight"]

    assert used(str(plain)) == ("mine", "30")  # the ruleset's header, defined inline
    assert used(str(named)) == ("hubei-2020", "20")  # the assessment's
    assert used(str(named), "--policy", "central") == ("central", "10")  # the command line
