"""The typed, immutable model of a department's budget tables (部门预算公开表).

A disclosure publishes nine tables in 万元 (收支总表 … 财政拨款"三公"经费支出表), an explanatory
text that restates their figures, and a 政府采购 table. The model keeps each table's rows as
published: the classification code (科目编码), the name (科目名称) and the amount columns, each
amount with its text and its source position, so the checker can point at the figure that does
not tie out. Amounts are exact decimals in the table's unit; an empty cell is `None`.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from .errors import NO_SPAN, Span


class TableKind(StrEnum):
    """The nine tables, in the order of the disclosure."""

    SUMMARY = "summary"  # 部门预算收支总表
    INCOME = "income"  # 部门预算收入总表
    EXPENDITURE = "expenditure"  # 部门预算支出总表
    FISCAL_SUMMARY = "fiscal_summary"  # 部门预算财政拨款收支总表
    GENERAL = "general"  # 一般公共预算财政拨款支出表
    GENERAL_BASIC = "general_basic"  # 一般公共预算财政拨款基本支出表
    FUND = "fund"  # 政府性基金预算财政拨款支出表
    STATE_CAPITAL = "state_capital"  # 国有资本经营预算财政拨款支出表
    THREE_PUBLIC = "three_public"  # 财政拨款"三公"经费支出表


TABLE_TITLES: dict[TableKind, str] = {
    TableKind.SUMMARY: "部门预算收支总表",
    TableKind.INCOME: "部门预算收入总表",
    TableKind.EXPENDITURE: "部门预算支出总表",
    TableKind.FISCAL_SUMMARY: "部门预算财政拨款收支总表",
    TableKind.GENERAL: "部门预算一般公共预算财政拨款支出表",
    TableKind.GENERAL_BASIC: "部门预算一般公共预算财政拨款基本支出表",
    TableKind.FUND: "部门预算政府性基金预算财政拨款支出表",
    TableKind.STATE_CAPITAL: "部门预算国有资本经营预算财政拨款支出表",
    TableKind.THREE_PUBLIC: "部门预算财政拨款“三公”经费支出表",
}

# The word a .perf file names each table by (`表 收支总表 "部门预算收支总表" { … }`); the
# English kind is accepted too.
TABLE_WORDS: dict[TableKind, str] = {
    TableKind.SUMMARY: "收支总表",
    TableKind.INCOME: "收入总表",
    TableKind.EXPENDITURE: "支出总表",
    TableKind.FISCAL_SUMMARY: "财政拨款收支总表",
    TableKind.GENERAL: "一般公共预算支出表",
    TableKind.GENERAL_BASIC: "一般公共预算基本支出表",
    TableKind.FUND: "政府性基金支出表",
    TableKind.STATE_CAPITAL: "国有资本经营支出表",
    TableKind.THREE_PUBLIC: "三公经费支出表",
}


def table_kind_of(word: str) -> TableKind | None:
    """The table a .perf file's word names: 收支总表 or summary, …"""
    folded = unicodedata.normalize("NFKC", word).strip().lower()
    for kind, label in TABLE_WORDS.items():
        if folded in (label, kind.value):
            return kind
    return None


# Tables whose codes are the economic classification (301 工资福利支出 > 30101 基本工资);
# the others use the functional classification (201 > 20103 > 2010301).
ECONOMIC_TABLES = frozenset({TableKind.GENERAL_BASIC})


class Side(StrEnum):
    """Which half of a two-sided table (收入 | 支出) a row stands in; ROW for one-sided tables."""

    ROW = "row"
    INCOME = "income"
    EXPENDITURE = "expenditure"


class Amount(BaseModel):
    """One amount cell: its column's heading, the value (None when empty) and the text read."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    column: str
    value: Decimal | None = None
    text: str = ""
    span: Span = NO_SPAN


class BudgetRow(BaseModel):
    """One row (or one half of a two-sided row) with its code, name and amounts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: str = ""  # 序号 as published
    side: Side = Side.ROW
    code: str = ""  # 科目编码; empty for totals and item rows
    name: str = ""
    amounts: tuple[Amount, ...] = ()
    span: Span = NO_SPAN  # the row's first cell
    code_span: Span = NO_SPAN
    name_span: Span = NO_SPAN
    comments: tuple[str, ...] = ()  # the comment lines above it in a .perf file

    def amount(self, column: str) -> Amount | None:
        for a in self.amounts:
            if a.column == column:
                return a
        return None

    def value(self, column: str) -> Decimal:
        """The column's value, 0 for an empty or missing cell (an empty cell publishes nothing)."""
        a = self.amount(column)
        return a.value if a is not None and a.value is not None else Decimal(0)

    @property
    def level(self) -> int:
        """The classification level: 1 类 (3 digits), 2 款 (5), 3 项 (7); 0 without a code."""
        return {3: 1, 5: 2, 7: 3}.get(len(self.code), 0) if self.code.isdigit() else 0


