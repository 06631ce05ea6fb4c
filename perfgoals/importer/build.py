"""Model construction from cell texts: one indicator row, one budget cell, the finished ruleset.

Every table layout ends here, so the rules that turn cells into model values live in one place:
how a Sichuan `=` `100` `%` becomes the target `=100%`, what an empty cell means, and that the
result is checked by the language's own parser before it is handed out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..i18n import _
from ..language.errors import ValueSyntaxError
from ..language.formatter import format_ruleset
from ..language.model import (
    GradeCriterion,
    Indicator,
    Level1,
    Level2,
    Nature,
    Ruleset,
    level1_of,
    level2_of,
    nature_of,
)
from ..language.numbers import number_problem
from ..language.parser import parse_ruleset
from ..language.units import Dimension
from ..language.values import Comparison, parse_value
from .columns import Column

# Comparator symbols a 指标性质 cell may hold instead of a nature word.
_COMPARATORS = frozenset(
    {"≥", "≤", "=", ">", "<", ">=", "<=", "≧", "≦", "＞", "＜", "＝", "﹦", "═", "≠"}
)
# Comparator lookalikes that published tables print (box drawing ═ for =), for str.translate
# on a target, nature or actual cell before it is read.
COMPARATOR_LOOKALIKES = str.maketrans({"═": "=", "〓": "="})
_NATURE_EXTRA = frozenset({"定量", "定量指标", "定性指标", "正向指标", "反向指标"})
# A unit cell's gloss: `%(百分比)` is `%`.
_UNIT_GLOSS = re.compile(r"[(（][^)）]*[)）]$")
_TRUE_WORDS = frozenset({"是", "√", "✓", "y", "yes", "true", "1", "na", "不适用", "x", "×"})


class RowProblem(Exception):
    """A row that cannot be imported; the message is the reason reported with its row number.

    `levels` is what the rows below carry down from this one when it names a level that
    could be read and another that could not.
    """

    def __init__(
        self, reason: str, column: Column | None = None, levels: Levels | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.column = column
        self.levels = levels


@dataclass(frozen=True)
class Levels:
    """The level 1 and level 2 in force on a row, carried down from rows above when empty."""

    level1: Level1 | None = None
    level2: Level2 | None = None


def read_levels(level1_text: str, level2_text: str, above: Levels) -> Levels:
    """The levels of a row: its own cells where filled, else those carried from above."""
    level1 = above.level1
    level2 = above.level2
    if level1_text:
        level1 = level1_of(level1_text)
        if not level2_text:
            level2 = None  # a new level 1 does not inherit the level 2 of another
        if level1 is None:
            raise RowProblem(
                _(
                    "unknown 一级指标 {text!r}: expected 产出指标, 效益指标, 满意度指标 or "
                    "成本指标",
                    text=level1_text,
                ),
                Column.LEVEL1,
                Levels(None, level2_of(level2_text) if level2_text else level2),
            )
    if level2_text:
        level2 = level2_of(level2_text)
        if level2 is None:
            raise RowProblem(
                _(
                    "unknown 二级指标 {text!r}: expected 数量指标, 质量指标, 时效指标, 成本指标, "
                    "社会效益指标, 经济效益指标, 生态效益指标, 可持续影响指标 or "
                    "服务对象满意度指标",
                    text=level2_text,
                ),
                Column.LEVEL2,
                Levels(level1, None),
            )
    if level1 is None:
        raise RowProblem(_("no 一级指标 on this row or above it"), Column.LEVEL1)
    if level2 is None:
        raise RowProblem(_("no 二级指标 on this row or above it"), Column.LEVEL2)
    return Levels(level1, level2)


def is_nature_cell(text: str) -> bool:
    """Whether a 指标性质 cell holds a comparator or a nature word (not a value)."""
    folded = _fold(text)
    return folded in _COMPARATORS or folded in _NATURE_EXTRA or nature_of(folded) is not None


def target_text(value: str, nature: str = "", unit: str = "") -> str:
    """The target as one text: a comparator from 指标性质 and a 度量单位 joined to the value.

    A unit is joined only to a number: `完成` with the unit `%` stays `完成`.
    """
    text = value
    unit = _UNIT_GLOSS.sub("", _fold(unit)) if unit else unit
    if unit and not re.search(r"\d\s*$", _fold(text)):
        unit = ""
    if nature and _fold(nature) in _COMPARATORS:
        text = nature + text
    if unit and not _fold(text).endswith(_fold(unit)):
        text = text + unit
    return text


@lru_cache(maxsize=65536)  # natures, units and values repeat from row to row
def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def make_indicator(
    levels: Levels, cells: dict[Column, str], grades: tuple[GradeCriterion, ...] = ()
) -> Indicator:
    """An indicator from the cells of one row (already carried down and continued), with the
    tier criteria of a graded target where the table has them."""
    name = cells.get(Column.LEVEL3, "")
    if not name:
        raise RowProblem(_("no 三级指标 (indicator name)"), Column.LEVEL3)
    nature_cell = cells.get(Column.NATURE, "")
    raw_target = cells.get(Column.TARGET, "")
    if not raw_target:
        raise RowProblem(_("indicator {name!r} has no 指标值", name=name), Column.TARGET)
    text = target_text(raw_target, nature_cell, cells.get(Column.UNIT, ""))
    try:
        target = parse_value(text)
    except ValueSyntaxError as e:
        raise RowProblem(
            _("cannot read 指标值 {text!r}: {reason}", text=text, reason=e.message), Column.TARGET
        ) from None
    nature: Nature | None = None
    if nature_cell and _fold(nature_cell) not in _COMPARATORS:
        nature = nature_of(nature_cell)
        if nature is None:
            raise RowProblem(
                _(
                    "unknown 指标性质 {text!r}: expected 正向, 反向, 等于, 定性 or a comparator "
                    "(≥ ≤ =)",
                    text=nature_cell,
                ),
                Column.NATURE,
            )
    long_text = cells.get(Column.LONG_TARGET, "")
    try:
        long_term = parse_value(long_text) if long_text else None
    except ValueSyntaxError as e:
        raise RowProblem(
            _("cannot read 中长期指标值 {text!r}: {reason}", text=long_text, reason=e.message),
            Column.LONG_TARGET,
        ) from None
    assert levels.level1 is not None and levels.level2 is not None
    return Indicator(
        level1=levels.level1,
        level2=levels.level2,
        name=name,
        target=target,
        description=cells.get(Column.DESCRIPTION) or None,
        basis=cells.get(Column.BASIS) or None,
        weight=read_number(cells.get(Column.WEIGHT, ""), "分值", Column.WEIGHT),
        nature=nature,
        goal=read_goal_ref(cells.get(Column.GOAL_REF, "")),
        not_applicable=read_flag(cells.get(Column.NOT_APPLICABLE, "")),
        long_term_target=long_term,
        grades=grades,
    )


def read_number(text: str, label: str, column: Column) -> Decimal | None:
    """An exact number from a cell (`10`, `12.5`, `1,000`), None when empty."""
    text = _fold(text).replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise RowProblem(
            _("{label} {text!r} is not a number", label=label, text=text), column
        ) from None
    if not number.is_finite() or number < 0:
        raise RowProblem(
            _("{label} {text!r} is not a number of points", label=label, text=text), column
        )
    problem = number_problem(number)
    if problem:
        raise RowProblem(
            _("{label} {text}: {problem}", label=label, text=repr(text[:40]), problem=problem),
            column,
        )
    return number


def read_goal_ref(text: str) -> int | None:
    text = _fold(text)
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise RowProblem(
            _("对应目标 {text!r} is not a goal number (1, 2, …)", text=text), Column.GOAL_REF
        )
    return int(text)


def read_flag(text: str) -> bool:
    text = _fold(text).lower()
    if not text or text in {"否", "no", "false", "0", "n"}:
        return False
    if text in _TRUE_WORDS:
        return True
    raise RowProblem(
        _("不适用 {text!r}: expected 是 or 否 (yes or no)", text=text), Column.NOT_APPLICABLE
    )


def read_budget(text: str, unit_if_bare: str | None = None) -> Comparison:
    """A budget cell as an amount of money, its text kept as written.

    A bare number stays bare (the ruleset's currency applies) unless unit_if_bare is given: the
    disclosure's tables state 万元 once in their heading, and the amount is written with it.
    """
    text = text.strip()
    try:
        value = parse_value(text)
        if unit_if_bare and isinstance(value, Comparison) and value.unit is None:
            value = parse_value(text + unit_if_bare)
    except ValueSyntaxError as e:
        raise RowProblem(
            _("cannot read budget {text!r}: {reason}", text=text, reason=e.message), Column.BUDGET
        ) from None
    if not isinstance(value, Comparison) or value.dimension not in (
        Dimension.MONEY,
        Dimension.NUMBER,
    ):
        raise RowProblem(_("budget {text!r} is not an amount of money", text=text), Column.BUDGET)
    return value


def checked(ruleset: Ruleset, path: str) -> Ruleset:
    """The ruleset after a trip through its own text: what an import hands out parses back."""
    return parse_ruleset(format_ruleset(ruleset), f"{path} (imported)")
