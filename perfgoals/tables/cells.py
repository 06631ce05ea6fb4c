"""Cells written for spreadsheets: text that Excel or WPS would run as a formula is made inert.

A CSV cell starting with `=`, `+`, `-` or `@`, or with a tab or a line break (spreadsheets skip
them before a formula), is read by a spreadsheet as a formula: a project named `=HYPERLINK(…)` or
`@SUM(…)` in a ruleset would run when the exported table is opened. Such a cell is written with
a leading apostrophe, which spreadsheets show as text and which perfgoals' own reader takes off
again. Plain numbers (`-5`, `+3%`, `-1,234.5`) stay as they are. A workbook stores such a cell as
text with Excel's quote prefix instead (perfgoals.reports.sheets), which keeps it text when it
is edited. Every CSV and form writer marks its cells here, so the rule is the same everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# A cell needs a closer look only if it starts with a trigger or an apostrophe: a set lookup
# of its first character settles the other cells (nearly all of them) at once.
_SUSPECT_FIRST = frozenset("'=+-@\t\r\n")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)%?")


def needs_mark(text: str) -> bool:
    """Whether a spreadsheet would evaluate the text (a plain number such as `-5` or
    `-1,234.5` it would not), or it is such a text behind apostrophes already: the cells that
    get the text mark (an apostrophe in CSV, the quote prefix in a workbook)."""
    core = text.lstrip("'")
    return core.startswith(_TRIGGERS) and (core != text or not _PLAIN_NUMBER.fullmatch(text))


def inert(text: str) -> str:
    """The cell as written: an apostrophe before anything a spreadsheet would evaluate."""
    # (a text that already had apostrophes gets one more, taken off again by `restored`)
    return "'" + text if needs_mark(text) else text


def inert_row(cells: Iterable[object]) -> list[str]:
    """A row of cells (None: empty) ready for csv.writer."""
    texts = ["" if cell is None else cell if type(cell) is str else str(cell) for cell in cells]
    return [inert(text) if text[:1] in _SUSPECT_FIRST else text for text in texts]


def restored(text: str) -> str:
    """A cell as read: the apostrophe `inert` added is taken off again."""
    if text.startswith("'") and text.lstrip("'").startswith(_TRIGGERS):
        return text[1:]
    return text
