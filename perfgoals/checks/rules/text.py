"""Text rules (T): descriptions whose numbers disagree with the target they describe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from ...i18n import _
from ...language.errors import ValueSyntaxError
from ...language.model import Indicator
from ...language.units import Dimension, lookup
from ...language.values import Comparison, parse_value
from ..context import CheckedFile
from ..registry import REGISTRY, Hit
from .common import at_indicator, at_project, at_target

_NUMBER_LIKE = re.compile(r"[\s\d.,%≥≤<>=+-]+")
_COMPARED = frozenset({Dimension.MONEY, Dimension.PERCENT, Dimension.COUNT, Dimension.DURATION})


def agrees(said: Comparison, target: Comparison) -> bool:
    """Equal, or equal once the description's figure is rounded as the target is written."""
    if said.value == target.value:
        return True
    scale = target.value / target.magnitude if target.magnitude else Decimal(1)
    exponent = target.magnitude.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    quantum = Decimal(1).scaleb(-places)
    rounded = (said.value / scale).quantize(quantum, rounding=ROUND_HALF_UP)
    return rounded == target.magnitude


def disagreeing_numbers(file: CheckedFile, indicator: Indicator) -> list[Comparison]:
    """The description's figures of the target's kind, when none of them matches the target."""
    target = indicator.target
    if not isinstance(target, Comparison) or target.dimension not in _COMPARED:
        return []
    unit = lookup(target.unit)
    said = [
        m.value
        for m in file.description_mentions(indicator)
        if isinstance(m.value, Comparison)
        and not m.per
        and lookup(m.value.unit).comparable_with(unit)
    ]
    if not said or any(agrees(s, target) for s in said):
        return []
    if sum((s.value for s in said), Decimal(0)) == target.value:
        return []  # the parts of the target (商务车 2 辆, 小轿车 4 辆)
    capped = target.op in ("<=", "<") or (target.op is None and indicator.level2.is_cost)
    if capped and all(s.op is None and s.value <= target.value for s in said):
        return []  # parts within a cap
    return said


@REGISTRY.rule("T001", "text.number-disagrees", "info")
def number_disagrees(file: CheckedFile) -> Iterator[Hit]:
    """A number in the description disagrees with the target.

    When a description restates the target or lists its parts, its figures should match: a
    different number means one of the two is wrong. Figures per unit (每份 180 元) and parts
    that add up to the target or stay within a cap are not reported.

    Problem:

        数量 "更新购置公务用车数量" "6 辆" desc "购置公务用车 4 辆"

    Fix: make the two agree: `desc "购置公务用车 6 辆，其中商务车 2 辆、小轿车 4 辆"`.
    """
    for _project, indicator in file.indicators():
        said = disagreeing_numbers(file, indicator)
        if said:
            figures = ", ".join(repr(s.text) for s in said[:3])
            yield at_target(
                indicator,
                _(
                    "the description says {figures}; the target is {target!r}",
                    figures=figures,
                    target=indicator.target.text,
                ),
            )


@REGISTRY.rule("T002", "text.description-is-a-number", "warning")
def description_is_a_number(file: CheckedFile) -> Iterator[Hit]:
    """The description is a bare number.

    A description (绩效指标描述) explains what is measured; a lone number is a cell that slipped
    from another column when the table was filled in.

    Problem:

        成本 "市级补贴占比" "0.63 万元" desc ".15"

    Fix: describe the indicator: `desc "市级补贴资金 0.63 万元"`.
    """
    for _project, indicator in file.indicators():
        text = (indicator.description or "").strip()
        if not _NUMBER_LIKE.fullmatch(text):
            continue  # words: a description, whatever figures it has
        try:
            value = parse_value(text)
        except ValueSyntaxError:
            continue
        if isinstance(value, Comparison) and value.dimension is Dimension.NUMBER:
            yield at_target(
                indicator,
                _("the description of {name!r} is just {text!r}", name=indicator.name, text=text),
            )


_PAIRS = (("（", "）"), ("(", ")"), ("《", "》"), ("“", "”"), ("【", "】"), ("[", "]"))


def _unbalanced(text: str) -> str | None:
    for opening, closing in _PAIRS:
        if opening not in text and closing not in text:
            continue
        depth = 0
        for ch in text:
            if ch == opening:
                depth += 1
            elif ch == closing:
                depth -= 1
                if depth < 0:
                    return closing
        if depth > 0:
            return opening
    return None


@REGISTRY.rule("T003", "text.unbalanced-brackets", "warning")
def unbalanced_brackets(file: CheckedFile) -> Iterator[Hit]:
    """A name, goal or description opens a bracket or quote it never closes (or the reverse).

    Text cut where a table cell wrapped loses its closing （ ） 《 》 “ ”; the cut usually
    lost words too.

    Problem:

        project "宣传中心工作人员费用（含 2 名专业人员" { … }

    Fix: restore the text: `project "宣传中心工作人员费用（含 2 名专业人员）" { … }`.
    """
    for project in file.ruleset.projects:
        mark = _unbalanced(project.name)
        if mark:
            yield at_project(
                project,
                _("project name {name!r} has an unmatched {mark}", name=project.name, mark=mark),
            )
        for goal in project.goals:
            mark = _unbalanced(goal.text)
            if mark:
                yield Hit(
                    _("goal {goal!r} has an unmatched {mark}", goal=_short(goal.text), mark=mark),
                    goal.span,
                    goal.span.line,
                )
        for indicator in project.indicators:
            short = _short(indicator.name)
            if mark := _unbalanced(indicator.name):
                message = _("the name of {name!r} has an unmatched {mark}", name=short, mark=mark)
                yield at_indicator(indicator, message)
            if mark := _unbalanced(indicator.description or ""):
                message = _(
                    "the description of {name!r} has an unmatched {mark}", name=short, mark=mark
                )
                yield at_indicator(indicator, message)


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
