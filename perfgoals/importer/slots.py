"""Empty slots of a template: a cell holding only a mark (`-`, `……`, `/ / /`) is read as empty
in the columns that hold levels, names, values and points; free text is kept as written."""

from __future__ import annotations

import re

from .columns import GRADE_COLUMNS, Column

# A cell that only marks an empty slot: dashes, slashes, dots, ellipses.
_EMPTY_MARK = re.compile(r"^[\s\-－—–_/／\\.。·…、]+$")
# The characters _EMPTY_MARK can start with: `\s` (what str.isspace calls space) and its marks.
_MARK_STARTS = frozenset(
    [chr(c) for c in range(0x3001) if chr(c).isspace()] + list("-－—–_/／\\.。·…、")
)
_SLOT_COLUMNS = frozenset(
    {
        Column.LEVEL1,
        Column.LEVEL2,
        Column.LEVEL3,
        Column.TARGET,
        Column.LONG_TARGET,
        *GRADE_COLUMNS,
        Column.ACTUAL,
        Column.UNIT,
        Column.NATURE,
        Column.WEIGHT,
        Column.POINTS,
    }
)


def clean(text: str, column: Column | None = None) -> str:
    """A cell with an empty-slot mark (`-`, `……`, `/ / /`) read as empty; a lone `/` in a
    value column is the value language's 不适用 and stays."""
    if not text or text[0] not in _MARK_STARTS:
        return text  # most cells: no mark can match (checked first, as every cell is cleaned)
    if column in (Column.TARGET, Column.LONG_TARGET, Column.ACTUAL) and text.strip() in (
        "/",
        "／",
    ):
        return text
    if column is not None and column not in _SLOT_COLUMNS:
        return text  # free text (a description, a basis) is kept as written
    return "" if _EMPTY_MARK.match(text) else text
