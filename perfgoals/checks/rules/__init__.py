"""The rules, one module per family; importing this package registers them all."""

from . import (
    budget,
    budget_codes,
    budget_text,
    crosscheck,
    dates,
    hierarchy,
    money,
    text,
    units,
    values,
    weights,
)

__all__ = [
    "budget",
    "budget_codes",
    "budget_text",
    "crosscheck",
    "dates",
    "hierarchy",
    "money",
    "text",
    "units",
    "values",
    "weights",
]
