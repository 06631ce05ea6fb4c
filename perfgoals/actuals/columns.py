"""The actual-value table's columns: their fields, header names and variants, and the header row.

One row per indicator, columns found by their header name (Chinese with common variants, or
English). The CSV and workbook readers turn cells into text; `read_header` finds the layout and
`TableReader` (in `table`) reads the rows; the writers take their rows from `rows`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from operator import itemgetter
from typing import NamedTuple

from ..i18n import _
from ..language.assessment import (
    Origin,
    Tier,
    checked_origin,
)
from ..language.errors import Diagnostic

MAX_ERRORS = 50
REF_CACHE = 65536
WAN = Decimal(10_000)


class Column(StrEnum):
    """What a column holds; the value is the English header the writers use."""

    PROJECT = "project"
    CODE = "code"
    LEVEL1 = "level1"
    LEVEL2 = "level2"
    INDICATOR = "indicator"
    OCCURRENCE = "occurrence"
    TARGET = "target"
    ACTUAL = "actual"
    TIER = "tier"
    POINTS = "points"
    NOT_APPLICABLE = "not_applicable"
    EXPLANATION = "explanation"
    INITIAL_BUDGET = "initial_budget"
    ADJUSTED_BUDGET = "adjusted_budget"
    EXECUTED = "executed"


# The header each writer puts on a column (amounts in 万元, as published tables give them).
HEADERS: dict[Column, str] = {
    Column.PROJECT: "项目名称",
    Column.CODE: "项目编码",
    Column.LEVEL1: "一级指标",
    Column.LEVEL2: "二级指标",
    Column.INDICATOR: "三级指标",
    Column.OCCURRENCE: "同名序号",
    Column.TARGET: "年度指标值",
    Column.ACTUAL: "实际完成值",
    Column.TIER: "评价等级",
    Column.POINTS: "得分",
    Column.NOT_APPLICABLE: "不适用",
    Column.EXPLANATION: "偏差原因分析及改进措施",
    Column.INITIAL_BUDGET: "年初预算数（万元）",
    Column.ADJUSTED_BUDGET: "全年预算数（万元）",
    Column.EXECUTED: "全年执行数（万元）",
}

# Every spelling accepted, after `_header_word` (NFKC, lower case, no spaces, no unit suffix).
_ALIASES: dict[Column, tuple[str, ...]] = {
    Column.PROJECT: ("项目名称", "项目", "项目名", "project", "projectname", "project_name"),
    Column.CODE: (
        "项目编码",
        "项目编号",
        "项目代码",
        "编码",
        "code",
        "projectcode",
        "project_code",
    ),
    Column.LEVEL1: ("一级指标", "一级", "level1", "level_1"),
    Column.LEVEL2: ("二级指标", "二级", "level2", "level_2"),
    Column.INDICATOR: ("三级指标", "三级", "指标名称", "绩效指标", "indicator", "indicatorname"),
    Column.OCCURRENCE: ("同名序号", "序号", "occurrence"),
    Column.TARGET: ("年度指标值", "指标值", "目标值", "target", "targetvalue"),
    Column.ACTUAL: ("实际完成值", "实际完成", "完成值", "实际值", "actual", "actualvalue"),
    Column.TIER: ("评价等级", "等级", "评级", "达成情况", "tier", "rating"),
    Column.POINTS: ("得分", "分数", "points", "score"),
    Column.NOT_APPLICABLE: ("不适用", "是否适用", "notapplicable", "not_applicable", "na", "n/a"),
    Column.EXPLANATION: (
        "偏差原因分析及改进措施",
        "偏差原因分析",
        "偏差原因",
        "未完成原因分析",
        "原因分析",
        "说明",
        "explanation",
        "remarks",
    ),
    Column.INITIAL_BUDGET: ("年初预算数", "年初预算", "initialbudget", "initial_budget"),
    Column.ADJUSTED_BUDGET: (
        "全年预算数",
        "全年预算",
        "调整后预算数",
        "调整后预算",
        "adjustedbudget",
        "adjusted_budget",
    ),
    Column.EXECUTED: ("全年执行数", "执行数", "实际支出", "executed", "spent"),
}


class Cells(NamedTuple):
    """One row's stripped cell texts by what they hold ("" for a column the file lacks)."""

    project: str
    code: str
    level1: str
    level2: str
    indicator: str
    occurrence: str
    target: str
    actual: str
    tier: str
    points: str
    not_applicable: str
    explanation: str
    initial_budget: str
    adjusted_budget: str
    executed: str


