"""Progress as a table (CSV or .xlsx, through perfgoals.tables): the central monitoring form's
columns, one row per indicator, read into the same `Progress` as a `progress { … }` block;
and the fill-in template of those columns for a ruleset.

Columns are found by their header (Chinese as the form words them, or English). The month is
read from a `1-7月执行情况` header, else from a 月份 column, else it comes from --month. Amounts
are in 万元 unless the header says (元). Every cell that cannot be read is a positioned error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..actuals.columns import MAX_ERRORS, normal_word
from ..i18n import N_, _
from ..language.assessment import IndicatorRef, Origin, checked, checked_origin
from ..language.errors import Diagnostic, SourceError, ValueSyntaxError, capped
from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS, Ruleset, level1_of, level2_of
from ..language.progress import (
    NOT_FILLED,
    IndicatorProgress,
    Progress,
    ProjectProgress,
    cause_of,
    likelihood_of,
    plain_indicator_progress,
    progress_tier_of,
)
from ..language.values import NotApplicable, Value, canonical, parse_value
from ..tables.grid import Row

WAN = Decimal(10_000)

# field → header words (without spaces, case folded); the first is what the template writes.
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("项目编码", "项目代码", "code"),
    "project": ("项目名称", "project"),
    "level1": ("一级指标", "level1"),
    "level2": ("二级指标", "level2"),
    "indicator": ("三级指标", "指标名称", "indicator"),
    "occurrence": ("同名序号", "occurrence"),
    "target": ("年度指标值", "年度目标值", "target"),
    "current": ("当前完成值", "执行情况", "current"),
    "tier": ("评价等级", "完成情况评价", "tier"),
    "forecast": ("全年预计完成情况", "全年预计完成值", "forecast"),
    "cause": ("偏差原因类别", "偏差类别", "cause"),
    "explanation": ("偏差原因分析", "偏差原因", "explanation"),
    "likelihood": ("完成目标可能性", "likelihood"),
    "note": ("备注", "note"),
    "budget": ("全年预算数", "预算数", "budget"),
    "executed": ("执行数", "预算执行数", "executed"),
    "budget_forecast": ("全年预计执行数", "budget_forecast"),
    "project_explanation": ("执行偏差原因", "project_explanation"),
    "month": ("月份", "month"),
}
MONEY = frozenset({"budget", "executed", "budget_forecast"})
_BY_WORD = {word: name for name, words in COLUMNS.items() for word in words}
_UNIT = re.compile(r"[（(]\s*(万元|元)\s*[)）]$")
_AT = {name: i for i, name in enumerate(COLUMNS)}  # a field's place in a row's picked cells
_MONTHS = re.compile(r"^1\s*[-—–~至]\s*(\d{1,2})\s*月(执行情况|执行数|预算执行数|完成值)?$")


@dataclass
class Layout:
    columns: dict[str, int] = field(default_factory=dict)
    scales: dict[str, Decimal] = field(default_factory=dict)
    month: int | None = None


def read_layout(row: Row, path: str, sheet: str | None) -> tuple[Layout, list[Diagnostic]]:
    layout = Layout()
    problems: list[Diagnostic] = []
    where = f"{path}[{sheet}]" if sheet else path
    for index, raw in enumerate(row.cells):
        if not raw:
            continue
        word = normal_word(raw)
        scale = WAN
        unit = _UNIT.search(word)
        if unit:
            scale = WAN if unit[1] == "万元" else Decimal(1)
            word = word[: unit.start()]
        name = _BY_WORD.get(word)
        months = _MONTHS.match(word)
        if name is None and months:
            if not 1 <= int(months[1]) <= 12:
                message = _("expected a month 1 to 12, found {month!r}", month=months[1])
                problems.append(Diagnostic(where, row.number, index + 1, message))
                continue
            layout.month = int(months[1])
            name = "executed" if months[2] in ("执行数", "预算执行数") else "current"
        if name is None:
            known = ", ".join(words[0] for words in COLUMNS.values())
            problems.append(
                Diagnostic(
                    where,
                    row.number,
                    index + 1,
                    _("unknown column {column!r}; known: {known}", column=raw, known=known),
                )
            )
            continue
        if name in layout.columns:
            problems.append(
                Diagnostic(where, row.number, index + 1, _("repeats column {column!r}", column=raw))
            )
            continue
        layout.columns[name] = index
        layout.scales[name] = scale
    for needed in ("project", "indicator"):
        if needed not in layout.columns:
            problems.append(
                Diagnostic(
                    where,
                    row.number,
                    1,
                    _("no {column} column in the header", column=COLUMNS[needed][0]),
                )
            )
    return layout, problems


@lru_cache(maxsize=65536)  # a province's report repeats the same few thousand values
def _value(text: str) -> Value:
    return parse_value(text)


class ProgressRows:
    """Reads the rows after a header into projects, one project at a time."""

    def __init__(self, path: str, sheet: str | None, layout: Layout) -> None:
        self.path, self.sheet, self.layout = path, sheet, layout
        self.problems: list[Diagnostic] = []  # the first MAX_ERRORS; `error_count` counts all
        self.error_count = 0
        self.months: set[int] = set()
        get = layout.columns.get
        self._at = {name: get(name) for name in COLUMNS}
        # One pick per row of every column's cell (an absent column picks the padding "").
        self._names = tuple(COLUMNS)
        self._width = max(layout.columns.values(), default=-1) + 1
        self._pick = itemgetter(*(get(name, -1) for name in self._names))
        self._row_fields = itemgetter(*(get(name, -1) for name in _ROW_FIELDS))
        self._refs: dict[tuple[str, str, str, str], IndicatorRef | None] = {}
        self._indicator_column = (self._at["indicator"] or 0) + 1

    def _problem(self, number: int, name: str, message: str) -> None:
        where = f"{self.path}[{self.sheet}]" if self.sheet else self.path
        column = self._at[name]
        self.error_count += 1
        if len(self.problems) < MAX_ERRORS:
            text = _("{label}: {reason}", label=COLUMNS[name][0], reason=message)
            self.problems.append(Diagnostic(where, number, (column or 0) + 1, text))

    def projects(self, rows: Iterable[tuple[int, tuple[str, ...]]]) -> Iterator[ProjectProgress]:
        """The rows after the header, (number, cells) each, read into projects as they come."""
        current: dict[str, Any] | None = None
        entries: list[IndicatorProgress] = []
        at_name, at_code = "", None  # the current project's
        width, pick, row_fields = self._width, self._pick, self._row_fields
        pad = ("",) * (width + 1)
        indicator, refs = self._indicator, self._refs
        path, sheet, column = self.path, self.sheet, self._indicator_column
        for number, given in rows:
            if not any(given):
                continue
            # A column the table lacks picks the padding "" (index -1).
            if len(given) == width:
                padded = given + _PAD
            else:
                padded = (*given[:width], *pad[min(len(given), width) :])
            (
                name,
                code,
                indicator_name,
                level1,
                level2,
                occurrence,
                tier,
                cause,
                likelihood,
                current_text,
                forecast_text,
                explanation,
                note,
                budget,
                executed,
                budget_forecast,
                project_explanation,
                month,
            ) = row_fields(padded)
            if not name:
                self._problem(number, "project", _("empty: every row names its project"))
                continue
            code = code or None
            if current is None or name != at_name or code != at_code:
                if current is not None:
                    yield self._finish(current, entries)
                at_name, at_code, entries = name, code, []
                current = {"project": name, "origin": self._origin(number, "project")}
                if code is not None:
                    current["code"] = code
            if budget or executed or budget_forecast or project_explanation or month:
                self._project_cells(number, pick(padded), current)
            if not indicator_name:
                continue  # a row of project amounts only
            # Most rows name a known indicator and give values and texts only: read here.
            # Anything else, a value that cannot be read included, takes the path that
            # names each problem (`_indicator`).
            ref = refs.get((indicator_name, level1, level2, occurrence))
            if ref is None or tier or cause or likelihood:
                entry = indicator(number, pick(padded))
            else:
                try:
                    value = _value(current_text) if current_text else None
                    forecast = _value(forecast_text) if forecast_text else None
                except ValueSyntaxError:
                    entry = indicator(number, pick(padded))
                else:
                    origin = checked_origin(path, number, column, sheet)
                    entry = plain_indicator_progress(
                        ref, origin, value, forecast, explanation or None, note or None
                    )
            if entry is not None:
                entries.append(entry)
        if current is not None:
            yield self._finish(current, entries)

    def _origin(self, number: int, name: str) -> Origin:
        return checked_origin(self.path, number, (self._at[name] or 0) + 1, self.sheet)

    def _finish(self, data: dict[str, Any], entries: list[IndicatorProgress]) -> ProjectProgress:
        data["indicators"] = tuple(entries)
        return checked(ProjectProgress, data)

    def _project_cells(self, number: int, cells: tuple[str, ...], data: dict[str, Any]) -> None:
        for name, key in (
            ("budget", "budget"),
            ("executed", "executed"),
            ("budget_forecast", "forecast"),
        ):
            text = cells[_AT[name]]
            if text and key not in data:
                amount = _amount(text)
                if amount is None:
                    self._problem(number, name, _("expected an amount, found {text!r}", text=text))
                else:
                    data[key] = canonical(amount * self.layout.scales[name])
        explanation = cells[_AT["project_explanation"]]
        if explanation and "explanation" not in data:
            data["explanation"] = explanation
        month = cells[_AT["month"]]
        if month:
            try:
                given = int(month)
            except ValueError:
                given = 0
            if 1 <= given <= 12:
                self.months.add(given)
            else:
                self._problem(
                    number, "month", _("expected a month 1 to 12, found {month!r}", month=month)
                )

    def _indicator(self, number: int, cells: tuple[str, ...]) -> IndicatorProgress | None:
        """The row's indicator progress (its name is not empty), or None after its problems.

        The cells are checked here, so the record is built without validating it again
        (`checked`): this runs once per indicator of a province's report."""
        key: tuple[str, str, str, str] = _REF_CELLS(cells)
        ref = self._refs.get(key)
        if ref is None:
            ref = self._ref(number, key)
            if ref is None:
                return None
            if len(self._refs) >= 65536:
                self._refs.clear()
            self._refs[key] = ref
        ok = True
        fields: dict[str, Any] = {
            "indicator": ref,
            "origin": checked_origin(self.path, number, self._indicator_column, self.sheet),
        }
        current, forecast, explanation, note = _TEXT_CELLS(cells)
        if current:
            try:
                value = fields["current"] = _value(current)
            except ValueSyntaxError as e:
                self._problem(
                    number,
                    "current",
                    _("cannot read {text!r}: {reason}", text=current, reason=e.message),
                )
                ok = False
            else:
                if isinstance(value, NotApplicable):
                    fields["not_applicable"] = True
        if forecast:
            try:
                fields["forecast"] = _value(forecast)
            except ValueSyntaxError as e:
                self._problem(
                    number,
                    "forecast",
                    _("cannot read {text!r}: {reason}", text=forecast, reason=e.message),
                )
                ok = False
        if any(_WORD_CELLS(cells)):
            for column, read, what in _WORD_COLUMNS:
                text = cells[_AT[column]]
                if not text or (column == "likelihood" and text.lower() in NOT_FILLED):
                    continue
                found = read(text)
                if found is None:
                    self._problem(
                        number,
                        column,
                        _("unknown {text!r}: expected {expected}", text=text, expected=_(what)),
                    )
                    ok = False
                else:
                    fields[column] = found
        if explanation:
            fields["explanation"] = explanation
        if note:
            fields["note"] = note
        return checked(IndicatorProgress, fields) if ok else None

    def _ref(self, number: int, key: tuple[str, str, str, str]) -> IndicatorRef | None:
        """An indicator's name, levels and occurrence, checked (once per distinct four)."""
        name, level1, level2, occurrence = key
        ok = True
        ref: dict[str, Any] = {"name": name}
        for level, text in (("level1", level1), ("level2", level2)):
            if text:
                kind = level1_of(text) if level == "level1" else level2_of(text)
                if kind is None:
                    self._problem(number, level, _("unknown level {text!r}", text=text))
                    ok = False
                ref[level] = kind
        if occurrence:
            if not occurrence.isdigit() or int(occurrence) < 1:
                self._problem(
                    number, "occurrence", _("expected 1, 2, …, found {text!r}", text=occurrence)
                )
                ok = False
            else:
                ref["occurrence"] = int(occurrence)
        return checked(IndicatorRef, ref) if ok else None


