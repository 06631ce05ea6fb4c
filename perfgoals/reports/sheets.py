"""Report stage: the look of an official form in a worksheet, shared by the 自评表 and 目标表.

A `Form` writes cells by (row, column) with one of a few named styles (registered once per
workbook, which is what keeps writing a thousand sheets fast), merges ranges, and sets the A4
print setup every form has: portrait, fit to the page width, title rows repeated, page numbers
in the footer. openpyxl is imported only inside the functions, as everywhere in reports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..language.errors import display_width
from ..language.model import Project
from ..language.values import canonical
from ..tables.cells import needs_mark

# Characters XML 1.0 cannot hold; openpyxl refuses them. Shown as U+FFFD, never dropped.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FONT = "宋体"  # the face of the printed central templates; LibreOffice substitutes a CJK serif

# name → (bold, size, horizontal alignment, number format, border, fill)
_STYLES: dict[str, tuple[bool, int, str, str, bool, str | None]] = {
    "pg-title": (True, 16, "center", "General", False, None),
    "pg-subtitle": (False, 11, "center", "General", False, None),
    "pg-label": (True, 10, "center", "General", True, "F2F2F2"),
    "pg-text": (False, 10, "left", "General", True, None),
    "pg-centre": (False, 10, "center", "General", True, None),
    # `_ ` keeps a space's width after right-aligned numbers, off the cell's rule.
    "pg-money": (False, 10, "right", "#,##0.00##_ ", True, None),
    "pg-percent": (False, 10, "right", "0.00%_ ", True, None),
    "pg-points": (False, 10, "right", "0.00_ ", True, None),
    "pg-count": (False, 10, "center", "0", True, None),
    "pg-goal": (False, 10, "center", '"目标"0', True, None),
    "pg-total": (True, 10, "right", "0.00_ ", True, "F2F2F2"),
    "pg-note": (False, 9, "left", "General", False, None),
}


def register_styles(workbook: Any) -> None:
    """Add the form's named styles to a workbook (once, before any Form writes)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="000000")
    for name, (bold, size, horizontal, number_format, border, fill) in _STYLES.items():
        style = NamedStyle(name=name)
        style.font = Font(name=_FONT, bold=bold, size=size)
        style.alignment = Alignment(
            horizontal=horizontal,
            vertical="center",
            wrap_text=True,
            indent=1 if border and horizontal == "left" else 0,  # off the cell's rule
        )
        style.number_format = number_format
        if border:
            style.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        if fill:
            style.fill = PatternFill("solid", fgColor=fill)
        workbook.add_named_style(style)


def clean_text(text: str) -> str:
    return _ILLEGAL.sub("\ufffd", text)


@dataclass(frozen=True)
class PrintSetup:
    title_rows: str | None = None  # e.g. "1:2", repeated at the top of every printed page
    landscape: bool = False
    footer: str = "第 &P 页，共 &N 页"


