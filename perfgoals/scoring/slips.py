"""Probable unit slips: a bare actual that fits its target only when read in another unit.

`79200` typed in 元 against `≤7.55万元` is read in the target's 万元 as 7.92亿元; `0.95` against
`≥95%` is read as 0.95%. The policy's score stands (the file says what it says), but such an
actual needs an explanation, and the reason shows both readings so the assessor sees which
was meant. Only factors that are a unit step apart are suspected: 10⁴ and 10⁸ in money
(元, 万元, 亿元) and 100 in percent (a fraction typed for a percent).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from ..i18n import N_, _, in_every_language
from ..language.units import Dimension
from ..language.values import Comparison, canonical
from .targets import ONE, ZERO, Target, shown

REASON_UNIT_SLIP = N_("probable unit slip: {} read as {}; {} it would be {}")

_MONEY_UNITS = {Decimal(1): "元", Decimal(10_000): "万元", Decimal(100_000_000): "亿元"}
# (factors, how close the other reading must come to the target, as a ratio either way)
_SUSPECTED = {
    Dimension.MONEY: ((Decimal(10_000), Decimal(100_000_000)), Decimal(10)),
    Dimension.PERCENT: ((Decimal(100),), Decimal(2)),
}


def _near(a: Decimal, b: Decimal, ratio: Decimal) -> bool:
    return b / ratio <= a <= b * ratio


def _reference(target: Target) -> Decimal:
    if target.kind == "range":
        return target.high if target.high > ZERO else target.low
    return target.value


def unit_slip(target: Target, actual: Comparison) -> str | None:
    """Why a bare actual looks typed in the wrong unit (both readings), or None."""
    if actual.dimension is not Dimension.NUMBER or target.kind not in ("comparison", "range"):
        return None
    suspected = _SUSPECTED.get(target.dimension) if target.dimension else None
    if suspected is None:
        return None
    factors, ratio = suspected
    reference = _reference(target)
    read = actual.magnitude * target.scale  # how the engine reads it: in the target's unit
    if reference <= ZERO or read <= ZERO or _near(read, reference, ratio):
        return None
    for factor in factors:
        for other in (read / factor, read * factor):
            if not _near(other, reference, ratio):
                continue
            as_read = f"{canonical(shown(read, target.scale))}{target.unit}"
            as_other = f"{canonical(shown(other, target.scale))}{target.unit}"
            return _(REASON_UNIT_SLIP).format(
                actual.text, as_read, _typed_in(target, other < read, factor), as_other
            )
    return None


def _typed_in(target: Target, smaller: bool, factor: Decimal) -> str:
    """How the other reading came about, in the words a person would use."""
    if target.dimension is Dimension.PERCENT:
        return _("as a fraction") if not smaller else _("as a count of basis points")
    scale = target.scale / factor if smaller else target.scale * factor
    unit = _MONEY_UNITS.get(scale if scale != ONE else ONE)
    if unit:
        return _("typed in {unit}", unit=unit)
    return _("read {operator} {factor}", operator="÷" if smaller else "×", factor=factor)


def is_unit_slip(reason: str) -> bool:
    """Whether a reason is a unit slip's, in whichever language the run was scored."""
    return reason.startswith(_unit_slip_prefixes())


@cache
def _unit_slip_prefixes() -> tuple[str, ...]:
    return tuple(text.partition("{")[0] for text in in_every_language(REASON_UNIT_SLIP))
