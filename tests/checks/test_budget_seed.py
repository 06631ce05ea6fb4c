"""The seed disclosure ties out, and the checks that say so can fail: changing any one figure
of its budget tables, of the explanation or of the procurement table is reported."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from perfgoals.checks import select_rules
from perfgoals.checks.config import Config
from perfgoals.checks.runner import check_model
from perfgoals.importer.budget import read_budget
from perfgoals.language.budget import Budget
from perfgoals.language.model import Ruleset
from tests.conftest import ROOT, SEED_DISCLOSURE

SEED = read_budget(SEED_DISCLOSURE)
TEXT = SEED_DISCLOSURE.read_text(encoding="utf-8")
SELECTION = select_rules(Config(), ["B", "C"], ["B012"])
CENT = Decimal("0.01")
# Figures of the text that no table restates: last year's assets, this year's asset purchases.
UNCHECKED_FIGURES = {"assets_last_year", "assets_purchase"}


def _findings(budget: Budget) -> list[str]:
    result = check_model(TEXT, "seed.txt", Ruleset(), (), SELECTION, None, budget)
    return [f"{f.line}: {f.code} {f.message}" for f in result.findings]


def test_the_seed_ties_out() -> None:
    assert _findings(SEED) == []


def test_the_seed_whole_has_no_budget_or_cross_check_error() -> None:
    run = [sys.executable, "-m", "perfgoals", "check", "samples/xingtai-kfq-2023-disclosure.txt"]
    out = subprocess.run(
        [*run, "--select", "B,C", "--format", "json"], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    codes = {f["code"] for f in json.loads(out.stdout)}
    assert codes == {"B012"}  # only the rejoined codes and numbers, reported as info


def _cells(budget: Budget) -> list[tuple[int, int, int]]:
    return [
        (t, r, a)
        for t, table in enumerate(budget.tables)
        for r, row in enumerate(table.rows)
        for a in range(len(row.amounts))
    ]


def _change_cell(budget: Budget, where: tuple[int, int, int]) -> Budget:
    t, r, a = where
    table = budget.tables[t]
    row = table.rows[r]
    amount = row.amounts[a]
    value = (amount.value or Decimal(0)) + CENT
    amounts = list(row.amounts)
    amounts[a] = amount.model_copy(update={"value": value, "text": format(value, "f")})
    rows = list(table.rows)
    rows[r] = row.model_copy(update={"amounts": tuple(amounts)})
    tables = list(budget.tables)
    tables[t] = table.model_copy(update={"rows": tuple(rows)})
    return budget.model_copy(update={"tables": tuple(tables)})


CELLS = _cells(SEED)


def test_every_cell_is_counted() -> None:
    # 收支总表 46 rows × 1, 收入总表 26 × 10, 支出总表 26 × 6, 财政拨款收支总表 9 × 1 + 34 × 4,
    # 一般公共预算支出表 24 × 3, 基本支出表 31 × 3, 基金支出表 4 × 3, "三公" 9 × 4
    assert len(CELLS) == 46 + 260 + 156 + 145 + 72 + 93 + 12 + 36 == 820


def test_changing_any_cell_of_the_tables_is_found() -> None:
    unnoticed = [
        f"{SEED.tables[t].title} {SEED.tables[t].rows[r].name} {a}"
        for t, r, a in CELLS
        if not _findings(_change_cell(SEED, (t, r, a)))
    ]
    assert unnoticed == []


@pytest.mark.parametrize("key", sorted({f.key for f in SEED.figures} - UNCHECKED_FIGURES))
def test_changing_a_figure_of_the_text_is_found(key: str) -> None:
    figures = tuple(
        f.model_copy(update={"value": f.value + CENT}) if f.key == key else f for f in SEED.figures
    )
    assert _findings(SEED.model_copy(update={"figures": figures}))


# The "三公" parts' changes (−50, 持平, 持平) cannot be checked: the text states neither the
# total's change nor last year's figures. The others are the total and its two parts.
CHECKABLE_CHANGES = [i for i, c in enumerate(SEED.changes) if c.parts_of != "three_public"]


def test_which_changes_can_be_checked() -> None:
    assert [SEED.changes[i].key for i in CHECKABLE_CHANGES] == ["total", "basic", "project"]


@pytest.mark.parametrize("index", CHECKABLE_CHANGES)
def test_changing_a_stated_change_is_found(index: int) -> None:
    change = SEED.changes[index]
    changes = list(SEED.changes)
    changes[index] = change.model_copy(update={"amount": change.amount + CENT})
    assert _findings(SEED.model_copy(update={"changes": tuple(changes)}))


@pytest.mark.parametrize("index", range(len(SEED.procurement)))
def test_changing_a_procurement_amount_is_found(index: int) -> None:
    items = list(SEED.procurement)
    item = items[index]
    assert item.amount is not None
    items[index] = item.model_copy(update={"amount": item.amount + CENT})
    assert _findings(SEED.model_copy(update={"procurement": tuple(items)}))
