"""Target tables and self-assessment tables (CSV or .xlsx sheets) → ruleset, assessment.

A sheet holds one or more *blocks*. A block is an indicator header row (一级指标 · 二级指标 ·
三级指标 · 指标值, found by name anywhere in the row) with the rows under it, preceded by optional
form rows: `项目名称 | X`, `项目编码 | X`, `预算 | X`, `绩效目标 | 1.… 2.…` (or the self-assessment
`年度总体目标 | 预期目标 | 实际完成情况` pair) and the funds block (年初预算数 · 全年预算数 ·
全年执行数 · 分值 · 执行率 · 得分). A block ends at the next form row, the next header or a
总分 row.

Which project a row belongs to: the 项目名称 column where the header has one (several projects
per block; an empty or merged cell continues the project above, a filled cell starts a new
one); otherwise the block's `项目名称` form row; otherwise the sheet's name (workbooks) or the
file's name (CSV). Level-1 and level-2 cells left empty are carried down from the row above.

A block whose header also has 实际完成值 (or 完成值) is a self-assessment: it yields the
indicators with their targets and weights for the ruleset, the actual values for the
assessment, and the published 分值/得分 for the audit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..i18n import _
from ..language.assessment import Actual, Assessment, IndicatorRef, Origin, ProjectActuals
from ..language.errors import ValueSyntaxError
from ..language.model import Goal, Header, Indicator, Nature, Project, Ruleset
from ..language.values import Comparison, Qualitative, parse_value
from ..tables.grid import Row, Sheet
from .build import Levels, RowProblem, make_indicator, read_budget, read_levels, read_number
from .build import target_text as joined_value
from .columns import Column, bare, column_of, expected_names, fold
from .goals import split_goals
from .published import PublishedIndicator, PublishedProject, PublishedScores
from .report import ImportReport, NoteKind, table_error

_NEEDED = (Column.LEVEL1, Column.LEVEL2, Column.LEVEL3, Column.TARGET)
_FORM_LABELS = frozenset({Column.PROJECT, Column.CODE, Column.BUDGET})
_TOTAL_WORDS = frozenset({"总分", "合计", "总计", "total"})
_DEFAULT_SHEET_NAMES = frozenset({"sheet", "sheet1", "工作表1", "表1"})

# The funds block of a self-assessment (folded header → field).
_FUNDS: dict[str, str] = {
    "年初预算数": "initial",
    "全年预算数": "adjusted",
    "调整后预算数": "adjusted",
    "全年执行数": "executed",
    "执行数": "executed",
    "分值": "weight",
    "执行率": "rate",
    "得分": "points",
}
_GOAL_EXPECTED = frozenset({"预期目标", "年度目标", "目标"})
_GOAL_ACTUAL = frozenset({"实际完成情况", "完成情况", "实际完成"})


@dataclass
class Imported:
    """What an import produced: always a ruleset and its report; for self-assessment tables
    also the assessment and the published points."""

    ruleset: Ruleset
    report: ImportReport
    assessment: Assessment | None = None
    published: PublishedScores | None = None


@dataclass
class _Funds:
    initial: Decimal | None = None
    adjusted: Decimal | None = None
    executed: Decimal | None = None
    weight: Decimal | None = None
    rate: str | None = None
    points: Decimal | None = None
    origin: Origin | None = None


@dataclass
class _Project:
    """A project being assembled from the rows of a block."""

    name: str
    origin: Origin
    code: str | None = None
    budget: Comparison | None = None
    goals: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    actuals: list[tuple[int, Actual]] = field(default_factory=list)  # (indicator index, actual)
    published: list[tuple[int, PublishedIndicator]] = field(default_factory=list)
    funds: _Funds = field(default_factory=_Funds)
    explanation: str | None = None
    total: Decimal | None = None
    total_origin: Origin | None = None
    assessed: bool = False


@dataclass
class _Preamble:
    name: str | None = None
    code: str | None = None
    budget: Comparison | None = None
    goals: list[str] = field(default_factory=list)
    explanation: str | None = None
    funds: _Funds = field(default_factory=_Funds)


def import_sheets(path: str, sheets: list[Sheet], *, policy: str = "central") -> Imported:
    """Import every block of every sheet; an unrecognised layout is an error naming the header."""
    report = ImportReport(path)
    projects: list[_Project] = []
    recognised = False
    for sheet in sheets:
        reader = _SheetReader(sheet, report, default_name=_default_name(path, sheet, len(sheets)))
        found = reader.read()
        recognised = recognised or reader.recognised
        projects.extend(found)
    if not recognised:
        first = next((row for sheet in sheets for row in sheet.rows if not row.empty), None)
        where = sheets[0].where if sheets else path
        raise table_error(
            where,
            first.number if first else 1,
            _(
                "unrecognised layout: no indicator header row; expected a row naming {needed}",
                needed=expected_names(_NEEDED),
            ),
            column=1,
        )
    return _assemble(path, projects, report, policy)


def _default_name(path: str, sheet: Sheet, sheet_count: int) -> str:
    if sheet.name and (sheet_count > 1 or fold(sheet.name) not in _DEFAULT_SHEET_NAMES):
        return sheet.name
    return Path(path).stem


def _header_columns(row: Row) -> dict[Column, int] | None:
    columns: dict[Column, int] = {}
    for i, cell in enumerate(row.cells):
        column = column_of(cell)
        if column is not None and column not in columns:
            columns[column] = i
    return columns if all(c in columns for c in _NEEDED) else None


def _first(row: Row) -> tuple[int, str]:
    for i, cell in enumerate(row.cells):
        if cell:
            return i, cell
    return -1, ""


def _funds_columns(row: Row) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for i, cell in enumerate(row.cells):
        key = _FUNDS.get(bare(cell))
        if key is not None and key not in columns:
            columns[key] = i
    return columns if {"adjusted", "executed"} <= set(columns) else None


def _is_form_row(row: Row) -> bool:
    _column, first = _first(row)
    column = column_of(first)
    return (
        column in _FORM_LABELS
        or column is Column.GOAL
        or fold(first) in ("年度总体目标",)
        or (_funds_columns(row) is not None)
    )


def _is_total_row(row: Row) -> bool:
    _column, first = _first(row)
    return fold(first) in _TOTAL_WORDS


class _SheetReader:
    """Reads the blocks of one sheet, reporting every non-empty row."""

    def __init__(self, sheet: Sheet, report: ImportReport, default_name: str) -> None:
        self.sheet = sheet
        self.report = report
        self.default_name = default_name
        self.recognised = False

    def origin(self, row: Row, column: int = 0) -> Origin:
        return Origin(
            path=self.sheet.path,
            line=row.number,
            column=column + 1 if column >= 0 else 0,
            sheet=self.sheet.name,
        )

    def leave_out(self, kind: NoteKind, row: Row, reason: str, column: str | None = None) -> None:
        self.report.leave_out(kind, row.number, reason, sheet=self.sheet.name, column=column)

    def read(self) -> list[_Project]:
        rows = [row for row in self.sheet.rows if not row.empty]
        self.report.read(len(rows))
        headers = [i for i, row in enumerate(rows) if _header_columns(row) is not None]
        if not headers:
            for row in rows:
                self.leave_out(NoteKind.IGNORED, row, _("no indicator header row in this sheet"))
            return []
        self.recognised = True
        projects: list[_Project] = []
        start = 0
        for n, h in enumerate(headers):
            preamble = self.preamble(rows[start:h])
            self.report.use()  # the header row
            end = headers[n + 1] if n + 1 < len(headers) else len(rows)
            data_end = h + 1
            while data_end < end and not _is_form_row(rows[data_end]):
                data_end += 1
                if _is_total_row(rows[data_end - 1]):
                    break
            columns = _header_columns(rows[h])
            assert columns is not None
            projects.extend(self.block(rows[h], columns, rows[h + 1 : data_end], preamble))
            start = data_end
        for row in rows[start:]:
            self.leave_out(NoteKind.IGNORED, row, _("below the last table and not part of it"))
        return projects

    # ---- form rows above a header ------------------------------------------------------
    def preamble(self, rows: list[Row]) -> _Preamble:
        found = _Preamble()
        funds: dict[str, int] | None = None
        goal_columns: tuple[int | None, int | None] | None = None
        for row in rows:
            index, first = _first(row)
            if goal_columns is not None:
                expected, actual = goal_columns
                found.goals.extend(split_goals(row.cell(expected)))
                found.explanation = row.cell(actual) or None
                goal_columns = None
                self.report.use()
                continue
            columns = _funds_columns(row)
            if columns is not None:
                funds = columns
                self.report.use()
                continue
            if column_of(first) is Column.GOAL or fold(first) == "年度总体目标":
                rest = [(i, cell) for i, cell in enumerate(row.cells) if cell and i > index]
                expected = next((i for i, c in rest if fold(c) in _GOAL_EXPECTED), None)
                actual = next((i for i, c in rest if fold(c) in _GOAL_ACTUAL), None)
                if expected is not None:
                    goal_columns = (expected, actual)
                else:
                    found.goals.extend(g for _at, cell in rest for g in split_goals(cell))
                self.report.use()
                continue
            if self.form_row(row, found):
                self.report.use()
                continue
            if funds is not None and any(
                "资金总额" in fold(c) for c in row.cells[: min(funds.values())]
            ):
                found.funds = self.funds_row(row, funds)
                self.report.use()
            elif funds is not None:
                # Name the row by its own label, not by the merged 项目资金 cell beside it.
                label = next(
                    (
                        cell
                        for i, cell in enumerate(row.cells[: min(funds.values())])
                        if cell and not row.is_merged_copy(i)
                    ),
                    first,
                )
                self.leave_out(
                    NoteKind.IGNORED,
                    row,
                    _("funds row {label!r}: only the 年度资金总额 row is read", label=label[:30]),
                )
            else:
                self.leave_out(
                    NoteKind.IGNORED,
                    row,
                    _(
                        "not read: {first!r} is not 项目名称, 项目编码, 预算, 绩效目标 or a "
                        "funds row",
                        first=first[:30],
                    ),
                )
        return found

    def form_row(self, row: Row, found: _Preamble) -> bool:
        """`项目名称 | X | 主管部门 | Y …`: the labels perfgoals knows, each with the next cell."""
        read = False
        cells = row.cells
        for i, cell in enumerate(cells):
            column = column_of(cell)
            if column not in _FORM_LABELS:
                continue
            value = next((c for c in cells[i + 1 :] if c), "")
            if not value or column_of(value) is not None:
                continue
            read = True
            if column is Column.PROJECT:
                found.name = value
            elif column is Column.CODE:
                found.code = value
            else:
                try:
                    found.budget = read_budget(value)
                except RowProblem as problem:
                    raise table_error(
                        self.sheet.where, row.number, problem.reason, column=i + 2, column_name=cell
                    ) from None
        return read

    def funds_row(self, row: Row, columns: dict[str, int]) -> _Funds:
        def money(key: str) -> Decimal | None:
            text = row.cell(columns.get(key))
            if not text:
                return None
            try:
                return _in_yuan(read_budget(text, unit_if_bare="万元"))
            except RowProblem as problem:
                raise table_error(
                    self.sheet.where,
                    row.number,
                    problem.reason,
                    column=(columns.get(key) or 0) + 1,
                    column_name=key,
                ) from None

        def number(key: str) -> Decimal | None:
            try:
                return read_number(row.cell(columns.get(key)), key, Column.POINTS)
            except RowProblem as problem:
                raise table_error(
                    self.sheet.where,
                    row.number,
                    problem.reason,
                    column=(columns.get(key) or 0) + 1,
                    column_name=key,
                ) from None

        return _Funds(
            money("initial"),
            money("adjusted"),
            money("executed"),
            number("weight"),
            row.cell(columns.get("rate")) or None,
            number("points"),
            self.origin(row),
        )

    # ---- the rows under a header --------------------------------------------------------
    def block(
        self, header: Row, columns: dict[Column, int], rows: list[Row], preamble: _Preamble
    ) -> list[_Project]:
        assessed = Column.ACTUAL in columns
        projects: list[_Project] = []
        current: _Project | None = None
        levels = Levels()

        def start(name: str, row: Row) -> _Project:
            project = _Project(name=name, origin=self.origin(row), assessed=assessed)
            projects.append(project)
            return project

        if Column.PROJECT not in columns:
            current = start(preamble.name or self.default_name, header)
            current.code, current.budget = preamble.code, preamble.budget
            current.goals.extend(preamble.goals)
            current.funds, current.explanation = preamble.funds, preamble.explanation

        for row in rows:
            self.check_width(header, row)
            if _is_total_row(row):
                if current is None:
                    self.leave_out(NoteKind.REJECTED, row, _("总分 row before any project"))
                    continue
                current.total = self.total(row, columns)
                current.total_origin = self.origin(row)
                self.report.use()
                continue
            used = False
            name_cell = row.cell(columns.get(Column.PROJECT))
            if name_cell and not row.is_merged_copy(columns.get(Column.PROJECT)):
                current = start(name_cell, row)
                levels = Levels()
                used = True
            if current is None:
                self.leave_out(
                    NoteKind.REJECTED,
                    row,
                    _("no 项目名称 on this row or above it"),
                    column="项目名称",
                )
                continue
            try:
                used = self.project_cells(row, columns, current) or used
            except RowProblem as problem:
                self.leave_out(
                    NoteKind.REJECTED,
                    row,
                    problem.reason,
                    column=problem.column.value if problem.column else None,
                )
                continue
            cells = {column: row.cell(i) for column, i in columns.items()}
            if not cells[Column.LEVEL3] and not cells[Column.TARGET]:
                if used:
                    self.report.use()
                else:
                    self.leave_out(
                        NoteKind.IGNORED, row, _("no 三级指标 and no 指标值 on this row")
                    )
                continue
            try:
                levels = read_levels(cells[Column.LEVEL1], cells[Column.LEVEL2], levels)
                indicator = make_indicator(levels, cells)
                if assessed:
                    self.assessment_cells(row, columns, cells, indicator, current)
            except RowProblem as problem:
                levels = problem.levels or levels
                self.leave_out(
                    NoteKind.REJECTED,
                    row,
                    problem.reason,
                    column=problem.column.value if problem.column else None,
                )
                continue
            current.indicators.append(indicator)
            self.report.use()
        return projects

    def check_width(self, header: Row, row: Row) -> None:
        """A filled cell right of the header's last column has no column to go to."""
        extra = [i for i in range(len(header.cells), len(row.cells)) if row.cells[i]]
        if extra:
            raise table_error(
                self.sheet.where,
                row.number,
                _(
                    "the row has a value in column {column}, the header only {width} columns: "
                    "{cell!r} is outside the table",
                    column=extra[0] + 1,
                    width=len(header.cells),
                    cell=row.cells[extra[0]][:30],
                ),
                column=extra[0] + 1,
            )

    def project_cells(self, row: Row, columns: dict[Column, int], project: _Project) -> bool:
        """Code, budget and goals given on an indicator row (merged copies are not repeats)."""
        used = False
        for column in (Column.CODE, Column.BUDGET, Column.GOAL):
            index = columns.get(column)
            text = row.cell(index)
            if not text or row.is_merged_copy(index):
                continue
            used = True
            if column is Column.CODE:
                project.code = text
            elif column is Column.BUDGET:
                project.budget = read_budget(text)
            else:
                project.goals.extend(split_goals(text))
        return used

    def assessment_cells(
        self,
        row: Row,
        columns: dict[Column, int],
        cells: dict[Column, str],
        indicator: Indicator,
        project: _Project,
    ) -> None:
        actual_text = cells.get(Column.ACTUAL, "")
        value = None
        if actual_text:
            text = joined_value(actual_text, "", cells.get(Column.UNIT, ""))
            try:
                value = parse_value(text)
            except ValueSyntaxError as e:
                raise RowProblem(
                    f"cannot read 实际完成值 {text!r}: {e.message}", Column.ACTUAL
                ) from None
        points = read_number(cells.get(Column.POINTS, ""), "得分", Column.POINTS)
        qualitative = isinstance(indicator.target, Qualitative) or (
            indicator.nature is Nature.QUALITATIVE
        )
        origin = self.origin(row, columns.get(Column.ACTUAL, 0))
        index = len(project.indicators)
        ref = IndicatorRef(name=indicator.name, level1=indicator.level1, level2=indicator.level2)
        project.actuals.append(
            (
                index,
                Actual(
                    indicator=ref,
                    value=value,
                    # A qualitative rating is the assessor's own points; the rest are re-scored.
                    points=points if qualitative else None,
                    explanation=cells.get(Column.EXPLANATION) or None,
                    origin=origin,
                ),
            )
        )
        project.published.append(
            (
                index,
                PublishedIndicator(
                    indicator=ref, weight=indicator.weight, points=points, origin=self.origin(row)
                ),
            )
        )

    def total(self, row: Row, columns: dict[Column, int]) -> Decimal | None:
        index = columns.get(Column.POINTS)
        text = row.cell(index) if index is not None else ""
        if not text:
            text = next((c for c in reversed(row.cells) if c), "")
        try:
            return read_number(text, "总分", Column.POINTS)
        except RowProblem as problem:
            raise table_error(
                self.sheet.where,
                row.number,
                problem.reason,
                column=(index or 0) + 1,
                column_name="得分",
            ) from None


