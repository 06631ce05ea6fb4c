"""Terminal manners: the table fits the width it is given, a closed pipe is no error, a
mistyped command gets a suggestion, and progress bars never reach a pipe."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from perfgoals.cli import main
from perfgoals.language.errors import display_width
from tests.conftest import ROOT, SEED_RULESET

SEED_ACTUALS = ROOT / "samples" / "xingtai-kfq-2023-actuals.perf"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def widest(text: str) -> int:
    return max(display_width(line) for line in text.splitlines())


def test_a_narrow_terminal_gets_the_narrow_layout() -> None:
    _, out, _ = run("score", str(SEED_RULESET), str(SEED_ACTUALS), env={"COLUMNS": "80"})
    assert widest(out) <= 80
    assert "一级" not in out and "得分/分值" in out
    assert "数量·" in out


def test_a_wide_terminal_gets_every_column() -> None:
    _, out, _ = run(
        "score", str(SEED_RULESET), str(SEED_ACTUALS), "--explain", env={"COLUMNS": "200"}
    )
    assert 160 < widest(out) <= 200
    assert "一级" in out and "计算" in out


def test_a_file_keeps_the_default_width(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "out.txt"
    run("score", str(SEED_RULESET), str(SEED_ACTUALS), "-o", str(path), env={"COLUMNS": "80"})
    assert widest(path.read_text(encoding="utf-8")) == 140


def test_a_closed_pipe_ends_quietly() -> None:
    command = [sys.executable, "-m", "perfgoals", "score", str(SEED_RULESET), str(SEED_ACTUALS)]
    for fmt in ("json", "table"):
        with subprocess.Popen(
            [*command, "--format", fmt], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ) as process:
            assert process.stdout is not None and process.stderr is not None
            process.stdout.readline()
            process.stdout.close()  # what `| head -1` does
            err = process.stderr.read().decode("utf-8")
            process.wait(timeout=60)
        assert "Broken pipe" not in err and "Traceback" not in err, err


def test_a_mistyped_command_gets_a_suggestion_among_the_lazy_commands() -> None:
    code, _, err = run("scor")
    assert code == 2
    assert "No such command 'scor'. Did you mean 'score'?" in err
    _, _, err = run("polices")
    assert "Did you mean" in err and "'policies'" in err
    _, _, err = run("export-tabel")
    assert "Did you mean one of: 'export-table', 'export'?" in err


def test_no_progress_bar_in_a_pipe(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.perf").write_bytes(SEED_RULESET.read_bytes())
        (tmp_path / f"{name}-actuals.perf").write_bytes(SEED_ACTUALS.read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "perfgoals", "score", str(tmp_path), "--format", "json"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.decode("utf-8") == ""
