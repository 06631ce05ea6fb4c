"""Scoring one indicator: a target compiled under the policy, and the formula for its kind.

Each distinct target is compiled once into a `Target` (how the policy reads it, the numbers
to compare); `score_indicator` applies the positive, reverse, equal, range, deadline, duration
or qualitative rule and returns the points with the formula that produced them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from ..i18n import N_, _
from ..language.assessment import Actual, Tier
from ..language.calendar_forms import excel_date
from ..language.model import (
    LEVEL2_LABELS,
    Indicator,
    Nature,
)
from ..language.policy import (
    EqualRule,
    LatenessRule,
    Policy,
    PositiveRule,
    RangeRule,
    ReverseRule,
    StrictRule,
)
from ..language.units import PHYSICAL, Dimension, is_finite_decimal, lookup, to_decimal
from ..language.values import (
    Comparison,
    Deadline,
    Grade,
    NotApplicable,
    Qualitative,
    Range,
    canonical,
    parse_value,
)
from .results import Status, indexed

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
HUNDREDTH = Decimal("0.01")
WAN = Decimal(10_000)

_SYMBOL = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}

_TIER_STATUS = {
    Tier.MET: Status.MET,
    Tier.PARTLY_MET: Status.PARTLY_MET,
    Tier.NOT_MET: Status.MISSED,
}


class Target:
    """A target compiled once: its reading under the policy and the numbers to compare."""

    __slots__ = (
        "asks_over",
        "date",
        "dimension",
        "grades",
        "high",
        "in_own_unit",
        "kind",
        "low",
        "op",
        "prefix",
        "scale",
        "strict",
        "text",
        "unit",
        "value",
        "wanted_grade",
    )

    def __init__(self) -> None:
        self.kind = ""  # comparison | range | deadline | duration | qualitative | na | error
        self.op = ">="  # after the policy's reading; strict ops folded per the policy
        self.strict = False  # `>`/`<` under the all-or-nothing rule
        self.value = ZERO  # base unit
        self.low = ZERO
        self.high = ZERO
        self.scale = ONE  # of the target's unit, to show numbers as written
        self.unit = ""
        self.dimension: Dimension | None = None
        self.date: dt.date | None = None
        self.prefix = ""  # how the target was read, when the policy decided it
        self.text = ""
        self.asks_over = False  # an actual far above this target needs an explanation
        # Compared in the target's own unit, not the base: the unit's factor is not a finite
        # decimal (亩), so the base value would be rounded.
        self.in_own_unit = False
        self.grades: tuple[tuple[Grade, Target], ...] = ()  # tier criteria, best first
        self.wanted_grade: Grade | None = None  # the grade the target asks for


def compile_target(indicator: Indicator, policy: Policy, year: int | None) -> Target:
    target = indicator.target
    compiled = Target()
    compiled.text = target.text
    nature = indicator.nature
    if isinstance(target, NotApplicable):
        compiled.kind = "na"
        return compiled
    if isinstance(target, Qualitative) or nature is Nature.QUALITATIVE:
        compiled.kind = "qualitative"
        return compiled
    op = target.op
    if op is None:
        if nature is Nature.REVERSE:
            op, why = "<=", _("nature 反向")
        elif nature is Nature.POSITIVE:
            op, why = ">=", _("nature 正向")
        elif nature is Nature.EQUAL:
            op, why = "=", _("nature 等于")
        else:
            op = policy.reading_of(indicator.level2)
            why = _("no comparator, {kind}", kind=LEVEL2_LABELS[indicator.level2])
        if not isinstance(target, Range):
            compiled.prefix = _("read as {op} ({why}); ", op=_SYMBOL[op], why=why)
    if op in (">", "<"):
        if policy.strict is StrictRule.ALL_OR_NOTHING:
            compiled.strict = True
        else:
            compiled.prefix += _("{op} read as {wide}; ", op=_SYMBOL[op], wide=_SYMBOL[op + "="])
        op = ">=" if op == ">" else "<="
    compiled.op = op
    if isinstance(target, Range):
        compiled.kind = "range"
        compiled.low, compiled.high = target.low, target.high
        unit = lookup(target.unit)
        compiled.scale, compiled.unit, compiled.dimension = (
            unit.scale,
            target.unit or "",
            unit.dimension,
        )
        return compiled
    if isinstance(target, Deadline):
        compiled.kind = "deadline"
        the_year = target.year or year
        if the_year is None:
            compiled.kind = "error"
            compiled.prefix = _("the deadline names no year and the ruleset states none")
            return compiled
        compiled.date = dt.date(the_year, target.month, target.day)
        return compiled
    assert isinstance(target, Comparison)
    unit = lookup(target.unit)
    compiled.value = target.value
    compiled.scale, compiled.unit, compiled.dimension = (
        unit.scale,
        target.unit or "",
        unit.dimension,
    )
    if unit.dimension in PHYSICAL and not is_finite_decimal(unit.factor):
        compiled.in_own_unit = True
        compiled.value, compiled.scale = target.magnitude, ONE
    compiled.kind = (
        "duration" if unit.dimension is Dimension.DURATION and op == "<=" else "comparison"
    )
    compiled.asks_over = (
        compiled.kind == "comparison"
        and op in (">=", "=")
        and target.value > ZERO
        and policy.explain.over_target is not None
    )
    return compiled


def shown(base: Decimal, scale: Decimal) -> Decimal:
    """A base-unit number in the target's unit (values are canonical, so 78000 / 10000 is 7.8)."""
    return base if scale == ONE else base / scale


