"""Actual values as a table: the column layout shared by the CSV and .xlsx forms.

One row per indicator, columns found by their header name (Chinese with common variants, or
English). A row whose 三级指标 cell is empty is the project's funds row (年度资金总额). Rows of one
project stand together; each project is yielded as soon as its last row has been read, so a
caller can score a province's file without holding it. Every problem is a diagnostic naming the
file, the row and the column; nothing is dropped without one.

The CSV and workbook readers turn cells into text and hand rows to `TableReader`; the writers
take their rows from `table_rows`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from operator import itemgetter
from typing import NamedTuple

from ..language.assessment import (
    Actual,
    Assessment,
    IndicatorRef,
    Origin,
    ProjectActuals,
    Tier,
    checked,
    checked_origin,
)
from ..language.errors import Diagnostic, SourceError, ValueSyntaxError
from ..language.model import (
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    Indicator,
    Level1,
    Level2,
    Project,
    Ruleset,
    level1_of,
    level2_of,
)
from ..language.units import Dimension
from ..language.values import (
    Comparison,
    Deadline,
    NotApplicable,
    Qualitative,
    Range,
    canonical,
    fold,
    parse_value,
)

MAX_ERRORS = 50
_REF_CACHE = 65536
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
_FIELD: dict[Column, int] = {c: n for n, c in enumerate(Column)}
_new_cells = tuple.__new__

_BY_WORD: dict[str, Column] = {word: col for col, words in _ALIASES.items() for word in words}
MONEY_COLUMNS = (Column.INITIAL_BUDGET, Column.ADJUSTED_BUDGET, Column.EXECUTED)
_FUNDS_ONLY = frozenset(MONEY_COLUMNS)
_INDICATOR_ONLY = frozenset(
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

_indicator_only = itemgetter(*(_FIELD[c] for c in _INDICATOR_ONLY))

_SUFFIX = re.compile(r"[(\[（【](?P<inner>[^)\]）】]*)[)\]）】]$")
_SPACES = re.compile(r"\s+")
_MONEY_SCALES: dict[str, Decimal] = {
    "元": Decimal(1),
    "yuan": Decimal(1),
    "万元": WAN,
    "万": WAN,
    "10kyuan": WAN,
    "a": WAN,  # 全年预算数(A), 全年执行数(B): the central template's labels, amounts in 万元
    "b": WAN,
}

_TIERS: dict[str, Tier] = {
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
_YES = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "✔", "不适用", "na", "n/a", "/"})
_NO = frozenset({"", "否", "n", "no", "false", "0", "适用"})
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def _word(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()


def _header_word(text: str) -> tuple[str, str | None]:
    """The header without spaces and case, and the unit written in brackets at its end."""
    word = _word(text)
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
            column = _BY_WORD.get(_word(text))  # a header whose own name ends in brackets
            unit = None
        if column is None:
            problems.append(
                place.problem(row, index + 1, "", f"unknown column {text!r}; {_known_columns()}")
            )
            continue
        if column in columns:
            first = names[column]
            problems.append(
                place.problem(row, index + 1, text, f"repeats column {first!r} ({column.value})")
            )
            continue
        if column in MONEY_COLUMNS:
            scale = _MONEY_SCALES.get(unit) if unit is not None else WAN
            if scale is None:
                problems.append(
                    place.problem(
                        row, index + 1, text, f"unknown amount unit {unit!r}; use 元 or 万元"
                    )
                )
                continue
            scales[column] = scale
        elif unit is not None and column is not Column.POINTS:
            problems.append(
                place.problem(row, index + 1, text, f"unknown column {text!r}; {_known_columns()}")
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
                    f"missing column {HEADERS[column]} ({column.value}) in the header row",
                )
            )
    if funds_sheet:
        for column in _INDICATOR_ONLY | {Column.INDICATOR}:
            if column in columns:
                problems.append(
                    place.problem(
                        row,
                        columns[column] + 1,
                        names[column],
                        "indicator columns belong on the indicator sheet, not the funds sheet",
                    )
                )
        if not any(c in columns for c in MONEY_COLUMNS) and not problems:
            problems.append(place.problem(row, 0, "", "the funds sheet has no amount column"))
    if problems:
        return None, problems
    pick = itemgetter(*(columns.get(c, -1) for c in Column))
    return Layout(columns, names, scales, tuple(ignored), len(cells), pick), []


def _known_columns() -> str:
    return "known columns: " + ", ".join(f"{HEADERS[c]}/{c.value}" for c in Column)


# ---- rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Funds:
    """A project's funds row: amounts in 元, and the project's own explanation."""

    initial_budget: Decimal | None
    adjusted_budget: Decimal | None
    executed: Decimal | None
    explanation: str | None
    origin: Origin


@dataclass(frozen=True)
class StatedTarget:
    """The 年度指标值 a row states: compared with the ruleset's target when one is given."""

    project: str
    code: str | None
    indicator: IndicatorRef
    text: str
    row: int
    column: int


