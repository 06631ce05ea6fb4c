"""Tables as rows of text cells: what every tabular reader (CSV, TSV, workbooks) produces.

A `Sheet` holds numbered rows of cell texts (`delimited` reads CSV and TSV, `workbook` reads
.xlsx), and for each row the columns whose text was copied from a merged range above or to
the left, so a layout can tell a merged project cell from a project of its own.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)  # slotted: a province's file makes millions of rows
class Row:
    """One table row: its 1-based number in the file or sheet, and its cells as text."""

    number: int
    cells: tuple[str, ...]
    merged: frozenset[int] = frozenset()

    def cell(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    def is_merged_copy(self, index: int | None) -> bool:
        return index is not None and index in self.merged

    @property
    def empty(self) -> bool:
        return not any(self.cells)


@dataclass(frozen=True)
class Sheet:
    """The rows of one CSV file or one worksheet (or a PDF's tables, whose rows are numbered
    across its pages: `pages` holds the first row number of each page)."""

    path: str
    name: str | None
    rows: tuple[Row, ...]
    pages: tuple[int, ...] = ()

    @property
    def where(self) -> str:
        return f"{self.path}[{self.name}]" if self.name else self.path


def page_of(pages: Sequence[int], number: int) -> tuple[int, int]:
    """(page, its row or line) of a row or line numbered across a PDF's pages, `pages` being
    the first number of each page. An empty page starts where the next one does and holds
    nothing, so the later page is taken."""
    if not pages:
        return 1, number
    index = max(bisect_right(pages, number) - 1, 0)
    return index + 1, number - pages[index] + 1