_WORD_COLUMNS: tuple[tuple[str, Callable[[str], Any], str], ...] = (
    ("tier", progress_tier_of, N_("达成目标, 部分达成目标… or 未达成目标…")),
    ("cause", cause_of, N_("经费保障, 制度保障, 人员保障, 硬件条件保障 or 其他")),
    ("likelihood", likelihood_of, N_("确定能, 有可能 or 完全不可能 (0: not filled)")),
)


# Groups of a row's picked cells, each taken in one look.
_WORD_CELLS = itemgetter(*(_AT[n] for n in ("tier", "cause", "likelihood")))
_REF_CELLS = itemgetter(*(_AT[n] for n in ("indicator", "level1", "level2", "occurrence")))
_TEXT_CELLS = itemgetter(*(_AT[n] for n in ("current", "forecast", "explanation", "note")))
# What `projects` takes from every row, in its order.
_ROW_FIELDS = (
    "project",
    "code",
    "indicator",
    "level1",
    "level2",
    "occurrence",
    "tier",
    "cause",
    "likelihood",
    "current",
    "forecast",
    "explanation",
    "note",
    "budget",
    "executed",
    "budget_forecast",
    "project_explanation",
    "month",
)
_PAD = ("",)  # what a column the table lacks picks (index -1)


def _amount(text: str) -> Decimal | None:
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


