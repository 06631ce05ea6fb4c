"""The rows under an indicator header: level labels carried down, placeholders, totals, the
blocks outside the hierarchy, and each indicator row with its target, actual and points.

Level cells: a label (on a row of its own, or on the first row of a merged block) sets the level
of the rows under it until the next label; a label's points (`产出指标(50分)`) are the block's
weight; a lost level 1 (`(50分)`) is taken from its level 2; a table with no level columns, or a
level 2 that is not one perfgoals knows, files the row under a guessed level and says so. Rows
under `决策`/`过程`/`管理` are reported as outside the target hierarchy. Template rows left
unfilled (`指标2:`, `……`, `≥**%`, `/ / /`) are reported as placeholders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..i18n import _
from ..language.assessment import Actual, Assessment, IndicatorRef, Origin
from ..language.model import (
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    Indicator,
    Level1,
    Level2,
    Nature,
    Ruleset,
)
from ..language.values import Comparison, Qualitative, parse_value
from ..tables.grid import Row, Sheet
from .build import (
    COMPARATOR_LOOKALIKES,
    Levels,
    RowProblem,
    make_indicator,
    read_budget,
    read_number,
)
from .build import target_text as joined_value
from .columns import Column, fold
from .grades import grade_criteria
from .headers import Header
from .levels import LEVEL1_OF_LEVEL2, guess_level1, guess_level2, read_label
from .periods import long_term
from .preamble import Funds, Preamble
from .published import PublishedIndicator, PublishedScores
from .report import ImportReport, NoteKind
from .slots import clean

_TOTAL_WORDS = ("总分", "合计", "总计", "小计", "total", "自评总分", "项目总得分")
_PLACEHOLDER_NAME = re.compile(r"^(?:指标\s*\d+\s*[:：]?|[\s\-－—–/／.。·…]+|[xX×*＊]+)$")
_PLACEHOLDER_VALUE = re.compile(r"[*＊]{1,}|^[xX×]+$")
_NAME_UNIT = re.compile(r"[(（]\s*(%|‰|[\u4e00-\u9fff]{1,3})\s*[)）]\s*$")


@dataclass
class Imported:
    """What an import produced: always a ruleset and its report; for self-assessment tables
    also the assessment and the published points."""

    ruleset: Ruleset
    report: ImportReport
    assessment: Assessment | None = None
    published: PublishedScores | None = None


@dataclass
class TableProject:
    """A project being assembled from the rows of a block."""

    name: str
    origin: Origin
    code: str | None = None
    budget: Comparison | None = None
    goals: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    actuals: list[tuple[int, Actual]] = field(default_factory=list)  # (indicator index, actual)
    published: list[tuple[int, PublishedIndicator]] = field(default_factory=list)
    funds: Funds = field(default_factory=Funds)
    explanation: str | None = None
    total: Decimal | None = None
    total_origin: Origin | None = None
    assessed: bool = False
    fields: dict[str, str] = field(default_factory=dict)
    level_points: dict[Level1, tuple[Decimal, Origin]] = field(default_factory=dict)


class SheetContext:
    """The sheet being read and the report its rows are accounted in."""

    def __init__(self, sheet: Sheet, report: ImportReport) -> None:
        self.sheet = sheet
        self.report = report

    def origin(self, row: Row, column: int = 0) -> Origin:
        return Origin(
            path=self.sheet.path,
            line=row.number,
            column=column + 1 if column >= 0 else 0,
            sheet=self.sheet.name,
        )

    def leave_out(self, kind: NoteKind, row: Row, reason: str, column: str | None = None) -> None:
        self.report.leave_out(kind, row.number, reason, sheet=self.sheet.name, column=column)

    def remark(self, kind: NoteKind, row: Row, reason: str, column: str | None = None) -> None:
        self.report.remark(kind, row.number, reason, sheet=self.sheet.name, column=column)


@dataclass
class _State:
    """The levels in force, carried down from the label rows above."""

    level1: Level1 | None = None
    level2: Level2 | None = None
    outside: bool = False
    unknown1: str = ""
    unknown2: str = ""


def _is_total(row: Row) -> bool:
    first = next((c for c in row.cells if c), "")
    return fold(first).startswith(_TOTAL_WORDS)


class BlockReader:
    """Reads the rows of one block into projects."""

    def __init__(
        self,
        context: SheetContext,
        header: Header,
        header_row: Row,
        preamble: Preamble,
        default_name: str,
    ) -> None:
        self.context = context
        self.header = header
        self.columns = header.columns
        self.header_row = header_row
        self.preamble = preamble
        self.default_name = default_name
        self.assessed = Column.ACTUAL in self.columns
        self.projects: list[TableProject] = []

    def start(self, name: str, row: Row) -> TableProject:
        project = TableProject(name=name, origin=self.context.origin(row), assessed=self.assessed)
        self.projects.append(project)
        return project

    def read(self, rows: list[Row], _rest: list[Row]) -> list[TableProject]:
        context, columns, preamble = self.context, self.columns, self.preamble
        current: TableProject | None = None
        if Column.PROJECT not in columns:
            current = self.start(preamble.name or self.default_name, self.header_row)
            current.code = preamble.code
            current.budget = preamble.budget or preamble.funds.budget
            current.goals.extend(preamble.goals)
            current.funds, current.explanation = preamble.funds, preamble.explanation
            current.fields = dict(preamble.fields)
            current.total, current.total_origin = preamble.total, preamble.total_origin
        state = _State()
        for row in rows:
            if self.header.rows:
                self.check_width(row)
            if _is_total(row):
                if current is None:
                    context.leave_out(NoteKind.REJECTED, row, _("总分 row before any project"))
                    continue
                self.total(row, current)
                continue
            used = False
            name_cell = row.cell(columns.get(Column.PROJECT))
            if name_cell and not row.is_merged_copy(columns.get(Column.PROJECT)):
                current = self.start(name_cell, row)
                state = _State()
                used = True
            if current is None:
                context.leave_out(
                    NoteKind.REJECTED,
                    row,
                    _("no 项目名称 on this row or above it"),
                    column="项目名称",
                )
                continue
            try:
                used = self.project_cells(row, current) or used
                state = self.indicator_row(row, current, state, used)
            except RowProblem as problem:
                context.leave_out(
                    NoteKind.REJECTED,
                    row,
                    problem.reason,
                    column=problem.column.value if problem.column else None,
                )
        return self.projects

    def check_width(self, row: Row) -> None:
        """A filled cell right of the header's last column has no column to go to."""
        from .report import table_error

        width = self.header.width
        extra = [i for i in range(width, len(row.cells)) if row.cells[i]]
        if extra:
            raise table_error(
                self.context.sheet.where,
                row.number,
                _(
                    "the row has a value in column {column}, the header only {width} columns: "
                    "{text!r} is outside the table",
                    column=extra[0] + 1,
                    width=width,
                    text=row.cells[extra[0]][:30],
                ),
                column=extra[0] + 1,
            )

    def project_cells(self, row: Row, project: TableProject) -> bool:
        """Code, budget and goals given on an indicator row (merged copies are not repeats)."""
        from .goals import split_goals

        used = False
        for column in (Column.CODE, Column.BUDGET, Column.GOAL):
            index = self.columns.get(column)
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

    def cells_of(self, row: Row) -> dict[Column, str]:
        texts, width = row.cells, len(row.cells)
        cells = {
            column: clean(texts[i], column) if i < width else ""
            for column, i in self.columns.items()
        }
        # A row shifted one column right (`| 满意度指标 | 服务对象满意度指标 | name …`).
        l1, l2 = self.columns.get(Column.LEVEL1), self.columns.get(Column.LEVEL2)
        if (
            l1 is not None
            and l2 == l1 + 1
            and not row.cell(l1)
            and row.cell(l2)
            and read_label(row.cell(l2), level=1) is not None
            and read_label(row.cell(l2), level=1).level2 is None  # type: ignore[union-attr]
            and read_label(row.cell(l2 + 1), level=2) is not None
        ):
            shifted = Row(row.number, row.cells[1:])
            cells = {column: clean(shifted.cell(i), column) for column, i in self.columns.items()}
            self.context.remark(
                NoteKind.NOTE, row, _("the row stands one column right: read shifted")
            )
        return cells

    def levels(self, cells: dict[Column, str], state: _State, row: Row) -> tuple[_State, bool]:
        """The levels after this row's level cells; whether it had a level label."""
        l1_text, l2_text = cells.get(Column.LEVEL1, ""), cells.get(Column.LEVEL2, "")
        labelled = False
        new = _State(state.level1, state.level2, state.outside, state.unknown1, state.unknown2)
        if l1_text:
            labelled = True
            label = read_label(l1_text, level=1)
            new = _State()
            if label is None:
                new.unknown1 = l1_text
            else:
                new.outside = label.outside
                new.level1 = label.level1
                new.level2 = label.level2 if not l2_text else None
                if label.points is not None and label.level1 is not None:
                    self.block_points(label.level1, label.points, row)
                if label.scrambled:
                    self.context.remark(
                        NoteKind.NOTE,
                        row,
                        _(
                            "一级指标 {text!r} read as {level1}",
                            text=l1_text,
                            level1=_l1(label.level1),
                        ),
                    )
                if label.level1 is None and label.points is not None:
                    new.unknown1 = l1_text  # `(50分)`: the name was lost, the level 2 tells it
        if l2_text:
            labelled = True
            label = read_label(l2_text, level=2)
            if label is None:
                new.level2, new.unknown2 = None, l2_text
            elif label.outside:
                new.outside = True
            else:
                new.level2, new.unknown2 = label.level2, ""
                new.outside = False
                if new.level1 is None:
                    new.level1 = label.level1
                    if l1_text or new.unknown1:
                        self.context.remark(
                            NoteKind.GUESSED,
                            row,
                            _(
                                "一级指标 {text!r} is not a level name: {level1}, the level of "
                                "二级 {level2!r}",
                                text=l1_text or new.unknown1,
                                level1=_l1(new.level1),
                                level2=l2_text,
                            ),
                        )
                    pending = self.pending_points
                    if pending is not None and new.level1 is not None:
                        self.block_points(new.level1, pending[0], pending[1])
                        self.pending_points = None
        return new, labelled

    pending_points: tuple[Decimal, Row] | None = None

    def block_points(self, level1: Level1 | None, points: Decimal, row: Row) -> None:
        if level1 is None:
            self.pending_points = (points, row)
            return
        project = self.projects[-1]
        project.level_points.setdefault(level1, (points, self.context.origin(row)))

    def indicator_row(self, row: Row, project: TableProject, state: _State, used: bool) -> _State:
        context, columns = self.context, self.columns
        raw_cells = {column: row.cell(i) for column, i in columns.items()}
        cells = self.cells_of(row)
        l1_text = cells.get(Column.LEVEL1, "")
        if l1_text and read_label(l1_text, level=1) is None and not cells.get(Column.LEVEL2):
            # `(50分)` with no level 2 on the row: the points wait for the level 2 below.
            from .levels import split_points

            name, points = split_points(l1_text)
            if points is not None and not name:
                self.pending_points = (points, row)
        state, labelled = self.levels(cells, state, row)
        name = cells.get(Column.LEVEL3, "")
        target_text = cells.get(Column.TARGET, "")
        actual_text = cells.get(Column.ACTUAL, "")
        placeholder = any(
            raw_cells.get(c, "") and not cells.get(c, "")
            for c in (Column.LEVEL3, Column.TARGET, Column.ACTUAL)
        )
        if not name and not target_text and not actual_text:
            if labelled or used:
                context.report.use()
            elif placeholder:
                context.leave_out(NoteKind.PLACEHOLDER, row, _("a template row left unfilled"))
            else:
                context.leave_out(NoteKind.IGNORED, row, _("no 三级指标 and no 指标值 on this row"))
            return state
        if state.outside:
            context.leave_out(
                NoteKind.OUTSIDE,
                row,
                _(
                    "{name!r}: a 决策/过程/管理 block of the evaluation template, outside the "
                    "target hierarchy",
                    name=name[:30],
                ),
            )
            return state
        if (name and _PLACEHOLDER_NAME.match(name) and not target_text) or (
            _PLACEHOLDER_VALUE.search(target_text) and not actual_text
        ):
            context.leave_out(
                NoteKind.PLACEHOLDER,
                row,
                _("a template placeholder: {text!r}", text=name or target_text),
            )
            return state
        if not name:
            raise RowProblem(
                _("a 指标值 {target!r} with no 三级指标 (name)", target=target_text[:30]),
                Column.LEVEL3,
            )
        level1, level2 = state.level1, state.level2
        if level1 is None:
            if state.unknown1 and Column.LEVEL1 in columns and level2 is None:
                raise RowProblem(
                    _(
                        "unknown 一级指标 {text!r}: expected 产出指标, 效益指标, 满意度指标 or "
                        "成本指标",
                        text=state.unknown1,
                    ),
                    Column.LEVEL1,
                )
            if (
                self.header.rows
                and Column.LEVEL1 in columns
                and Column.LEVEL2 in columns
                and not state.unknown2
            ):
                raise RowProblem(_("no 一级指标 on this row or above it"), Column.LEVEL1)
            level1 = LEVEL1_OF_LEVEL2[level2] if level2 is not None else guess_level1(name)
            if level2 is not None:
                context.remark(
                    NoteKind.GUESSED,
                    row,
                    _(
                        "{name!r}: no 一级指标 printed, filed under {level1}",
                        name=name[:30],
                        level1=_l1(level1),
                    ),
                )
        target_text = target_text.translate(COMPARATOR_LOOKALIKES)
        cells[Column.TARGET] = target_text
        if level2 is None:
            guessed = guess_level2(level1, name, _value(target_text))
            if (
                state.unknown2
                and Column.LEVEL2 in columns
                and _known_level2_expected(state.unknown2)
            ):
                raise RowProblem(
                    _(
                        "unknown 二级指标 {text!r}: expected 数量指标, 质量指标, 时效指标, "
                        "成本指标, 社会效益指标, 经济效益指标, 生态效益指标, 可持续影响指标 or "
                        "服务对象满意度指标",
                        text=state.unknown2,
                    ),
                    Column.LEVEL2,
                )
            if state.unknown2:
                why = _("二级指标 {text!r} is not a level name", text=state.unknown2)
            elif state.level1 is None:
                why = _("no levels printed")
            else:
                why = _("no 二级指标 printed")
            where = _l2(guessed) if state.level1 else f"{_l1(level1)} / {_l2(guessed)}"
            context.remark(
                NoteKind.GUESSED,
                row,
                _("{name!r}: {why}, filed under {where}", name=name[:30], why=why, where=where),
            )
            level2 = guessed
        levels = Levels(level1, level2)
        target_text = long_term(context, row, cells, name, target_text)
        grades, target_text = grade_criteria(context, row, cells, name, target_text)
        if not target_text and not (
            cells.get(Column.NATURE)
            and not _is_nature_word(cells.get(Column.NATURE, "").translate(COMPARATOR_LOOKALIKES))
        ):
            if not actual_text:
                raise RowProblem(_("indicator {name!r} has no 指标值", name=name), Column.TARGET)
            cells[Column.TARGET] = "不适用"
            context.remark(
                NoteKind.NOTE, row, _("{name!r}: no 指标值 printed, read as 不适用", name=name[:30])
            )
        nature = cells.get(Column.NATURE, "").translate(COMPARATOR_LOOKALIKES)
        cells[Column.NATURE] = nature
        if nature and not target_text.strip() and not _is_nature_word(nature):
            # A qualitative value written in the 指标性质 column (`有效`, nothing beside it).
            cells[Column.TARGET], cells[Column.NATURE] = nature, ""
            nature = ""
        if nature in ("定量", "定量指标"):
            cells[Column.NATURE] = ""
        elif nature.endswith("指标") or ("性" in nature and nature not in ("定性",)):
            cells[Column.NATURE] = "定性" if "定" in nature and "性" in nature else ""
        unit = _NAME_UNIT.search(name)
        if unit and not cells.get(Column.UNIT):
            # `带动贫困户(人) | 11442`: the unit is in the name, the number stands bare.
            for column in (Column.TARGET, Column.ACTUAL):
                if re.fullmatch(r"\d+(?:\.\d+)?", cells.get(column, "").strip()):
                    cells[column] = cells[column].strip() + unit.group(1)
        indicator = make_indicator(levels, cells, grades)
        if self.assessed:
            self.assessment_cells(row, cells, indicator, project)
        project.indicators.append(indicator)
        context.report.use()
        return state

    def assessment_cells(
        self, row: Row, cells: dict[Column, str], indicator: Indicator, project: TableProject
    ) -> None:
        actual_text = cells.get(Column.ACTUAL, "").translate(COMPARATOR_LOOKALIKES)
        value = None
        if actual_text:
            unit = cells.get(Column.UNIT, "")
            value = _value(actual_text)
            if unit and isinstance(value, Comparison) and value.unit is None:
                value = _value(joined_value(actual_text, "", unit)) or value
        try:
            points = read_number(cells.get(Column.POINTS, ""), "得分", Column.POINTS)
        except RowProblem as problem:
            self.context.remark(
                NoteKind.NOTE, row, _("{reason}: not read", reason=problem.reason), column="points"
            )
            points = None
        qualitative = isinstance(indicator.target, Qualitative) or (
            indicator.nature is Nature.QUALITATIVE
        )
        origin = self.context.origin(row, self.columns.get(Column.ACTUAL, 0))
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
                    indicator=ref,
                    weight=indicator.weight,
                    points=points,
                    origin=self.context.origin(row),
                ),
            )
        )

    def total(self, row: Row, project: TableProject) -> None:
        """The 总分 / 合计 row: its last number is the total (`总分 | 100 | 96 | 优`)."""
        numbers = []
        for cell in row.cells[1:]:
            try:
                number = read_number(cell, "总分", Column.POINTS)
            except RowProblem:
                continue
            if number is not None:
                numbers.append(number)
        if not numbers:
            self.context.leave_out(
                NoteKind.REJECTED, row, _("总分 row with no number"), column="points"
            )
            return
        project.total = numbers[-1]
        project.total_origin = self.context.origin(row)
        self.context.report.use()


def _value(text: str):  # type: ignore[no-untyped-def]
    from ..language.errors import ValueSyntaxError

    if not text:
        return None
    try:
        return parse_value(text)
    except ValueSyntaxError:
        return Qualitative(text=text)


def _is_nature_word(text: str) -> bool:
    from .build import is_nature_cell

    return is_nature_cell(text)


def _known_level2_expected(text: str) -> bool:
    """A level-2 cell that looks like a misspelt level name (`产量指标`), not a free label."""
    folded = fold(text)
    return (
        folded.endswith("指标")
        and len(folded) <= 6
        and not any(w in folded for w in ("满意", "效益", "成本"))
    )


def _l1(level: Level1 | None) -> str:
    return LEVEL1_LABELS[level] + "指标" if level else "?"


def _l2(level: Level2) -> str:
    return LEVEL2_LABELS[level] + "指标"
