"""Benchmark: start-up of a check-style command against importing its three libraries.

    python tests/bench/bench_startup.py [--runs 15]

Times `perfgoals check` and `perfgoals fmt --check` on the seed ruleset, `perfgoals --help` and
`perfgoals value` as whole processes, against `python -c "import lark, pydantic, click"` and the
floor (those imports and one pydantic model) in the same run. Target: within 1.2× the floor.
The first run warms the disk cache and writes the bytecode cache, and is not counted: the
processes run without PYTHONDONTWRITEBYTECODE, as an installed package (whose modules pip
compiles) does, so that every side loads compiled modules.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "rulesets" / "xingtai-kfq-2023.perf"


_ONE_MODEL = "import lark, click\nfrom pydantic import BaseModel\nclass A(BaseModel):\n    x: int"


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], runs: int) -> float:
    # Warm: the disk cache, the bytecode cache and lark's grammar cache.
    subprocess.run(cmd, check=False, capture_output=True, env=ENV)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=False, capture_output=True, env=ENV)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    python = sys.executable
    baseline = timed([python, "-c", "import lark, pydantic, click"], args.runs)
    print(f"baseline  import lark, pydantic, click: {baseline * 1000:7.1f} ms")
    # `import pydantic` is lazy; any program that defines one model pays for the rest of it.
    floor = timed([python, "-c", _ONE_MODEL], args.runs)
    print(
        f"floor     ... and define one pydantic model: {floor * 1000:7.1f} ms "
        f"({floor / baseline:4.2f}x the baseline)"
    )
    commands = {
        "perfgoals fmt --check seed": [python, "-m", "perfgoals", "fmt", "--check", str(SEED)],
        "perfgoals check seed": [python, "-m", "perfgoals", "check", str(SEED)],
        "perfgoals --help": [python, "-m", "perfgoals", "--help"],
        "perfgoals value": [python, "-m", "perfgoals", "value", "≥95%", "≤7.55 万元"],
    }
    for label, cmd in commands.items():
        probe = subprocess.run(cmd, check=False, capture_output=True, text=True, env=ENV)
        if "No such command" in probe.stderr:
            print(f"{label}: not available")
            continue
        t = timed(cmd, args.runs)
        print(
            f"{label:33s}: {t * 1000:7.1f} ms  {t / baseline:4.2f}x the baseline, "
            f"{t / floor:4.2f}x the floor (target 1.2x)"
        )


if __name__ == "__main__":
    main()