class Form:
    """One worksheet being filled in as a form."""

    def __init__(self, worksheet: Any, widths: Sequence[float]) -> None:
        from openpyxl.utils import get_column_letter

        self.ws = worksheet
        self.width = len(widths)
        self.widths = tuple(widths)
        self.lines: dict[int, int] = {}  # row → text lines its tallest cell needs
        for column, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(column)].width = width

    def put(
        self,
        row: int,
        column: int,
        value: str | Decimal | int | None,
        style: str = "pg-text",
        *,
        last_column: int | None = None,
        last_row: int | None = None,
    ) -> None:
        """A cell (and the range it is merged over); text is always stored as text."""
        cell = self.ws.cell(row, column)
        cell.style = style
        if isinstance(value, str):
            value = clean_text(value)
            cell.value = value
            if (last_row or row) == row:
                self._measure(row, value, column, last_column or column)
            if needs_mark(value):
                cell.data_type = "s"  # openpyxl would store `=…` as a formula
                cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        elif value is not None:
            cell.value = value
        last_column = last_column or column
        last_row = last_row or row
        if (last_row, last_column) != (row, column):
            from openpyxl.worksheet.cell_range import CellRange

            for r in range(row, last_row + 1):
                for c in range(column, last_column + 1):
                    if (r, c) != (row, column):
                        # The covered cells carry the border too, or LibreOffice draws none.
                        self.ws.cell(r, c).style = style
            # The range is recorded as it is written to the file. openpyxl's merge_cells would
            # also rebuild each edge cell's border one side at a time, which takes most of the
            # time of writing a form; the covered cells here already have the whole style.
            self.ws.merged_cells.add(
                CellRange(min_col=column, min_row=row, max_col=last_column, max_row=last_row)
            )

    def _measure(self, row: int, text: str, first: int, last: int) -> None:
        # LibreOffice and Excel keep a stored row height: wrapped text needs one that fits.
        room = max(1.0, sum(self.widths[first - 1 : last]) - 1.5)
        lines = sum(max(1, -(-display_width(part) // int(room))) for part in text.split("\n"))
        if lines > self.lines.get(row, 1):
            self.lines[row] = lines

    def fit_heights(self, minimum: float = 18) -> None:
        """Row heights that show every wrapped line (call once the cells are written)."""
        for row in range(1, self.ws.max_row + 1):
            lines = self.lines.get(row, 1)
            current = self.ws.row_dimensions[row].height
            wanted = max(minimum, 13.5 * lines + 4)
            if current is None or current < wanted:
                self.ws.row_dimensions[row].height = wanted

    def row(self, row: int, values: Sequence[str | Decimal | int | None], style: str) -> None:
        for column, value in enumerate(values, start=1):
            self.put(row, column, value, style)

    def merge_runs(
        self, items: Sequence[Any], first: int, column: int, key: Any, style: str
    ) -> None:
        """Runs of rows whose items share a key merged into one cell of `column`."""
        from itertools import groupby

        r = first
        for _, run in groupby(items, key=key):
            size = len(list(run))
            if size > 1:
                self.put(r, column, self.ws.cell(r, column).value, style, last_row=r + size - 1)
            r += size

    def height(self, row: int, points: float) -> None:
        self.ws.row_dimensions[row].height = points

    def print_setup(self, setup: PrintSetup) -> None:
        ws = self.ws
        self.fit_heights()
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if setup.landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.75
        if setup.title_rows:
            ws.print_title_rows = setup.title_rows
        ws.oddFooter.center.text = setup.footer
        ws.oddFooter.center.size = 9


def fitted_widths(
    rows: Sequence[Sequence[object]], minimum: float = 6, maximum: float = 40
) -> list[float]:
    """Column widths that fit the widest text (full-width characters count two)."""
    count = max((len(r) for r in rows), default=0)
    widths = [minimum] * count
    for r in rows:
        for i, value in enumerate(r):
            if value is None:
                continue
            text = value if isinstance(value, str) else format(value, "f")
            widths[i] = max(widths[i], min(maximum, display_width(text) + 2))
    return widths


def fund_shares(project: Project | None) -> dict[str, Decimal]:
    """A project's funding sources (元) as the forms' 其中 rows: appropriation (本年财政拨款),
    carried (上年结转资金) and other (其他资金)."""
    shares: dict[str, Decimal] = {}
    for fund in project.funds if project else ():
        if fund.amount.value is None:
            continue
        if "结转" in fund.source:
            row = "carried"
        elif any(w in fund.source for w in ("财政", "公共预算", "政府性基金", "国有资本")):
            row = "appropriation"
        else:
            row = "other"
        shares[row] = shares.get(row, Decimal(0)) + Decimal(fund.amount.value)
    return shares


def wan(yuan: Decimal | None) -> Decimal | None:
    """元 → 万元, exactly (the forms print money in 万元)."""
    return None if yuan is None else canonical(yuan / 10000)


def fraction(percent: Decimal | None) -> Decimal | None:
    """A percentage (95.00) as the fraction a percent-formatted cell holds (0.95)."""
    return None if percent is None else canonical(percent / 100)


def sheet_title(index: int, name: str, taken: set[str]) -> str:
    """A unique worksheet name under Excel's 31 characters, without the forbidden []:*?/\\."""
    base = re.sub(r"[\[\]:*?/\\']", "", f"{index} {name}").strip() or str(index)
    title = base[:31]
    n = 2
    while title in taken:
        suffix = f"~{n}"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title)
    return title
