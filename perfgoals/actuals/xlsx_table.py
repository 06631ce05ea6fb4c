"""Actual values from and to .xlsx workbooks: the only module that touches openpyxl, and only
when a workbook is read or written.

A workbook has an indicator sheet (指标: the CSV layout, one row per indicator) and optionally a
funds sheet (资金: one row per project with 年初预算数, 全年预算数, 全年执行数). A workbook with a
single sheet is read as the indicator sheet whatever its name. Cells are turned into the text a
person sees (a 0.985 formatted as a percent is `98.5%`, a date is `2023-06-30`) and read by the
same rules as CSV; problems name the sheet and the cell (H12).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from ..language.assessment import Assessment, ProjectActuals
from ..language.errors import Diagnostic, SourceError, display_width
from ..language.model import Ruleset
from ..language.values import canonical
from .columns import FUNDS_COLUMNS, HEADERS, INDICATOR_COLUMNS, MONEY_COLUMNS, Column, Place
from .rows import table_rows
from .table import Funds, TableReader, read_funds_rows

INDICATOR_SHEET = "指标"
FUNDS_SHEET = "资金"
_INDICATOR_NAMES = frozenset({"指标", "绩效指标", "指标完成情况", "indicators", "actuals"})
_FUNDS_NAMES = frozenset({"资金", "资金情况", "预算执行", "funds", "budget"})


def _sheet_word(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().lower()


def cell_text(value: Any, number_format: str = "General") -> str:
    """The text a cell shows, exactly: numbers to 15 significant digits, as Excel keeps them."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        number = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
        if "%" in number_format:
            return format(canonical(number * 100), "f") + "%"
        return format(canonical(number), "f")
    return str(value)