@dataclass
class _OpenProject:
    name: str
    code: str | None
    origin: Origin
    first_row: int
    last_row: int
    funds: Funds | None = None
    actuals: list[Actual] = field(default_factory=list)
    seen: dict[tuple[str, Level1 | None, Level2 | None, int | None], int] = field(
        default_factory=dict
    )


class TableReader:
    """Turns rows of cell texts into projects, collecting positioned problems as it goes.

    Feed it the header with `header()`, then rows with `row()`; every finished project comes
    out of `row()` and `finish()`. `problems` holds errors (the input is unusable if any);
    `notes` holds remarks that do not stop scoring (a stated target that differs).
    """

    def __init__(
        self,
        place: Place,
        *,
        ruleset: Ruleset | None = None,
        extra_funds: dict[tuple[str, str | None], Funds] | None = None,
    ) -> None:
        self.place = place
        self.layout: Layout | None = None
        self.problems: list[Diagnostic] = []
        self.notes: list[Diagnostic] = []
        self.error_count = 0
        self._open: _OpenProject | None = None
        self._closed: dict[tuple[str, str | None], tuple[int, int]] = {}
        self._targets = _TargetIndex(ruleset) if ruleset is not None else None
        self._extra_funds = extra_funds if extra_funds is not None else {}
        self._refs: dict[tuple[str, Level1 | None, Level2 | None, int | None], IndicatorRef] = {}
        self._indicator_column = 0

    # ---- problems ------------------------------------------------------------------------
    def report(self, problem: Diagnostic) -> None:
        self.error_count += 1
        if len(self.problems) < MAX_ERRORS:
            self.problems.append(problem)

    def raise_problems(self) -> None:
        if self.error_count:
            problems = list(self.problems)
            hidden = self.error_count - len(problems)
            if hidden > 0:
                problems.append(
                    Diagnostic(self.place.label, 0, 0, f"… and {hidden} more problems not shown")
                )
            raise SourceError(problems)

    # ---- input ---------------------------------------------------------------------------
    def header(self, cells: Sequence[str], row: int, *, funds_sheet: bool = False) -> bool:
        layout, problems = read_header(cells, self.place, row, funds_sheet=funds_sheet)
        for problem in problems:
            self.report(problem)
        self.layout = layout
        if layout is not None and Column.INDICATOR in layout.columns:
            self._indicator_column = layout.columns[Column.INDICATOR] + 1  # where actuals are
        return layout is not None

    def row(self, cells: Sequence[str], row: int) -> Iterator[ProjectActuals]:
        """Read one data row; yields the previous project when this row starts another."""
        finished = self.read_row(cells, row)
        if finished is not None:
            yield finished

    def read_row(self, cells: Sequence[str], row: int) -> ProjectActuals | None:
        """`row` without a generator per row: the previous project if this row starts another."""
        layout = self.layout
        assert layout is not None, "header() first"
        width = len(cells)
        values = layout.cells(cells)
        stray = False
        if layout.ignored or width > layout.width:
            for index in range(width):
                if (index in layout.ignored or index >= layout.width) and cells[index].strip():
                    stray = True
                    self.report(
                        self.place.problem(
                            row,
                            index + 1,
                            "",
                            f"value {cells[index].strip()!r} in a column without a header",
                        )
                    )
        if not stray and not any(values):
            return None  # a blank row
        name = values.project
        code = values.code or None
        if not name:
            self.report(self._problem(row, Column.PROJECT, "the project name is empty"))
            return None
        finished = None
        if self._open is not None and (self._open.name != name or self._open.code != code):
            finished = self._close()
        key = (name, code)
        if self._open is None:
            if key in self._closed:
                first, last = self._closed[key]
                self.report(
                    self._problem(
                        row,
                        Column.PROJECT,
                        f"project {_project_label(name, code)} already ended at row {last} "
                        f"(rows {first}–{last}); keep a project's rows together",
                    )
                )
                return finished
            self._open = _OpenProject(name, code, self.place.origin(row, 1), row, row)
        project = self._open
        project.last_row = row
        if values.indicator:
            self._indicator_row(project, values, row)
        else:
            self._funds_row(project, values, row)
        return finished

    def finish(self) -> Iterator[ProjectActuals]:
        """The last project, then the projects that have funds only on a funds sheet."""
        if self._open is not None:
            yield self._close()
        for (name, code), funds in list(self._extra_funds.items()):
            del self._extra_funds[(name, code)]
            if (name, code) in self._closed:
                continue  # merged while the project's indicator rows were read
            yield _project(name, code, funds, [], funds.origin)

    # ---- rows ----------------------------------------------------------------------------
    def _problem(self, row: int, column: Column, message: str) -> Diagnostic:
        layout = self.layout
        assert layout is not None
        index = layout.columns.get(column)
        return self.place.problem(
            row, 0 if index is None else index + 1, layout.names.get(column, ""), message
        )

    def _indicator_row(self, project: _OpenProject, values: Cells, row: int) -> None:
        layout = self.layout
        assert layout is not None
        if values.initial_budget or values.adjusted_budget or values.executed:
            for column in MONEY_COLUMNS:
                if values[_FIELD[column]]:
                    self.report(
                        self._problem(
                            row,
                            column,
                            "amounts belong on the project's funds row (a row with 三级指标 empty)",
                        )
                    )
        name = values.indicator
        level1 = level2 = None
        if text := values.level1:
            level1 = _level1(text)
            if level1 is None:
                self.report(
                    self._problem(row, Column.LEVEL1, f"unknown level-1 indicator {text!r}")
                )
        if text := values.level2:
            level2 = _level2(text)
            if level2 is None:
                self.report(
                    self._problem(row, Column.LEVEL2, f"unknown level-2 indicator {text!r}")
                )
        occurrence = None
        if text := values.occurrence:
            number = _decimal(text)
            if number is None or number != number.to_integral_value() or number < 1:
                self.report(
                    self._problem(row, Column.OCCURRENCE, f"{text!r} is not a whole number ≥ 1")
                )
            else:
                occurrence = int(number)
        value = None
        if text := values.actual:
            try:
                value = parse_value(text)
            except ValueSyntaxError as e:
                self.report(self._problem(row, Column.ACTUAL, f"cannot read {text!r}: {e.message}"))
        tier = None
        if text := values.tier:
            tier = _TIERS.get(_word(text))
            if tier is None:
                self.report(
                    self._problem(
                        row, Column.TIER, f"unknown tier {text!r}; use 达成, 部分达成 or 未达成"
                    )
                )
        points = None
        if text := values.points:
            points = _decimal(text.removesuffix("分"))
            if points is None or points < 0:
                self.report(
                    self._problem(row, Column.POINTS, f"{text!r} is not a number of points ≥ 0")
                )
                points = None
        not_applicable = False
        if text := values.not_applicable:
            word = _word(text)
            if word in _YES:
                not_applicable = True
            elif word not in _NO:
                self.report(
                    self._problem(
                        row,
                        Column.NOT_APPLICABLE,
                        f"{text!r} is neither yes (是, √, 1) nor no (否, 0)",
                    )
                )
        dup_key = (name, level1, level2, occurrence)
        ref = self._ref(dup_key)
        if dup_key in project.seen:
            label = name if occurrence is None else f"{name} (#{occurrence})"
            self.report(
                self._problem(
                    row,
                    Column.INDICATOR,
                    f"indicator {label!r} of project {_project_label(project.name, project.code)} "
                    f"already given at row {project.seen[dup_key]}",
                )
            )
            return
        project.seen[dup_key] = row
        target = values.target
        if target and self._targets is not None:
            stated = StatedTarget(
                project.name,
                project.code,
                ref,
                target,
                row,
                layout.columns[Column.TARGET] + 1,
            )
            note = self._targets.compare(stated, self.place, layout.names[Column.TARGET])
            if note is not None:
                self.notes.append(note)
        if value is not None and value.kind == "not_applicable":
            not_applicable = True  # `/`, `不适用` as the actual: as in the DSL
        explanation = values.explanation or None
        if value is None and tier is None and not not_applicable:
            if points is not None or explanation is not None:
                self.report(
                    self._problem(
                        row,
                        Column.ACTUAL,
                        "得分 or an explanation without an actual value, 评价等级 or 不适用: give "
                        "one, or leave the row empty for no data",
                    )
                )
            # An empty row names the indicator and gives nothing: scoring reports it as no data.
            return
        # Every field was checked above: the reference is built by _ref, the value by parse_value,
        # the tier comes from _TIERS, points are a Decimal ≥ 0.
        fields: dict[str, object] = {"indicator": ref, "value": value}
        if tier is not None:
            fields["tier"] = tier
        if points is not None:
            fields["points"] = points
        if not_applicable:
            fields["not_applicable"] = True
        if explanation is not None:
            fields["explanation"] = explanation
        fields["origin"] = self.place.origin(row, self._indicator_column)
        project.actuals.append(checked(Actual, fields))

    def _ref(self, key: tuple[str, Level1 | None, Level2 | None, int | None]) -> IndicatorRef:
        """Frozen references are shared: a province repeats the same few thousand names."""
        ref = self._refs.get(key)
        if ref is None:
            if len(self._refs) >= _REF_CACHE:
                self._refs.clear()
            name, level1, level2, occurrence = key
            ref = self._refs[key] = IndicatorRef(
                name=name, level1=level1, level2=level2, occurrence=occurrence
            )
        return ref

    def _funds_row(self, project: _OpenProject, values: Cells, row: int) -> None:
        layout = self.layout
        assert layout is not None
        for column in _INDICATOR_ONLY if any(_indicator_only(values)) else ():
            if values[_FIELD[column]]:
                self.report(
                    self._problem(
                        row,
                        column,
                        "the 三级指标 cell is empty: name the indicator (a row without one is the "
                        "project's funds row)",
                    )
                )
                return
        amounts: dict[Column, Decimal | None] = {}
        for column in MONEY_COLUMNS:
            amounts[column] = None
            if text := values[_FIELD[column]]:
                amounts[column] = self._amount(text, layout.scales[column], row, column)
        funds = Funds(
            amounts[Column.INITIAL_BUDGET],
            amounts[Column.ADJUSTED_BUDGET],
            amounts[Column.EXECUTED],
            values.explanation or None,
            self.place.origin(row, 1),
        )
        if project.funds is not None:
            self.report(
                self._problem(
                    row,
                    Column.PROJECT,
                    f"second funds row of project {_project_label(project.name, project.code)} "
                    f"(the first is row {project.funds.origin.line})",
                )
            )
            return
        project.funds = funds

    def _amount(self, text: str, scale: Decimal, row: int, column: Column) -> Decimal | None:
        number = _decimal(text)
        if number is not None:
            amount = number * scale
        else:
            try:
                value = parse_value(text)
            except ValueSyntaxError:
                value = None
            if not (
                isinstance(value, Comparison)
                and value.dimension is Dimension.MONEY
                and value.op is None
            ):
                self.report(self._problem(row, column, f"{text!r} is not an amount of money"))
                return None
            amount = (
                value.value
            )  # a cell that names its own unit (12万元, 8000元) is taken as written
        if amount < 0:
            self.report(self._problem(row, column, f"{text!r} is negative"))
            return None
        return canonical(amount)

    def _close(self) -> ProjectActuals:
        project = self._open
        assert project is not None
        self._open = None
        key = (project.name, project.code)
        self._closed[key] = (project.first_row, project.last_row)
        funds = project.funds
        extra = self._extra_funds.pop(key, None)
        if extra is not None:
            if funds is not None:
                self.report(
                    self.place.problem(
                        funds.origin.line,
                        1,
                        "",
                        f"funds of project {_project_label(project.name, project.code)} are also "
                        f"given at {extra.origin.describe()}",
                    )
                )
            else:
                funds = extra
        return _project(project.name, project.code, funds, project.actuals, project.origin)


