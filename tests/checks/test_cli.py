"""`perfgoals check` and `perfgoals rules` from the command line: formats, exit codes, start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from perfgoals.checks import REGISTRY, Severity
from perfgoals.cli import main
from tests.conftest import ROOT, SEED_RULESET
from tests.golden import assert_golden

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "checks" / "sarif-schema-2.1.0.json"
SEED = "rulesets/xingtai-kfq-2023.perf"

CLEAN = """ruleset { year 2023 }
project "放映" {
  产出 {
    数量 "放映场次" "888 场"
    质量 "放映完成率" 100%
    时效 "完成时间" "2023 年 10 月底前"
    成本 "补助成本" "≤7.55 万元"
  }
  效益 { 社会效益 "社会影响力" 长期 }
  满意度 { 服务对象满意度 "群众满意度" ≥90% }
}
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture()
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_seed_text_is_golden(at_root: None) -> None:
    code, out = run("check", "rulesets/")
    assert code == 1
    assert_golden("checks/seed.txt", out)


def test_seed_named_defects(at_root: None) -> None:
    """The defects the seed is known for, each at its line (see domain.md section 6)."""
    _, out = run("check", "--format", "json", SEED)
    found = {(f["code"], f["line"]) for f in json.loads(out)}
    assert ("V002", 713) in found  # 项目成本 ≥10 万元, described as 不超过 10 万元 (project 23)
    assert ("H004", 397) in found  # two cost indicators named 每辆车购置价格 (project 13)
    assert ("V003", 771) in found and ("V004", 765) in found  # swapped rows (project 25)
    assert {("U002", 577), ("U002", 594), ("U002", 599)} <= found  # bare percents (project 19)
    assert ("U005", 263) in found  # 12分 (project 9)


def test_json_records(at_root: None) -> None:
    code, out = run("check", "--format", "json", SEED)
    assert code == 1
    records = json.loads(out)
    first = records[0]
    assert set(first) == {
        "code",
        "name",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
    }
    v002 = next(r for r in records if r["code"] == "V002")
    assert v002 == {
        "code": "V002",
        "name": "values.cost-at-least",
        "severity": "error",
        "message": "cost target '≥10 万元' reads 'at least'; a cost is capped ('≤'), and the "
        "description says '不超过 10 万元'",
        "path": SEED,
        "line": 713,
        "column": 15,
        "end_line": 713,
        "end_column": 23,
    }


def test_sarif_is_valid(at_root: None) -> None:
    code, out = run("check", "--format", "sarif", SEED)
    assert code == 1
    log = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(log)
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in REGISTRY]
    result = next(r for r in run_["results"] if r["ruleId"] == "V002")
    assert rules[result["ruleIndex"]]["id"] == "V002"
    # Columns count code points: the target `"≥10 万元"` spans columns 15 to 22.
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 713,
        "startColumn": 15,
        "endLine": 713,
        "endColumn": 23,
    }
    assert {r["level"] for r in run_["results"]} == {"error", "warning", "note"}


def test_caret_under_cjk(tmp_path: Path) -> None:
    path = tmp_path / "a.perf"
    path.write_text('project "P" {\n  产出 { 成本 "项目成本" ≤10万 }\n}\n', encoding="utf-8")
    _, out = run("check", "--select", "U004", str(path))
    lines = out.splitlines()
    assert lines[0] == f"{path}:2:18: U004 money unit '万' in '≤10万' is incomplete: write 万元"
    # Every CJK character before the target takes two columns on a terminal.
    assert lines[2] == "  " + " " * 25 + "^" * 5


def test_clean_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "clean.perf"
    path.write_text(CLEAN, encoding="utf-8")
    code, out = run("check", str(path))
    assert (code, out) == (0, "No findings in 1 file.\n")


def test_warnings_only_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "w.perf"
    path.write_text(CLEAN.replace("≥90%", "≥90"), encoding="utf-8")
    code, out = run("check", str(path))
    assert code == 0
    assert "U002" in out


def test_syntax_error_is_a_finding_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.perf"
    path.write_text('project "P" {\n  产出 { 数量 "场次" "888 场" \n', encoding="utf-8")
    code, out = run("check", "--format", "json", str(path))
    assert code == 2
    records = json.loads(out)
    assert records and {r["code"] for r in records} == {"E001"}


def test_unreadable_file_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "gbk.perf"
    path.write_bytes('project "放映" {}\n'.encode("gbk"))
    code, out = run("check", str(path))
    assert code == 2
    assert f"{path}:1:10: E002 not UTF-8 text" in out


def test_missing_path_exit_2(tmp_path: Path) -> None:
    code, _ = run("check", str(tmp_path / "nowhere.perf"))
    assert code == 2


def test_unknown_select_is_a_usage_error(tmp_path: Path) -> None:
    code, out = run("check", "--select", "Z999", str(tmp_path))
    assert code == 2
    assert "names no rule" in out


def test_select_and_ignore(at_root: None) -> None:
    _, out = run("check", "--format", "json", "--select", "V,U", "--ignore", "U002", SEED)
    codes = {r["code"] for r in json.loads(out)}
    assert codes and all(c[0] in "VU" for c in codes) and "U002" not in codes
    _, out = run(
        "check",
        "--format",
        "json",
        "--select",
        "hierarchy",
        "--ignore",
        "hierarchy.duplicate-indicator-across-kinds",
        SEED,
    )
    assert {r["code"] for r in json.loads(out)} == {"H004", "H006"}


