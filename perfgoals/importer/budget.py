"""Budget-disclosure text → the budget model: the nine tables, the explanation's figures and
the 政府采购 table (see `budget_tables` and `budget_text`)."""

from __future__ import annotations

from pathlib import Path

from ..i18n import N_, _
from ..language.budget import Budget
from ..tables.text import read_text
from .budget_tables import read_budget_tables, title_kind
from .budget_text import PROCUREMENT_TITLE as _PROCUREMENT_TITLE
from .budget_text import read_figures, read_procurement
from .disclosure import YEAR_TITLE, department_of

_EXPECTED = N_("a budget disclosure (部门预算公开) with its budget tables")


def has_budget_tables(text: str) -> bool:
    """Whether the text holds one of the nine budget tables or the 政府采购预算 table."""
    return any(
        title_kind(line) is not None or _PROCUREMENT_TITLE.match(line) for line in text.split("\n")
    )


def read_budget(path: str | Path) -> Budget:
    """Read a disclosure text file's budget tables (an empty Budget when it has none)."""
    return budget_from_text(read_text(path, _(_EXPECTED)))


def budget_from_text(text: str) -> Budget:
    lines = text.split("\n")
    tables, repairs, used = read_budget_tables(lines)
    procurement, total, procurement_lines = read_procurement(lines)
    figures, changes = read_figures(lines, used | procurement_lines)
    department = department_of(lines) or ""  # as the ruleset read from the same text names it
    year = next((int(m[1]) for line in lines if (m := YEAR_TITLE.search(line))), None)
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


def with_repairs_noted(budget: Budget) -> Budget:
    """The budget as a .perf file carries it: each repair of a code or a number (the kinds B012
    reports) becomes a comment above the row it was made in (`# 读取修复 split-number 合计：
    3348 .56 → 3348.56`), so the file still tells a reader which figures to compare with the
    printed table. A name's stray spaces are not noted."""
    notes: dict[tuple[int, int], list[str]] = {}
    left: list[str] = []
    for repair in budget.repairs:
        if repair.kind == "spaced-name":
            continue
        found = _cell_at(budget, repair.span.line, repair.span.column)
        if found is None:
            left.append(f" 读取修复 {repair.kind}：{repair.before} → {repair.after}")
            continue
        where, column = found
        label = f" {column}" if column else ""
        notes.setdefault(where, []).append(
            f" 读取修复 {repair.kind}{label}：{repair.before} → {repair.after}"
        )
    tables = []
    for t, table in enumerate(budget.tables):
        rows = tuple(
            row.model_copy(update={"comments": (*row.comments, *notes[(t, r)])})
            if (t, r) in notes
            else row
            for r, row in enumerate(table.rows)
        )
        tables.append(table.model_copy(update={"rows": rows}))
    return budget.model_copy(
        update={"tables": tuple(tables), "repairs": (), "comments": (*budget.comments, *left)}
    )


def _cell_at(budget: Budget, line: int, column: int) -> tuple[tuple[int, int], str] | None:
    """The (table, row) and amount column a source position belongs to: the cell that starts
    there, else a row with a cell on that line, else the last row that starts above it in its
    table (a row continued after a page break)."""
    on_line: tuple[tuple[int, int], str] | None = None
    above: tuple[tuple[int, int], str] | None = None
    for t, table in enumerate(budget.tables):
        for r, row in enumerate(table.rows):
            for a in row.amounts:
                if a.span.line == line and a.span.column == column:
                    return (t, r), a.column
            spans = (row.span, row.code_span, row.name_span, *(a.span for a in row.amounts))
            if any(s.line == line and s.column == column for s in spans):
                return (t, r), ""
            if on_line is None and any(s.line == line for s in spans):
                on_line = (t, r), ""
            if table.span.line <= row.span.line <= line:
                above = (t, r), ""
    return on_line or above