_Records = Generator[tuple[int, tuple[str, ...]], None, None]  # a sheet's (number, cells)


def _sheets(path: Path) -> Iterator[tuple[str | None, _Records]]:
    """Each sheet's name and its rows as (number, cells)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from ..tables.workbook import read_workbook

        for sheet in read_workbook(path):
            if any(not row.empty for row in sheet.rows):
                yield sheet.name, ((row.number, row.cells) for row in sheet.rows)
    else:
        from ..tables.delimited import iter_records
        from ..tables.text import check_text

        check_text(path, _("a progress table with a header row"))
        yield None, iter_records(path)


def iter_progress_table(
    path: str | Path,
) -> Generator[tuple[ProgressRows, Iterator[ProjectProgress]], None, None]:
    """Each sheet's reader and its projects as they are read (for reports too large to hold)."""
    for sheet, rows in _sheets(Path(path)):
        header = next(((number, cells) for number, cells in rows if any(cells)), None)
        if header is None:
            continue
        layout, problems = read_layout(Row(*header), str(path), sheet)
        if problems:
            # A CSV's rows hold the file open: closed now, not whenever they are collected.
            rows.close()
            raise SourceError(problems)
        reader = ProgressRows(str(path), sheet, layout)
        yield reader, reader.projects(rows)