def _in_yuan(amount: Comparison) -> Decimal:
    """Funds of a self-assessment in 元 (the assessment's unit); bare numbers were read as 万元."""
    return amount.value


def _assemble(path: str, found: list[_Project], report: ImportReport, policy: str) -> Imported:
    projects = tuple(
        Project(
            name=p.name,
            code=p.code,
            budget=p.budget,
            goals=tuple(Goal(text=g) for g in p.goals),
            indicators=tuple(p.indicators),
        )
        for p in found
    )
    ruleset = Ruleset(header=Header(policy=policy), projects=projects)
    assessed = [p for p in found if p.assessed]
    if not assessed:
        return Imported(ruleset, report)
    assessment = Assessment(projects=tuple(_project_actuals(p) for p in assessed))
    published = PublishedScores(path=path, projects=tuple(_published(p) for p in assessed))
    return Imported(ruleset, report, assessment, published)


def _refs(project: _Project) -> list[IndicatorRef]:
    """Each indicator's reference, with `occurrence` where its name and levels repeat."""
    keys = [(i.name, i.level1, i.level2) for i in project.indicators]
    refs: list[IndicatorRef] = []
    for n, key in enumerate(keys):
        occurrence = keys[: n + 1].count(key) if keys.count(key) > 1 else None
        refs.append(IndicatorRef(name=key[0], level1=key[1], level2=key[2], occurrence=occurrence))
    return refs


def _project_actuals(project: _Project) -> ProjectActuals:
    refs = _refs(project)
    return ProjectActuals(
        project=project.name,
        code=project.code,
        initial_budget=project.funds.initial,
        adjusted_budget=project.funds.adjusted,
        executed=project.funds.executed,
        explanation=project.explanation,
        actuals=tuple(a.model_copy(update={"indicator": refs[i]}) for i, a in project.actuals),
        origin=project.origin,
    )


def _published(project: _Project) -> PublishedProject:
    refs = _refs(project)
    return PublishedProject(
        project=project.name,
        code=project.code,
        execution_weight=project.funds.weight,
        execution_rate=project.funds.rate,
        execution_points=project.funds.points,
        execution_origin=project.funds.origin,
        indicators=tuple(p.model_copy(update={"indicator": refs[i]}) for i, p in project.published),
        total=project.total,
        total_origin=project.total_origin,
    )
