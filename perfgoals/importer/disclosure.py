"""Budget-disclosure text (部门预算公开, extracted from a PDF) → ruleset.

The text has one `N、<project>绩效目标表` table per project: a 绩效目标 row, a column header
(一级指标 · 二级指标 · 三级指标 · 绩效指标描述 · 指标值 · 指标值确定依据) and the indicator rows,
cells separated by TAB. Extraction leaves marks that are undone here:

- the column header is repeated after every page break;
- merged level-1 and level-2 cells leave the cell empty on the rows below (carried down);
- a cell that wrapped across a page break goes on in a row of its own right after the repeated
  header, with empty leading cells: each non-empty cell is appended, with no separator, to the
  same column of the row above;
- `<p>` fragments around goals, and a goal text standing in another cell than usual.

The project's code is its table number; its budget comes from the 政府采购 table (预算资金, 万元)
where the project is named there. Header, department and year come from the document itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import N_, _
from ..language.model import Goal, Header, Indicator, Project, Ruleset
from ..language.values import Comparison
from ..tables.grid import Row
from ..tables.text import read_text
from .build import Levels, RowProblem, make_indicator, read_budget, read_levels
from .columns import Column, column_of, expected_names, fold
from .goals import split_goals
from .periods import long_term
from .report import ImportReport, NoteKind, table_error
from .slots import clean

# Both patterns run on a stripped line, and nothing after a greedy `.+` can give characters back:
# the lazy `(.+?)\s*…$` forms they replaced backtracked quadratically on long runs of spaces
# (PDF text has them), ten seconds for two lines of 40,000.
_TITLE = re.compile(r"(\d+)\s*[、.．]\s*(.+)绩效目标表")
# `111 开发区综合办`, above every table (a `2023 年…` line is a title, not a unit); matched on
# the stripped line: a lazy `.*?` before `\s*$` backtracks quadratically on a run of spaces.
_UNIT_LINE = re.compile(r"\d{3,}\s+(?!年)(\S.*)")


class _Stripped:
    """A match of a pattern against a stripped line, its groups stripped too."""

    def __init__(self, match: re.Match[str]) -> None:
        self._match = match

    def group(self, index: int) -> str:
        return self._match.group(index).strip()


def _match_stripped(pattern: re.Pattern[str], line: str) -> _Stripped | None:
    line = line.strip()
    if pattern is _TITLE and not line.endswith("绩效目标表"):
        return None  # and so `(.+)` never scans a line that cannot match
    match = pattern.fullmatch(line)
    return _Stripped(match) if match else None


YEAR_TITLE = re.compile(r"(\d{4})\s*年\s*部门预算")  # the year, from a title
_BUDGET_YEAR = re.compile(r"^\s*预算年度\s*[:：]\s*(\S*)\s*$")
_CURRENCY = re.compile(r"^\s*单位\s*[:：]\s*(\S+)\s*$")
_BUDGET_HEADS = frozenset({"预算资金", "预算金额", "项目预算"})
_NEEDED = (Column.LEVEL1, Column.LEVEL2, Column.LEVEL3, Column.TARGET)
_EXPECTED = N_("a budget disclosure with project target tables (`1、…绩效目标表`)")


@dataclass
class _RawIndicator:
    """An indicator row as read, with the rows that continue its cells."""

    rows: list[int]
    cells: list[str]


@dataclass
class _Table:
    number: int
    name: str
    title_row: int
    goals_text: list[str] = field(default_factory=list)
    columns: dict[Column, int] | None = None
    header_row: int = 0
    width: int = 0
    raw: list[_RawIndicator] = field(default_factory=list)
    goal_rows: list[int] = field(default_factory=list)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.rstrip("\r").split("\t")]


def _header_columns(cells: list[str]) -> dict[Column, int] | None:
    columns: dict[Column, int] = {}
    for i, cell in enumerate(cells):
        column = column_of(cell)
        if column is not None and column not in columns:
            columns[column] = i
    return columns if all(c in columns for c in _NEEDED) else None


def name_key(name: str) -> str:
    """A name (or cell) in the form names are compared in: NFKC, without white space, which
    extraction puts inside names and cells."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def project_title(line: str) -> _Stripped | None:
    """A line that is a project target table's title (`13、公务用车购置绩效目标表`, not a row of
    cells): group 1 is the table number (the project's code), group 2 the project's name."""
    return _match_stripped(_TITLE, line) if "\t" not in line else None