def _project(
    name: str, code: str | None, funds: Funds | None, actuals: list[Actual], origin: Origin
) -> ProjectActuals:
    # Checked as read: amounts by _amount (Decimal ≥ 0), actuals by _indicator_row.
    fields = {
        "project": name,
        "code": code,
        "initial_budget": funds.initial_budget if funds else None,
        "adjusted_budget": funds.adjusted_budget if funds else None,
        "executed": funds.executed if funds else None,
        "explanation": funds.explanation if funds else None,
        "actuals": tuple(actuals),
        "origin": origin,
    }
    return checked(ProjectActuals, fields)


@functools.lru_cache(maxsize=1024)
def _level1(text: str) -> Level1 | None:
    return level1_of(text)


@functools.lru_cache(maxsize=1024)
def _level2(text: str) -> Level2 | None:
    return level2_of(text)


def _project_label(name: str, code: str | None) -> str:
    return f"{name!r} [{code}]" if code else repr(name)


def _decimal(text: str) -> Decimal | None:
    """A plain decimal number (full-width digits, thousands commas and spaces allowed)."""
    # ASCII needs no folding (its NFKC form is itself); fold goes character by character.
    folded = _SPACES.sub("", text if text.isascii() else fold(text)).replace(",", "")
    if not _NUMBER.fullmatch(folded):
        return None
    try:
        return Decimal(folded)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numerals
        return None


