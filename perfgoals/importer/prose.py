"""Indicators published as a list inside one cell beside a level label (Hubei's goal-based
tables: `产出指标 | 开展文物安全巡查频次8次;…;文物保护项目验收合格率≥86%`).

Each item's target is the value at its end (`8次`, `≥86%`, `≥20万人次`; a qualitative ending such
as `基本健全`), its name what stands before; its level 2 is guessed and the guess reported.
"""

from __future__ import annotations

import re

from ..i18n import _
from ..language.model import Level1, Level2
from ..tables.grid import Row
from .blocks import SheetContext, TableProject, _l1, _l2, _value
from .build import Levels, RowProblem, make_indicator
from .columns import Column
from .levels import guess_level2, read_label
from .preamble import Preamble
from .report import NoteKind

_ITEM_SPLIT = re.compile(r"[;；。]\s*")
_ITEM_VALUE = re.compile(
    r"^(?P<name>.*?\D)(?P<value>[≥≤=><≧≦]?\s*\d+(?:\.\d+)?\s*[^\d\s;；。,，]{0,4})$"
)
_ITEM_QUALITY = re.compile(
    r"^(?P<name>.+?)(?P<value>(?:基本|全面|明显|显著|有效|逐步|进一步)\S{1,4})$"
)


def prose_items(text: str) -> list[tuple[str, str]]:
    """`巡查频次8次;合格率≥86%;名录基本健全` → (name, target) pairs, in order."""
    items: list[tuple[str, str]] = []
    for item in _ITEM_SPLIT.split(text):
        item = item.strip()
        if not item:
            continue
        match = _ITEM_VALUE.match(item) or _ITEM_QUALITY.match(item)
        if match:
            items.append((match.group("name").strip(), match.group("value").strip()))
        else:
            items.append((item, item))
    return items


def list_label(row: Row) -> tuple[Level1, Level2 | None, list[tuple[str, str]]] | None:
    """The level the row's list is under (its level 1, and level 2 where the label names one)
    and the list's items, if the row holds one: the one test of what a list row is, so that a
    row is read as a list exactly when it is kept from the form (`(50分)` beside prose names no
    level, and the row is the form's)."""
    cells = row.cells
    for i, cell in enumerate(cells[:-1]):
        label = read_label(cell, level=1) if cell else None
        if label is None or label.level1 is None:
            continue
        items = prose_items(cells[i + 1])
        if len(items) >= 2:
            return label.level1, label.level2, items
    return None


def read_prose(
    context: SheetContext, rows: list[Row], preamble: Preamble, name: str
) -> list[TableProject]:
    """Indicators published as a list inside one cell beside a level label (Hubei's
    goal-based tables): each item's value is the number at its end, its level 2 guessed."""
    project: TableProject | None = None
    for row in rows:
        found = list_label(row)
        if found is None:
            continue
        level1, label_level2, items = found
        if project is None:
            project = TableProject(name=preamble.name or name, origin=context.origin(row))
            project.budget = preamble.budget or preamble.funds.budget
            project.fields = dict(preamble.fields)
        for item_name, value in items:
            target = _value(value)
            level2 = label_level2 or guess_level2(level1, item_name, target)
            cells_of = {Column.LEVEL3: item_name, Column.TARGET: value}
            try:
                indicator = make_indicator(Levels(level1, level2), cells_of)
            except RowProblem as problem:
                context.remark(NoteKind.NOTE, row, f"{item_name[:30]!r}: {problem.reason}")
                continue
            project.indicators.append(indicator)
            context.remark(
                NoteKind.GUESSED,
                row,
                _(
                    "{name!r}: an item of the {level1} list, filed under {level2}",
                    name=item_name[:30],
                    level1=_l1(level1),
                    level2=_l2(level2),
                ),
            )
        context.report.use()
    return [project] if project is not None else []
