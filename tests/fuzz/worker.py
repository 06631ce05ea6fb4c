"""A separate process that runs perfgoals commands as `python -m perfgoals ARGS` would.

    python -m tests.fuzz.worker

reads one JSON case a line ({"args": [...], "cwd": "...", "timeout": seconds}) and answers one
JSON line: the exit code, stderr, the time taken, and whether the command crashed (an exception
escaped the CLI: the interpreter would have printed a traceback, which is kept in stderr) or
overran its time. Starting a process per case would cost a second each; this one process is
started once per test module and runs every case through the real entry point, with its own
memory limit, so a crash, hang or memory blow-up of perfgoals is seen as it would be by a user.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import sys
import time
import traceback
from typing import Any

MEMORY_LIMIT = 3 << 30  # bytes: far beyond any case, so reaching it is a finding


class Overran(BaseException):
    """Raised by the timer: the case took longer than it may (BaseException: nothing catches)."""


def _overran(_signal: int, _frame: Any) -> None:
    raise Overran


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    from perfgoals.cli import main as cli

    out, err = io.StringIO(), io.StringIO()
    code: int | None = None
    crashed = overran = False
    os.chdir(case["cwd"])
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, float(case.get("timeout", 60)))
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            cli.main(args=list(case["args"]), prog_name="perfgoals", standalone_mode=True)
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except Overran:
        overran = True
    except BaseException:  # what the interpreter would print as a traceback
        crashed = True
        err.write(traceback.format_exc())
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return {
        "code": code,
        "stderr": err.getvalue()[-4000:],
        "seconds": time.perf_counter() - start,
        "crashed": crashed,
        "overran": overran,
    }


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    signal.signal(signal.SIGALRM, _overran)
    for line in sys.stdin:
        print(json.dumps(run_case(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
