"""Two-period tables (申报表 of a multi-year project): 中长期指标值 beside 年度指标值.

The year's value is the target that is scored; the long-term one is kept with the indicator
(`long_term_target`), so neither is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import _
from ..language.errors import ValueSyntaxError
from ..language.values import parse_value
from ..tables.grid import Row
from .build import target_text as joined_value
from .columns import Column
from .report import NoteKind

if TYPE_CHECKING:
    from .blocks import SheetContext

# Comparator lookalikes that published tables print (box drawing ═ for =).
_LOOKALIKES = str.maketrans({"═": "=", "〓": "="})


def long_term(
    context: SheetContext, row: Row, cells: dict[Column, str], name: str, target_text: str
) -> str:
    """The 中长期指标值 of a two-period table, kept beside the annual target; the annual
    target, or the long-term one where the year's is not printed (never both lost)."""
    text = cells.get(Column.LONG_TARGET, "").translate(_LOOKALIKES)
    if not text:
        return target_text
    text = joined_value(
        text, cells.get(Column.NATURE, "").translate(_LOOKALIKES), cells.get(Column.UNIT, "")
    )
    try:
        parse_value(text)
    except ValueSyntaxError as e:
        context.remark(
            NoteKind.NOTE,
            row,
            _(
                "{name}: 中长期指标值 {text!r} cannot be read ({reason}), only the annual "
                "target is kept",
                name=repr(name[:30]),
                text=text,
                reason=e.message,
            ),
            column=Column.LONG_TARGET.value,
        )
        cells[Column.LONG_TARGET] = ""
        return target_text
    cells[Column.LONG_TARGET] = text
    if target_text or cells.get(Column.ACTUAL):
        return target_text
    context.remark(
        NoteKind.NOTE,
        row,
        _(
            "{name}: no 年度指标值 printed, the 中长期指标值 {text!r} is read as the target too",
            name=repr(name[:30]),
            text=text,
        ),
    )
    cells[Column.TARGET] = text
    return text