def is_disclosure_text(text: str) -> bool:
    """Whether a text (a PDF's) is a budget disclosure: numbered project target tables, their
    titles as the reader finds them (a row of cells is no title)."""
    return any(project_title(line) for line in text.split("\n"))


def import_disclosure(
    path: str | Path, *, policy: str = "central", text: str | None = None
) -> tuple[Ruleset, ImportReport]:
    """Read a disclosure text file (or its text, read from a PDF) into a ruleset, and account
    for every non-blank line."""
    name = str(path)
    if text is None:
        text = read_text(path, _(_EXPECTED))
    lines = text.split("\n")
    report = ImportReport(name)
    accounted: set[int] = set()

    tables = _read_tables(name, lines, report, accounted)
    if not tables:
        raise table_error(
            name,
            1,
            _(
                "no project target table found: expected {expected}, each followed by a "
                "一级指标 · 二级指标 · 三级指标 · 指标值 header",
                expected=_(_EXPECTED),
            ),
            column=1,
        )
    budgets = _read_procurement(lines, tables, report, accounted)

    projects = [_project(table, budgets.get(table.number), report) for table in tables]
    _account_rest(lines, report, accounted)
    header = _header(lines, policy)
    return Ruleset(header=header, projects=tuple(projects)), report


def _read_tables(
    path: str, lines: list[str], report: ImportReport, accounted: set[int]
) -> list[_Table]:
    tables: list[_Table] = []
    table: _Table | None = None
    after_break = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        title = project_title(line)
        if title:
            if table is not None:
                _finish(path, lines, table)
            table = _Table(int(title.group(1)), title.group(2).strip(), number)
            tables.append(table)
            _use(report, accounted, number)
            after_break = False
            continue
        if table is None:
            continue
        if "\t" not in line:
            _finish(path, lines, table)
            table = None
            continue
        cells = _cells(line)
        _use(report, accounted, number)
        if column_of(cells[0]) is Column.GOAL and table.columns is None:
            # The goal text stands in whichever cell the extraction put it.
            table.goals_text.extend(cell for cell in cells[1:] if cell)
            table.goal_rows.append(number)
            continue
        columns = _header_columns(cells)
        if columns is not None:
            if table.columns is None:
                table.columns, table.header_row, table.width = columns, number, len(cells)
            after_break = True  # a repeated header: the page broke here
            continue
        if table.columns is None:
            raise table_error(
                path,
                number,
                _(
                    "table {number} ({name}): a row before the column header; expected {needed}",
                    number=table.number,
                    name=table.name,
                    needed=expected_names(_NEEDED),
                ),
                column=1,
                source_line=line,
            )
        _check_width(path, line, number, cells, table)
        _add_row(table, number, cells, after_break)
        after_break = False
    if table is not None:
        _finish(path, lines, table)
    return tables


def _use(report: ImportReport, accounted: set[int], number: int) -> None:
    report.read()
    report.use()
    accounted.add(number)


def _check_width(path: str, line: str, number: int, cells: list[str], table: _Table) -> None:
    extra = [i for i in range(table.width, len(cells)) if cells[i]]
    if extra:
        column = len("\t".join(cells[: extra[0]])) + 2
        raise table_error(
            path,
            number,
            _(
                "table {number}: the row has {cells} cells, the header {width}; cell {cell} is "
                "outside the table",
                number=table.number,
                cells=len(cells),
                width=table.width,
                cell=extra[0] + 1,
            ),
            column=column,
            source_line=line,
        )


def _add_row(table: _Table, number: int, cells: list[str], after_break: bool) -> None:
    assert table.columns is not None
    level1 = (
        cells[table.columns[Column.LEVEL1]] if table.columns[Column.LEVEL1] < len(cells) else ""
    )
    level2 = (
        cells[table.columns[Column.LEVEL2]] if table.columns[Column.LEVEL2] < len(cells) else ""
    )
    name_index = table.columns[Column.LEVEL3]
    name = cells[name_index] if name_index < len(cells) else ""
    continues = not level1 and not level2 and (after_break or not name)
    if continues and table.raw:
        previous = table.raw[-1]
        for i, cell in enumerate(cells):
            if cell:
                while len(previous.cells) <= i:
                    previous.cells.append("")
                previous.cells[i] += cell
        previous.rows.append(number)
        return
    table.raw.append(_RawIndicator([number], list(cells)))