def read_funds_rows(
    rows: Iterable[tuple[int, Sequence[str]]], place: Place
) -> tuple[dict[tuple[str, str | None], Funds], list[Diagnostic]]:
    """A funds sheet: header, then one row per project with its amounts."""
    reader = TableReader(place)
    funds: dict[tuple[str, str | None], Funds] = {}
    iterator = iter(rows)
    for row, cells in iterator:
        if any(c.strip() for c in cells):
            if not reader.header(cells, row, funds_sheet=True):
                return {}, reader.problems
            break
    else:
        return {}, []
    for row, cells in iterator:
        # Each funds row is its own project here; a repeated one is reported as a repeat.
        for project in reader.row(cells, row):
            _keep_funds(project, funds)
    for project in reader.finish():
        _keep_funds(project, funds)
    return funds, reader.problems


def _keep_funds(project: ProjectActuals, funds: dict[tuple[str, str | None], Funds]) -> None:
    funds[(project.project, project.code)] = Funds(
        project.initial_budget,
        project.adjusted_budget,
        project.executed,
        project.explanation,
        project.origin,
    )


# ---- comparing stated targets with the ruleset ---------------------------------------------


def _value_key(text: str) -> object:
    """What a target means, without how it was spaced: equal keys state the same target."""
    try:
        value = parse_value(text)
    except ValueSyntaxError:
        return ("text", _word(text))
    if isinstance(value, Comparison):
        return ("comparison", value.op, value.value, value.dimension, value.unit)
    if isinstance(value, Range):
        return ("range", value.low, value.high, value.dimension)
    if isinstance(value, Deadline):
        return ("deadline", value.op, value.value)
    if isinstance(value, Qualitative | NotApplicable):
        return (value.kind, value.op, _word(value.text))
    raise AssertionError(value)  # pragma: no cover


