"""Benchmark: save province-scale score results (1.5 million indicator results) to the store.

    python tests/bench/bench_store.py                  # 1.5 million indicator results
    python tests/bench/bench_store.py --scale 0.02     # a quick run (30,000)

For SQLite (a temporary file) and PostgreSQL (PERFGOALS_TEST_PG, or --postgres URL; see
docs/store.md for starting the test server) it measures, on empty databases with the same
schema:

- perfgoals: `Store.save_score(result, …)`, from the engine's result objects to a committed
  transaction (rows built from the objects, SQLAlchemy Core bulk inserts in batches);
- baseline: the same rows, built from the same objects into plain tuples, inserted by the
  driver's own `executemany` (sqlite3, psycopg) in one transaction.

It prints indicator rows per second for each and the ratio of the times (target: within 2×).
The result is the seed department's scored 36 projects repeated until the count is reached.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from perfgoals.language.assessment import Assessment  # noqa: E402
from perfgoals.language.model import Ruleset  # noqa: E402
from perfgoals.language.parser import parse_file  # noqa: E402
from perfgoals.language.policy import CENTRAL  # noqa: E402
from perfgoals.scoring import score  # noqa: E402
from perfgoals.scoring.results import AssessmentResult, IndicatorResult  # noqa: E402
from perfgoals.store import Store  # noqa: E402
from perfgoals.store.repository import BATCH_ROWS  # noqa: E402
from perfgoals.store.score_rows import encode_args, project_result_rows  # noqa: E402
from tests.store.sample import assessment_of  # noqa: E402

FULL = 1_500_000
COLUMNS = (
    "run_id, project_index, indicator_index, level1, level2, name, occurrence, goal, "
    "target_text, actual_text, normalised, weight, weight_source, points, status, formula, "
    "needs_explanation, formula_template, formula_args, details"
)
PROJECT_COLUMNS = (
    "run_id, project_index, name, code, score, grade, earned, maximum, execution, groups, "
    "explanation"
)


def province(base: AssessmentResult, indicators: int) -> AssessmentResult:
    """The base result's projects repeated (renamed) until it holds `indicators` results."""
    per_copy = sum(len(p.indicators) for p in base.projects)
    copies = math.ceil(indicators / per_copy)
    projects = [replace(p, name=f"{p.name} #{c}") for c in range(copies) for p in base.projects]
    return replace(base, projects=projects)


def _details(r: IndicatorResult) -> str | None:
    details: dict[str, Any] | None = None
    if r.reasons or r.explanation is not None or r.tier is not None or r.message is not None:
        details = {
            "reasons": list(r.reasons),
            "explanation": r.explanation,
            "tier": r.tier,
            "message": r.message,
        }
    if r.origin is not None:
        details = details or {}
        details["origin"] = r.origin.model_dump(mode="json")
    return None if details is None else json.dumps(details)


def plain_rows(
    run_id: int, result: AssessmentResult, exact: Callable[[Decimal], Any]
) -> Iterator[tuple[Any, ...]]:
    """The indicator rows as the driver takes them, built as plainly as possible."""
    for p, project in enumerate(result.projects):
        for i, r in enumerate(project.indicators):
            yield (
                run_id, p, i, r.level1.value, r.level2.value, r.name, r.occurrence, r.goal,
                r.target, r.actual, r.normalised, exact(r.weight), r.weight_source.value,
                exact(r.points), r.status.value, r.formula, bool(r.reasons), r.formula_template,
                encode_args(r.formula_args), _details(r),
            )  # fmt: skip


def plain_project_rows(
    run_id: int, result: AssessmentResult, exact: Callable[[Decimal], Any]
) -> list[tuple[Any, ...]]:
    rows = []
    for row in project_result_rows(run_id, result):
        rows.append(
            (
                row["run_id"],
                row["project_index"],
                row["name"],
                row["code"],
                exact(row["score"]),
                row["grade"],
                exact(row["earned"]),
                exact(row["maximum"]),
                json.dumps(row["execution"]),
                json.dumps(row["groups"]),
                row["explanation"],
            )
        )
    return rows