def _finish(path: str, lines: list[str], table: _Table) -> None:
    """A table must have a header and at least one row under it."""
    if table.columns is None:
        raise table_error(
            path,
            table.title_row,
            _(
                "table {number} ({name}) is truncated: no column header; expected {needed}",
                number=table.number,
                name=table.name,
                needed=expected_names(_NEEDED),
            ),
            column=1,
            source_line=lines[table.title_row - 1],
        )
    if not table.raw:
        raise table_error(
            path,
            table.header_row,
            _(
                "table {number} ({name}): a column header with no indicator rows under it",
                number=table.number,
                name=table.name,
            ),
            column=1,
            source_line=lines[table.header_row - 1],
        )


class _Remarks:
    """Where periods.long_term notes what it did with a disclosure table's row."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report

    def remark(self, kind: NoteKind, row: Row, reason: str, column: str | None = None) -> None:
        self.report.remark(kind, row.number, reason, column=column)


def _project(table: _Table, budget: Comparison | None, report: ImportReport) -> Project:
    assert table.columns is not None
    goals = [Goal(text=goal) for text in table.goals_text for goal in split_goals(text)]
    indicators: list[Indicator] = []
    levels = Levels()
    for raw in table.raw:
        cells = {
            column: raw.cells[i] if i < len(raw.cells) else ""
            for column, i in table.columns.items()
        }
        try:
            levels = read_levels(cells.get(Column.LEVEL1, ""), cells.get(Column.LEVEL2, ""), levels)
            # The 中长期指标值 read as a table's is (an empty mark is empty; an unreadable one
            # is noted and the year's target kept): never both values lost.
            cells[Column.LONG_TARGET] = clean(cells.get(Column.LONG_TARGET, ""), Column.LONG_TARGET)
            if cells[Column.LONG_TARGET]:
                line = Row(raw.rows[0], tuple(raw.cells))
                target, name = cells.get(Column.TARGET, ""), cells.get(Column.LEVEL3, "")
                cells[Column.TARGET] = long_term(_Remarks(report), line, cells, name, target)
            indicators.append(make_indicator(levels, cells))
        except RowProblem as problem:
            levels = problem.levels or levels
            # The rows were counted as used when read; they move to the rejected notes.
            report.rows_used -= len(raw.rows)
            report.leave_out(
                NoteKind.REJECTED,
                raw.rows[0],
                _("table {number}: {reason}", number=table.number, reason=problem.reason),
                column=problem.column.value if problem.column else None,
            )
            for row in raw.rows[1:]:
                report.leave_out(
                    NoteKind.REJECTED,
                    row,
                    _("continues row {row}, which was rejected", row=raw.rows[0]),
                )
    return Project(
        name=table.name,
        code=str(table.number),
        budget=budget,
        goals=tuple(goals),
        indicators=tuple(indicators),
    )


def _read_procurement(
    lines: list[str], tables: list[_Table], report: ImportReport, accounted: set[int]
) -> dict[int, Comparison]:
    """Budgets from the 政府采购 table: 项目名称 and 预算资金 columns, in 万元."""
    by_name: dict[str, list[_Table]] = {}
    for table in tables:
        by_name.setdefault(name_key(table.name), []).append(table)
    budgets: dict[int, Comparison] = {}
    columns: dict[Column, int] | None = None
    previous_tab_row: int | None = None
    for number, line in enumerate(lines, start=1):
        if number in accounted:
            continue
        if "\t" not in line:
            columns = None
            previous_tab_row = None
            continue
        cells = _cells(line)
        budget_column = next(
            (i for i, cell in enumerate(cells) if fold(cell) in _BUDGET_HEADS), None
        )
        if fold(cells[0]) == "项目名称" and budget_column is not None:
            columns = {Column.PROJECT: 0, Column.BUDGET: budget_column}
            for row in (previous_tab_row, number):
                if row is not None and row not in accounted:
                    _use(report, accounted, row)  # the two header rows
            continue
        previous_tab_row = number
        if columns is None:
            continue
        _procurement_row(number, cells, columns, by_name, budgets, report)
        accounted.add(number)
    return budgets


def _procurement_row(
    number: int,
    cells: list[str],
    columns: dict[Column, int],
    by_name: dict[str, list[_Table]],
    budgets: dict[int, Comparison],
    report: ImportReport,
) -> None:
    report.read()
    project = cells[columns[Column.PROJECT]]
    amount = cells[columns[Column.BUDGET]] if columns[Column.BUDGET] < len(cells) else ""
    if not amount:
        report.leave_out(
            NoteKind.IGNORED,
            number,
            _("政府采购 total row {project!r}: no 预算资金", project=project),
        )
        return
    matches = by_name.get(name_key(project), [])
    if len(matches) != 1:
        why = (
            _("no project target table has this name")
            if not matches
            else _("{count} project target tables have this name", count=len(matches))
        )
        report.leave_out(
            NoteKind.REJECTED,
            number,
            _("政府采购 row {project!r}: {why}", project=project, why=why),
        )
        return
    try:
        budget = read_budget(amount, unit_if_bare="万元")
    except RowProblem as problem:
        report.leave_out(
            NoteKind.REJECTED,
            number,
            _("政府采购 row {project!r}: {why}", project=project, why=problem.reason),
        )
        return
    table = matches[0]
    known = budgets.get(table.number)
    if known is not None and known.value != budget.value:
        report.leave_out(
            NoteKind.REJECTED,
            number,
            _(
                "政府采购 row {project!r}: 预算资金 {amount} differs from {known} on an "
                "earlier row",
                project=project,
                amount=amount,
                known=known.text,
            ),
        )
        return
    budgets.setdefault(table.number, budget)
    report.use()


def _account_rest(lines: list[str], report: ImportReport, accounted: set[int]) -> None:
    """Every other non-blank line is reported, in runs, as outside the tables read."""
    run: list[int] = []

    def flush() -> None:
        if run:
            report.read(len(run))
            report.leave_out(
                NoteKind.IGNORED,
                run[0],
                _(
                    "not a project target table or the 政府采购 table ({count} lines)",
                    count=len(run),
                ),
                last_row=run[-1],
                count=len(run),
            )
            run.clear()

    for number, line in enumerate(lines, start=1):
        if number in accounted:
            flush()
        elif line.strip():
            run.append(number)
    flush()


def _budget_years(lines: list[str]) -> list[int]:
    """`预算年度：2023`, or the label with the year on the next non-blank line."""
    found: list[int] = []
    for i, line in enumerate(lines):
        label = _BUDGET_YEAR.match(line)
        if label is None:
            continue
        rest = label.group(1) or next((s.strip() for s in lines[i + 1 : i + 3] if s.strip()), "")
        if re.fullmatch(r"\d{4}", rest):
            found.append(int(rest))
    return found


def department_of(lines: list[str]) -> str | None:
    """The department a disclosure is of: the unit line above its tables, the commonest one if
    they differ (a stray code-and-name line in a table is outvoted)."""
    units = Counter(u.group(1) for line in lines if (u := _match_stripped(_UNIT_LINE, line)))
    return units.most_common(1)[0][0] if units else None


def _header(lines: list[str], policy: str) -> Header:
    """Department (the unit line above every table), year and money unit of the document."""
    department = department_of(lines)
    years = [int(m.group(1)) for line in lines if (m := YEAR_TITLE.search(line))]
    years += _budget_years(lines)
    year = Counter(years).most_common(1)[0][0] if years else None
    currencies = Counter(m.group(1) for line in lines if (m := _CURRENCY.match(line)))
    currency = currencies.most_common(1)[0][0] if currencies else "万元"
    who = f"{department} " if department else ""
    when = f"{year} 年" if year else ""
    return Header(
        title=f"{who}{when}部门预算项目绩效目标",
        department=department,
        year=year,
        currency=currency,
        policy=policy,
    )