def read_progress_table(path: str | Path) -> Progress:
    """A whole progress table: every sheet's projects; SourceError with every problem found."""
    projects: list[ProjectProgress] = []
    problems: list[Diagnostic] = []
    months: set[int] = set()
    hidden = 0
    for reader, found in iter_progress_table(path):
        projects.extend(found)
        problems.extend(reader.problems)
        hidden += reader.error_count - len(reader.problems)
        months |= reader.months
        if reader.layout.month is not None:
            months.add(reader.layout.month)
    problems = capped(problems, hidden, str(path))
    if problems:
        raise SourceError(problems)
    if len(months) > 1:
        message = _(
            "the table names several months: {months}", months=", ".join(map(str, sorted(months)))
        )
        raise SourceError([Diagnostic(str(path), 1, 1, message)])
    return Progress(month=next(iter(months), None), projects=tuple(projects))


def read_progress(path: str | Path) -> Progress:
    """Progress from a .perf file (its `progress` block), a CSV/TSV or an .xlsx workbook."""
    file = Path(path)
    if file.suffix.lower() == ".perf":
        from ..language.parser import parse_document_file

        progress = parse_document_file(file).progress
        if progress is None:
            message = _("the file holds no progress block")
            raise SourceError([Diagnostic(str(path), 1, 1, message)])
        return progress
    return read_progress_table(file)


# ---- the fill-in template ---------------------------------------------------------------------
TEMPLATE_FIELDS = (
    "code",
    "project",
    "level1",
    "level2",
    "indicator",
    "occurrence",
    "target",
    "current",
    "tier",
    "forecast",
    "cause",
    "explanation",
    "likelihood",
    "note",
    "budget",
    "executed",
    "budget_forecast",
    "project_explanation",
)


def template_headers(month: int) -> list[str]:
    out = []
    for name in TEMPLATE_FIELDS:
        header = COLUMNS[name][0]
        if name == "current":
            header = f"1-{month}月执行情况"
        elif name == "executed":
            header = f"1-{month}月执行数（万元）"
        elif name in MONEY:
            header += "（万元）"
        out.append(header)
    return out


def template_rows(ruleset: Ruleset) -> list[list[str]]:
    """One row per indicator, with its target and the project's budget on its first row."""
    from ..actuals.rows import occurrences

    rows = []
    for project in ruleset.projects:
        budget = (
            "" if project.budget is None else format(canonical(project.budget.value / WAN), "f")
        )
        for i, (indicator, occurrence) in enumerate(
            zip(project.indicators, occurrences(project), strict=True)
        ):
            cells = dict.fromkeys(TEMPLATE_FIELDS, "")
            cells.update(
                code=project.code or "",
                project=project.name,
                level1=LEVEL1_LABELS[indicator.level1],
                level2=LEVEL2_LABELS[indicator.level2],
                indicator=indicator.name,
                occurrence="" if occurrence is None else str(occurrence),
                target=indicator.target.text,
                budget=budget if i == 0 else "",
            )
            rows.append([cells[name] for name in TEMPLATE_FIELDS])
    return rows