@dataclass
class XlsxActuals:
    """Reads one workbook; iterate `projects()`, then read `notes` (remarks, not errors)."""

    path: Path
    ruleset: Ruleset | None = None
    notes: list[Diagnostic] = field(default_factory=list)

    def projects(self) -> Iterator[ProjectActuals]:
        """Each project in sheet order; SourceError at the end if any cell was unusable."""
        handle = self.path.open("rb")  # closed here, not left to openpyxl's zip members
        try:
            workbook = _open(self.path, handle)
        except BaseException:
            handle.close()
            raise
        try:
            indicators, funds_sheet = self._sheets(workbook)
            extra_funds: dict[tuple[str, str | None], Funds] = {}
            if funds_sheet is not None:
                extra_funds, problems = read_funds_rows(
                    _rows(funds_sheet), Place(str(self.path), funds_sheet.title, cell_refs=True)
                )
                if problems:
                    raise SourceError(problems)
            place = Place(str(self.path), indicators.title, cell_refs=True)
            funds_order = list(extra_funds)
            reader = TableReader(place, ruleset=self.ruleset, extra_funds=extra_funds)
            rows = _rows(indicators)
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
                raise SourceError([place.problem(1, 0, "", "empty sheet: no header row")])
            if not data_rows and not extra_funds:
                raise SourceError([place.problem(last, 0, "", "no rows after the header row")])
            read.extend(reader.finish())
            funds_title = funds_sheet.title if funds_sheet is not None else None
            yield from _in_funds_order(read, funds_title, funds_order)
        finally:
            workbook.close()
            handle.close()
        self.notes.extend(reader.notes)
        reader.raise_problems()

    def _sheets(self, workbook: Any) -> tuple[Any, Any]:
        sheets = [ws for ws in workbook.worksheets if _has_cells(ws)]
        if not sheets:
            raise SourceError(
                [Diagnostic(str(self.path), 1, 0, "empty workbook: no sheet has cells")]
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
                            f"unexpected sheet {ws.title!r}: a workbook has an indicator sheet "
                            f"({INDICATOR_SHEET}) and a funds sheet ({FUNDS_SHEET}); remove or "
                            "rename the others",
                        )
                    ]
                )
        if indicators is None:
            raise SourceError(
                [Diagnostic(str(self.path), 1, 0, f"no indicator sheet ({INDICATOR_SHEET})")]
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


def _open(path: Path, handle: BinaryIO) -> Any:
    from openpyxl import load_workbook

    head = handle.read(8)
    handle.seek(0)
    if not head:
        raise SourceError([Diagnostic(str(path), 1, 0, "empty file: not an .xlsx workbook")])
    if not head.startswith(b"PK\x03\x04"):
        kind = "an old Excel .xls workbook" if head.startswith(b"\xd0\xcf\x11\xe0") else "not a zip"
        raise SourceError(
            [
                Diagnostic(
                    str(path), 1, 0, f"not an .xlsx workbook ({kind}); CSV text needs a .csv name"
                )
            ]
        )
    try:
        # Cached values of formulas are read, as Excel shows them.
        return load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise SourceError(
            [Diagnostic(str(path), 1, 0, f"not a readable .xlsx workbook: {e}")]
        ) from None
    except Exception as e:  # openpyxl's own exceptions have no common root
        if type(e).__module__.startswith("openpyxl"):
            raise SourceError(
                [Diagnostic(str(path), 1, 0, f"not a readable .xlsx workbook: {e}")]
            ) from None
        raise


def _has_cells(ws: Any) -> bool:
    for row in ws.iter_rows(values_only=True):
        if any(v is not None and str(v).strip() for v in row):
            return True
    return False


def _rows(ws: Any) -> Iterator[tuple[int, list[str]]]:
    for number, row in enumerate(ws.iter_rows(), start=1):
        yield number, [cell_text(c.value, getattr(c, "number_format", "General")) for c in row]


def iter_actuals_xlsx(path: str | Path, ruleset: Ruleset | None = None) -> Iterator[ProjectActuals]:
    """The projects of a workbook, one at a time."""
    return XlsxActuals(Path(path), ruleset).projects()


def read_actuals_xlsx(path: str | Path, ruleset: Ruleset | None = None) -> Assessment:
    """A whole workbook as an Assessment; SourceError (exit 2) if any cell is unusable."""
    return Assessment(projects=tuple(iter_actuals_xlsx(path, ruleset)))


# ---- writing -------------------------------------------------------------------------------

_WIDTH_MIN, _WIDTH_MAX = 8, 48


def write_actuals_xlsx(
    path: str | Path, ruleset: Ruleset, assessment: Assessment | None = None
) -> None:
    """The workbook form: the fill-in template of a ruleset, or an assessment as it stands."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    rows = table_rows(ruleset, assessment)
    workbook = Workbook()
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E78")
    input_fill = PatternFill("solid", fgColor="FFF2CC")  # the cells a person fills in
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    inputs = {
        Column.ACTUAL,
        Column.TIER,
        Column.POINTS,
        Column.NOT_APPLICABLE,
        Column.EXPLANATION,
        Column.ADJUSTED_BUDGET,
        Column.EXECUTED,
    }

    def sheet(ws: Any, columns: tuple[Column, ...], data: list[dict[Column, str]]) -> None:
        ws.append([HEADERS[c] for c in columns])
        for record in data:
            ws.append([_cell_value(c, record.get(c, "")) for c in columns])
        for index, column in enumerate(columns, start=1):
            head = ws.cell(row=1, column=index)
            head.font = header_font
            head.fill = header_fill
            head.border = border
            head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            widest = max(
                [display_width(HEADERS[column])]
                + [display_width(record.get(column, "")) for record in data]
            )
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = min(max(widest + 2, _WIDTH_MIN), _WIDTH_MAX)
            for r in range(2, len(data) + 2):
                body = ws.cell(row=r, column=index)
                body.border = border
                body.alignment = Alignment(vertical="top", wrap_text=True)
                if column in inputs:
                    body.fill = input_fill
                if column in MONEY_COLUMNS:
                    body.number_format = "0.00####"
        ws.row_dimensions[1].height = 30
        ws.freeze_panes = "A2"
        if data:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(data) + 1}"

    indicators = workbook.active
    indicators.title = INDICATOR_SHEET
    sheet(indicators, INDICATOR_COLUMNS, rows.indicators)
    last = len(rows.indicators) + 1
    if last > 1:
        tiers = DataValidation(type="list", formula1='"达成,部分达成,未达成"', allow_blank=True)
        yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
        for validation, column in ((tiers, Column.TIER), (yes_no, Column.NOT_APPLICABLE)):
            letter = get_column_letter(INDICATOR_COLUMNS.index(column) + 1)
            validation.add(f"{letter}2:{letter}{last}")
            indicators.add_data_validation(validation)
    sheet(workbook.create_sheet(FUNDS_SHEET), FUNDS_COLUMNS, rows.funds)
    workbook.save(path)


def _cell_value(column: Column, text: str) -> object:
    """Amounts and occurrence numbers go in as numbers (Excel sums them); the rest as text."""
    if text and (column in MONEY_COLUMNS or column is Column.OCCURRENCE):
        number = Decimal(text)
        return int(number) if number == number.to_integral_value() else number
    return text
