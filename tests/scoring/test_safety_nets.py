"""Where scoring used to give a confident answer to a wrong question.

Unit slips, a policy that does not fit, the wrong actuals file, reasons hidden behind --explain,
and names that the terminal table read as markup or emoji codes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfgoals.cli import main
from tests.conftest import ROOT, SEED_RULESET

DATA = ROOT / "tests" / "data"
SEED_ACTUALS = ROOT / "samples" / "xingtai-kfq-2023-actuals.perf"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def indicators(out: str) -> dict[str, dict[str, object]]:
    return {i["name"]: i for p in json.loads(out)["projects"] for i in p["indicators"]}


# ---- unit slips --------------------------------------------------------------------------


def test_unit_slips_in_money_and_percent_need_an_explanation_with_both_readings() -> None:
    code, out, _ = run(
        "score",
        str(DATA / "safety" / "slips.perf"),
        str(DATA / "safety" / "slips-actuals.perf"),
        "--format",
        "json",
    )
    assert code == 1  # explanations are missing
    found = indicators(out)
    money, percent, count = found["印制费"], found["合格率"], found["场次"]
    # Scored as the policy says: 79200 in the target's 万元 is 7.92亿元, far over ≤7.55万元.
    assert money["status"] == "partly_met" and money["points"] == "0.00"
    assert money["needs_explanation"] is True
    assert (
        "probable unit slip: 79200 read as 79200万元; typed in 元 it would be 7.92万元"
        in (
            money["reasons"]  # type: ignore[operator]
        )
    )
    # 0.95 against ≥95%: 0.95 / 95 × 16.67 = 0.1667 → 0.17, and flagged as a fraction.
    assert percent["points"] == "0.17"
    assert (
        "probable unit slip: 0.95 read as 0.95%; as a fraction it would be 95%"
        in (
            percent["reasons"]  # type: ignore[operator]
        )
    )
    assert count["reasons"] == []  # 888 against 888场 is no slip


def test_the_default_table_shows_a_unit_slip() -> None:
    _, out, _ = run(
        "score", str(DATA / "safety" / "slips.perf"), str(DATA / "safety" / "slips-actuals.perf")
    )
    assert "probable unit slip: 0.95 read as 0.95%" in out.replace("\n", " ").replace("│", "")


def test_a_unit_slip_is_recognised_in_the_other_language() -> None:
    # A stored run keeps its reasons as scored; a report rebuilt with the other --lang still
    # puts the slip in the 说明 cell.
    from perfgoals.i18n import _, set_language
    from perfgoals.scoring.slips import REASON_UNIT_SLIP, is_unit_slip

    try:
        set_language("zh")
        chinese = _(REASON_UNIT_SLIP).format("0.95", "0.95%", "as a fraction", "95%")
        assert not chinese.startswith("probable")
        set_language("en")
        assert is_unit_slip(chinese)
        assert is_unit_slip(REASON_UNIT_SLIP.format("0.95", "0.95%", "as a fraction", "95%"))
        assert not is_unit_slip("actual missing")
    finally:
        set_language(None)


def test_no_slip_is_suspected_in_the_seed_sample() -> None:
    _, out, _ = run("score", str(SEED_RULESET), str(SEED_ACTUALS), "--format", "json")
    assert "unit slip" not in out


# ---- a policy that does not fit ---------------------------------------------------------


def test_a_policy_that_fits_no_indicator_gives_no_score_and_exits_2() -> None:
    code, out, err = run("score", str(SEED_RULESET), str(SEED_ACTUALS), "--policy", "hubei-2020")
    assert code == 2
    assert "100.00 分  优" not in out and " 优 " not in out.split("\n")[0]
    titles = [line for line in out.splitlines() if "不完整：" in line and "项无法评分" in line]
    assert len(titles) == 36 + 1  # every project, and the summary's one line
    assert (
        "不完整：36 个项目的 265 项无法评分（the indicator names no goal and the policy weighs by "
        "goal），不计入平均分和等级"
    ) in out
    assert "平均 — 分（优 0，良 0，中 0，差 0）" in out
    assert "nothing could be scored under policy 'hubei-2020'" in err
    code, out, _ = run(
        "score", str(SEED_RULESET), str(SEED_ACTUALS), "--policy", "hubei-2020", "--format", "json"
    )
    data = json.loads(out)
    assert code == 2
    assert data["summary"]["incomplete"] == 36 and data["summary"]["mean_score"] is None
    assert {p["complete"] for p in data["projects"]} == {False}


def test_one_unscorable_indicator_marks_only_its_project() -> None:
    _, out, _ = run(
        "score", str(DATA / "scoring" / "ruleset.perf"), str(DATA / "scoring" / "actuals.perf")
    )
    assert "农村公益电影放映 [A1]  不完整：1 项无法评分（已评部分 74.74 分，不定等级）" in out


# ---- the wrong actuals file -------------------------------------------------------------


def test_the_wrong_actuals_file_says_so_first() -> None:
    wrong = DATA / "scoring" / "actuals.perf"
    _, _, err = run("score", str(SEED_RULESET), str(wrong))
    assert err.splitlines()[0] == (
        f"0 of 36 projects in {wrong} match {SEED_RULESET}: is it the right file?"
    )
    _, _, err = run("score", str(SEED_RULESET), str(SEED_ACTUALS))
    assert "is it the right file" not in err


# ---- text is text -----------------------------------------------------------------------

MARKUP = (str(DATA / "safety" / "markup.perf"), str(DATA / "safety" / "markup-actuals.perf"))


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_names_that_look_like_markup_print_as_written(fmt: str) -> None:
    _, out, _ = run("score", *MARKUP, "--format", fmt, "--explain")
    assert "💯" not in out and "😄" not in out
    if fmt == "markdown":  # escaped so that a Markdown renderer shows them as written
        assert "印制\\[red\\]资料\\[/red\\]" in out
        assert "\\:100: 场次" in out and "\\[bold\\]合格率" in out
    else:
        assert "印制[red]资料[/red]" in out
        assert ":100: 场次" in out and "[bold]合格率" in out
    if fmt == "json":
        assert json.loads(out)["department"] == "宣传[bold]部[/bold] :100:"


def test_a_problem_at_line_100_keeps_its_colons(tmp_path: Path) -> None:
    actuals = tmp_path / "actuals.perf"
    text = Path(MARKUP[1]).read_text(encoding="utf-8").splitlines()
    padding = ["# 占位"] * 93  # the unknown actual stands on line 1 + 93 + 5 + 1 = 100
    lines = [text[0], *padding, *text[1:6], '    actual 产出 数量 "不存在" 1场', *text[6:]]
    actuals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, out, err = run("score", MARKUP[0], str(actuals))
    assert f"{actuals}:100:5: [印制[red]资料[/red]]" in out, err
    assert "💯" not in out


def test_the_default_table_shows_why_an_indicator_has_no_score() -> None:
    _, out, _ = run("score", *MARKUP)
    assert "unit mismatch: actual '8人' (人) against target in %" in out


def test_a_streamed_run_has_the_same_safety_nets(tmp_path: Path) -> None:
    """Scored into -o FILE as the tables are read: the same exit code and lines on stderr."""
    actuals = ROOT / "samples" / "xingtai-kfq-2023-actuals.csv"
    out = tmp_path / "scores.json"
    code, _, err = run(
        "score", str(SEED_RULESET), str(actuals), "--policy", "hubei-2020", "--format", "json",
        "-o", str(out),
    )  # fmt: skip
    assert code == 2
    assert "nothing could be scored under policy 'hubei-2020'" in err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["incomplete"] == 36
    assert {p["complete"] for p in data["projects"]} == {False}
    other = tmp_path / "other.csv"
    lines = actuals.read_text(encoding="utf-8").splitlines()
    other.write_text(lines[0] + "\n" + "\n".join(lines[1:3]) + "\n", encoding="utf-8")
    _, _, err = run("score", str(SEED_RULESET), str(other), "--format", "csv", "-o", str(out))
    assert f"1 of 36 projects in {other} match {SEED_RULESET}: is it the right file?" in err
