"""Report stage: text written into a cell or a CSV field can never become a formula.

A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` as a formula when it is typed
in, and CSV fields are typed in by whoever opens the file. A project name or an explanation is a
user's text, so the writers pass every text through here: in a workbook it is stored as a
string with Excel's quote prefix (shown as written, kept as text when the cell is edited); in
CSV it gets a leading apostrophe, the mark spreadsheets read as "this is text".
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read the text as a formula (a signed number is not)."""
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def csv_field(text: str) -> str:
    """A CSV field that opens as the same text, never as a formula."""
    return "'" + text if looks_like_formula(text) else text