# Cells lists the columns in Column's order, so a Column's position in it is its field.
assert Cells._fields == tuple(c.value for c in Column)
FIELD: dict[Column, int] = {c: n for n, c in enumerate(Column)}
_new_cells = tuple.__new__

_BY_WORD: dict[str, Column] = {word: col for col, words in _ALIASES.items() for word in words}
MONEY_COLUMNS = (Column.INITIAL_BUDGET, Column.ADJUSTED_BUDGET, Column.EXECUTED)
_FUNDS_ONLY = frozenset(MONEY_COLUMNS)
INDICATOR_ONLY = frozenset(
    {
        Column.LEVEL1,
        Column.LEVEL2,
        Column.OCCURRENCE,
        Column.TARGET,
        Column.ACTUAL,
        Column.TIER,
        Column.POINTS,
        Column.NOT_APPLICABLE,
    }
)

indicator_only = itemgetter(*(FIELD[c] for c in INDICATOR_ONLY))

_SUFFIX = re.compile(r"[(\[（【](?P<inner>[^)\]）】]*)[)\]）】]$")
SPACES = re.compile(r"\s+")
_MONEY_SCALES: dict[str, Decimal] = {
    "元": Decimal(1),
    "yuan": Decimal(1),
    "万元": WAN,
    "万": WAN,
    "10kyuan": WAN,
    "a": WAN,  # 全年预算数(A), 全年执行数(B): the central template's labels, amounts in 万元
    "b": WAN,
}

TIERS: dict[str, Tier] = {
    "达成": Tier.MET,
    "已达成": Tier.MET,
    "完全达成": Tier.MET,
    "达成年度指标": Tier.MET,
    "met": Tier.MET,
    "部分达成": Tier.PARTLY_MET,
    "基本达成": Tier.PARTLY_MET,
    "部分达成年度指标并具有一定效果": Tier.PARTLY_MET,
    "partlymet": Tier.PARTLY_MET,
    "partly_met": Tier.PARTLY_MET,
    "partial": Tier.PARTLY_MET,
    "未达成": Tier.NOT_MET,
    "未达成年度指标且效果较差": Tier.NOT_MET,
    "notmet": Tier.NOT_MET,
    "not_met": Tier.NOT_MET,
    "unmet": Tier.NOT_MET,
}
YES = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "✔", "不适用", "na", "n/a", "/"})
NO = frozenset({"", "否", "n", "no", "false", "0", "适用"})
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def normal_word(text: str) -> str:
    """A header as headers are compared: NFKC, without white space, lower case."""
    return SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()


def _header_word(text: str) -> tuple[str, str | None]:
    """The header without spaces and case, and the unit written in brackets at its end."""
    word = normal_word(text)
    m = _SUFFIX.search(word)
    if m and m.start() > 0:
        return word[: m.start()], m["inner"]
    return word, None


@dataclass(frozen=True)
class Place:
    """A file (and sheet) being read: makes origins and diagnostics for its cells."""

    path: str
    sheet: str | None = None
    cell_refs: bool = False  # name cells as a spreadsheet does (H12)

    @property
    def label(self) -> str:
        return f"{self.path}[{self.sheet}]" if self.sheet else self.path

    def origin(self, row: int, column: int = 0) -> Origin:
        return checked_origin(self.path, row, column, self.sheet)

    def problem(self, row: int, column: int, name: str, message: str) -> Diagnostic:
        where = name
        if self.cell_refs and column:
            where = f"{name} ({cell_ref(row, column)})" if name else cell_ref(row, column)
        text = f"{where}: {message}" if where else message
        return Diagnostic(self.label, row, column, text)


