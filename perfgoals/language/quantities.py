"""Quantities as the value language writes them: text folded to one form, exact numbers in one
spelling, magnitudes in their dimension's base unit, and the comparison a target states."""

from __future__ import annotations

import unicodedata
from decimal import Decimal, localcontext
from fractions import Fraction

from .units import PHYSICAL, lookup, to_decimal
from .value_types import Comparison, Op


class _FoldTable(dict[int, str]):
    """Each code point's NFKC form where that is one code point; filled as texts meet them."""

    def __missing__(self, point: int) -> str:
        char = chr(point)
        folded = unicodedata.normalize("NFKC", char)
        self[point] = found = folded if len(folded) == 1 else char
        return found


_FOLDS = _FoldTable()


def fold(text: str) -> str:
    """Full-width forms to ASCII, code point for code point (so columns stay the same)."""
    return text.translate(_FOLDS)


def canonical(number: Decimal) -> Decimal:
    """7.5500 → 7.55, 1E+2 → 100: one spelling per number, so equal values print alike."""
    _sign, digits, exponent = number.as_tuple()
    # Already in its one spelling (3870, 7.55), as most numbers read from a table are; within
    # the context's 28 digits, where normalize() below keeps every digit.
    if len(digits) <= 28 and (
        exponent == 0 or (isinstance(exponent, int) and exponent < 0 and digits[-1] != 0)
    ):
        return number
    if number == number.to_integral_value():
        # Enough precision for every digit: 1E+28 has 29 and the default context keeps 28.
        with localcontext() as context:
            context.prec = max(context.prec, number.adjusted() + 1)
            return number.quantize(Decimal(1))
    return Decimal(format(number.normalize(), "f"))


def base_value(number: Decimal, unit: str | None) -> Decimal:
    """A magnitude in its dimension's base unit; exact unless the factor is not a finite decimal."""
    meaning = lookup(unit)
    if meaning.dimension in PHYSICAL:
        return canonical(to_decimal(Fraction(number) * meaning.factor))
    return canonical(number * meaning.scale)


def comparison(op: Op | None, number: Decimal, unit: str, original: str) -> Comparison:
    """What `op number unit` says, its text kept as written."""
    meaning = lookup(unit)
    return Comparison(
        op=op,
        value=base_value(number, unit),
        unit=unit or None,
        dimension=meaning.dimension,
        text=original,
        magnitude=canonical(number),
    )
