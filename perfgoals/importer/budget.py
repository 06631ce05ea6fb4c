"""Budget-disclosure text → the budget model: the nine tables, the explanation's figures and
the 政府采购 table (see `budget_tables` and `budget_text`)."""

from __future__ import annotations

import re
from pathlib import Path

from ..language.budget import Budget
from ..tables.text import read_text
from .budget_tables import read_budget_tables, title_kind
from .budget_text import PROCUREMENT_TITLE as _PROCUREMENT_TITLE
from .budget_text import read_figures, read_procurement

_UNIT_LINE = re.compile(r"^\s*\d{3,}\s+(?!年)(\S.*?)\s*$")  # `111 开发区综合办`, above every table
_YEAR = re.compile(r"(\d{4})\s*年\s*部门预算")
_EXPECTED = "a budget disclosure (部门预算公开) with its budget tables"


def has_budget_tables(text: str) -> bool:
    """Whether the text holds one of the nine budget tables or the 政府采购预算 table."""
    return any(
        title_kind(line) is not None or _PROCUREMENT_TITLE.match(line) for line in text.split("\n")
    )


def read_budget(path: str | Path) -> Budget:
    """Read a disclosure text file's budget tables (an empty Budget when it has none)."""
    return budget_from_text(read_text(path, _EXPECTED))


def budget_from_text(text: str) -> Budget:
    lines = text.split("\n")
    tables, repairs, used = read_budget_tables(lines)
    procurement, total, procurement_lines = read_procurement(lines)
    figures, changes = read_figures(lines, used | procurement_lines)
    department = next((m[1] for line in lines if (m := _UNIT_LINE.match(line))), "")
    year = next((int(m[1]) for line in lines if (m := _YEAR.search(line))), None)
    procurement_figure = next((f for f in figures if f.key == "procurement"), None)
    return Budget(
        department=department,
        year=year,
        tables=tuple(tables),
        figures=tuple(figures),
        changes=tuple(changes),
        procurement=tuple(procurement),
        procurement_total=total,
        procurement_total_span=procurement_figure.span
        if procurement_figure
        else Budget().procurement_total_span,
        repairs=tuple(repairs),
    )
