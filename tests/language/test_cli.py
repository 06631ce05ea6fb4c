"""The language commands as a user runs them: value, export, schema, fmt."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from perfgoals.cli import main
from tests.cli_process import assert_clean, run_cli
from tests.conftest import SEED_RULESET


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    # The runner catches a crash and never prints its traceback: look at the exception.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_value_prints_one_json_object_a_line() -> None:
    code, out, _ = run("value", "≤7.55 万元", "888 场", "6月底前", "长期", "/")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(v["kind"], v["op"], v["value"], v["unit"], v["dimension"]) for v in lines] == [
        ("comparison", "<=", "75500", "万元", "money"),
        ("comparison", None, "888", "场", "count"),
        ("deadline", "<=", "--06-30", None, "date"),
        ("qualitative", None, None, None, None),
        ("not_applicable", None, None, None, None),
    ]
    assert lines[0]["text"] == "≤7.55 万元"


def test_unreadable_value_exits_2_with_a_caret() -> None:
    code, out, err = run("value", "≥98%", "≥")
    assert code == 2
    assert len(out.splitlines()) == 1  # the good one is still printed
    assert err.splitlines() == ["<argument 2>:1:2: expected a number after ≥", "  ≥", "   ^"]


def test_export_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    code, _, _ = run("export", str(SEED_RULESET), "--format", "json", "-o", str(out))
    assert code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["projects"]) == 36


def test_export_of_a_broken_file_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.perf"
    bad.write_text('project "x" {\n  产出 { 数量 "n" ≥ }\n', encoding="utf-8")
    code, out, err = run("export", str(bad))
    assert code == 2 and out == ""
    assert f"{bad}:2:" in err
    process = run_cli(["export", bad], cwd=tmp_path)  # a real process prints any traceback
    assert_clean(process, codes=(2,))
    assert process.stdout == "" and f"{bad}:2:" in process.stderr


def test_schema_is_json() -> None:
    code, out, _ = run("schema")
    assert code == 0 and json.loads(out)["title"] == "Ruleset"


def test_fmt_check_passes_on_the_shipped_rulesets() -> None:
    code, _, err = run("fmt", "--check", str(SEED_RULESET.parent))
    assert (code, err) == (0, "")


def test_fmt_rewrites_then_check_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "messy.perf"
    path.write_text('project "p"{产出{数量 "n" "888 场" desc "d"}}', encoding="utf-8")
    assert run("fmt", "--check", str(path))[0] == 1
    assert path.read_text(encoding="utf-8").startswith('project "p"{')  # --check changes nothing
    code, _, err = run("fmt", str(path))
    assert code == 0 and "reformatted" in err
    assert path.read_text(encoding="utf-8") == (
        'project "p" {\n  产出 {\n    数量 "n" "888 场"\n      desc "d"\n  }\n}\n'
    )
    assert run("fmt", "--check", str(path))[0] == 0


def test_fmt_on_a_broken_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.perf"
    path.write_text('project "p" {', encoding="utf-8")
    code, _, err = run("fmt", "--check", str(path))
    assert code == 2 and "unexpected end of file" in err


def test_an_output_that_cannot_be_written_is_one_line_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "seed.json"
    code, out, err = run("export", str(SEED_RULESET), "-o", str(target))
    assert code == 2 and out == ""
    assert err == f"{target}: No such file or directory\n"
