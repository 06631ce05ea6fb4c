"""A long fuzz run over every input surface, printing counts rather than failing.

    python tests/bench/fuzz_long.py [--minutes 5] [--seed N]

The same mutations and the same worker as tests/fuzz (a separate process running the real
entry point), for as long as asked, the time shared between the surfaces. For each surface it
prints how many inputs were tried, how many ended in each exit code, and how many crashed (a
traceback) or hung (more than RATIO × the slowest command on the unchanged input, measured in
the same run); the first few offending
inputs of each kind are saved under /tmp/perfgoals-fuzz-findings/ to reproduce.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.fuzz import test_fuzz as surfaces  # noqa: E402
from tests.fuzz.harness import FLOOR_SECONDS, RATIO, Worker  # noqa: E402
from tests.fuzz.mutations import (  # noqa: E402
    LONG_RUNS,
    corrupted_workbook,
    csv_text,
    mutated_cells,
    mutated_text,
)

FINDINGS = Path("/tmp/perfgoals-fuzz-findings")


class Enough(Exception):
    """This surface's share of the time is used up."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--seed", type=int, default=None)
    options = parser.parse_args()
    folder = Path("/tmp/perfgoals-fuzz-work")
    folder.mkdir(exist_ok=True)
    FINDINGS.mkdir(exist_ok=True)
    (folder / "small.perf").write_text(surfaces.SMALL_RULESET, encoding="utf-8")
    good_xlsx = folder / "good.xlsx"
    good_xlsx.write_bytes(surfaces.WORKBOOK)
    seed = str(surfaces.SEED_RULESET)

    def file(name: str, text: str) -> str:
        path = folder / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        return str(path)

    def xlsx(data: bytes) -> str:
        path = folder / "mutated.xlsx"
        path.write_bytes(data)
        return str(path)

    # surface → (strategy, commands for an input, commands for the unchanged input)
    plan = {
        "rulesets": (
            mutated_text(surfaces.SMALL_RULESET),
            lambda t: [[c, file("m.perf", t)] for c in ("check", "export")],
            [["check", str(folder / "small.perf")]],
        ),
        "actuals DSL": (
            mutated_text(surfaces.ACTUALS_PERF),
            lambda t: [["score", seed, file("a.perf", t)]],
            [["score", seed, file("a-good.perf", surfaces.ACTUALS_PERF)]],
        ),
        "actuals CSV": (
            mutated_cells(surfaces.ACTUALS_ROWS),
            lambda t: [["score", seed, file("a.csv", t)]],
            [["score", seed, file("a-good.csv", csv_text(surfaces.ACTUALS_ROWS))]],
        ),
        "actuals xlsx": (
            corrupted_workbook(surfaces.WORKBOOK),
            lambda d: [["score", seed, xlsx(d)], ["import", str(folder / "mutated.xlsx")]],
            [["score", seed, str(good_xlsx)], ["import", str(good_xlsx)]],
        ),
        "tables": (
            st.sampled_from([*surfaces.TABLES, surfaces.SELF_ASSESSMENT]).flatmap(mutated_text),
            lambda t: [["import", file("t.tsv", t)], ["audit", file("t.csv", t)]],
            [
                ["import", file("t-good.tsv", surfaces.TABLES[0])],
                ["audit", file("t-good.csv", surfaces.SELF_ASSESSMENT)],
            ],
        ),
        "disclosure": (
            mutated_text(surfaces.DISCLOSURE),
            lambda t: [["import", file("d.txt", t)]],
            [["import", file("d-good.txt", surfaces.DISCLOSURE)]],
        ),
        "values": (
            st.tuples(
                st.sampled_from(["6月", "≥", "1", "2023年", "[1,"]), LONG_RUNS, st.text(max_size=4)
            ),
            lambda parts: [["value", "--", "".join(parts)]],
            [["value", "--", "6月底前"]],
        ),
    }
    worker = Worker()
    share = options.minutes * 60 / len(plan)
    print(f"{'surface':<14}{'inputs':>8}{'commands':>10}{'tracebacks':>12}{'hangs':>7}  exits")
    totals: Counter[str] = Counter()
    for name, (strategy, commands, base) in plan.items():
        baseline = max(worker.baseline(f"{name} {i}", b, folder) for i, b in enumerate(base))
        limit = max(RATIO * baseline, FLOOR_SECONDS)
        counts, codes = fuzz_surface(
            worker, name, strategy, commands, folder, limit, share, options.seed
        )
        totals.update(counts)
        histogram = " ".join(f"{k}:{v}" for k, v in sorted(codes.items(), key=str))
        print(
            f"{name:<14}{counts['inputs']:>8}{counts['commands']:>10}{counts['tracebacks']:>12}"
            f"{counts['hangs']:>7}  {histogram}   (baseline {baseline:.3f} s, limit {limit:.1f} s)",
            flush=True,
        )
    worker.close()
    print(
        f"{'total':<14}{totals['inputs']:>8}{totals['commands']:>10}{totals['tracebacks']:>12}"
        f"{totals['hangs']:>7}"
    )


def fuzz_surface(
    worker: Worker,
    name: str,
    strategy: st.SearchStrategy[Any],
    commands: Callable[[Any], list[list[str]]],
    folder: Path,
    limit: float,
    seconds: float,
    seed: int | None,
) -> tuple[Counter[str], Counter[object]]:
    """Inputs tried, crashes and hangs of one surface, for `seconds`."""
    counts: Counter[str] = Counter()
    codes: Counter[object] = Counter()
    deadline = time.monotonic() + seconds

    @settings(
        max_examples=10**9,
        deadline=None,
        database=None,
        derandomize=seed is not None,
        phases=[Phase.generate],  # no shrinking: a finding is saved as it was found
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value: object) -> None:
        if time.monotonic() > deadline:
            raise Enough
        counts["inputs"] += 1
        for args in commands(value):
            outcome = worker.run(args, folder, timeout=max(limit * 3, 10))
            counts["commands"] += 1
            codes[outcome["code"]] += 1
            kind = None
            if outcome["crashed"] and not outcome["overran"]:
                kind = "tracebacks"
            elif outcome["overran"] or outcome["seconds"] > limit:
                kind = "hangs"
            if kind:
                counts[kind] += 1
                if counts[kind] <= 5:
                    saved = FINDINGS / f"{name.replace(' ', '_')}-{kind}-{counts[kind]}"
                    saved.write_text(f"{args}\n{outcome}\n{value!r}\n", encoding="utf-8")

    # Raising Enough is how a surface's time ends; Hypothesis may report it wrapped in a group.
    with contextlib.suppress(Enough, BaseExceptionGroup):
        run()
    return counts, codes


if __name__ == "__main__":
    main()
