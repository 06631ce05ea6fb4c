"""The colour rules: bands, the worst colour, budget execution and one indicator's progress.

Every comparison with a band edge is exact: a value `num / den` is compared as `num ≥ edge ×
den`, so month / 12 (7/12 is not a finite decimal) never passes through a rounded quotient.
The value shown is truncated to two places, so a shown 59.99 is never green and a shown 60.00
never red; so is the value expected to date (10 项 × 5/12 = 4.1666… is shown 4.16).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal
from typing import Any

from ..i18n import N_, _
from ..language.assessment import Tier
from ..language.profile import BudgetRule, Colour, ColourBand, Profile
from ..language.progress import DONE_WORDS, IndicatorProgress, progress_tier_of
from ..language.values import Comparison, Deadline, Qualitative, canonical
from ..scoring.targets import Target, quantity_of, shown

ZERO = Decimal(0)
HUNDRED = Decimal(100)
TWELVE = Decimal(12)
CENT = Decimal("0.01")

# (colour, value, template, args)
Outcome = tuple[Colour, Decimal | None, str, tuple[Any, ...]]

# A colour as the formulas name it: its code in English, its word (红, 未到期…) in Chinese.
_COLOUR_NAMES: dict[Colour, str] = {
    Colour.RED: N_("red"),
    Colour.YELLOW: N_("yellow"),
    Colour.GREEN: N_("green"),
    Colour.BLUE: N_("blue"),
    Colour.PENDING: N_("pending"),
    Colour.NOT_APPLICABLE: N_("not_applicable"),
    Colour.NO_DATA: N_("no_data"),
}


def colour_name(colour: Colour) -> str:
    """The colour's name in a formula, in the user's language: `green` or 绿."""
    return _(_COLOUR_NAMES[colour])


def band_colour(bands: tuple[ColourBand, ...], num: Decimal, den: Decimal) -> Colour:
    """The colour of the band holding num / den (den > 0), compared exactly."""
    for band in reversed(bands):
        edge = band.low * den
        if num > edge or (band.low_inclusive and num == edge):
            if band.high is None:
                return band.colour
            top = band.high * den
            if num < top or (band.high_inclusive and num == top):
                return band.colour
    return bands[0].colour


def truncated(number: Decimal) -> Decimal:
    """A number as shown: two places, truncated toward zero (see the module's docstring)."""
    return number.quantize(CENT, rounding=ROUND_DOWN)


def shown_value(num: Decimal, den: Decimal) -> Decimal:
    """num / den as shown."""
    return truncated(num / den)


def worst(colours: list[Colour], order: tuple[Colour, ...]) -> Colour:
    """The first of `order` among the colours; not applicable when there are none."""
    if not colours:
        return Colour.NOT_APPLICABLE
    present = set(colours)
    for colour in order:
        if colour in present:
            return colour
    return colours[0]  # pragma: no cover - a profile's order names every colour


def budget_outcome(
    budget: Decimal | None,
    executed: Decimal | None,
    month: int,
    profile: Profile,
    name: Callable[[Colour], str] = colour_name,
) -> tuple[Outcome, Decimal | None]:
    """The budget's colour and value, and its execution rate (executed / budget × 100);
    `name` names a colour in the formula (a run passes its own, read once)."""
    if executed is None:
        return (Colour.NO_DATA, None, _("no amount executed to date given"), ()), None
    if budget is None:
        no_budget = _("no budget given, in the progress or the ruleset")
        return (Colour.NO_DATA, None, no_budget, ()), None
    if budget == ZERO:  # no budget or a zero budget: rate 0, not a division error
        rate = ZERO
        num, den = ZERO, Decimal(1)
        why = _("budget 0: rate 0; ")
    else:
        rate = shown_value(executed * HUNDRED, budget)
        num, den = executed * HUNDRED, budget
        why = ""
    if profile.budget_rule is BudgetRule.CHECKPOINT:
        checkpoint = profile.checkpoint_at(month)
        if checkpoint is None:
            return (
                Colour.GREEN,
                rate,
                why + _("execution {}元 / {}元 = {}%; no checkpoint by month {}"),
                (executed, budget, rate, month),
            ), rate
        below = num < checkpoint.minimum * den
        colour = profile.below_checkpoint if below else Colour.GREEN
        return (
            colour,
            rate,
            why
            + (
                _("execution {}元 / {}元 = {}% < {}% due by month {}")
                if below
                else _("execution {}元 / {}元 = {}% ≥ {}% due by month {}")
            ),
            (executed, budget, rate, checkpoint.minimum, checkpoint.month),
        ), rate
    # time-proportional: (executed / budget) ÷ (month / 12) × 100
    num, den = num * TWELVE, den * month
    value = shown_value(num, den)
    colour = band_colour(profile.budget_bands, num, den)
    return (
        colour,
        value,
        why + "({}元 / {}元) ÷ ({}/12) × 100 = {} → " + name(colour),
        (executed, budget, month, value),
    ), rate


def deadline_outcome(
    target: Target, progress: IndicatorProgress | None, as_of: dt.date | None, profile: Profile
) -> Outcome:
    due = target.date
    assert due is not None
    current = progress.current if progress is not None else None
    done = progress is not None and progress.tier is Tier.MET
    if isinstance(current, Qualitative):
        done = done or current.text.strip().lower() in DONE_WORDS
    if isinstance(current, Deadline):
        done = True
    if done:
        return profile.done, None, _("done; due {}"), (due.isoformat(),)
    if as_of is None:
        return (
            Colour.NO_DATA,
            None,
            _("not done; no year stated, so no as-of day: give year or as_of"),
            (),
        )
    if as_of <= due:
        return profile.before_deadline, None, _("not done, due {}, as of {}"), (due, as_of)
    return profile.overdue, None, _("not done and overdue: due {}, as of {}"), (due, as_of)


def qualitative_outcome(progress: IndicatorProgress | None, profile: Profile) -> Outcome:
    tier = progress.tier if progress is not None else None
    current = progress.current if progress is not None else None
    if tier is None and current is not None:
        tier = progress_tier_of(current.text)
    if tier is None:
        return profile.unrated, None, _("no rating (达成目标, 部分达成…, 未达成…) given"), ()
    colour = profile.tiers[tier]
    return colour, None, _("rated {} → ") + colour_name(colour), (tier.value,)


def quantity_outcome(
    target: Target, current: Comparison, month: int, prorate: bool, profile: Profile
) -> tuple[Outcome, Decimal | None]:
    """A comparison or range target against the value reached so far; and the expected value
    to date in the target's unit."""
    amount, _unit, why = quantity_of(target, current)
    if amount is None:
        return (Colour.NO_DATA, None, "{}", (why,)), None
    factor_text = f" × {month}/12" if prorate else ""
    divisor = "({}" + factor_text + ")" if prorate else "{}"
    num_scale, den_scale = (TWELVE, Decimal(month)) if prorate else (Decimal(1), Decimal(1))
    if target.kind == "range":
        low, high = target.low, target.high
        expected = canonical(truncated(shown(low * den_scale / num_scale, target.scale)))
        if amount * num_scale > high * den_scale:
            return (
                profile.over,
                None,
                _("{} above the range's high end {}")
                + factor_text
                + " → "
                + colour_name(profile.over),
                (current.text, shown(high, target.scale)),
            ), expected
        if amount * num_scale >= low * den_scale:
            return (
                profile.within,
                None,
                _("{} within the range") + factor_text + " → " + colour_name(profile.within),
                (current.text,),
            ), expected
        target_value = low
    else:
        target_value = target.value
        expected = shown(target_value * den_scale / num_scale, target.scale)
        if target_value == ZERO:
            colour = profile.zero_met if amount == ZERO else profile.zero_missed
            zero = _("target 0, current {} → ") + colour_name(colour)
            return (colour, None, zero, (current.text,)), None
        if target.op == "<=":
            within = amount <= target_value
            colour = profile.within if within else profile.over
            return (
                colour,
                None,
                "{} "
                + ("≤" if within else ">")
                + " {}{} "
                + _("(not pro-rated)")
                + " → "
                + colour_name(colour),
                (current.text, shown(target_value, target.scale), target.unit),
            ), shown(target_value, target.scale)
    num = amount * num_scale * HUNDRED
    den = target_value * den_scale
    value = shown_value(num, den)
    colour = band_colour(profile.positive_bands, num, den)
    shown_amount = shown(amount, target.scale)
    return (
        colour,
        value,
        "{} ÷ " + divisor + " × 100 = {} → " + colour_name(colour),
        (shown_amount, shown(target_value, target.scale), value),
    ), canonical(truncated(expected)) if prorate else expected


def month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)
