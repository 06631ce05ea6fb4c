"""Reading actual values row by row: each project yielded as soon as its last row is read.

A row whose 三级指标 cell is empty is the project's funds row (年度资金总额). Rows of one project
stand together, so a caller can score a province's file without holding it. Every problem is a
diagnostic naming the file, the row and the column; nothing is dropped without one.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..i18n import _
from ..language.assessment import (
    Actual,
    IndicatorRef,
    Origin,
    ProjectActuals,
    checked,
)
from ..language.errors import Diagnostic, SourceError, ValueSyntaxError, capped
from ..language.model import (
    Level1,
    Level2,
    Ruleset,
    level1_of,
    level2_of,
)
from ..language.numbers import number_problem
from ..language.units import Dimension
from ..language.values import (
    Comparison,
    canonical,
    fold,
    parse_value,
)
from .columns import (
    FIELD,
    INDICATOR_ONLY,
    MAX_ERRORS,
    MONEY_COLUMNS,
    NO,
    NUMBER,
    REF_CACHE,
    SPACES,
    TIERS,
    YES,
    Cells,
    Column,
    Layout,
    Place,
    indicator_only,
    normal_word,
    read_header,
)
from .stated import StatedTarget, StatedTargets, TargetIndex


@dataclass(frozen=True)
class Funds:
    """A project's funds row: amounts in 元, and the project's own explanation."""

    initial_budget: Decimal | None
    adjusted_budget: Decimal | None
    executed: Decimal | None
    explanation: str | None
    origin: Origin


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
        stated: StatedTargets | None = None,
    ) -> None:
        self.place = place
        self.layout: Layout | None = None
        self.problems: list[Diagnostic] = []
        self.notes: list[Diagnostic] = []
        self.error_count = 0
        self._open: _OpenProject | None = None
        self._closed: dict[tuple[str, str | None], tuple[int, int]] = {}
        self._targets = TargetIndex(ruleset) if ruleset is not None else None
        self._stated = stated  # without the ruleset: kept for the caller to compare
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
            hidden = self.error_count - len(self.problems)
            raise SourceError(capped(self.problems, hidden, self.place.label))

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
                            _(
                                "value {value!r} in a column without a header",
                                value=cells[index].strip(),
                            ),
                        )
                    )
        if not stray and not any(values):
            return None  # a blank row
        name = values.project
        code = values.code or None
        if not name:
            self.report(self._problem(row, Column.PROJECT, _("the project name is empty")))
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
                        _(
                            "project {project} already ended at row {last} (rows {first}–{last}); "
                            "keep a project's rows together",
                            project=_project_label(name, code),
                            first=first,
                            last=last,
                        ),
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
                if values[FIELD[column]]:
                    self.report(
                        self._problem(
                            row,
                            column,
                            _(
                                "amounts belong on the project's funds row (a row with 三级指标 "
                                "empty)"
                            ),
                        )
                    )
        name = values.indicator
        level1 = level2 = None
        if text := values.level1:
            level1 = _level1(text)
            if level1 is None:
                self.report(
                    self._problem(
                        row, Column.LEVEL1, _("unknown level-1 indicator {text!r}", text=text)
                    )
                )
        if text := values.level2:
            level2 = _level2(text)
            if level2 is None:
                self.report(
                    self._problem(
                        row, Column.LEVEL2, _("unknown level-2 indicator {text!r}", text=text)
                    )
                )
        occurrence = None
        if text := values.occurrence:
            number = _decimal(text)
            if number is None or number != number.to_integral_value() or number < 1:
                self.report(
                    self._problem(
                        row, Column.OCCURRENCE, _("{text!r} is not a whole number ≥ 1", text=text)
                    )
                )
            else:
                occurrence = int(number)
        value = None
        if text := values.actual:
            try:
                value = parse_value(text)
            except ValueSyntaxError as e:
                self.report(
                    self._problem(
                        row,
                        Column.ACTUAL,
                        _("cannot read {text!r}: {reason}", text=text, reason=e.message),
                    )
                )
        tier = None
        if text := values.tier:
            tier = TIERS.get(normal_word(text))
            if tier is None:
                self.report(
                    self._problem(
                        row,
                        Column.TIER,
                        _("unknown tier {text!r}; use 达成, 部分达成 or 未达成", text=text),
                    )
                )
        points = None
        if text := values.points:
            points = _decimal(text.removesuffix("分"))
            if points is None or points < 0:
                self.report(
                    self._problem(
                        row, Column.POINTS, _("{text!r} is not a number of points ≥ 0", text=text)
                    )
                )
                points = None
        not_applicable = False
        if text := values.not_applicable:
            word = normal_word(text)
            if word in YES:
                not_applicable = True
            elif word not in NO:
                self.report(
                    self._problem(
                        row,
                        Column.NOT_APPLICABLE,
                        _("{text!r} is neither yes (是, √, 1) nor no (否, 0)", text=text),
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
                    _(
                        "indicator {label!r} of project {project} already given at row {row}",
                        label=label,
                        project=_project_label(project.name, project.code),
                        row=project.seen[dup_key],
                    ),
                )
            )
            return
        project.seen[dup_key] = row
        target = values.target
        if target and (self._targets is not None or self._stated is not None):
            stated = StatedTarget(
                project.name,
                project.code,
                ref,
                target,
                row,
                layout.columns[Column.TARGET] + 1,
            )
            if self._targets is not None:
                note = self._targets.compare(stated, self.place, layout.names[Column.TARGET])
                if note is not None:
                    self.notes.append(note)
            elif self._stated is not None:
                self._stated.keep(stated, self.place, layout.names[Column.TARGET])
        if value is not None and value.kind == "not_applicable":
            not_applicable = True  # `/`, `不适用` as the actual: as in the DSL
        explanation = values.explanation or None
        if value is None and tier is None and not not_applicable:
            if points is not None or explanation is not None:
                self.report(
                    self._problem(
                        row,
                        Column.ACTUAL,
                        _(
                            "得分 or an explanation without an actual value, 评价等级 or 不适用: "
                            "give one, or leave the row empty for no data"
                        ),
                    )
                )
            # An empty row names the indicator and gives nothing: scoring reports it as no data.
            return
        # Every field was checked above: the reference is built by _ref, the value by parse_value,
        # the tier comes from TIERS, points are a Decimal ≥ 0.
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
            if len(self._refs) >= REF_CACHE:
                self._refs.clear()
            name, level1, level2, occurrence = key
            ref = self._refs[key] = IndicatorRef(
                name=name, level1=level1, level2=level2, occurrence=occurrence
            )
        return ref

    def _funds_row(self, project: _OpenProject, values: Cells, row: int) -> None:
        layout = self.layout
        assert layout is not None
        for column in INDICATOR_ONLY if any(indicator_only(values)) else ():
            if values[FIELD[column]]:
                self.report(
                    self._problem(
                        row,
                        column,
                        _(
                            "the 三级指标 cell is empty: name the indicator (a row without one is "
                            "the project's funds row)"
                        ),
                    )
                )
                return
        amounts: dict[Column, Decimal | None] = {}
        for column in MONEY_COLUMNS:
            amounts[column] = None
            if text := values[FIELD[column]]:
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
                    _(
                        "second funds row of project {project} (the first is row {row})",
                        project=_project_label(project.name, project.code),
                        row=project.funds.origin.line,
                    ),
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
                self.report(
                    self._problem(row, column, _("{text!r} is not an amount of money", text=text))
                )
                return None
            amount = (
                value.value
            )  # a cell that names its own unit (12万元, 8000元) is taken as written
        if amount < 0:
            self.report(self._problem(row, column, _("{text!r} is negative", text=text)))
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
                        _(
                            "funds of project {project} are also given at {where}",
                            project=_project_label(project.name, project.code),
                            where=extra.origin.describe(),
                        ),
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
    folded = SPACES.sub("", text if text.isascii() else fold(text)).replace(",", "")
    if not NUMBER.fullmatch(folded):
        return None
    try:
        number = Decimal(folded)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numerals
        return None
    return None if number_problem(number) else number


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
