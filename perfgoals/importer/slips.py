"""Slips a published self-assessment makes in its own arithmetic, found from its figures alone.

The audit sets each published figure against the policy; these checks ask whether the table
agrees with itself: a 年度资金总额 that is not the sum of its 其中 rows, block weights printed
beside the level labels (`产出指标(50分)`) that do not add up to the total they declare, a
block whose 分值 do not add up to its weight, a 总分 above what the weights allow, a 得分 above
its 分值, and, for each quantitative row, which rule of thumb its 得分 is closest to (full
marks, actual ÷ target × 分值 capped or not, target ÷ actual × 分值), so a score that follows
none of them is named with its nearest reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ..i18n import N_, _
from ..language.errors import ValueSyntaxError
from ..language.model import LEVEL1_LABELS
from ..language.values import Comparison, parse_value
from ..scoring.results import IndicatorResult, ProjectResult
from .published import PublishedIndicator, PublishedProject

HUNDRED = Decimal(100)
_CLOSE = Decimal("0.05")  # a published point this near a rule's value follows it (rounding)


class SlipKind(StrEnum):
    """What an indicator's slip is: the audit decides on the kind, never on the words."""

    POINTS_ABOVE_WEIGHT = "points-above-weight"  # a finding
    NO_RULE = "no-proportional-rule"  # a finding
    UNCAPPED = "uncapped"  # a remark: the table lets a score run past its 分值 by its rule


@dataclass(frozen=True)
class Slip:
    """One slip of a published indicator row: its kind and the note shown, translated."""

    kind: SlipKind
    text: str

    @property
    def finding(self) -> bool:
        return self.kind is not SlipKind.UNCAPPED


# The rules of thumb a published 得分 may follow, named for the note (msgids).
_FULL_MARKS = N_("full marks")
_CAPPED = N_("actual ÷ target × 分值, capped")
_UNCAPPED = N_("actual ÷ target × 分值, not capped")
_REVERSE = N_("target ÷ actual × 分值")


def block_weight_slips(published: PublishedProject) -> list[tuple[str, str]]:
    """(label, note) for each slip of the declared block weights."""
    slips: list[tuple[str, str]] = []
    blocks = published.blocks
    if not blocks:
        return slips
    declared = sum((b.points for b in blocks), Decimal(0))
    execution = published.execution_weight or Decimal(0)
    parts = " + ".join(str(b.points) for b in blocks)
    if execution:
        parts += f" + {execution} (预算执行率)"
    total = declared + execution
    if total != HUNDRED:
        slips.append(
            (
                "分值合计",
                _(
                    "block weights {parts} = {total}, printed as a table of 100",
                    parts=parts,
                    total=total,
                ),
            )
        )
    for block in blocks:
        items = [i for i in published.indicators if i.indicator.level1 == block.level1]
        weights = [i.weight for i in items]
        if items and all(w is not None for w in weights):
            summed = sum((w for w in weights if w is not None), Decimal(0))
            if summed != block.points:
                label = LEVEL1_LABELS[block.level1]
                slips.append(
                    (
                        f"{label}指标({block.points}分)",
                        _(
                            "its 分值 add up to {summed}, not the {declared} its label declares",
                            summed=summed,
                            declared=block.points,
                        ),
                    )
                )
    return slips


def total_slips(published: PublishedProject) -> list[str]:
    """A 总分 above what the published 分值 allow."""
    if published.total is None:
        return []
    weights = [i.weight for i in published.indicators]
    if not weights or any(w is None for w in weights):
        return []
    allowed = sum((w for w in weights if w is not None), Decimal(0)) + (
        published.execution_weight or Decimal(0)
    )
    if published.total > allowed:
        return [
            _(
                "总分 {total} is above the {allowed} the published 分值 allow",
                total=published.total,
                allowed=allowed,
            )
        ]
    return []


def _number(text: str | None) -> Decimal | None:
    if not text:
        return None
    try:
        value = parse_value(text)
    except ValueSyntaxError:
        return None
    if isinstance(value, Comparison) and value.value is not None:
        return value.value
    return None


def indicator_slips(item: PublishedIndicator, result: IndicatorResult | None) -> list[Slip]:
    """A 得分 above its 分值; the rule a quantitative row's 得分 is closest to."""
    notes: list[Slip] = []
    weight, points = item.weight, item.points
    if points is None:
        return notes
    if weight is not None and points > weight:
        notes.append(
            Slip(
                SlipKind.POINTS_ABOVE_WEIGHT,
                _("得分 {points} is above its 分值 {weight}", points=points, weight=weight),
            )
        )
    if result is None:
        return notes
    weight = weight if weight is not None else result.weight
    target, actual = _number(result.target), _number(result.actual)
    if not weight or target is None or actual is None or target <= 0 or actual <= 0:
        return notes
    rules = {
        _FULL_MARKS: weight,
        _CAPPED: min(actual / target, Decimal(1)) * weight,
        _UNCAPPED: actual / target * weight,
        _REVERSE: min(target / actual, Decimal(1)) * weight,
    }
    name, value = min(rules.items(), key=lambda kv: abs(kv[1] - points))
    shown = value.quantize(Decimal("0.01"))
    if abs(value - points) <= _CLOSE:
        if name == _UNCAPPED and value > weight:
            text = _(
                "follows actual ÷ target × 分值 with no cap: {actual} / {target} × {weight} "
                "= {value}",
                actual=actual,
                target=target,
                weight=weight,
                value=shown,
            )
            notes.append(Slip(SlipKind.UNCAPPED, text))
        return notes
    text = _(
        "得分 {points} follows no proportional rule; closest: {rule} ({value})",
        points=points,
        rule=_(name),
        value=shown,
    )
    notes.append(Slip(SlipKind.NO_RULE, text))
    return notes


def budget_slips(published: PublishedProject) -> list[str]:
    """A budget total that is not the sum of its 其中 rows."""
    parts = published.budget_parts
    if not parts or published.budget is None:
        return []
    summed = sum((p.amount for p in parts), Decimal(0))
    if summed == published.budget:
        return []
    shown = " + ".join(_yuan(p.amount) for p in parts)
    return [
        _(
            "年度资金总额 {budget} is not the sum of its 其中 rows ({parts} = {summed})",
            budget=_yuan(published.budget),
            parts=shown,
            summed=_yuan(summed),
        )
    ]


def _yuan(amount: Decimal) -> str:
    wan = amount / Decimal(10000)
    return f"{wan.normalize():f}万元" if wan == wan.quantize(Decimal("0.000001")) else f"{amount}元"


def project_slips(published: PublishedProject, result: ProjectResult) -> list[tuple[str, str]]:
    """Every slip of one project, as (label, note)."""
    slips = block_weight_slips(published)
    slips.extend(("年度资金总额", note) for note in budget_slips(published))
    slips.extend(("总分", note) for note in total_slips(published))
    return slips