class _TargetIndex:
    """Finds the ruleset indicator a row names, to compare the row's 年度指标值 with it."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.by_code: dict[str, Project] = {}
        self.by_name: dict[str, list[Project]] = {}
        for project in ruleset.projects:
            if project.code:
                self.by_code[project.code] = project
            self.by_name.setdefault(project.name, []).append(project)

    def project(self, name: str, code: str | None) -> Project | None:
        project = self.by_code.get(code) if code else None
        if project is None:
            named = self.by_name.get(name, [])
            project = named[0] if len(named) == 1 else None
        return project

    def find(self, name: str, code: str | None, ref: IndicatorRef) -> Indicator | None:
        """The indicator a reference names, or None if it cannot be told."""
        project = self.project(name, code)
        if project is None:
            return None
        matches = [
            i
            for i in project.indicators
            if i.name == ref.name
            and (ref.level1 is None or i.level1 is ref.level1)
            and (ref.level2 is None or i.level2 is ref.level2)
        ]
        position = (ref.occurrence or 1) - 1
        return matches[position] if position < len(matches) else None

    def compare(self, stated: StatedTarget, place: Place, column_name: str) -> Diagnostic | None:
        # An unknown project or indicator is for scoring to report; only a clear difference is.
        indicator = self.find(stated.project, stated.code, stated.indicator)
        if indicator is None or _value_key(stated.text) == _value_key(indicator.target.text):
            return None
        return place.problem(
            stated.row,
            stated.column,
            column_name,
            f"states {stated.text!r}, but the ruleset's target is {indicator.target.text!r} "
            f"(line {indicator.span.line}); the ruleset's target is scored",
        )


# ---- writing -------------------------------------------------------------------------------

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


def occurrences(project: Project) -> list[int | None]:
    """Each indicator's 同名序号: its number among those of the same name and levels, else None."""
    counts: dict[tuple[str, Level1, Level2], int] = {}
    for i in project.indicators:
        key = (i.name, i.level1, i.level2)
        counts[key] = counts.get(key, 0) + 1
    seen: dict[tuple[str, Level1, Level2], int] = {}
    numbers: list[int | None] = []
    for i in project.indicators:
        key = (i.name, i.level1, i.level2)
        seen[key] = seen.get(key, 0) + 1
        numbers.append(seen[key] if counts[key] > 1 else None)
    return numbers


