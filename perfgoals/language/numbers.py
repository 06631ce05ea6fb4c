"""The numbers perfgoals holds: every number read from input passes `number_problem` once.

Decimal's default context keeps 28 significant digits and rounds the rest without a word: an
actual of 12345678901234567890123456788元 would compare equal to a target one higher, and a
weight of 29 nines raised InvalidOperation when rounded. So an input number may have at most
MAX_SIGNIFICANT_DIGITS significant digits, MAX_INTEGER_DIGITS before the point and
MAX_FRACTION_DIGITS after it (trailing zeros after the point do not count; 15 is what a
spreadsheet keeps). Scaling such a number by a unit (亿 is 10⁸, ‰ is 0.001) needs at most 21
digits, inside the context's 28, so no input is ever rounded; the rest of the arithmetic (rates,
points) rounds only where the policy says.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ..i18n import _

MAX_INTEGER_DIGITS = 18  # below 10¹⁸: a trillion 亿元 is 10²⁰ 元 … far beyond any budget
MAX_FRACTION_DIGITS = 15
MAX_SIGNIFICANT_DIGITS = 20


def number_problem(number: Decimal) -> str | None:
    """Why this number will not be held exactly, or None when it will."""
    if not number.is_finite():
        return _("not a finite number")
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    places = list(digits)
    while len(places) > 1 and places[-1] == 0 and exponent < 0:
        places.pop()
        exponent += 1
    if not any(places):
        return None
    integer = len(places) + exponent
    fraction = -exponent if exponent < 0 else 0
    while len(places) > 1 and places[0] == 0:
        places.pop(0)
    too_long = integer > MAX_INTEGER_DIGITS or fraction > MAX_FRACTION_DIGITS
    if too_long or len(places) > MAX_SIGNIFICANT_DIGITS:
        return _(
            "number too long to hold exactly: at most {significant} significant digits, "
            "{integer} before the decimal point and {fraction} after it",
            significant=MAX_SIGNIFICANT_DIGITS,
            integer=MAX_INTEGER_DIGITS,
            fraction=MAX_FRACTION_DIGITS,
        )
    return None


def held_or_zero(token: Any, report: Callable[[int, int, str, int | None], None]) -> Decimal:
    """A grammar NUMBER token's value; a number not held is reported at the token, and 0."""
    number = Decimal(str(token))
    problem = number_problem(number)
    if problem:
        report(token.line or 0, token.column or 0, problem, token.end_column)
        return Decimal(0)
    return number
