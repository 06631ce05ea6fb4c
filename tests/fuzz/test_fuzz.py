"""Fuzzing every input surface through the CLI: no traceback, no hang, exit 0, 1 or 2.

Each Hypothesis example is a valid input changed a little (tests/fuzz/mutations.py) and run
through the real entry point in a separate worker process (tests/fuzz/worker.py), with a time
bound relative to the unchanged input. The example counts keep the whole module near a minute
in CI; tests/bench/fuzz_long.py runs the same surfaces for as long as one likes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, SEED_DISCLOSURE, SEED_RULESET
from tests.fuzz.harness import Worker, judge
from tests.fuzz.mutations import (
    LONG_RUNS,
    corrupted_workbook,
    csv_text,
    mutated_cells,
    mutated_text,
    rows_of,
)

SAMPLES = ROOT / "samples"
DATA = ROOT / "tests" / "data" / "fuzz"


def _first_projects(text: str, count: int) -> str:
    marks = [i for i in range(len(text)) if text.startswith("\nproject ", i)]
    return text[: marks[count]] if len(marks) > count else text


SMALL_RULESET = _first_projects(SEED_RULESET.read_text(encoding="utf-8"), 4)
ACTUALS_PERF = SAMPLES.joinpath("xingtai-kfq-2023-actuals.perf").read_text(encoding="utf-8")
ACTUALS_ROWS = rows_of(
    SAMPLES.joinpath("xingtai-kfq-2023-actuals.csv").read_text(encoding="utf-8-sig")
)[:40]
DISCLOSURE_LINES = SEED_DISCLOSURE.read_text(encoding="utf-8").splitlines()
DISCLOSURE = "\n".join(DISCLOSURE_LINES[:30] + DISCLOSURE_LINES[745:830]) + "\n"
TABLES = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.tsv"))]
SELF_ASSESSMENT = SAMPLES.joinpath("self-assessment-central.csv").read_text(encoding="utf-8-sig")


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    w = Worker()
    yield w
    w.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz")
    (path / "small.perf").write_text(SMALL_RULESET, encoding="utf-8")
    return path


def _case(worker: Worker, folder: Path, key: str, args: list[str], base: list[str]) -> None:
    baseline = worker.baseline(key, base, folder)
    judge(worker.run(args, folder), baseline, " ".join(args))


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


@fuzz(60)
@given(text=mutated_text(SMALL_RULESET))
@example(text=SMALL_RULESET.replace('"888 场"', '"6月' + " " * 2000 + 'x"'))
@example(text=SMALL_RULESET.replace("weight", "weight " + "9" * 29 + " #"))
@example(text=SMALL_RULESET.replace('"888 场"', '"12345678901234567890123456789 场"'))
def test_mutated_rulesets(worker: Worker, folder: Path, text: str) -> None:
    path = _write(folder, "mutated.perf", text)
    base = [str(folder / "small.perf")]
    for command in (["check"], ["export"], ["fmt", "--check"]):
        _case(worker, folder, f"ruleset {command[0]}", [*command, str(path)], [*command, *base])


@fuzz(30)
@given(text=mutated_text(ACTUALS_PERF))
def test_mutated_actuals_dsl(worker: Worker, folder: Path, text: str) -> None:
    path = _write(folder, "actuals.perf", text)
    good = _write(folder, "actuals-good.perf", ACTUALS_PERF)
    _case(
        worker,
        folder,
        "score dsl",
        ["score", str(SEED_RULESET), str(path)],
        ["score", str(SEED_RULESET), str(good)],
    )


@fuzz(40)
@given(text=mutated_cells(ACTUALS_ROWS))
@example(text=csv_text([*ACTUALS_ROWS[:2], [*ACTUALS_ROWS[2][:7], "6月" + " " * 3000 + "x"]]))
@example(text=csv_text([*ACTUALS_ROWS[:2], [*ACTUALS_ROWS[2][:7], "1" * 200000]]))
def test_mutated_actuals_csv(worker: Worker, folder: Path, text: str) -> None:
    path = _write(folder, "actuals.csv", text)
    good = _write(folder, "actuals-good.csv", csv_text(ACTUALS_ROWS))
    _case(
        worker,
        folder,
        "score csv",
        ["score", str(SEED_RULESET), str(path)],
        ["score", str(SEED_RULESET), str(good)],
    )


def _workbook(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "指标"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


WORKBOOK = _workbook(ACTUALS_ROWS)


@fuzz(40)
@given(data=corrupted_workbook(WORKBOOK))
def test_corrupted_workbooks(worker: Worker, folder: Path, data: bytes) -> None:
    path = folder / "actuals.xlsx"
    path.write_bytes(data)
    good = folder / "actuals-good.xlsx"
    good.write_bytes(WORKBOOK)
    _case(
        worker,
        folder,
        "score xlsx",
        ["score", str(SEED_RULESET), str(path)],
        ["score", str(SEED_RULESET), str(good)],
    )
    _case(worker, folder, "import xlsx", ["import", str(path)], ["import", str(good)])


@fuzz(40)
@given(which=st.integers(0, len(TABLES)), data=st.data())
def test_mutated_tables(worker: Worker, folder: Path, which: int, data: st.DataObject) -> None:
    base = SELF_ASSESSMENT if which == len(TABLES) else TABLES[which]
    suffix = ".csv" if which == len(TABLES) else ".tsv"
    text = data.draw(mutated_text(base))
    path = _write(folder, f"table{suffix}", text)
    good = _write(folder, f"table-good-{which}{suffix}", base)
    _case(worker, folder, f"import table {which}", ["import", str(path)], ["import", str(good)])
    if suffix == ".csv":
        _case(worker, folder, "audit", ["audit", str(path)], ["audit", str(good)])


@fuzz(30)
@given(text=mutated_text(DISCLOSURE))
@example(text=DISCLOSURE.replace("绩效目标表", " " * 40000 + "x", 2))
@example(text=DISCLOSURE + ("111" + " " * 40000 + "x\n") * 2)
def test_mutated_disclosure(worker: Worker, folder: Path, text: str) -> None:
    path = _write(folder, "disclosure.txt", text)
    good = _write(folder, "disclosure-good.txt", DISCLOSURE)
    _case(worker, folder, "import disclosure", ["import", str(path)], ["import", str(good)])


@fuzz(30)
@given(
    head=st.sampled_from(["6月", "2023年6月", "≥", "≤7.55", "1", "10-", "[1,", "底", "第"]),
    run=LONG_RUNS,
    tail=st.sampled_from(["x", "前", "万元", "%", "", "年", "月"]),
)
def test_long_runs_of_spaces_and_digits_in_values(
    worker: Worker, folder: Path, head: str, run: str, tail: str
) -> None:
    _case(worker, folder, "value", ["value", "--", head + run + tail], ["value", "6月底前"])