def wan(amount: Decimal | None) -> str:
    """An amount in 元 written in 万元, exactly."""
    return "" if amount is None else format(canonical(amount / WAN), "f")


@dataclass(frozen=True)
class TableRows:
    """What a writer puts down: the indicator rows, and one funds row per project."""

    indicators: list[dict[Column, str]]
    funds: list[dict[Column, str]]


def table_rows(ruleset: Ruleset, assessment: Assessment | None = None) -> TableRows:
    """Rows to write: the fill-in template of a ruleset, or an assessment as it stands.

    Without an assessment: every indicator of every project, its target given and its actual
    empty, and a funds row carrying the ruleset's budget as 年初预算数. With one: exactly the
    assessment's projects and actuals (so reading the table back gives the same assessment),
    each with the ruleset's target where the indicator can be found.
    """
    if assessment is None:
        return _template_rows(ruleset)
    index = _TargetIndex(ruleset)
    indicator_rows: list[dict[Column, str]] = []
    funds_rows: list[dict[Column, str]] = []
    for p in assessment.projects:
        funds_rows.append(
            _funds_cells(
                p.project, p.code, p.initial_budget, p.adjusted_budget, p.executed, p.explanation
            )
        )
        for ref, target, actual in _with_empty_rows(index, p):
            indicator_rows.append(
                {
                    **_ref_cells(p.project, p.code, ref),
                    Column.TARGET: target,
                    **_actual_cells(actual),
                }
            )
    return TableRows(indicator_rows, funds_rows)


