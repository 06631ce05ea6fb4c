"""Benchmark: start-up of a check-style command against importing its three libraries.

    python tests/bench/bench_startup.py [--runs 15]

Times `perfgoals fmt --check` on the seed ruleset (and `perfgoals check` when it exists) as whole
processes, against `python -c "import lark, pydantic, click"` in the same run. Target: within 1.5×.
The first run warms the disk cache and is not counted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "rulesets" / "xingtai-kfq-2023.perf"


_ONE_MODEL = "import lark, click\nfrom pydantic import BaseModel\nclass A(BaseModel):\n    x: int"


def timed(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, check=False, capture_output=True)  # warm: disk cache and lark cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=False, capture_output=True)
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
    }
    for label, cmd in commands.items():
        probe = subprocess.run(cmd, check=False, capture_output=True, text=True)
        if "No such command" in probe.stderr:
            print(f"{label}: not available")
            continue
        t = timed(cmd, args.runs)
        print(
            f"{label:33s}: {t * 1000:7.1f} ms  ratio {t / baseline:4.2f}x (target 1.5x), "
            f"{t / floor:4.2f}x the floor"
        )


if __name__ == "__main__":
    main()
