"""Actual values from and to .xlsx workbooks (opened and written by perfgoals.tables).

A workbook has an indicator sheet (指标: the CSV layout, one row per indicator) and optionally a
funds sheet (资金: one row per project with 年初预算数, 全年预算数, 全年执行数). A workbook with a
single sheet is read as the indicator sheet whatever its name. Cells are turned into the text a
person sees (a 0.985 formatted as a percent is `98.5%`, a date is `2023-06-30`) and read by the
same rules as CSV; problems name the sheet and the cell (H12).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..i18n import _
from ..language.assessment import Assessment, ProjectActuals
from ..language.errors import Diagnostic, SourceError
from ..language.model import Ruleset
from ..tables.workbook import (
    FormSheet,
    has_cells,
    open_workbook,
    sheet_rows,
    write_form_workbook,
)
from .columns import FUNDS_COLUMNS, HEADERS, INDICATOR_COLUMNS, MONEY_COLUMNS, Column, Place
from .rows import table_rows
from .stated import StatedTargets
from .table import Funds, TableReader, read_funds_rows

INDICATOR_SHEET = "指标"
FUNDS_SHEET = "资金"
_INDICATOR_NAMES = frozenset({"指标", "绩效指标", "指标完成情况", "indicators", "actuals"})
_FUNDS_NAMES = frozenset({"资金", "资金情况", "预算执行", "funds", "budget"})


def _sheet_word(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().lower()


@dataclass
class XlsxActuals:
    """Reads one workbook; iterate `projects()`, then read `notes` (remarks, not errors)."""

    path: Path
    ruleset: Ruleset | None = None
    notes: list[Diagnostic] = field(default_factory=list)
    stated: StatedTargets | None = None  # without a ruleset: its stated targets kept here

    def projects(self) -> Iterator[ProjectActuals]:
        """Each project in sheet order; SourceError at the end if any cell was unusable."""
        handle = self.path.open("rb")  # closed here, not left to openpyxl's zip members
        try:
            workbook = open_workbook(self.path, handle)
        except BaseException:
            handle.close()
            raise
        try:
            indicators, funds_sheet = self._sheets(workbook)
            extra_funds: dict[tuple[str, str | None], Funds] = {}
            if funds_sheet is not None:
                extra_funds, problems = read_funds_rows(
                    sheet_rows(funds_sheet, self.path),
                    Place(str(self.path), funds_sheet.title, cell_refs=True),
                )
                if problems:
                    raise SourceError(problems)
            place = Place(str(self.path), indicators.title, cell_refs=True)
            funds_order = list(extra_funds)
            reader = TableReader(
                place, ruleset=self.ruleset, extra_funds=extra_funds, stated=self.stated
            )
            rows = sheet_rows(indicators, self.path)
            read: list[ProjectActuals] = []
            data_rows = 0
            last = 0
            for row, cells in rows:
                last = row
                if reader.layout is None:
                    if any(c.strip() for c in cells) and not reader.header(cells, row):
                        reader.raise_problems()
                    continue
                data_rows += any(c.strip() for c in cells)
                read.extend(reader.row(cells, row))
            if reader.layout is None:
                raise SourceError([place.problem(1, 0, "", _("empty sheet: no header row"))])
            if not data_rows and not extra_funds:
                raise SourceError([place.problem(last, 0, "", _("no rows after the header row"))])
            read.extend(reader.finish())
            funds_title = funds_sheet.title if funds_sheet is not None else None
            yield from _in_funds_order(read, funds_title, funds_order)
        finally:
            workbook.close()
            handle.close()
        self.notes.extend(reader.notes)
        reader.raise_problems()

    def _sheets(self, workbook: Any) -> tuple[Any, Any]:
        sheets = [ws for ws in workbook.worksheets if has_cells(ws)]
        if not sheets:
            raise SourceError(
                [Diagnostic(str(self.path), 1, 0, _("empty workbook: no sheet has cells"))]
            )
        if len(sheets) == 1:
            return sheets[0], None
        indicators = funds = None
        for ws in sheets:
            word = _sheet_word(ws.title)
            if word in _INDICATOR_NAMES and indicators is None:
                indicators = ws
            elif word in _FUNDS_NAMES and funds is None:
                funds = ws
            else:
                raise SourceError(
                    [
                        Diagnostic(
                            f"{self.path}[{ws.title}]",
                            1,
                            0,
                            _(
                                "unexpected sheet {sheet!r}: a workbook has an indicator sheet "
                                "({indicators}) and a funds sheet ({funds}); remove or rename "
                                "the others",
                                sheet=ws.title,
                                indicators=INDICATOR_SHEET,
                                funds=FUNDS_SHEET,
                            ),
                        )
                    ]
                )
        if indicators is None:
            raise SourceError(
                [
                    Diagnostic(
                        str(self.path),
                        1,
                        0,
                        _("no indicator sheet ({sheet})", sheet=INDICATOR_SHEET),
                    )
                ]
            )
        return indicators, funds


def _in_funds_order(
    read: list[ProjectActuals], funds_sheet: str | None, funds_order: list[tuple[str, str | None]]
) -> list[ProjectActuals]:
    """Projects in indicator-sheet order, each funds-only project where the funds sheet has it.

    A project listed only on the funds sheet follows the project listed before it there, so a
    workbook reads in the same order as the CSV with the same rows.
    """
    funds_only = {(p.project, p.code): p for p in read if p.origin.sheet == funds_sheet}
    if funds_sheet is None or not funds_only:
        return read
    main = [p for p in read if (p.project, p.code) not in funds_only]
    main_keys = {(p.project, p.code) for p in main}
    first: list[ProjectActuals] = []
    after: dict[tuple[str, str | None], list[ProjectActuals]] = {}
    previous: tuple[str, str | None] | None = None
    for key in funds_order:
        if key in main_keys:
            previous = key
        elif key in funds_only:
            (first if previous is None else after.setdefault(previous, [])).append(funds_only[key])
    ordered = first
    for p in main:
        ordered.append(p)
        ordered.extend(after.get((p.project, p.code), []))
    return ordered


def iter_actuals_xlsx(
    path: str | Path, ruleset: Ruleset | None = None, stated: StatedTargets | None = None
) -> Iterator[ProjectActuals]:
    """The projects of a workbook, one at a time (stated targets kept in `stated`, if given)."""
    return XlsxActuals(Path(path), ruleset, stated=stated).projects()


def read_actuals_xlsx(path: str | Path, ruleset: Ruleset | None = None) -> Assessment:
    """A whole workbook as an Assessment; SourceError (exit 2) if any cell is unusable."""
    return Assessment(projects=tuple(iter_actuals_xlsx(path, ruleset)))


# ---- writing -------------------------------------------------------------------------------

_INPUTS = frozenset(
    {
        Column.ACTUAL,
        Column.TIER,
        Column.POINTS,
        Column.NOT_APPLICABLE,
        Column.EXPLANATION,
        Column.ADJUSTED_BUDGET,
        Column.EXECUTED,
    }
)
_CHOICES = {Column.TIER: ("达成", "部分达成", "未达成"), Column.NOT_APPLICABLE: ("是", "否")}


def write_actuals_xlsx(
    path: str | Path, ruleset: Ruleset, assessment: Assessment | None = None
) -> None:
    """The workbook form: the fill-in template of a ruleset, or an assessment as it stands."""
    rows = table_rows(ruleset, assessment)

    def sheet(title: str, columns: tuple[Column, ...], data: list[dict[Column, str]]) -> FormSheet:
        return FormSheet(
            title=title,
            headers=[HEADERS[c] for c in columns],
            rows=[[_cell_value(c, record.get(c, "")) for c in columns] for record in data],
            inputs=frozenset(i for i, c in enumerate(columns) if c in _INPUTS),
            number_formats={i: "0.00####" for i, c in enumerate(columns) if c in MONEY_COLUMNS},
            choices={i: _CHOICES[c] for i, c in enumerate(columns) if c in _CHOICES},
        )

    write_form_workbook(
        path,
        [
            sheet(INDICATOR_SHEET, INDICATOR_COLUMNS, rows.indicators),
            sheet(FUNDS_SHEET, FUNDS_COLUMNS, [*rows.funds]),
        ],
    )


def _cell_value(column: Column, text: str) -> object:
    """Amounts and occurrence numbers go in as numbers (Excel sums them); the rest as text."""
    if text and (column in MONEY_COLUMNS or column is Column.OCCURRENCE):
        number = Decimal(text)
        return int(number) if number == number.to_integral_value() else number
    return text