def _with_empty_rows(
    index: _TargetIndex, p: ProjectActuals
) -> list[tuple[IndicatorRef, str, Actual | None]]:
    """The project's actuals, and an empty row for each of its indicators that has none.

    Empty rows read back as nothing, so the table still says exactly the assessment; they show
    the reader which indicators have no data. They stand in ruleset order when the actuals do,
    else after the actuals.
    """
    found = [(a, index.find(p.project, p.code, a.indicator)) for a in p.actuals]
    rows: list[tuple[IndicatorRef, str, Actual | None]] = [
        (a.indicator, i.target.text if i is not None else "", a) for a, i in found
    ]
    project = index.project(p.project, p.code)
    if project is None:
        return rows
    positions = {id(i): n for n, i in enumerate(project.indicators)}
    used = {positions[id(i)]: a for a, i in found if i is not None and id(i) in positions}
    refs = [
        IndicatorRef(name=i.name, level1=i.level1, level2=i.level2, occurrence=o)
        for i, o in zip(project.indicators, occurrences(project), strict=True)
    ]
    empty = [
        (refs[n], i.target.text, None) for n, i in enumerate(project.indicators) if n not in used
    ]
    in_order = len(used) == len(found) and list(used) == sorted(used)
    if not in_order:
        return rows + empty
    merged: list[tuple[IndicatorRef, str, Actual | None]] = []
    for n, i in enumerate(project.indicators):
        actual = used.get(n)
        merged.append(
            (actual.indicator, i.target.text, actual)
            if actual is not None
            else (refs[n], i.target.text, None)
        )
    return merged


def _template_rows(ruleset: Ruleset) -> TableRows:
    indicator_rows: list[dict[Column, str]] = []
    funds_rows: list[dict[Column, str]] = []
    for project in ruleset.projects:
        budget = project.budget.value if project.budget is not None else None
        funds_rows.append(_funds_cells(project.name, project.code, budget, None, None, None))
        for indicator, occurrence in zip(project.indicators, occurrences(project), strict=True):
            ref = IndicatorRef(
                name=indicator.name,
                level1=indicator.level1,
                level2=indicator.level2,
                occurrence=occurrence,
            )
            indicator_rows.append(
                {
                    **_ref_cells(project.name, project.code, ref),
                    Column.TARGET: indicator.target.text,
                    **_actual_cells(None),
                }
            )
    return TableRows(indicator_rows, funds_rows)


def _funds_cells(
    name: str,
    code: str | None,
    initial: Decimal | None,
    adjusted: Decimal | None,
    executed: Decimal | None,
    explanation: str | None,
) -> dict[Column, str]:
    return {
        Column.CODE: code or "",
        Column.PROJECT: name,
        Column.INITIAL_BUDGET: wan(initial),
        Column.ADJUSTED_BUDGET: wan(adjusted),
        Column.EXECUTED: wan(executed),
        Column.EXPLANATION: explanation or "",
    }


def _ref_cells(name: str, code: str | None, ref: IndicatorRef) -> dict[Column, str]:
    return {
        Column.CODE: code or "",
        Column.PROJECT: name,
        Column.LEVEL1: LEVEL1_LABELS[ref.level1] + "指标" if ref.level1 is not None else "",
        Column.LEVEL2: LEVEL2_LABELS[ref.level2] + "指标" if ref.level2 is not None else "",
        Column.INDICATOR: ref.name,
        Column.OCCURRENCE: "" if ref.occurrence is None else str(ref.occurrence),
    }


def _actual_cells(actual: Actual | None) -> dict[Column, str]:
    if actual is None:
        return {
            Column.ACTUAL: "",
            Column.TIER: "",
            Column.POINTS: "",
            Column.NOT_APPLICABLE: "",
            Column.EXPLANATION: "",
        }
    return {
        Column.ACTUAL: actual.value.text if actual.value is not None else "",
        Column.TIER: actual.tier.value if actual.tier is not None else "",
        Column.POINTS: format(actual.points, "f") if actual.points is not None else "",
        Column.NOT_APPLICABLE: "是" if actual.not_applicable else "",
        Column.EXPLANATION: actual.explanation or "",
    }


def combined_rows(rows: TableRows) -> list[dict[Column, str]]:
    """The single-table layout (CSV): each project's funds row, then its indicator rows."""
    by_project: dict[tuple[str, str], list[dict[Column, str]]] = {}
    for r in rows.indicators:
        by_project.setdefault((r[Column.PROJECT], r[Column.CODE]), []).append(r)
    out: list[dict[Column, str]] = []
    for funds in rows.funds:
        out.append(funds)
        out.extend(by_project.get((funds[Column.PROJECT], funds[Column.CODE]), []))
    return out


COMBINED_COLUMNS: tuple[Column, ...] = (*INDICATOR_COLUMNS[:-1], *MONEY_COLUMNS, Column.EXPLANATION)