class BudgetTable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: TableKind
    title: str
    unit: str = "万元"
    columns: tuple[str, ...] = ()  # amount headings, income side first in two-sided tables
    income_columns: int = 0  # how many of `columns`, from the left, are the income side's
    rows: tuple[BudgetRow, ...] = ()
    note: str = ""  # e.g. 注：无国有资本经营预算财政拨款预算，空表列示。
    pages: int = 1
    span: Span = NO_SPAN  # the title line
    comments: tuple[str, ...] = ()
    end_comments: tuple[str, ...] = ()  # after its last row, before its closing brace

    @property
    def two_sided(self) -> bool:
        """收支总表 and 财政拨款收支总表: a 收入 half and a 支出 half side by side."""
        return self.kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY) or any(
            r.side is not Side.ROW for r in self.rows
        )

    def side_columns(self, side: Side) -> tuple[str, ...]:
        """The amount headings a row of `side` has, left to right."""
        if side is Side.ROW:
            return self.columns
        # A model stored before income_columns was kept: the income rows show the split.
        split = self.income_columns or max(
            (len(r.amounts) for r in self.rows if r.side is Side.INCOME), default=0
        )
        return self.columns[:split] if side is Side.INCOME else self.columns[split:]

    def side(self, side: Side) -> tuple[BudgetRow, ...]:
        return tuple(r for r in self.rows if r.side is side)

    def coded(self) -> tuple[BudgetRow, ...]:
        return tuple(r for r in self.rows if r.code)

    def named(self, *names: str, side: Side | None = None) -> BudgetRow | None:
        """The first row whose name, without spaces and numbering, is one of `names`."""
        wanted = {plain_name(n) for n in names}
        for row in self.rows:
            if (side is None or row.side is side) and plain_name(row.name) in wanted:
                return row
        return None


class Figure(BaseModel):
    """A figure the explanatory text states, named by what it restates (see FIGURE_LABELS)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    value: Decimal
    text: str
    span: Span = NO_SPAN
    comments: tuple[str, ...] = ()


class Change(BaseModel):
    """A change against last year the text states: `比上年增加535.8万元`, `与2022年持平`.

    `key` names what changed ("total", "basic", "project", "abroad", "vehicle", "reception");
    `amount` is signed (a decrease is negative, 持平 is 0); `this_year` and `last_year` are the
    figures the same sentence gives, where it gives them.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    amount: Decimal
    text: str
    span: Span = NO_SPAN
    this_year: Decimal | None = None
    last_year: Decimal | None = None
    parts_of: str = ""  # the key of the total this change is a part of ("total" for basic)
    comments: tuple[str, ...] = ()


# What a .perf file calls each change (`增减 基本支出 32.26 "基本支出增加32.26万元"`).
CHANGE_LABELS: dict[str, str] = {
    "total": "收支预算",
    "basic": "基本支出",
    "project": "项目支出",
    "three_public": "“三公”经费",
    "abroad": "因公出国（境）费",
    "vehicle": "公务用车购置及运维费",
    "reception": "公务接待费",
}


FIGURE_LABELS: dict[str, str] = {
    "income_total": "收入预算",
    "income_general": "一般公共预算收入",
    "income_fund": "基金预算收入",
    "income_state_capital": "国有资本经营预算收入",
    "income_special": "财政专户核拨收入",
    "income_other": "其他来源收入",
    "income_carryover": "上年结转结余",
    "expenditure_total": "支出预算",
    "basic": "基本支出",
    "personnel": "人员经费",
    "public": "日常公用经费",
    "project": "项目支出",
    "total_change": "收支预算安排",
    "operating": "机关运行经费",
    "three_public": "“三公”经费",
    "abroad": "因公出国（境）费",
    "vehicle": "公务用车购置及运维费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_running": "公务用车运维费",
    "reception": "公务接待费",
    "procurement": "政府采购预算",
    "assets_last_year": "上年末固定资产金额",
    "assets_purchase": "本年度拟购置固定资产总额",
}


class ProcurementItem(BaseModel):
    """One row of the 政府采购预算 table: what a project buys, how many, at what price."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    project: str
    project_budget: Decimal | None = None
    item: str = ""
    catalogue: str = ""  # 政府采购目录序号
    unit: str = ""
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    amount: Decimal | None = None
    span: Span = NO_SPAN
    amount_span: Span = NO_SPAN
    comments: tuple[str, ...] = ()


class Repair(BaseModel):
    """A mark of the PDF's extraction undone while reading: what was read and what it became."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str  # "split-number", "split-code", "continued-row", "spaced-name"
    before: str
    after: str
    span: Span = NO_SPAN


class Budget(BaseModel):
    """Everything a disclosure says about the department's budget besides its project targets."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    department: str = ""
    year: int | None = None
    tables: tuple[BudgetTable, ...] = ()
    figures: tuple[Figure, ...] = ()
    changes: tuple[Change, ...] = ()
    procurement: tuple[ProcurementItem, ...] = ()
    procurement_total: Decimal | None = None
    procurement_total_span: Span = NO_SPAN
    repairs: tuple[Repair, ...] = ()  # from a disclosure's text; a .perf file holds none
    span: Span = NO_SPAN  # the `部门预算 { … }` block of a .perf file
    comments: tuple[str, ...] = ()
    end_comments: tuple[str, ...] = ()

    def table(self, kind: TableKind) -> BudgetTable | None:
        for t in self.tables:
            if t.kind is kind:
                return t
        return None

    def figure(self, key: str) -> Figure | None:
        for f in self.figures:
            if f.key == key:
                return f
        return None

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON export: decimals as strings, spans as 1-based line/column objects."""
        return self.model_dump(mode="json")

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> Budget:
        return cls.model_validate(data)


def plain_name(name: str) -> str:
    """A name as compared: no spaces, no leading `一、` or `其中：`, full-width forms folded."""
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^(?:[一二三四五六七八九十]+、|其中[:：])", "", text)
    return text.replace("“", '"').replace("”", '"')
