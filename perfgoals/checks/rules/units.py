"""Unit rules (U): units that are missing, incomplete or probably mistyped."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...i18n import _
from ...language.model import Indicator, Level2
from ...language.units import Dimension, lookup
from ...language.values import Comparison
from ..context import CheckedFile
from ..fixes import add_percent, complete_money, edit
from ..mentions import mentions
from ..registry import REGISTRY, Hit
from .common import at_target, kind

# Classifiers that are a slip of the input method for another word of the same sound or shape,
# and what was probably meant. 分 (points, minutes) is typed for 份 (copies).
_TYPOS: dict[str, tuple[str, ...]] = {"分": ("份",), "付": ("副",), "坐": ("座",), "具": ("俱",)}
# Words that make 分 a legitimate unit (scores).
_SCORE_WORDS = ("分值", "得分", "评分", "分数", "积分", "考核分")
_RATE_WORDS = re.compile(r"率|满意|百分|占比|比例|%|％")


def _bare(indicator: Indicator) -> Comparison | None:
    """The target when it is a number with no unit at all."""
    target = indicator.target
    if isinstance(target, Comparison) and target.dimension is Dimension.NUMBER:
        return target
    return None


def _is_rate(indicator: Indicator) -> bool:
    """A satisfaction indicator, or one whose words say it is a rate (率, 满意, 占比…)."""
    words = f"{indicator.name} {indicator.description or ''}"
    return indicator.level2 is Level2.SATISFACTION or bool(_RATE_WORDS.search(words))


def described_unit(indicator: Indicator, siblings: tuple[Indicator, ...] = ()) -> Comparison | None:
    """A mention of the bare target's number with a unit: in the indicator's own name or
    description, else in another description of the project (where a lone 1 proves nothing,
    and a rate takes nothing but a percent: `80 场` elsewhere says nothing of `满意度 ≥80`)."""
    target = _bare(indicator)
    if target is None:
        return None
    rate = _is_rate(indicator)
    own = (indicator.description or "", indicator.name)
    others = tuple(i.description or "" for i in siblings if i is not indicator)
    for texts, strict in ((own, False), (others, True)):
        for text in texts:
            for mention in mentions(text):
                value = mention.value
                if (
                    isinstance(value, Comparison)
                    and value.unit
                    and value.magnitude == target.magnitude
                    and value.dimension is not Dimension.NUMBER
                    and not (strict and (mention.per or target.magnitude == 1))
                    and not (strict and rate and value.dimension is not Dimension.PERCENT)
                ):
                    return value
    return None


@REGISTRY.rule("U001", "units.missing-described", "warning")
def missing_described(file: CheckedFile) -> Iterator[Hit]:
    """A target has no unit, although its description states the number with one.

    Problem:

        数量 "印制宣传资料" ≥600 desc "印制保密宣传资料 600 份"

    Fix: `数量 "印制宣传资料" ≥600份 …`.
    """
    for project, indicator in file.indicators():
        if indicator.level2.is_cost:
            continue  # U003
        mention = described_unit(indicator, project.indicators)
        if mention is not None:
            yield at_target(
                indicator,
                _(
                    "target {target!r} has no unit; the project writes {mention!r}",
                    target=indicator.target.text,
                    mention=mention.text,
                ),
            )


@REGISTRY.rule("U002", "units.missing-percent", "warning")
def missing_percent(file: CheckedFile) -> Iterator[Hit]:
    """A rate or satisfaction target is a bare number where a percent is meant.

    `100` under 验收通过率 or `≥90` under 满意度 reads as a plain number, which no actual value in
    percent can be compared with.

    Problem:

        质量 "验收通过率" 100
        服务对象满意度 "满意度" ≥90

    Fix: `质量 "验收通过率" 100%` and `服务对象满意度 "满意度" ≥90%`.
    """
    for project, indicator in file.indicators():
        target = _bare(indicator)
        if target is None or indicator.level2.is_cost:
            continue
        if described_unit(indicator, project.indicators) is not None:
            continue
        if _is_rate(indicator) and 0 <= target.value <= 100:
            yield at_target(
                indicator,
                _(
                    "{kind} target {target!r} has no unit; a rate is written in percent: {fixed}%",
                    kind=kind(indicator),
                    target=target.text,
                    fixed=target.text.strip(),
                ),
                # Unsafe: that a percent is meant is a reading of the words, not of the number.
                edit(file, indicator.target_span, add_percent, safe=False),
            )


@REGISTRY.rule("U003", "units.cost-missing-money", "error")
def cost_missing_money(file: CheckedFile) -> Iterator[Hit]:
    """A cost target has no money unit: a bare number, or a rate with no currency (`≤28.40/株`).

    Whether `127870` means 元 or 万元 is a factor of ten thousand; scoring and the budget check
    cannot guess.

    Problem:

        成本 "会议设备成本" 127870

    Fix: `成本 "会议设备成本" 127870元` (or `≤12.787万元`).
    """
    for _project, indicator in file.indicators():
        target = indicator.target
        if not indicator.level2.is_cost or not isinstance(target, Comparison):
            continue
        unit = target.unit or ""
        if target.dimension is Dimension.NUMBER or (
            target.dimension is Dimension.RATE and not unit.partition("/")[0]
        ):
            yield at_target(
                indicator,
                _("cost target {target!r} has no money unit (元, 万元)", target=target.text),
            )


@REGISTRY.rule("U004", "units.incomplete-money", "warning")
def incomplete_money(file: CheckedFile) -> Iterator[Hit]:
    """A money target written with `万` or `亿` alone, without 元.

    perfgoals reads `10万` under a cost as 10 万元, but the published table is incomplete and a
    reader may take it for a count.

    Problem:

        成本 "项目成本" ≤10万

    Fix: `成本 "项目成本" ≤10万元`.
    """
    for _project, indicator in file.indicators():
        target = indicator.target
        if not isinstance(target, Comparison) or not target.unit:
            continue
        numerator = target.unit.partition("/")[0]
        if numerator in ("万", "萬", "亿") and lookup(numerator).dimension is Dimension.MONEY:
            fixed = target.unit.replace(numerator, numerator + "元", 1)
            yield at_target(
                indicator,
                _(
                    "money unit {unit!r} in {target!r} is incomplete: write {fixed}",
                    unit=target.unit,
                    target=target.text,
                    fixed=fixed,
                ),
                edit(file, indicator.target_span, complete_money),
            )


@REGISTRY.rule("U005", "units.likely-typo", "warning")
def likely_typo(file: CheckedFile) -> Iterator[Hit]:
    """A count's classifier is probably a slip of the input method (`12分` for `12份`).

    分 is a score or a minute, not a number of copies; the project's other texts usually count
    the same thing with 份 or 本.

    Problem:

        数量 "征订《保密工作》杂志数量" 12分

    Fix: `数量 "征订《保密工作》杂志数量" 12份` (or `12本`, as the cost description counts them).
    """
    for project in file.ruleset.projects:
        for indicator in project.indicators:
            target = indicator.target
            if not isinstance(target, Comparison) or target.dimension is not Dimension.COUNT:
                continue
            classifier = lookup(target.unit).classifier
            if classifier not in _TYPOS:
                continue
            words = f"{indicator.name} {indicator.description or ''}"
            if any(w in words for w in _SCORE_WORDS):
                continue
            hint = _(", ").join(_TYPOS[classifier])
            elsewhere = _same_number_elsewhere(project.indicators, target, classifier)
            said = _("; the project writes {text!r}", text=elsewhere) if elsewhere else ""
            yield at_target(
                indicator,
                _(
                    "unit {unit!r} in {target!r} is probably a typo for {hint}",
                    unit=classifier,
                    target=target.text,
                    hint=hint,
                )
                + said,
            )


def _same_number_elsewhere(
    indicators: tuple[Indicator, ...], target: Comparison, classifier: str
) -> str | None:
    for other in indicators:
        for mention in mentions(other.description or ""):
            value = mention.value
            if (
                isinstance(value, Comparison)
                and value.dimension is Dimension.COUNT
                and value.magnitude == target.magnitude
                and lookup(value.unit).classifier != classifier
            ):
                return value.text
    return None
