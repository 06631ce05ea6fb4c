"""Cells written for spreadsheets: text that Excel or WPS would run as a formula is made inert.

A CSV cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return before one) is read
by a spreadsheet as a formula: a project named `=HYPERLINK(…)` or `@SUM(…)` in a ruleset would
run when the exported table is opened. Such a cell is written with a leading apostrophe, which
spreadsheets show as text and which perfgoals' own reader takes off again. Plain numbers (`-5`,
`+3%`) stay as they are. Workbooks need no prefix: their cells are written as text, not formulas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)%?")


def inert(text: str) -> str:
    """The cell as written: an apostrophe before anything a spreadsheet would evaluate."""
    core = text.lstrip("'")
    if core.startswith(_TRIGGERS) and (core != text or not _PLAIN_NUMBER.fullmatch(text)):
        return "'" + text  # (a text that already had apostrophes gets one more, taken off later)
    return text


def inert_row(cells: Iterable[object]) -> list[str]:
    """A row of cells (None: empty) ready for csv.writer."""
    return [inert("" if cell is None else str(cell)) for cell in cells]


def restored(text: str) -> str:
    """A cell as read: the apostrophe `inert` added is taken off again."""
    if text.startswith("'") and text.lstrip("'").startswith(_TRIGGERS):
        return text[1:]
    return text
