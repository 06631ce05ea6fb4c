"""The budget tables as people read them: each table with its codes, names and amounts, then
the explanation's figures, the procurement rows and the repairs made while reading."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import _
from ..language.budget import FIGURE_LABELS, Budget, BudgetTable, Side
from ..language.errors import display_width


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _table_lines(table: BudgetTable) -> list[str]:
    head = table.title + _(
        " (unit: {unit}; {rows} rows, {pages} pages)",
        unit=table.unit,
        rows=len(table.rows),
        pages=table.pages,
    )
    lines = [head]
    if table.note:
        lines.append(f"  {table.note}")
    if not table.rows:
        return lines
    grid: list[list[str]] = []
    for side in (Side.ROW, Side.INCOME, Side.EXPENDITURE):
        rows = table.side(side)
        if not rows:
            continue
        columns = [a.column for a in rows[0].amounts]
        label = {"row": "", "income": "收入 ", "expenditure": "支出 "}[side.value]
        # The tables' own headings, as published.
        grid.append(["序号", "科目编码", f"{label}科目名称/项目", *columns])
        for row in rows:
            grid.append(
                [row.number, row.code, row.name, *(_number(a.value) or a.text for a in row.amounts)]
            )
    widths: dict[int, int] = {}
    for cells in grid:
        for i, cell in enumerate(cells):
            widths[i] = max(widths.get(i, 0), display_width(cell))
    for cells in grid:
        lines.append("  " + "  ".join(_pad(c, widths[i]) for i, c in enumerate(cells)).rstrip())
    return lines


def render_budget(budget: Budget) -> str:
    out: list[str] = [f"{budget.department} {budget.year or ''} 部门预算".strip(), ""]
    for table in budget.tables:
        out.extend(_table_lines(table))
        out.append("")
    if budget.figures:
        out.append(_("Figures of the explanatory text"))
        for f in budget.figures:
            out.append(
                f"  {f.span.line}:{f.span.column}  {FIGURE_LABELS[f.key]}  {_number(f.value)}万元"
            )
        out.append("")
    if budget.changes:
        out.append(_("Changes against last year"))
        for c in budget.changes:
            out.append(
                f"  {c.span.line}:{c.span.column}  {c.key}  {_number(c.amount)}万元  {c.text}"
            )
        out.append("")
    if budget.procurement:
        out.append(_("Procurement (total {total} 万元)", total=_number(budget.procurement_total)))
        for p in budget.procurement:
            out.append(
                f"  {p.project}  {p.item}  {_number(p.quantity)} {p.unit} × "
                f"{_number(p.unit_price)} = {_number(p.amount)}"
            )
        out.append("")
    kinds: dict[str, int] = {}
    for r in budget.repairs:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    if kinds:
        summary = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        out.append(
            _(
                "{count} repairs while reading: {kinds} (--format json lists each)",
                count=len(budget.repairs),
                kinds=summary,
            )
        )
    return "\n".join(out).rstrip() + "\n"