# ---- one indicator ------------------------------------------------------------------------
# Each scorer returns (points, status, template, args, normalised); the template's last
# placeholder is the final points, filled in by the caller after rounding.
_Scored = tuple[Decimal, Status, str, tuple[Any, ...], str | None]


def _error(message: str) -> _Scored:
    return ZERO, Status.ERROR, "{}", (message,), None


def _tier_points(
    tier: Tier, points: Decimal | None, weight: Decimal, policy: Policy, why: str
) -> _Scored:
    rule = policy.tiers[tier]
    status = _TIER_STATUS[tier]
    if points is None:
        share = rule.default
        return (
            weight * share,
            status,
            why + _("tier {} gives {} × {} = {}"),
            (tier.value, share_text(share), weight),
            None,
        )
    if (
        points < ZERO
        or (weight == ZERO and points != ZERO)
        or (weight > ZERO and not rule.band.contains(points / weight))
    ):
        return _error(
            _(
                "points {points} fall outside the band {band} of tier {tier} (weight {weight})",
                points=points,
                band=rule.band.text(),
                tier=tier.value,
                weight=weight,
            )
        )
    return (
        points,
        status,
        why + _("tier {}, points given within {}: {}"),
        (tier.value, rule.band.text()),
        None,
    )


@lru_cache(maxsize=256)  # a policy's few shares, shown in formulas and reasons over and over
def share_text(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def _scale_of(unit: str | None) -> Decimal:
    return lookup(unit).scale


def quantity_of(target: Target, actual: Comparison) -> tuple[Decimal | None, str | None, str]:
    """The actual in the target's base unit, its text in the target's unit, or why not."""
    if target.dimension is Dimension.NUMBER:
        # A bare target number is in whatever unit the actual is written in.
        return actual.magnitude, None, ""
    if actual.dimension is Dimension.NUMBER:
        # A bare actual number is in the target's unit.
        return actual.magnitude * target.scale, None, ""
    if (actual.unit or "") == target.unit:
        return (actual.magnitude if target.in_own_unit else actual.value), None, ""
    target_unit = lookup(target.unit)
    actual_unit = lookup(actual.unit)
    if not target_unit.comparable_with(actual_unit):
        return (
            None,
            None,
            (
                _(
                    "unit mismatch: actual {actual!r} ({unit}) against target in {target_unit}: "
                    "{why}",
                    actual=actual.text,
                    unit=actual.unit or _("no unit"),
                    target_unit=target.unit or _("no unit"),
                    why=actual_unit.mismatch(target_unit),
                )
            ),
        )
    # Exactly: the actual in the target's unit (15 亩 is 1 公顷), then as the target counts.
    in_target = Fraction(actual.magnitude) * actual_unit.factor / target_unit.factor
    per_target_unit = Fraction(target.scale)
    if target_unit.dimension in PHYSICAL and not target.in_own_unit:
        per_target_unit = target_unit.factor
    value = canonical(to_decimal(in_target * per_target_unit))
    normalised = f"{canonical(to_decimal(in_target))}{target.unit}"
    return value, normalised, ""


# A comparison's formula arguments, in order; the engine adds the points after them.
_COMPARED = ("actual", "target", "points")


def _compared(message: str, **fixed: str) -> str:
    """A comparison's formula sentence (marked with N_) as the template its result keeps."""
    return indexed(_(message), _COMPARED, **fixed)


def _comparison(target: Target, a: Decimal, weight: Decimal, policy: Policy) -> _Scored:
    t = target.value
    scale = target.scale
    numbers = (shown(a, scale), shown(t, scale))
    op = target.op
    if target.strict:
        strict = ">" if op == ">=" else "<"
        passed = a > t if op == ">=" else a < t
        if passed:
            full = _compared(N_("{actual} {op} {target}: full points {points}"), op=strict)
            return weight, Status.MET, full, numbers, None
        none = _compared(
            N_("{actual} not {op} {target}: strict target, no points {points}"), op=strict
        )
        return ZERO, Status.MISSED, none, numbers, None
    if op == "=" and policy.equal is EqualRule.EXACT:
        if a == t:
            full = _compared(N_("{actual} {op} {target}: full points {points}"), op="=")
            return weight, Status.MET, full, numbers, None
        none = _compared(N_("{actual} ≠ {target}: exact target, no points {points}"))
        return ZERO, Status.MISSED, none, numbers, None
    if op == "=" and t == ZERO:
        if a <= ZERO:
            full = _compared(N_("{actual} = 0: full points {points}"))
            return weight, Status.MET, full, numbers, None
        none = _compared(N_("{actual} > 0 against a target of 0: no points {points}"))
        return ZERO, Status.MISSED, none, numbers, None
    if op in (">=", "="):
        if a >= t:
            full = _compared(N_("{actual} {op} {target}: full points {points}"), op="≥")
            return weight, Status.MET, full, numbers, None
        return _positive_shortfall(*numbers, a, t, weight, policy)
    if a <= t:
        full = _compared(N_("{actual} {op} {target}: full points {points}"), op=_SYMBOL[op])
        return weight, Status.MET, full, numbers, None
    return _reverse_excess(*numbers, a, t, weight, policy.reverse)


def _positive_shortfall(
    shown_a: Decimal, shown_t: Decimal, a: Decimal, t: Decimal, weight: Decimal, policy: Policy
) -> _Scored:
    if policy.positive is PositiveRule.ALL_OR_NOTHING:
        return (
            ZERO,
            Status.MISSED,
            _("{} < {}: all or nothing, no points {}"),
            (shown_a, shown_t),
            None,
        )
    points = a * weight / t
    status = Status.PARTLY_MET if points > ZERO else Status.MISSED
    return points, status, "{} / {} × {} = {}", (shown_a, shown_t, weight), None


def _reverse_excess(
    shown_a: Decimal, shown_t: Decimal, a: Decimal, t: Decimal, weight: Decimal, rule: ReverseRule
) -> _Scored:
    if rule is ReverseRule.ALL_OR_NOTHING:
        return (
            ZERO,
            Status.MISSED,
            _("{} > {}: all or nothing, no points {}"),
            (shown_a, shown_t),
            None,
        )
    if t <= ZERO:
        return (
            ZERO,
            Status.MISSED,
            _("{} > {} (a target of 0): no points {}"),
            (shown_a, shown_t),
            None,
        )
    if rule is ReverseRule.RATIO:
        points = t * weight / a
        status = Status.PARTLY_MET if points > ZERO else Status.MISSED
        return points, status, "{} / {} × {} = {}", (shown_t, shown_a, weight), None
    points = max(ZERO, (t + t - a) * weight / t)
    status = Status.PARTLY_MET if points > ZERO else Status.MISSED
    return (
        points,
        status,
        "max(0, 1 − ({} − {}) / {}) × {} = {}",
        (shown_a, shown_t, shown_t, weight),
        None,
    )


def _range(target: Target, a: Decimal, weight: Decimal, policy: Policy) -> _Scored:
    scale = target.scale
    shown_a = shown(a, scale)
    low, high = shown(target.low, scale), shown(target.high, scale)
    if target.low <= a <= target.high:
        return (
            weight,
            Status.MET,
            _("{} within [{}, {}]: full points {}"),
            (shown_a, low, high),
            None,
        )
    if policy.range is RangeRule.ALL_OR_NOTHING:
        return (
            ZERO,
            Status.MISSED,
            _("{} outside [{}, {}]: all or nothing, no points {}"),
            (shown_a, low, high),
            None,
        )
    if a < target.low:
        if target.low <= ZERO:  # pragma: no cover - a is never below a non-positive low end
            return weight, Status.MET, _("{} ≥ {}: full points {}"), (shown_a, low), None
        points, status, template, args, _excess = _positive_shortfall(
            shown_a, low, a, target.low, weight, policy
        )
        return points, status, _("below the range: ") + template, args, None
    points, status, template, args, _excess = _reverse_excess(
        shown_a, high, a, target.high, weight, policy.reverse
    )
    return points, status, _("above the range: ") + template, args, None


def _late(planned: int, late: int, weight: Decimal, rule: LatenessRule, what: str) -> _Scored:
    if late <= 0:
        return weight, Status.MET, what + _("on time: full points {}"), (), None
    if rule is LatenessRule.ALL_OR_NOTHING or planned <= 0:
        return (
            ZERO,
            Status.MISSED,
            what + _("late by {} days: all or nothing, no points {}"),
            (late,),
            None,
        )
    points = max(ZERO, weight * (planned - late) / planned)
    status = Status.PARTLY_MET if points > ZERO else Status.MISSED
    return (
        points,
        status,
        what + _("late by {} of {} days: max(0, 1 − {}/{}) × {} = {}"),
        (late, planned, late, planned, weight),
        None,
    )


def _deadline(
    target: Target, actual: Deadline, weight: Decimal, policy: Policy, year: int | None
) -> _Scored:
    assert target.date is not None
    try:
        done = dt.date(actual.year or target.date.year, actual.month, actual.day)
    except ValueError:
        return _error(_("not a date: {actual!r}", actual=actual.text))
    if target.strict and done >= target.date:
        return (
            ZERO,
            Status.MISSED,
            _("done {} not before {}: strict target, no points {}"),
            (done.isoformat(), target.date.isoformat()),
            None,
        )
    start = dt.date(year or target.date.year, 1, 1)
    planned = (target.date - start).days + 1  # the budget year's first day to the deadline
    late = (done - target.date).days
    what = _("done {done}, due {due}, ", done=done.isoformat(), due=target.date.isoformat())
    return _late(planned, late, weight, policy.deadline, what)


def _duration(target: Target, a: Decimal, weight: Decimal, policy: Policy) -> _Scored:
    if target.strict:
        if a < target.value:
            return weight, Status.MET, _("{} < {} days: full points {}"), (a, target.value), None
        return (
            ZERO,
            Status.MISSED,
            _("{} not < {} days: strict target, no points {}"),
            (a, target.value),
            None,
        )
    # Durations are compared in whole days of lateness against the planned span.
    planned = target.value
    late = a - planned
    if late <= ZERO:
        return (
            weight,
            Status.MET,
            _("{} days ≤ {} days: full points {}"),
            (shown(a, ONE), shown(planned, ONE)),
            None,
        )
    if policy.duration is LatenessRule.ALL_OR_NOTHING or planned <= ZERO:
        return (
            ZERO,
            Status.MISSED,
            _("late by {} days: all or nothing, no points {}"),
            (shown(late, ONE),),
            None,
        )
    points = max(ZERO, weight * (planned - late) / planned)
    status = Status.PARTLY_MET if points > ZERO else Status.MISSED
    return (
        points,
        status,
        _("late by {} of {} days: max(0, 1 − {}/{}) × {} = {}"),
        (shown(late, ONE), shown(planned, ONE), shown(late, ONE), shown(planned, ONE), weight),
        None,
    )


def score_indicator(
    target: Target, actual: Actual, weight: Decimal, policy: Policy, year: int | None
) -> _Scored:
    """Score one indicator that has an actual and applies (not-applicable is decided before)."""
    value = actual.value
    kind = target.kind
    if kind == "error":
        return _error(target.prefix)
    if kind == "qualitative":
        if actual.tier is not None:
            return _tier_points(actual.tier, actual.points, weight, policy, "")
        if isinstance(value, Qualitative) and value.grade is not None:
            return _graded(target, value, actual, weight, policy)
        return _error(
            _("a qualitative target needs the assessor's tier (达成, 部分达成 or 未达成)")
        )
    if value is None or isinstance(value, Qualitative | NotApplicable):
        if actual.tier is not None:
            return _tier_points(actual.tier, actual.points, weight, policy, _("rated by tier: "))
        if value is None:
            return _error(_("no actual value and no tier"))
        return _error(
            _(
                "cannot compare {actual!r} with the target {target!r}",
                actual=value.text,
                target=target.text,
            )
        )
    if kind == "deadline":
        if isinstance(value, Comparison):
            value = _excel_serial(value) or value
        if not isinstance(value, Deadline):
            return _error(
                _(
                    "unit mismatch: the target is a date, the actual {actual!r} is not",
                    actual=value.text,
                )
            )
        return _deadline(target, value, weight, policy, year)
    if isinstance(value, Deadline | Range):
        return _error(
            _(
                "unit mismatch: the target is a quantity, the actual {actual!r} is not",
                actual=value.text,
            )
        )
    a, normalised, problem = quantity_of(target, value)
    if a is None:
        return _error(problem)
    note = ""
    if a < ZERO:
        a = ZERO
        note = _("negative actual counted as 0; ")
    if kind == "range":
        scored = _range(target, a, weight, policy)
    elif kind == "duration":
        scored = _duration(target, a, weight, policy)
    else:
        scored = _comparison(target, a, weight, policy)
    points, status, template, args, _excess = scored
    if note:
        template = note + template
    return points, status, template, args, normalised


def _excel_serial(value: Comparison) -> Deadline | None:
    """A bare whole number against a date target: an Excel date serial (44561 is 2021-12-31)."""
    if value.dimension is not Dimension.NUMBER or value.magnitude != value.magnitude.to_integral():
        return None
    date = excel_date(int(value.magnitude))
    if date is None:
        return None
    return Deadline(
        value=date.isoformat(), text=value.text, year=date.year, month=date.month, day=date.day
    )


def _graded(
    target: Target, value: Qualitative, actual: Actual, weight: Decimal, policy: Policy
) -> _Scored:
    wanted = parse_value(target.text)
    assert isinstance(wanted, Qualitative)
    if wanted.grade is None or value.grade is None:
        return _error(
            _("a qualitative target needs the assessor's tier (达成, 部分达成 or 未达成)")
        )
    tier = tier_for_grade(wanted.grade, value.grade)
    why = _("grade {got} against {wanted}: ", got=value.grade.value, wanted=wanted.grade.value)
    return _tier_points(tier, actual.points, weight, policy, why)


def tier_for_grade(wanted: Grade, got: Grade) -> Tier:
    """The grade asked for or better: 达成; one grade below: 部分达成; two or more: 未达成."""
    below = wanted.rank - got.rank
    return Tier.MET if below <= 0 else Tier.PARTLY_MET if below == 1 else Tier.NOT_MET