def test_project_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.perfgoals.check]\nignore = ["U002"]\nseverity = { V005 = "error" }\n',
        encoding="utf-8",
    )
    folder = tmp_path / "rulesets"
    folder.mkdir()
    (folder / "a.perf").write_text(
        CLEAN.replace("≥90%", "≥90").replace('质量 "放映完成率" 100%', '质量 "放映完成率" ≥100%'),
        encoding="utf-8",
    )
    code, out = run("check", "--format", "json", str(folder))
    records = json.loads(out)
    assert [(r["code"], r["severity"]) for r in records] == [("V005", "error")]
    assert code == 1


def test_perfgoals_toml_beside_rulesets(tmp_path: Path) -> None:
    (tmp_path / "perfgoals.toml").write_text('[check]\nselect = ["U"]\n', encoding="utf-8")
    (tmp_path / "a.perf").write_text(CLEAN.replace("≥90%", "≥90"), encoding="utf-8")
    _, out = run("check", "--format", "json", str(tmp_path))
    assert [r["code"] for r in json.loads(out)] == ["U002"]


def test_bad_configuration_exit_2(tmp_path: Path) -> None:
    (tmp_path / "perfgoals.toml").write_text('[check]\nselect = ["Q9"]\n', encoding="utf-8")
    (tmp_path / "a.perf").write_text(CLEAN, encoding="utf-8")
    code, out = run("check", str(tmp_path / "a.perf"))
    assert code == 2
    assert "'Q9' names no rule" in out


def test_rules_lists_and_explains() -> None:
    code, out = run("rules")
    assert code == 0
    assert len(out.splitlines()) == len(REGISTRY)
    assert out.splitlines()[0].startswith("B001  error")
    code, out = run("rules", "V002")
    assert code == 0
    assert out.startswith("V002 values.cost-at-least (error)")
    assert "Problem:" in out and "Fix:" in out
    assert run("rules", "values.cost-at-least")[1] == out
    assert run("rules", "X123")[0] == 2


@pytest.mark.parametrize(("command", "ran"), [(["check"], True), (["fmt", "--check"], False)])
def test_startup_imports_no_heavy_library(command: list[str], ran: bool) -> None:
    """`perfgoals check` never imports SQLModel, openpyxl or rich (without a terminal), and a
    ruleset's check or format defines no models of the blocks it does not hold (policies,
    profiles): building pydantic models is most of perfgoals' start-up."""
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['perfgoals', *{command!r}, {str(SEED_RULESET)!r}]\n"
        "try:\n"
        "    runpy.run_module('perfgoals', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlmodel', 'sqlalchemy', 'openpyxl', 'rich') or m in "
        "('perfgoals.language.policy', 'perfgoals.language.profile', 'perfgoals.scoring'))\n"
        "ran = 'perfgoals.checks.runner' in sys.modules\n"
        "sys.stderr.write(repr((ran, heavy)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert done.stderr.strip().endswith(f"({ran}, [])"), done.stderr


def test_severity_ranks() -> None:
    assert Severity.ERROR.rank > Severity.WARNING.rank > Severity.INFO.rank


def test_jobs_give_the_same_output(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.perf").write_text(
            SEED_RULESET.read_text(encoding="utf-8"), encoding="utf-8"
        )
    one = run("check", "--format", "json", "-j", "1", str(tmp_path))
    two = run("check", "--format", "json", "-j", "2", str(tmp_path))
    assert one == two
    assert one[0] == 1


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from rich.progress import Progress

    from perfgoals.checks.runner import FileResult
    from perfgoals.cli import check as command
    from perfgoals.cli.batch import with_progress

    # check hands its results, with its own minimum of files, to the batch commands' bar...
    asked: list[tuple[int, str, int]] = []

    def recorded(items, total, label, minimum=2):  # type: ignore[no-untyped-def]
        asked.append((total, label, minimum))
        return with_progress(items, total, label, minimum)

    monkeypatch.setattr(command, "with_progress", recorded)
    seed = SEED_RULESET.read_text(encoding="utf-8")
    for i in range(command.PROGRESS_MIN_FILES):
        (tmp_path / f"{i}.perf").write_text(seed, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert asked == [(command.PROGRESS_MIN_FILES, "checking", command.PROGRESS_MIN_FILES)]
    # ... which, on a terminal, advances once a file.
    advanced: list[object] = []
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(Progress, "advance", lambda self, task, n=1: advanced.append(task))
    results = [FileResult(f"{i}.perf", (), True) for i in range(command.PROGRESS_MIN_FILES)]
    bar = with_progress(iter(results), len(results), "checking", command.PROGRESS_MIN_FILES)
    assert list(bar) == results and len(advanced) == len(results)


def test_weight_settings_from_configuration(tmp_path: Path) -> None:
    (tmp_path / "perfgoals.toml").write_text(
        '[check]\nselect = ["W"]\nweight-totals = [100]\n'
        "level1-weights = { output = 60, benefit = 30, satisfaction = 10 }\n",
        encoding="utf-8",
    )
    weighted = (
        'project "P" {\n'
        '  产出 { 数量 "场次" "888 场" weight 50 }\n'
        '  效益 { 社会效益 "影响" 长期 weight 30 }\n'
        '  满意度 { 服务对象满意度 "满意度" ≥90% weight 10 }\n'
        "}\n"
    )
    (tmp_path / "a.perf").write_text(weighted, encoding="utf-8")
    code, out = run("check", "--format", "json", str(tmp_path))
    records = json.loads(out)
    assert [(r["code"], r["line"]) for r in records] == [("W002", 1)]
    assert records[0]["message"] == "weights of 'P' add up to 90, not 100"
    assert code == 1
