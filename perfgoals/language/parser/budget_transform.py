"""The transformer's reductions of a `部门预算 { … }` block: the budget tables as plain data for
perfgoals.language.budget. Part of the transformer (transform.Builder inherits it); it knows the
grammar's budget rule names, nothing else does."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from lark import Token

from ...i18n import _
from ..budget import CHANGE_LABELS, FIGURE_LABELS, Side, table_kind_of
from ..numbers import number_problem
from .literals import unquote

_AMOUNT = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)")
EMPTY = "-"  # an empty cell, a row with no 科目编码

# A label or a key → the key (`收入预算` and `income_total` both name income_total).
_FIGURE_KEYS = {label: key for key, label in FIGURE_LABELS.items()} | {k: k for k in FIGURE_LABELS}
_CHANGE_KEYS = {label: key for key, label in CHANGE_LABELS.items()} | {k: k for k in CHANGE_LABELS}


def is_amount(text: str) -> bool:
    """Whether `text` is written as a .perf budget cell reads an amount: `3348.56`, `-50`."""
    return _AMOUNT.fullmatch(text) is not None


def _tspan(token: Token) -> dict[str, int]:
    return {
        "line": token.line or 0,
        "column": token.column or 0,
        "end_line": token.end_line or 0,
        "end_column": token.end_column or 0,
    }


def _join(first: Token, last: Token) -> dict[str, int]:
    start, end = _tspan(first), _tspan(last)
    return {**start, "end_line": end["end_line"], "end_column": end["end_column"]}


def _text(token: Token) -> str:
    return unquote(token) if token.type == "STRING" else str(token)


class BudgetReductions:
    """Turns the budget block's reductions into the Budget model's fields (as plain data)."""

    report: Callable[[int, int, str, int | None], None]

    # ---- cells ---------------------------------------------------------------------------
    def budget_cell(self, c: list[Token]) -> Token:
        return c[0]

    def _budget_problem(self, token: Token, message: str) -> None:
        self.report(token.line or 0, token.column or 0, message, token.end_column)

    def _twice(self, at: tuple[int, int, str]) -> None:
        self.report(at[0], at[1], _("{what} is given twice", what=at[2]), None)

    def _text_slot(self, token: Token) -> str:
        """A text slot (序号, 科目编码, a procurement row's item): `-` writes an empty one."""
        return "" if token.type != "STRING" and str(token) == EMPTY else _text(token)

    def _cell(self, token: Token, column: str) -> dict[str, Any]:
        """An amount cell: a number as published, `-` for an empty cell, or the published text
        of a cell that is not a number, quoted (B010 reports it)."""
        cell: dict[str, Any] = {"column": column, "span": _tspan(token)}
        text = _text(token)
        if token.type == "STRING":
            cell.update(value=None, text=text)
        elif text == EMPTY:
            cell.update(value=None, text="")
        elif is_amount(text) and self._exact(token, Decimal(text)):
            cell.update(value=Decimal(text), text=text)
        elif is_amount(text):
            cell.update(value=None, text=text)
        else:
            self._budget_problem(
                token,
                _(
                    "cannot read amount {text}: write a number (3348.56), - for an empty "
                    'cell, or the cell\'s published text in quotes ("3348 .56")',
                    text=repr(text),
                ),
            )
            cell.update(value=None, text=text)
        return cell

    def _exact(self, token: Token, number: Decimal) -> bool:
        """Whether a number is held exactly (numbers.number_problem); if not, says why."""
        problem = number_problem(number)
        if problem is not None:
            self._budget_problem(token, problem)
        return problem is None

    def _decimal(self, token: Token, what: str) -> Decimal | None:
        """A decimal that may be left out with `-` (a procurement row's 数量, a change's 上年)."""
        text = _text(token)
        if token.type != "STRING" and text == EMPTY:
            return None
        if is_amount(text):
            number = Decimal(text)
            return number if self._exact(token, number) else None
        self._budget_problem(
            token,
            _(
                "{what} {text} is not a number (write - when there is none)",
                what=what,
                text=repr(text),
            ),
        )
        return None

    # ---- the block -------------------------------------------------------------------------
    def budget_block(self, c: list[Any]) -> dict[str, Any]:
        node: dict[str, Any] = {
            "span": _join(c[0], c[-1]),
            "tables": [],
            "figures": [],
            "changes": [],
            "procurement": [],
        }
        for part in c[1:-1]:
            kind = part.pop("part")
            if kind in ("department", "year", "procurement_total"):
                if kind in node:
                    self._twice(part["at"])
                node[kind] = part["value"]
                if kind == "procurement_total":
                    node["procurement_total_span"] = part["span"]
            elif kind in ("table", "figure", "change", "procurement"):
                key = "procurement" if kind == "procurement" else kind + "s"
                node[key].append(part["node"])
        return {"kind": "budget", "node": node}

    def budget_department(self, c: list[Token]) -> dict[str, Any]:
        return {"part": "department", "value": _text(c[1]), "at": _at(c[0])}

    def budget_year(self, c: list[Token]) -> dict[str, Any]:
        return {"part": "year", "value": int(c[1]), "at": _at(c[0])}

    def budget_procurement_total(self, c: list[Token]) -> dict[str, Any]:
        return {
            "part": "procurement_total",
            "value": self._decimal(c[1], "政府采购合计"),
            "span": _tspan(c[1]),
            "at": _at(c[0]),
        }

    def budget_figure(self, c: list[Token]) -> dict[str, Any]:
        key = _FIGURE_KEYS.get(_text(c[1]))
        if key is None:
            self._budget_problem(
                c[1],
                _(
                    "unknown figure {name}: expected one of {labels}",
                    name=repr(_text(c[1])),
                    labels=", ".join(FIGURE_LABELS.values()),
                ),
            )
        value = self._decimal(c[2], "说明")
        node = {"key": key or "", "value": value, "text": _text(c[3]), "span": _tspan(c[2])}
        return {"part": "figure" if key and value is not None else "skip", "node": node}

    def budget_change(self, c: list[Any]) -> dict[str, Any]:
        key = self._change_key(c[1])
        amount = self._decimal(c[2], "增减")
        node: dict[str, Any] = {
            "key": key or "",
            "amount": amount,
            "text": _text(c[3]),
            "span": _tspan(c[2]),
        }
        for attribute in c[4:]:
            name, value = attribute["attr"], attribute["value"]
            if name in node:
                self._twice(attribute["at"])
            node[name] = value
        ok = key is not None and amount is not None
        return {"part": "change" if ok else "skip", "node": node}

    def _change_key(self, token: Token) -> str | None:
        key = _CHANGE_KEYS.get(_text(token))
        if key is None:
            self._budget_problem(
                token,
                _(
                    "unknown change {name}: expected one of {labels}",
                    name=repr(_text(token)),
                    labels=", ".join(CHANGE_LABELS.values()),
                ),
            )
        return key

    def change_this_year(self, c: list[Token]) -> dict[str, Any]:
        return {"attr": "this_year", "value": self._decimal(c[1], "本年"), "at": _at(c[0])}

    def change_last_year(self, c: list[Token]) -> dict[str, Any]:
        return {"attr": "last_year", "value": self._decimal(c[1], "上年"), "at": _at(c[0])}

    def change_part_of(self, c: list[Token]) -> dict[str, Any]:
        return {"attr": "parts_of", "value": self._change_key(c[1]) or "", "at": _at(c[0])}

    def budget_procurement(self, c: list[Token]) -> dict[str, Any]:
        cells = c[1:]
        if len(cells) != 8:
            self._budget_problem(
                c[0],
                _(
                    "a procurement row has 8 cells (项目, 预算资金, 采购品目, 目录序号, 单位, "
                    "数量, 单价, 金额), found {count}",
                    count=len(cells),
                ),
            )
            return {"part": "skip"}
        project, budget, item, catalogue, unit, quantity, price, amount = cells
        node = {
            "project": self._text_slot(project),
            "project_budget": self._decimal(budget, "预算资金"),
            "item": self._text_slot(item),
            "catalogue": self._text_slot(catalogue),
            "unit": self._text_slot(unit),
            "quantity": self._decimal(quantity, "数量"),
            "unit_price": self._decimal(price, "单价"),
            "amount": self._decimal(amount, "金额"),
            "span": _tspan(c[0]),
            "amount_span": _tspan(amount),
        }
        return {"part": "procurement", "node": node}

    # ---- tables ----------------------------------------------------------------------------
    def budget_table(self, c: list[Any]) -> dict[str, Any]:
        word: Token = c[1]
        kind = table_kind_of(str(word))
        if kind is None:
            self._budget_problem(
                word,
                _(
                    "unknown budget table {word}: expected 收支总表, 收入总表, 支出总表, "
                    "财政拨款收支总表, 一般公共预算支出表, 一般公共预算基本支出表, "
                    "政府性基金支出表, 国有资本经营支出表 or 三公经费支出表",
                    word=repr(str(word)),
                ),
            )
        fields = [f for f in c[3:-1] if f is not None]
        node: dict[str, Any] = {
            "kind": kind.value if kind else "",
            "title": _text(c[2]),
            "span": _join(c[0], c[-1]),
            "rows": [],
        }
        income: list[str] | None = None
        expenditure: list[str] | None = None
        for f in fields:
            name = f["field"]
            if name == "row":
                continue
            if name in ("unit", "pages", "note", "columns") and name in node:
                self._twice(f["at"])
            if name == "income_columns":
                income = f["value"]
            elif name == "expenditure_columns":
                expenditure = f["value"]
            else:
                node[name] = f["value"]
        if income is not None or expenditure is not None:
            node["columns"] = [*(income or []), *(expenditure or [])]
            node["income_columns"] = len(income or [])
        columns = {
            Side.ROW: list(node.get("columns", [])),
            Side.INCOME: list(income or []),
            Side.EXPENDITURE: list(expenditure or []),
        }
        for f in fields:
            if f["field"] == "row":
                node["rows"].append(self._table_row(f, columns[f["side"]]))
        return {"part": "table" if kind else "skip", "node": node}

    def _table_row(self, f: dict[str, Any], columns: list[str]) -> dict[str, Any]:
        number, code, name, *cells = f["cells"]
        if len(cells) > len(columns):
            extra = cells[len(columns)]
            self._budget_problem(
                extra,
                _(
                    "this row has {cells} amounts, its table {count} columns ({columns})",
                    cells=len(cells),
                    count=len(columns),
                    columns=" ".join(columns) or "—",
                ),
            )
        return {
            "number": self._text_slot(number),
            "side": f["side"].value,
            "code": self._text_slot(code),
            "name": _text(name),
            "amounts": [self._cell(t, col) for t, col in zip(cells, columns, strict=False)],
            "span": _join(f["head"], f["last"]),
            "code_span": _tspan(code),
            "name_span": _tspan(name),
        }

    def _table_field(self, name: str, c: list[Token], value: Any) -> dict[str, Any]:
        return {"field": name, "value": value, "at": _at(c[0])}

    def table_unit(self, c: list[Token]) -> dict[str, Any]:
        return self._table_field("unit", c, _text(c[1]))

    def table_pages(self, c: list[Token]) -> dict[str, Any]:
        return self._table_field("pages", c, int(c[1]))

    def table_note(self, c: list[Token]) -> dict[str, Any]:
        return self._table_field("note", c, _text(c[1]))

    def table_columns(self, c: list[Token]) -> dict[str, Any]:
        return self._table_field("columns", c, [_text(t) for t in c[1:]])

    def table_income_columns(self, c: list[Token]) -> dict[str, Any]:
        return self._table_field("income_columns", c, [_text(t) for t in c[1:]])

    def table_expenditure_columns(self, c: list[Token]) -> dict[str, Any]:
        return self._table_field("expenditure_columns", c, [_text(t) for t in c[1:]])

    def _side_row(self, side: Side, c: list[Token]) -> dict[str, Any]:
        return {"field": "row", "side": side, "cells": c[1:], "head": c[0], "last": c[-1]}

    def budget_row(self, c: list[Token]) -> dict[str, Any]:
        return self._side_row(Side.ROW, c)

    def budget_income_row(self, c: list[Token]) -> dict[str, Any]:
        return self._side_row(Side.INCOME, c)

    def budget_expenditure_row(self, c: list[Token]) -> dict[str, Any]:
        return self._side_row(Side.EXPENDITURE, c)


def _at(token: Token) -> tuple[int, int, str]:
    """Where a statement starts, and its keyword as written (for "given twice")."""
    return token.line or 0, token.column or 0, str(token)