def cell_ref(row: int, column: int) -> str:
    """The spreadsheet name of a cell: (12, 8) → H12."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"


@dataclass(frozen=True)
class Layout:
    """Which column holds what: field → (0-based index, header as written, money scale)."""

    columns: dict[Column, int]
    names: dict[Column, str]
    scales: dict[Column, Decimal]
    ignored: tuple[int, ...]  # columns with an empty header; a value under one is reported
    width: int
    pick: Callable[[Sequence[str]], tuple[str, ...]]  # a row's cells in Column order; see `cells`

    def cells(self, row: Sequence[str]) -> Cells:
        """The row's cells by column, stripped. One itemgetter call: rows are millions."""
        # Absent columns pick index -1, which the padding makes an empty cell.
        padded = [*map(str.strip, row), ""]
        if len(row) < self.width:
            padded += [""] * (self.width - len(row))
        return _new_cells(Cells, self.pick(padded))  # Cells._make, less its length check


def read_header(
    cells: Sequence[str], place: Place, row: int, *, funds_sheet: bool = False
) -> tuple[Layout | None, list[Diagnostic]]:
    """Recognise the header row; report unknown, repeated and missing columns."""
    problems: list[Diagnostic] = []
    columns: dict[Column, int] = {}
    names: dict[Column, str] = {}
    scales: dict[Column, Decimal] = {}
    ignored: list[int] = []
    for index, raw in enumerate(cells):
        text = raw.strip()
        if not text:
            ignored.append(index)
            continue
        word, unit = _header_word(text)
        column = _BY_WORD.get(word)
        if column is None and unit is not None:
            column = _BY_WORD.get(normal_word(text))  # a header whose own name ends in brackets
            unit = None
        if column is None:
            problems.append(
                place.problem(
                    row,
                    index + 1,
                    "",
                    _("unknown column {text!r}; {known}", text=text, known=_known_columns()),
                )
            )
            continue
        if column in columns:
            first = names[column]
            problems.append(
                place.problem(
                    row,
                    index + 1,
                    text,
                    _("repeats column {first!r} ({name})", first=first, name=column.value),
                )
            )
            continue
        if column in MONEY_COLUMNS:
            scale = _MONEY_SCALES.get(unit) if unit is not None else WAN
            if scale is None:
                problems.append(
                    place.problem(
                        row,
                        index + 1,
                        text,
                        _("unknown amount unit {unit!r}; use 元 or 万元", unit=unit),
                    )
                )
                continue
            scales[column] = scale
        elif unit is not None and column is not Column.POINTS:
            problems.append(
                place.problem(
                    row,
                    index + 1,
                    text,
                    _("unknown column {text!r}; {known}", text=text, known=_known_columns()),
                )
            )
            continue
        columns[column] = index
        names[column] = text
    required = (
        [Column.PROJECT] if funds_sheet else [Column.PROJECT, Column.INDICATOR, Column.ACTUAL]
    )
    for column in required:
        if column not in columns:
            problems.append(
                place.problem(
                    row,
                    0,
                    "",
                    _(
                        "missing column {header} ({name}) in the header row",
                        header=HEADERS[column],
                        name=column.value,
                    ),
                )
            )
    if funds_sheet:
        for column in INDICATOR_ONLY | {Column.INDICATOR}:
            if column in columns:
                problems.append(
                    place.problem(
                        row,
                        columns[column] + 1,
                        names[column],
                        _("indicator columns belong on the indicator sheet, not the funds sheet"),
                    )
                )
        if not any(c in columns for c in MONEY_COLUMNS) and not problems:
            problems.append(place.problem(row, 0, "", _("the funds sheet has no amount column")))
    if problems:
        return None, problems
    pick = itemgetter(*(columns.get(c, -1) for c in Column))
    return Layout(columns, names, scales, tuple(ignored), len(cells), pick), []


def _known_columns() -> str:
    return _(
        "known columns: {columns}", columns=_(", ").join(f"{HEADERS[c]}/{c.value}" for c in Column)
    )


# ---- the written forms' columns -----------------------------------------------------------

INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column.CODE,
    Column.PROJECT,
    Column.LEVEL1,
    Column.LEVEL2,
    Column.INDICATOR,
    Column.OCCURRENCE,
    Column.TARGET,
    Column.ACTUAL,
    Column.TIER,
    Column.POINTS,
    Column.NOT_APPLICABLE,
    Column.EXPLANATION,
)
FUNDS_COLUMNS: tuple[Column, ...] = (
    Column.CODE,
    Column.PROJECT,
    Column.INITIAL_BUDGET,
    Column.ADJUSTED_BUDGET,
    Column.EXECUTED,
    Column.EXPLANATION,
)
