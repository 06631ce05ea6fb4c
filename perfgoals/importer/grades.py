"""Tier tables (Hebei): `优 · 良 · 中 · 差` columns, often under a merged 评价标准 and beside
评价标准确定依据, each holding the criterion of its grade (优 `≥95%`, 良 `90%-95%`, …).

The criteria become the indicator's graded target (`grades`, best first); the 指标值 stays the
target, and where the table prints none the 优 criterion is the target. The scorer grades an
actual by the first criterion it meets (perfgoals.scoring.grades).
"""

from __future__ import annotations

from ..i18n import _
from ..language.errors import ValueSyntaxError
from ..language.model import GradeCriterion
from ..language.value_types import Grade
from ..language.values import parse_value
from ..tables.grid import Row
from .build import COMPARATOR_LOOKALIKES
from .build import target_text as joined_value
from .columns import GRADE_COLUMNS, Column
from .periods import SheetContext
from .report import NoteKind

_GRADES = dict(
    zip(GRADE_COLUMNS, (Grade.EXCELLENT, Grade.GOOD, Grade.FAIR, Grade.POOR), strict=True)
)


def grade_criteria(
    context: SheetContext, row: Row, cells: dict[Column, str], name: str, target_text: str
) -> tuple[tuple[GradeCriterion, ...], str]:
    """The row's tier criteria, best first, and its target (the 优 criterion where no 指标值
    is printed). A criterion that cannot be read is a note; the others are kept."""
    criteria: list[GradeCriterion] = []
    for column in GRADE_COLUMNS:
        text = cells.get(column, "").translate(COMPARATOR_LOOKALIKES)
        if not text:
            continue
        text = joined_value(text, "", cells.get(Column.UNIT, ""))
        try:
            criteria.append(GradeCriterion(grade=_GRADES[column], criterion=parse_value(text)))
        except ValueSyntaxError as e:
            context.remark(
                NoteKind.NOTE,
                row,
                _(
                    "{name}: the criterion of {grade} {text!r} cannot be read ({reason}), "
                    "the other tiers are kept",
                    name=repr(name[:30]),
                    grade=_GRADES[column].value,
                    text=text,
                    reason=e.message,
                ),
                column=column.value,
            )
    if not criteria or target_text or cells.get(Column.ACTUAL):
        return tuple(criteria), target_text
    best = criteria[0]
    context.remark(
        NoteKind.NOTE,
        row,
        _(
            "{name}: no 指标值 printed, the criterion of {grade} {text!r} is read as the target",
            name=repr(name[:30]),
            grade=best.grade.value,
            text=best.criterion.text,
        ),
    )
    cells[Column.TARGET] = best.criterion.text
    return tuple(criteria), best.criterion.text
