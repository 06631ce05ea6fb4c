"""The test side of the fuzz worker: send a case, get its outcome, judge it.

A case passes when the command ends with exit 0, 1 or 2, nothing escaped the CLI (no
traceback), and it took at most RATIO times as long as the same command on the unchanged input
(measured in the same run, so the bound holds on a slow machine and a fast one alike). A worker
that stops answering (a hang deep in C code, a crash of the interpreter) fails the case too.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

RATIO = 30  # a mutated input may take this many times the unchanged input's time…
FLOOR_SECONDS = 1.5  # …or this long, whichever is more (a tiny baseline is all noise)
HANG_SECONDS = 60  # the worker gives up on a case after this long


class Worker:
    """One long-lived `python -m tests.fuzz.worker`; restarted if it dies."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.baselines: dict[str, float] = {}

    def _start(self) -> subprocess.Popen[str]:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.fuzz.worker"],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                bufsize=1,
            )
        return self.process

    def run(self, args: Sequence[str | Path], cwd: Path, timeout: float = HANG_SECONDS) -> Any:
        process = self._start()
        assert process.stdin is not None and process.stdout is not None
        case = {"args": [str(a) for a in args], "cwd": str(cwd), "timeout": timeout}
        process.stdin.write(json.dumps(case) + "\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], timeout + 15)
        line = process.stdout.readline() if ready else ""
        if not line:
            self.close()
            return {
                "code": None,
                "stderr": "",
                "seconds": timeout,
                "crashed": True,
                "overran": True,
            }
        return json.loads(line)

    def baseline(self, key: str, args: Sequence[str | Path], cwd: Path) -> float:
        """The median time of the command on the unchanged input, measured once."""
        if key not in self.baselines:
            times = sorted(self.run(args, cwd)["seconds"] for _ in range(3))
            self.baselines[key] = times[1]
        return self.baselines[key]

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            for pipe in (self.process.stdin, self.process.stdout):
                if pipe is not None:
                    pipe.close()
            self.process = None


def judge(outcome: Any, baseline: float, what: str) -> None:
    """Assert the case ended cleanly and in time."""
    assert not outcome["crashed"], f"{what}: crashed\n{outcome['stderr']}"
    assert "Traceback (most recent call last)" not in outcome["stderr"], outcome["stderr"]
    limit = max(RATIO * baseline, FLOOR_SECONDS)
    assert not outcome["overran"] and outcome["seconds"] <= limit, (
        f"{what}: {outcome['seconds']:.2f} s, more than {RATIO} × the unchanged input's "
        f"{baseline:.3f} s"
    )
    assert outcome["code"] in (0, 1, 2), (what, outcome["code"], outcome["stderr"])
