"""Benchmark: write the 自评表 workbook of 1,000 projects, against plain openpyxl.

    python tests/bench/bench_reports.py                 # 1,000 projects (the target's size)
    python tests/bench/bench_reports.py --projects 200  # a quick run

The seed department's 36 scored projects are repeated (with new codes) to the size asked for.
Then, in turn `--repeat` times (default 3), the best time of each counts:

- perfgoals: `write_self_assessment` from the scoring result: the 汇总 sheet and one form sheet
  per project with its styles, merges, widths, row heights and print setup;
- baseline: plain openpyxl writes the same cells (values and number formats, read back from the
  perfgoals workbook beforehand) with the same merges into the same sheets, with no styles.

It prints both times and their ratio (target: within 1.5×).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from perfgoals.actuals.reader import read_actuals  # noqa: E402
from perfgoals.language.parser import parse_file  # noqa: E402
from perfgoals.reports.self_assessment import write_self_assessment  # noqa: E402
from perfgoals.scoring import score  # noqa: E402
from perfgoals.scoring.policies import load_policy  # noqa: E402


def department(size: int) -> tuple[Any, Any]:
    ruleset = parse_file(ROOT / "rulesets" / "xingtai-kfq-2023.perf")
    assessment = read_actuals(ROOT / "samples" / "xingtai-kfq-2023-actuals.perf")
    result = score(ruleset, assessment, load_policy("central"))
    projects, scored = [], []
    for n in range(size):
        source = n % len(ruleset.projects)
        code = f"{n + 1}"
        projects.append(ruleset.projects[source].model_copy(update={"code": code}))
        scored.append(replace(result.projects[source], code=code))
    return (
        ruleset.model_copy(update={"projects": tuple(projects)}),
        replace(result, projects=scored),
    )


def cells_of(path: Path) -> list[tuple[str, list[tuple[int, int, Any, str]], list[str]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheets = []
    for ws in workbook.worksheets:
        cells = [
            (c.row, c.column, c.value, c.number_format)
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        ]
        sheets.append((ws.title, cells, [str(r) for r in ws.merged_cells.ranges]))
    return sheets


def baseline(
    path: Path, sheets: list[tuple[str, list[tuple[int, int, Any, str]], list[str]]]
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, cells, merges in sheets:
        ws = workbook.create_sheet(title)
        for row, column, value, number_format in cells:
            cell = ws.cell(row, column)
            cell.value = value
            if number_format != "General":
                cell.number_format = number_format
        for merged in merges:
            ws.merge_cells(merged)
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ruleset, result = department(args.projects)
    with tempfile.TemporaryDirectory() as folder:
        ours, theirs = Path(folder) / "ours.xlsx", Path(folder) / "plain.xlsx"
        write_self_assessment(ours, result, ruleset)
        sheets = cells_of(ours)
        count = sum(len(cells) for _, cells, _ in sheets)
        best_ours = best_plain = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            write_self_assessment(ours, result, ruleset)
            best_ours = min(best_ours, time.perf_counter() - start)
            start = time.perf_counter()
            baseline(theirs, sheets)
            best_plain = min(best_plain, time.perf_counter() - start)
    print(f"{args.projects} projects, {len(sheets)} sheets, {count} cells with values")
    print(f"perfgoals 自评表: {best_ours:.2f} s")
    print(f"plain openpyxl, same cells and merges: {best_plain:.2f} s")
    print(f"ratio: {best_ours / best_plain:.2f}x (target ≤ 1.5x)")


if __name__ == "__main__":
    main()
