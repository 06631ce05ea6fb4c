"""Two-period tables (申报表 of a multi-year project): 中长期指标值 beside 年度指标值, and
实施期目标 / 中长期目标 beside 年度目标 in the goal block.

The year's value is the target that is scored; the long-term one is kept with the indicator
(`long_term_target`), and a long-term goal text as a form field of the project (`info
"实施期目标" "…"`), so neither is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..i18n import _
from ..language.errors import ValueSyntaxError
from ..language.values import parse_value
from ..tables.grid import Row
from .build import COMPARATOR_LOOKALIKES
from .build import target_text as joined_value
from .columns import Column
from .preamble import GOAL_ACTUAL, GOAL_EXPECTED, GOAL_LABELS, label_key
from .report import NoteKind


class SheetContext(Protocol):
    """Where a row's remarks go (perfgoals.importer.blocks.SheetContext)."""

    def remark(self, kind: NoteKind, row: Row, reason: str, column: str | None = None) -> None: ...


def long_term(
    context: SheetContext, row: Row, cells: dict[Column, str], name: str, target_text: str
) -> str:
    """The 中长期指标值 of a two-period table, kept beside the annual target; the annual
    target, or the long-term one where the year's is not printed (never both lost)."""
    text = cells.get(Column.LONG_TARGET, "").translate(COMPARATOR_LOOKALIKES)
    if not text:
        return target_text
    text = joined_value(
        text,
        cells.get(Column.NATURE, "").translate(COMPARATOR_LOOKALIKES),
        cells.get(Column.UNIT, ""),
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


# The long-term half of a two-period goal block (folded, simplified labels).
LONG_GOAL_LABELS = frozenset(
    {
        "实施期目标",
        "中长期目标",
        "长期目标",
        "实施期绩效目标",
        "中长期绩效目标",
        "实施期总体目标",
        "中长期总体目标",
    }
)


@dataclass
class GoalRow:
    """A goal row split by period: long-term texts beside their labels, the labels whose text
    is on the row below (label → column), annual texts beside 年度目标, and the other cells."""

    beside: dict[str, str] = field(default_factory=dict)
    below: dict[str, int] = field(default_factory=dict)
    annual: list[str] = field(default_factory=list)
    others: list[tuple[int, str]] = field(default_factory=list)


def goal_row(cells: list[tuple[int, str]]) -> GoalRow:
    """`总体目标 | 实施期目标 | 主要用于… | 年度目标 | …`: neither label is taken for a goal's
    text, the long-term text becomes a form field of the project (kept, never scored)."""
    labels = LONG_GOAL_LABELS | GOAL_EXPECTED | GOAL_ACTUAL | GOAL_LABELS
    split = GoalRow()
    if not any(label_key(cell) in LONG_GOAL_LABELS for _, cell in cells):
        split.others = list(cells)
        return split
    taken: set[int] = set()
    for n, (i, cell) in enumerate(cells):
        key = label_key(cell)
        if i in taken or (key not in LONG_GOAL_LABELS and key not in GOAL_EXPECTED):
            if i not in taken:
                split.others.append((i, cell))
            continue
        following = cells[n + 1] if n + 1 < len(cells) else None
        if following is None or label_key(following[1]) in labels:
            if key in LONG_GOAL_LABELS:
                split.below[cell] = i
            else:
                split.others.append((i, cell))  # 年度目标 over the texts of the row below
            continue
        taken.add(following[0])
        if key in LONG_GOAL_LABELS:
            split.beside[cell] = following[1]
        else:
            split.annual.append(following[1])
    return split