class Inputs:
    def __init__(self, scale: float) -> None:
        self.ruleset: Ruleset = parse_file(ROOT / "rulesets" / "xingtai-kfq-2023.perf")
        self.assessment: Assessment = assessment_of(self.ruleset)
        base = score(self.ruleset, self.assessment, CENTRAL)
        self.result = province(base, max(1, int(FULL * scale)))
        self.empty = replace(base, projects=[])
        self.count = sum(len(p.indicators) for p in self.result.projects)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def perfgoals_save(url: str, inputs: Inputs) -> float:
    with Store(url) as store:
        store.initialise()
        return timed(
            lambda: store.save_score(inputs.result, inputs.ruleset, inputs.assessment, CENTRAL)
        )


def _empty_run(url: str, inputs: Inputs) -> int:
    """A database with the schema and one run without results, for the baseline to fill."""
    with Store(url) as store:
        store.initialise()
        saved = store.save_score(inputs.empty, inputs.ruleset, inputs.assessment, CENTRAL)
    return saved.run_id


def sqlite_baseline(path: Path, inputs: Inputs) -> float:
    run_id = _empty_run(str(path), inputs)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = NORMAL")

    def insert() -> None:
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            f"INSERT INTO project_results ({PROJECT_COLUMNS}) VALUES ({', '.join('?' * 11)})",
            plain_project_rows(run_id, inputs.result, str),
        )
        rows = plain_rows(run_id, inputs.result, str)
        sql = f"INSERT INTO indicator_results ({COLUMNS}) VALUES ({', '.join('?' * 20)})"
        while batch := list(islice(rows, BATCH_ROWS)):
            connection.executemany(sql, batch)
        connection.execute("COMMIT")

    seconds = timed(insert)
    connection.close()
    return seconds


def postgres_baseline(url: str, inputs: Inputs) -> float:
    import psycopg

    run_id = _empty_run(url, inputs)
    dsn, _, query = url.replace("postgresql+psycopg://", "postgresql://", 1).partition("?")
    options = dict(part.split("=", 1) for part in query.split("&") if part)
    search_path = options.get("options", "").replace("%3D", "=")
    with psycopg.connect(dsn, options=search_path) as connection:

        def insert() -> None:
            with connection.transaction(), connection.cursor() as cursor:
                projects = f"INSERT INTO project_results ({PROJECT_COLUMNS}) VALUES "
                cursor.executemany(
                    projects + f"({', '.join(['%s'] * 11)})",
                    plain_project_rows(run_id, inputs.result, lambda d: d),
                )
                rows = plain_rows(run_id, inputs.result, lambda d: d)
                sql = f"INSERT INTO indicator_results ({COLUMNS}) VALUES "
                sql += f"({', '.join(['%s'] * 20)})"
                while batch := list(islice(rows, BATCH_ROWS)):
                    cursor.executemany(sql, batch)

        return timed(insert)


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


def report(name: str, count: int, ours: float, baseline: float) -> None:
    print(
        f"{name:10}  perfgoals {count / ours:>10,.0f} rows/s ({ours:6.2f} s)   "
        f"baseline {count / baseline:>10,.0f} rows/s ({baseline:6.2f} s)   "
        f"ratio {ours / baseline:4.2f}×",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 1.5 million rows")
    parser.add_argument("--postgres", default=os.environ.get("PERFGOALS_TEST_PG"))
    args = parser.parse_args()
    inputs = Inputs(args.scale)
    print(f"{inputs.count:,} indicator results in {len(inputs.result.projects):,} projects")
    with tempfile.TemporaryDirectory() as folder:
        baseline = sqlite_baseline(Path(folder) / "baseline.db", inputs)
        ours = perfgoals_save(str(Path(folder) / "perfgoals.db"), inputs)
        report("SQLite", inputs.count, ours, baseline)
    if not args.postgres:
        print("PostgreSQL: not measured (set PERFGOALS_TEST_PG or pass --postgres URL)")
        return
    with postgres_schema(args.postgres) as url:
        baseline = postgres_baseline(url, inputs)
    with postgres_schema(args.postgres) as url:
        ours = perfgoals_save(url, inputs)
    report("PostgreSQL", inputs.count, ours, baseline)


if __name__ == "__main__":
    main()
