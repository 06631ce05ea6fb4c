"""Target tables and self-assessment tables (CSV, TSV, .xlsx, .xls and PDF sheets) → ruleset,
assessment and the published points.

A sheet holds one or more *blocks*. A block is an indicator header (found by the names of its
columns anywhere in a row, over one or two rows: see `headers`) with the rows under it,
preceded by the form, budget and goal rows that `preamble` reads. A fragment with no header is
read when its rows start with level labels. A block ends at the next form row, the next header
or a 总分 / 合计 row. How each row under a header is read is `blocks`.

Which project a row belongs to: the 项目名称 column where the header has one (several projects
per block; an empty or merged cell continues the project above, a filled cell starts a new
one); otherwise the block's `项目名称` form row; otherwise the sheet's name (workbooks) or the
file's name (CSV).

A block whose header also has an actual-value column (实际完成值, 全年完成值 …) is a
self-assessment: it yields the indicators with their targets and weights for the ruleset, the
actual values for the assessment, and the published 分值/得分 for the audit.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..i18n import _
from ..tables.grid import Row, Sheet
from .assemble import assemble
from .blocks import BlockReader, Imported, SheetContext, TableProject
from .build import RowProblem, read_budget, read_number
from .columns import Column, column_of, fold, header_name, sorted_by_place
from .headers import Header as TableHeader
from .headers import header_of, headerless
from .periods import goal_row
from .preamble import (
    GOAL_ACTUAL,
    GOAL_EXPECTED,
    GOAL_LABELS,
    Preamble,
    form_fields,
    funds_columns,
    is_total_label,
    label_key,
    money,
    pairs,
    title_year,
    total_score,
    unit_of,
)
from .prose import list_label, read_prose
from .report import ImportReport, NoteKind, table_error
from .unrecognised import unrecognised_layout

__all__ = ["Imported", "import_sheets"]

_FORM_LABELS = frozenset({Column.PROJECT, Column.CODE, Column.BUDGET})
_DEFAULT_SHEET_NAMES = frozenset({"sheet", "sheet1", "工作表1", "表1"})


def import_sheets(path: str, sheets: list[Sheet], *, policy: str = "central") -> Imported:
    """Import every block of every sheet.

    A file from which no indicator can be read is an error at the header (or the first row)
    saying why: unusable input, exit 2 in the CLI.
    """
    # A PDF's tables are one sheet, numbered across its pages: notes name the page and row.
    report = ImportReport(path, pages=sheets[0].pages if len(sheets) == 1 else ())
    projects: list[TableProject] = []
    recognised = False
    year: int | None = None
    first_header: tuple[str, int] | None = None
    for sheet in sheets:
        reader = _SheetReader(sheet, report, default_name=_default_name(path, sheet, len(sheets)))
        found = reader.read()
        recognised = recognised or reader.recognised
        year = year or reader.year
        if first_header is None and reader.header_row:
            first_header = (sheet.where, reader.header_row)
        projects.extend(found)
    report.indicators = sum(len(p.indicators) for p in projects)
    if not recognised:
        raise unrecognised_layout(path, sheets)
    if report.indicators == 0:
        where, row = first_header or (sheets[0].where, 1)
        rejected = report.rejected
        why = (
            _(
                "; {count} rows rejected, the first at row {row}: {reason}",
                count=len(rejected),
                row=rejected[0].first_row,
                reason=rejected[0].reason,
            )
            if rejected
            else ""
        )
        message = _("no indicator rows under the header{why}", why=why)
        raise table_error(where, row, message, column=1)
    return assemble(path, projects, report, policy, year)


def _default_name(path: str, sheet: Sheet, sheet_count: int) -> str:
    if sheet.name and (sheet_count > 1 or fold(sheet.name) not in _DEFAULT_SHEET_NAMES):
        return sheet.name
    return Path(path).stem


def _first(row: Row) -> tuple[int, str]:
    for i, cell in enumerate(row.cells):
        if cell:
            return i, cell
    return -1, ""


def _is_form_row(row: Row) -> bool:
    _, first = _first(row)
    column = column_of(first)
    return (
        column in _FORM_LABELS
        or column is Column.GOAL
        or label_key(first) in GOAL_LABELS
        or funds_columns(row) is not None
    )


def _goal_line(row: Row, goal: int | None) -> bool:
    """A row holding only a cell under the table's 绩效目标 column: a goal's next line, even
    when its text reads like a form label (`项目`, `绩效目标`)."""
    index, _text = _first(row)
    return goal is not None and index == goal and sum(1 for c in row.cells if c) == 1


_BUDGET_BLOCKS = (
    "项目资金",
    "资金情况",
    "资金投入情况",
    "资金来源",
    "预算执行情况",
    "年度预算申请",
)


def _is_amount_row(row: Row) -> bool:
    """A row of the budget block: labels and amounts only (`其中:中央财政资金 | 0`)."""
    texts = [c for c in row.cells if c]
    return any(c.replace(",", "").replace(".", "").isdigit() for c in texts) or all(
        c.endswith((":", "：")) or "资金" in c or "拨款" in c or "收入" in c for c in texts
    )


def _is_title(row: Row) -> bool:
    """A title line: one text (a merged range counts once) naming a table or a year."""
    texts = {c for i, c in enumerate(row.cells) if c and not row.is_merged_copy(i)}
    if len(texts) != 1:
        return False
    (text,) = texts
    folded = fold(text)
    return (
        "表" in folded[-8:]
        or folded.startswith("附表")
        or (title_year(text) is not None and len(folded) < 40)
    )


def _is_note_line(row: Row) -> bool:
    """`# source: …`, `# note: …`: the notes a saved table carries above its rows."""
    _, first = _first(row)
    return first.startswith("#")


class _SheetReader(SheetContext):
    """Reads the blocks of one sheet, reporting every non-empty row."""

    def __init__(self, sheet: Sheet, report: ImportReport, default_name: str) -> None:
        super().__init__(sheet, report)
        self.default_name = default_name
        self.recognised = False
        self.year: int | None = None
        self.header_row = 0
        self.scale = "万元"
        self.in_budget = False

    def read(self) -> list[TableProject]:
        rows = [row for row in self.sheet.rows if not row.empty]
        self.report.read(len(rows))
        table: list[Row] = []
        for row in rows:
            if _is_note_line(row):
                self.leave_out(NoteKind.IGNORED, row, _("a note line (#), not part of the table"))
            else:
                table.append(row)
        rows = table
        headers: list[tuple[int, TableHeader]] = []
        for i, row in enumerate(rows):
            if headers and i == headers[-1][0] + headers[-1][1].rows - 1:
                continue  # the second row of the header above
            header = header_of(row, rows[i + 1] if i + 1 < len(rows) else None)
            if header is not None:
                headers.append((i, header))
        if not headers:
            inferred = headerless(rows)
            if inferred is None:
                return self.prose(rows)
            columns, at = inferred
            width = max(len(row.cells) for row in rows[at:])
            block_header = TableHeader(columns, width, 0)
            self.recognised = True
            self.header_row = rows[at].number
            preamble = self.preamble(rows[:at])
            told = _(", ").join(f"{header_name(c)} {i + 1}" for c, i in sorted_by_place(columns))
            self.report.remark(
                NoteKind.NOTE,
                rows[at].number,
                _("no header row: columns told apart by what they hold ({columns})", columns=told),
                sheet=self.sheet.name,
            )
            reader = BlockReader(self, block_header, rows[at], preamble, self.default_name)
            end = self._block_end(rows, at, len(rows), block_header)
            read = reader.read(rows[at:end], [])
            for row in rows[end:]:
                self.leave_out(NoteKind.IGNORED, row, _("below the last table and not part of it"))
            return read
        self.recognised = True
        self.header_row = rows[headers[0][0]].number
        projects: list[TableProject] = []
        start = 0
        for n, (h, header) in enumerate(headers):
            preamble = self.preamble(rows[start:h])
            self.report.use(header.rows)
            for index, text in header.unread:
                self.report.remark(
                    NoteKind.NOTE,
                    rows[h].number,
                    _(
                        "column {column} {text!r} is not a column perfgoals reads",
                        column=index + 1,
                        text=text[:20],
                    ),
                    sheet=self.sheet.name,
                )
            end = headers[n + 1][0] if n + 1 < len(headers) else len(rows)
            first = h + header.rows
            data_end = self._block_end(rows, first, end, header)
            reader = BlockReader(self, header, rows[h], preamble, self.default_name)
            projects.extend(reader.read(rows[first:data_end], []))
            start = data_end
        for row in rows[start:]:
            self.leave_out(NoteKind.IGNORED, row, _("below the last table and not part of it"))
        return projects

    def prose(self, rows: list[Row]) -> list[TableProject]:
        """A table with no indicator grid: indicators listed in a cell beside a level label."""
        used = self.report.rows_used
        notes = len(self.report.notes)
        projects = read_prose(self, rows, Preamble(), self.default_name)
        if not projects:
            for row in rows:
                self.leave_out(NoteKind.IGNORED, row, _("no indicator header row in this sheet"))
            return []
        # The rows around the lists are the form: read them as a preamble would.
        self.report.rows_used, self.report.notes[notes:] = used, []
        list_rows = {row.number for row in rows if list_label(row) is not None}
        preamble = self.preamble([row for row in rows if row.number not in list_rows])
        projects = read_prose(
            self, [r for r in rows if r.number in list_rows], preamble, self.default_name
        )
        self.recognised = True
        self.header_row = min(list_rows)
        return projects

    def _block_end(self, rows: list[Row], first: int, end: int, header: TableHeader) -> int:
        data_end = first
        goal = header.columns.get(Column.GOAL)
        while data_end < end and not (
            _is_form_row(rows[data_end]) and not _goal_line(rows[data_end], goal)
        ):
            data_end += 1
            _, cell = _first(rows[data_end - 1])
            if fold(cell).startswith(("总分", "合计", "总计", "total", "自评总分", "项目总得分")):
                break
        return data_end

    # ---- form rows above a header ------------------------------------------------------
    def preamble(self, rows: list[Row]) -> Preamble:
        found = Preamble(scale=self.scale)
        funds: dict[str, int] | None = None
        funds_scale = self.scale
        goal_columns: tuple[int | None, int | None] | None = None
        long_below: dict[str, int] = {}
        in_budget = False
        for row in rows:
            index, first = _first(row)
            for cell in row.cells:
                unit = unit_of(cell) if ("单位" in cell or "(" in cell or "（" in cell) else None
                if unit and ("单位" in cell):
                    self.scale = found.scale = funds_scale = unit
                year = title_year(cell) if ("年度" in cell or "表" in cell) else None
                if year and self.year is None:
                    self.year = found.year = year
            total = total_score(row.cells)
            if total is not None:
                found.total, found.total_origin = total, self.origin(row)
            if goal_columns is not None:
                expected, actual = goal_columns
                found.goals.extend(split_goals_cell(row.cell(expected)))
                found.explanation = row.cell(actual) or None
                found.fields.update((k, row.cell(i)) for k, i in long_below.items() if row.cell(i))
                goal_columns, long_below = None, {}
                self.report.use()
                continue
            row_scale = next((u for u in map(unit_of, row.cells) if u), found.scale)
            budget = pairs(row, row_scale)
            if "adjusted" in budget and "executed" in budget and not found.funds.read:
                # `预算数 | 6.84 | 到位数 | 6.84 | 执行数 | 6.84`: label and amount pairs.
                in_budget = True
                found.funds.adjusted, found.funds.executed = budget["adjusted"], budget["executed"]
                found.funds.origin = self.origin(row)
                self.report.budget_rows += 1
                self.report.use()
                continue
            columns = funds_columns(row)
            if columns is not None:
                funds = columns
                funds_scale = unit_of(first) or found.scale
                weight = _label_points(first)
                if weight is not None:
                    found.funds.weight = weight
                self.report.use()
                continue
            key = label_key(first)
            if column_of(first) is Column.GOAL or key in GOAL_LABELS:
                # A goal cell merged across the row is one goal, not one per covered cell.
                periods = goal_row(
                    [
                        (i, cell)
                        for i, cell in enumerate(row.cells)
                        if cell and i > index and not row.is_merged_copy(i)
                    ]
                )
                rest, long_below = periods.others, periods.below
                found.fields.update(periods.beside)
                found.goals.extend(g for text in periods.annual for g in split_goals_cell(text))
                expected = next((i for i, c in rest if label_key(c) in GOAL_EXPECTED), None)
                actual = next((i for i, c in rest if label_key(c) in GOAL_ACTUAL), None)
                if expected is not None or long_below:
                    goal_columns = (expected, actual)
                else:
                    found.goals.extend(g for _, cell in rest for g in split_goals_cell(cell))
                self.report.use()
                continue
            if funds is not None and self.funds_row(row, funds, found, funds_scale):
                continue
            self.in_budget = False
            if self.form_row(row, found, next((u for u in map(unit_of, row.cells) if u), None)) or (
                total is not None
            ):
                in_budget = self.in_budget
                self.report.use()
                continue
            row_scale = next((u for u in map(unit_of, row.cells) if u), found.scale)
            budget = pairs(row, row_scale)
            if "adjusted" in budget or "executed" in budget:
                in_budget = True
                found.funds.adjusted = found.funds.adjusted or budget.get("adjusted")
                found.funds.executed = found.funds.executed or budget.get("executed")
                found.funds.origin = found.funds.origin or self.origin(row)
                self.report.budget_rows += 1
                self.report.use()
                continue
            if funds is not None or (in_budget and _is_amount_row(row)):
                # Name the row by its own label, not by the merged 项目资金 cell beside it.
                first = next(
                    (c for i, c in enumerate(row.cells) if c and not row.is_merged_copy(i)), first
                )
                self.leave_out(
                    NoteKind.TOTAL,
                    row,
                    _(
                        "budget row {first!r}: a breakdown (其中), only the total is read",
                        first=first[:30],
                    ),
                )
                if funds is not None and found.funds.read:
                    self.budget_part(row, funds, found, funds_scale)
            elif label_key(first).startswith(_BUDGET_BLOCKS):
                in_budget = True
                self.leave_out(
                    NoteKind.TOTAL,
                    row,
                    _("budget block {label!r}: no total amount on the row", label=first[:30]),
                )
            elif _is_title(row):
                self.report.use()  # a title line
            else:
                self.leave_out(
                    NoteKind.IGNORED,
                    row,
                    _(
                        "not read: {first!r} is not 项目名称, 项目编码, 预算, 绩效目标, a header "
                        "field or a budget row",
                        first=first[:30],
                    ),
                )
        return found

    def budget_part(self, row: Row, columns: dict[str, int], found: Preamble, scale: str) -> None:
        """A 其中 row's amount under 全年预算数, kept for the audit's check of the total.

        Only the direct parts of the total count: a row whose label says it breaks down the
        row above (`其中:` after a part) is a part of a part and is not added.
        """
        index = columns.get("adjusted", columns.get("initial"))
        amount = money(row.cell(index), scale)
        labels = [c for i, c in enumerate(row.cells[: index or 0]) if c]
        label = labels[-1] if labels else ""
        if amount is None or not label:
            return
        if found.funds.parts and "其中" in label:
            return  # a part of a part
        found.funds.parts.append((label, amount, self.origin(row)))

    def funds_row(self, row: Row, columns: dict[str, int], found: Preamble, scale: str) -> bool:
        """The 年度资金总额 row of a budget block (or its first row of amounts when unlabelled)."""
        low = min(columns.values())
        labels = [c for c in row.cells[: max(low, 1)] if c]
        if found.funds.read or not (any(is_total_label(c) for c in labels) or not labels):
            return False
        if not any(any(ch.isdigit() for ch in row.cell(i)) for i in columns.values()):
            return False
        funds = found.funds
        for key in ("initial", "adjusted", "executed"):
            text = row.cell(columns.get(key))
            amount = money(text, scale)
            if text and amount is None:
                self.report.remark(
                    NoteKind.NOTE,
                    row.number,
                    _("budget {text!r} is not an amount of money: not read", text=text),
                    sheet=self.sheet.name,
                    column=key,
                )
            setattr(funds, key, amount)
        if funds.adjusted is None:
            funds.adjusted = funds.initial  # only 年初预算数 printed: it is the budget
        for key in ("weight", "points"):
            text = row.cell(columns.get(key))
            try:
                number = read_number(text, key, Column.POINTS)
            except RowProblem:
                number = None
                self.report.remark(
                    NoteKind.NOTE,
                    row.number,
                    _(
                        "{column} {text!r} is not a number: not read",
                        column=header_name(Column(key)),  # as the tables head them
                        text=text,
                    ),
                    sheet=self.sheet.name,
                    column=key,
                )
            if number is not None or key == "points":
                setattr(funds, key, number if number is not None else getattr(funds, key))
        funds.rate = row.cell(columns.get("rate")) or None
        funds.origin = self.origin(row)
        for key in ("adjusted", "initial"):
            text = row.cell(columns.get(key))
            if text and money(text, scale) is not None:
                funds.budget = _budget_text(text, scale)
                break
        self.report.budget_rows += 1
        self.report.use()
        return True

    def form_row(self, row: Row, found: Preamble, scale: str | None = None) -> bool:
        """`项目名称 | X | 主管部门 | Y …`: the labels perfgoals knows, each with the next cell."""
        read = False
        cells = row.cells
        for field_key, label, value in form_fields(row):
            if field_key and value:
                found.fields.setdefault(label, value)
            read = True
        for i, cell in enumerate(cells):
            column = column_of(cell)
            key = label_key(cell)
            if column not in _FORM_LABELS and not (
                is_total_label(cell) and key.endswith(("总额", "总额:"))
            ):
                continue
            value = next((c for c in cells[i + 1 :] if c), "")
            if not value or column_of(value) is not None:
                continue
            read = True
            if column is Column.PROJECT:
                found.name = found.name or value
            elif column is Column.CODE:
                found.code = value
            else:
                self.in_budget = self.in_budget or column is None
                try:
                    found.budget = _budget_text(
                        value, (scale or found.scale) if column is None else scale
                    )
                except RowProblem as problem:
                    self.report.remark(
                        NoteKind.NOTE,
                        row.number,
                        problem.reason,
                        sheet=self.sheet.name,
                        column=cell,
                    )
                    continue
                if column is None:
                    self.report.budget_rows += 1
                    self.in_budget = True
        return read


def split_goals_cell(text: str) -> list[str]:
    from .goals import split_goals

    return split_goals(text)


def _label_points(text: str) -> Decimal | None:
    from .levels import split_points

    return split_points(text)[1]


def _budget_text(text: str, scale: str | None):  # type: ignore[no-untyped-def]
    return read_budget(text.replace(",", ""), unit_if_bare=scale)
