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
from ..language.values import canonical
from .safe import looks_like_formula

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
    "pg-money": (False, 10, "right", "#,##0.00##", True, None),
    "pg-percent": (False, 10, "right", "0.00%", True, None),
    "pg-points": (False, 10, "right", "0.00", True, None),
    "pg-count": (False, 10, "center", "0", True, None),
    "pg-goal": (False, 10, "center", '"目标"0', True, None),
    "pg-total": (True, 10, "right", "0.00", True, "F2F2F2"),
    "pg-note": (False, 9, "left", "General", False, None),
}


def register_styles(workbook: Any) -> None:
    """Add the form's named styles to a workbook (once, before any Form writes)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="000000")
    for name, (bold, size, horizontal, number_format, border, fill) in _STYLES.items():
        style = NamedStyle(name=name)
        style.font = Font(name=_FONT, bold=bold, size=size)
        style.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
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
            if looks_like_formula(value):
                cell.data_type = "s"  # openpyxl would store `=…` as a formula
                cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        elif value is not None:
            cell.value = value
        last_column = last_column or column
        last_row = last_row or row
        if (last_row, last_column) != (row, column):
            for r in range(row, last_row + 1):
                for c in range(column, last_column + 1):
                    if (r, c) != (row, column):
                        # The covered cells carry the border too, or LibreOffice draws none.
                        self.ws.cell(r, c).style = style
            self.ws.merge_cells(
                start_row=row, start_column=column, end_row=last_row, end_column=last_column
            )

    def row(self, row: int, values: Sequence[str | Decimal | int | None], style: str) -> None:
        for column, value in enumerate(values, start=1):
            self.put(row, column, value, style)

    def height(self, row: int, points: float) -> None:
        self.ws.row_dimensions[row].height = points

    def print_setup(self, setup: PrintSetup) -> None:
        ws = self.ws
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
