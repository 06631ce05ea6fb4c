"""The budget tables of a disclosure, kept with the ruleset version imported from it."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..language.budget import Budget
from . import rows
from .tables import BudgetTablesRow, table

BUDGETS = table(BudgetTablesRow)


def _canonical(budget: Budget) -> tuple[dict[str, Any], str]:
    data = budget.to_json_dict()
    return data, rows.content_hash(json.dumps(data, ensure_ascii=False, sort_keys=True))


def save_budget_in(connection: Connection, ruleset_id: int, budget: Budget) -> bool:
    """Keep the budget with the ruleset version; False when that very budget is kept already.

    A version has one budget: reading the disclosure again after fixing the reader replaces it.
    """
    data, digest = _canonical(budget)
    existing = connection.execute(
        sa.select(BUDGETS.c.content_hash).where(BUDGETS.c.ruleset_id == ruleset_id)
    ).scalar_one_or_none()
    if existing == digest:
        return False
    if existing is not None:
        connection.execute(sa.delete(BUDGETS).where(BUDGETS.c.ruleset_id == ruleset_id))
    values = BudgetTablesRow(
        ruleset_id=ruleset_id, content_hash=digest, tables=len(budget.tables), budget=data
    ).model_dump()
    connection.execute(sa.insert(BUDGETS), [values])
    return True


def load_budget_in(connection: Connection, ruleset_id: int) -> Budget | None:
    data = connection.execute(
        sa.select(BUDGETS.c.budget).where(BUDGETS.c.ruleset_id == ruleset_id)
    ).scalar_one_or_none()
    return Budget.from_json_dict(data) if data is not None else None
