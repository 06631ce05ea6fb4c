"""The CLI run as a user runs it: a real process, so a traceback on stderr is seen.

click's CliRunner catches every exception and never writes a traceback to stderr, so a test
that looks for one there through the runner cannot fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from tests.conftest import ROOT


def run_cli(
    args: Sequence[str | Path],
    *,
    cwd: Path | None = None,
    timeout: float = 120,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m perfgoals ARGS`, with the checkout on the path and stderr captured."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    environment.pop("PERFGOALS_DB", None) if env is None or "PERFGOALS_DB" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "perfgoals", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env=environment,
        input=stdin,
        check=False,
    )


def assert_clean(
    result: subprocess.CompletedProcess[str], codes: Sequence[int] = (0, 1, 2)
) -> None:
    """Exit 0, 1 or 2 and no traceback: every failure was a message, not a crash."""
    assert "Traceback (most recent call last)" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in codes, (result.returncode, result.stderr[-3000:])
