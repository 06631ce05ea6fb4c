"""Benchmark: import 10,000 generated target tables (xlsx and CSV) against the bare readers.

    python tests/bench/bench_import.py                 # 10,000 tables of each kind
    python tests/bench/bench_import.py --scale 0.05    # a quick run (500 of each)

The tables are the seed department's projects written by `export-table` (one project a file,
repeated until the count is reached), in the central layout with merged cells (.xlsx) and as
CSV. For each kind it measures, over the same files:

- perfgoals: `perfgoals.importer.import_file(path)`: reading, the layout, the model;
- baseline: opening the same file with openpyxl (a fully loaded workbook, as merged cells need)
  and reading every cell's value, or reading every row with the csv module.

It prints tables per second for each and the ratio of the times (target: within 3×). For CSV
it also times the csv module plus the value language reading each table's 指标值 cells once,
uncached (as a province's varied tables need): the least any importer that reads the targets
must do, so its ratio shows how much of the gap is the reading of values itself.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from perfgoals.importer import import_file  # noqa: E402
from perfgoals.importer.layout import ruleset_rows  # noqa: E402
from perfgoals.language.model import Ruleset  # noqa: E402
from perfgoals.language.parser import parse_file  # noqa: E402
from perfgoals.language.values import parse_value  # noqa: E402
from perfgoals.tables.delimited import write_csv  # noqa: E402
from perfgoals.tables.workbook import SheetData, write_workbook  # noqa: E402

SEED = ROOT / "rulesets" / "xingtai-kfq-2023.perf"


def generate(folder: Path, count: int) -> tuple[list[Path], list[Path]]:
    ruleset = parse_file(SEED)
    projects = [p for p in ruleset.projects if p.indicators]
    xlsx: list[Path] = []
    csvs: list[Path] = []
    templates = []
    for project in projects:
        rows, merges = ruleset_rows(Ruleset(header=ruleset.header, projects=(project,)))
        templates.append((rows, merges))
    # Write each distinct table once, then copy the bytes: generation is not what is measured.
    for i, (rows, merges) in enumerate(templates):
        write_workbook(folder / f"t{i}.xlsx", [SheetData("绩效目标表", rows, merges)])
        write_csv(folder / f"t{i}.csv", rows)
    for n in range(count):
        i = n % len(templates)
        for suffix, out in (("xlsx", xlsx), ("csv", csvs)):
            path = folder / f"{n:05d}.{suffix}"
            path.write_bytes((folder / f"t{i}.{suffix}").read_bytes())
            out.append(path)
    return xlsx, csvs


def bare_xlsx(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=False, data_only=True)
    cells = 0
    for worksheet in workbook.worksheets:
        list(worksheet.merged_cells.ranges)
        for row in worksheet.iter_rows(values_only=True):
            cells += len(row)
    workbook.close()
    return cells


def bare_csv(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return sum(len(row) for row in csv.reader(file))


_parse_uncached = parse_value.__wrapped__


def csv_and_values(path: Path) -> int:
    """The csv module, then each 指标值 cell below the header read by the value language."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    column = None
    for row in rows:
        if column is None:
            column = row.index("指标值") if "指标值" in row else None
        elif column < len(row) and row[column]:
            _parse_uncached(row[column])
    return len(rows)


def timed(label: str, paths: list[Path], read: object) -> float:
    start = time.perf_counter()
    for path in paths:
        read(path)  # type: ignore[operator]
    elapsed = time.perf_counter() - start
    print(f"  {label:<22} {len(paths) / elapsed:9.0f} tables/s  ({elapsed:.2f} s)")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 10,000 tables")
    args = parser.parse_args()
    count = max(1, int(10_000 * args.scale))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx, csvs = generate(folder, count)
        import_file(xlsx[0])  # warm the lazy imports of both sides
        bare_xlsx(xlsx[0])
        for kind, paths, bare in (("xlsx", xlsx, bare_xlsx), ("csv", csvs, bare_csv)):
            print(f"{count} {kind} tables")
            ours = timed("perfgoals import", paths, import_file)
            base = timed(f"bare {'openpyxl' if kind == 'xlsx' else 'csv'}", paths, bare)
            verdict = "within" if ours <= 3 * base else "OVER"
            print(f"  ratio {ours / base:.2f}× ({verdict} the 3× target)")
            if kind == "csv":
                floor = timed("csv + value language", paths, csv_and_values)
                print(
                    f"  csv + value language alone is {floor / base:.2f}× bare csv; "
                    f"perfgoals import is {ours / floor:.2f}× it"
                )


if __name__ == "__main__":
    main()
