"""The store commands as a user runs them: save, db init/list/show, compare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfgoals.cli import main
from perfgoals.language.model import Ruleset
from perfgoals.language.parser import parse_file
from perfgoals.language.policy import CENTRAL
from perfgoals.scoring import score
from perfgoals.store import save_score
from tests.cli_process import assert_clean, run_cli
from tests.conftest import SEED_RULESET
from tests.golden import assert_golden
from tests.store.sample import assessment_of


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    # The runner catches a crash and never prints its traceback: look at the exception.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def changed_copy(tmp_path: Path, year: int | None = None) -> Path:
    """The seed with two targets changed, one project dropped and one added."""
    text = SEED_RULESET.read_text(encoding="utf-8")
    text = text.replace('"888 场"', '"900 场"').replace('"≤7.55 万元"', '"≤8 万元"')
    text = text.replace('project "2023 年老放映员区级生活补助金"', 'project "新增项目"')
    if year is not None:
        text = text.replace("year 2023", f"year {year}")
    path = tmp_path / f"changed-{year}.perf"
    path.write_text(text, encoding="utf-8")
    return path


def test_save_list_show(db_url: str, tmp_path: Path) -> None:
    assert run("db", "init", "--db", db_url)[0] == 0
    code, out, _ = run("save", str(SEED_RULESET), "--db", db_url)
    assert (code, out) == (0, "开发区综合办 2023 version 1: saved\n")
    code, out, _ = run("save", str(SEED_RULESET), "--db", db_url)
    assert out == "开发区综合办 2023 version 1: unchanged, already stored\n"
    code, out, _ = run("save", str(changed_copy(tmp_path)), "--db", db_url, "--format", "json")
    saved = json.loads(out)
    assert (saved["ruleset"]["version"], saved["new"]) == (2, True)

    code, out, _ = run("db", "list", "--db", db_url, "--format", "json")
    listed = json.loads(out)
    assert [
        (v["year"], v["version"], v["projects"], v["indicators"]) for v in listed["versions"]
    ] == [
        (2023, 1, 36, 265),
        (2023, 2, 36, 265),
    ]
    assert listed["totals"] == {
        "departments": 1,
        "years": 1,
        "versions": 2,
        "projects": 72,
        "indicators": 530,
        "assessments": 0,
        "score_runs": 0,
    }
    code, out, _ = run("db", "list", "--db", db_url)
    assert out.splitlines()[0].split() == [
        "department", "year", "version", "saved", "projects", "indicators", "assessments",
        "score", "runs",
    ]  # fmt: skip
    assert out.splitlines()[-1].startswith("total: 1 departments, 1 department-years, 2 versions")

    code, out, _ = run("db", "show", "开发区综合办", "2023:1", "--db", db_url, "--source")
    assert out == SEED_RULESET.read_text(encoding="utf-8")
    code, out, _ = run("db", "show", "开发区综合办", "2023", "--db", db_url, "--format", "json")
    shown = json.loads(out)
    assert (shown["ruleset"]["version"], shown["versions"]) == (2, [1, 2])
    assert shown["projects"][1] == {
        "name": "新增项目",
        "code": "2",
        "indicators": 6,
        "score": None,
        "grade": None,
    }


@pytest.mark.parametrize("spec", ["23", "2023:x", "2023:1:2"])
def test_bad_version_spec_is_a_usage_error(spec: str, tmp_path: Path) -> None:
    code, _, err = run("db", "show", "开发区综合办", spec, "--db", str(tmp_path / "s.db"))
    assert code == 2
    assert "expected YEAR or YEAR:VERSION" in err


def test_unknown_version_is_exit_2(tmp_path: Path) -> None:
    url = str(tmp_path / "s.db")
    assert run("db", "init", "--db", url)[0] == 0
    run("save", str(SEED_RULESET), "--db", url)
    code, _, err = run("db", "show", "开发区综合办", "2023:3", "--db", url)
    assert (code, err) == (2, "no stored ruleset of '开发区综合办' for 2023 (version 3)\n")


def _scored(ruleset: Ruleset, url: str, shift: int) -> None:
    assessment = assessment_of(ruleset, shift)
    save_score(score(ruleset, assessment, CENTRAL), ruleset, assessment, CENTRAL, db=url)


def test_compare_two_years_with_scores(db_url: str, tmp_path: Path) -> None:
    old = parse_file(changed_copy(tmp_path, 2022))
    new = parse_file(SEED_RULESET)
    _scored(old, db_url, 1)
    _scored(new, db_url, 0)
    code, out, _ = run("compare", "开发区综合办", "2022", "2023", "--db", db_url)
    assert code == 0
    assert_golden("store/compare-years.txt", out)
    code, out, _ = run(
        "compare", "开发区综合办", "2022", "2023:1", "--db", db_url, "--format", "json"
    )
    assert code == 0
    assert_golden("store/compare-years.json", out)


def test_compare_two_versions_without_scores(db_url: str, tmp_path: Path) -> None:
    run("save", str(SEED_RULESET), "--db", db_url)
    run("save", str(changed_copy(tmp_path)), "--db", db_url)
    code, out, _ = run("compare", "开发区综合办", "2023:1", "2023:2", "--db", db_url)
    assert code == 0
    assert out.splitlines() == [
        "开发区综合办: 2023 version 1 → 2023 version 2",
        "(scores are compared only where both versions have a score run)",
        "~ project 2022 年农村公益电影放映区级补助资金",
        "    产出/数量 农村公益电影放映: target 888 场 → 900 场",
        "    产出/成本 补助成本: target ≤7.55 万元 → ≤8 万元",
        "+ project 新增项目: added",
        "- project 2023 年老放映员区级生活补助金: removed",
        "34 projects unchanged",
    ]


def test_save_a_ruleset_with_its_actuals(db_url: str) -> None:
    from perfgoals.actuals.reader import read_actuals
    from perfgoals.store import Store

    data = Path(__file__).parent.parent / "data" / "scoring"
    ruleset, actuals = str(data / "ruleset.perf"), str(data / "actuals.perf")
    code, out, err = run("save", ruleset, actuals, "--db", db_url, "--format", "json")
    assert code == 0, err
    saved = json.loads(out)
    assert (saved["new"], saved["assessment_new"]) == (True, True)
    code, out, _ = run("save", ruleset, actuals, "--db", db_url)
    assert out.splitlines()[1] == f"assessment {saved['assessment_id']}: unchanged, already stored"
    with Store(db_url) as store:
        assert store.load_assessment(saved["assessment_id"]) == read_actuals(actuals)
        assert store.load_ruleset(saved["ruleset"]["id"]) == parse_file(ruleset)


def test_the_same_actuals_in_three_forms_are_one_assessment(tmp_path: Path) -> None:
    url = str(tmp_path / "s.db")
    assert run("db", "init", "--db", url)[0] == 0
    samples = SEED_RULESET.parent.parent / "samples"
    ids = set()
    for form in ("csv", "xlsx", "perf"):
        actuals = samples / f"xingtai-kfq-2023-actuals.{form}"
        code, out, err = run(
            "save", str(SEED_RULESET), str(actuals), "--db", url, "--format", "json"
        )
        assert code == 0, err
        ids.add(json.loads(out)["assessment_id"])
    assert len(ids) == 1


def test_score_save_keeps_the_run(db_url: str) -> None:
    actuals = str(SEED_RULESET.parent.parent / "samples" / "xingtai-kfq-2023-actuals.csv")
    code, out, err = run(
        "score", str(SEED_RULESET), actuals, "--format", "json", "--save", "--db", db_url
    )
    assert code == 1  # the sample leaves some explanations missing, on purpose
    assert json.loads(out)["summary"]["projects"] == 36
    assert "saved as score run 1 (ruleset version 1, policy central)" in err
    code, out, _ = run("db", "list", "--format", "json", "--db", db_url)
    assert code == 0
    totals = json.loads(out)["totals"]
    assert (totals["versions"], totals["assessments"], totals["score_runs"]) == (1, 1, 1)


def test_score_save_to_an_unusable_database_exits_2(tmp_path: Path) -> None:
    actuals = str(SEED_RULESET.parent.parent / "samples" / "xingtai-kfq-2023-actuals.perf")
    missing = tmp_path / "no" / "such" / "folder" / "x.db"
    code, _, err = run("score", str(SEED_RULESET), actuals, "--save", "--db", str(missing))
    assert code == 2 and str(missing) in err
    # …and as a real process, where a traceback would be printed.
    process = run_cli(["score", SEED_RULESET, actuals, "--save", "--db", missing], cwd=tmp_path)
    assert_clean(process, codes=(2,))
