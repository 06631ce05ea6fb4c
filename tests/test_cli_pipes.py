"""A reader that stops early (`perfgoals rules | head -1`) breaks no command: the command runs
on with its output going nowhere, says nothing more, and exits with the status it would have had.

Real processes and real pipes: the pipe's read end is closed before the command starts, so its
very first write meets the closed pipe, whatever the machine's speed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED_DISCLOSURE, SEED_RULESET

SEED_ACTUALS = ROOT / "samples" / "xingtai-kfq-2023-actuals.perf"
SEED_PROGRESS = ROOT / "samples" / "xingtai-kfq-2023-progress-07.perf"

# Commands with each exit status, with and without the error wrapper of cli.common. Status 1
# is also what click itself exits with on a closed pipe, so the findings of check, score and
# monitor are tried with status 0 too (`check --exit-zero`): those fail without cli.pipes.
COMMANDS: dict[str, tuple[int, list[str | Path]]] = {
    "rules": (0, ["rules"]),
    "rules B001": (0, ["rules", "B001"]),
    "schema": (0, ["schema"]),
    "value": (0, ["value", "≤7.55 万元", "10万元"]),
    "policies": (0, ["policies"]),
    "export": (0, ["export", SEED_RULESET]),
    "budget": (0, ["budget", SEED_DISCLOSURE]),
    "check": (1, ["check", SEED_RULESET]),
    "check --exit-zero": (0, ["check", "--exit-zero", SEED_RULESET]),
    "score": (1, ["score", SEED_RULESET, SEED_ACTUALS]),
    "monitor": (1, ["monitor", SEED_RULESET, SEED_PROGRESS, "--format", "json"]),
    "score, unusable": (2, ["score", ROOT / "no-such.perf", SEED_ACTUALS]),
}


def environment(buffered: bool) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONUNBUFFERED", None)
    return env if buffered else {**env, "PYTHONUNBUFFERED": "1"}


@contextmanager
def closed_pipe() -> Iterator[int]:
    """The write end of a pipe nobody reads."""
    read, write = os.pipe()
    os.close(read)
    try:
        yield write
    finally:
        os.close(write)


def perfgoals(
    args: Sequence[str | Path], stdout: int, *, buffered: bool = True, program: Sequence[str] = ()
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*(program or (sys.executable, "-m", "perfgoals")), *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=environment(buffered),
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_closed_stdout_keeps_the_exit_status_and_adds_no_message(
    name: str, buffered: bool
) -> None:
    status, args = COMMANDS[name]
    read = perfgoals(args, subprocess.PIPE, buffered=buffered)
    assert read.returncode == status, read.stderr.decode()
    with closed_pipe() as stdout:
        closed = perfgoals(args, stdout, buffered=buffered)
    assert closed.returncode == status, closed.stderr.decode()
    assert closed.stderr == read.stderr  # no traceback, no "Broken pipe", nothing added


def test_a_reader_that_stops_after_one_line() -> None:
    # What `perfgoals export … | head -1` does: read a line of 280 kB of JSON, then close.
    command = [sys.executable, "-m", "perfgoals", "export", str(SEED_RULESET)]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment(True)
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline() == b"{\n"
        process.stdout.close()
        err = process.stderr.read()
        assert process.wait(timeout=60) == 0
    assert err == b""


def test_stderr_into_the_same_closed_pipe() -> None:
    # `perfgoals check … 2>&1 | head -1`: the messages on stderr meet the closed pipe too. With
    # --exit-zero, the status is 0 only if nothing failed on the way (click's own is 1).
    with closed_pipe() as pipe:
        done = subprocess.run(
            [sys.executable, "-m", "perfgoals", "check", "--exit-zero", str(SEED_RULESET)],
            stdout=pipe,
            stderr=pipe,
            env=environment(True),
            timeout=120,
            check=False,
        )
    assert done.returncode == 0


def test_the_installed_command_too() -> None:
    program = Path(sys.executable).with_name("perfgoals")
    assert program.is_file(), f"{program}: the package's console script is not installed"
    with closed_pipe() as stdout:
        done = perfgoals(["rules"], stdout, program=[str(program)])
    assert done.returncode == 0 and done.stderr == b"", done.stderr.decode()


@pytest.mark.parametrize(
    ("error", "platform", "gone"),
    [
        (BrokenPipeError(32, "Broken pipe"), "linux", True),
        (OSError(22, "Invalid argument"), "win32", True),  # Windows' closed pipe
        (OSError(22, "Invalid argument"), "linux", False),
        (OSError(28, "No space left on device"), "win32", False),  # a full disk is an error
    ],
)
def test_a_closed_pipe_is_told_from_other_write_errors(
    error: OSError, platform: str, gone: bool
) -> None:
    from perfgoals.cli.pipes import reader_gone

    assert reader_gone(error, platform) is gone


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "name", ["rules", "check", "score", "monitor", "value", "export", "score, unusable"]
)
def test_an_output_on_a_full_disk_is_one_line_and_exit_2(name: str, buffered: bool) -> None:
    # /dev/full fails every write with ENOSPC: the output is lost, which is no closed pipe.
    code, args = COMMANDS[name]
    with open("/dev/full", "wb") as full:
        done = perfgoals(args, full.fileno(), buffered=buffered)
    stderr = done.stderr.decode("utf-8")
    assert "Traceback" not in stderr and done.returncode == 2, stderr
    if code != 2:  # an unusable input says so first, and writes nothing
        assert stderr.endswith("perfgoals: cannot write the output: No space left on device\n")


@pytest.mark.parametrize(
    "args",
    [
        ["score", SEED_RULESET, SEED_ACTUALS, "-o", "/dev/full"],  # the table, written whole
        ["score", SEED_RULESET, SEED_ACTUALS, "--format", "csv", "-o", "/dev/full"],  # streamed
        ["export", SEED_RULESET, "-o", "/dev/full"],
    ],
    ids=["table", "csv", "export"],
)
def test_an_output_file_on_a_full_disk_is_named(args: list[str | Path]) -> None:
    done = perfgoals(args, subprocess.DEVNULL)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 2 and "Traceback" not in stderr, stderr
    assert stderr.endswith("/dev/full: No space left on device\n"), stderr
