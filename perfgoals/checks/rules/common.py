"""Small readings of the model shared by several rule families."""

from __future__ import annotations

from decimal import Decimal

from ...language.errors import Span
from ...language.model import LEVEL1_LABELS, LEVEL2_LABELS, Indicator, Level1, Level2, Project
from ...language.units import Dimension, lookup
from ...language.values import Comparison
from ..fixes import Fix
from ..registry import Hit


def at_target(indicator: Indicator, message: str, fix: Fix | None = None) -> Hit:
    """A hit under the indicator's target value; a suppression names the indicator's line."""
    span = indicator.target_span if indicator.target_span.known else indicator.span
    return Hit(message, span, indicator.span.line, fix=fix)


def at_indicator(indicator: Indicator, message: str) -> Hit:
    """A hit at the start of the indicator (its level-2 word)."""
    return Hit(message, _first_line(indicator), indicator.span.line)


def at_project(project: Project, message: str) -> Hit:
    """A hit at the `project` keyword; a suppression names the project's line."""
    return Hit(message, _first_line(project), project.span.line)


def _first_line(node: Indicator | Project) -> Span:
    """The node's first line only: a caret under its opening word, not the whole block."""
    span = node.span
    return Span(line=span.line, column=span.column, end_line=span.line, end_column=0)


def kind(indicator: Indicator) -> str:
    return LEVEL2_LABELS[indicator.level2]


def level1_label(level1: Level1) -> str:
    return LEVEL1_LABELS[level1]


def is_money(value: object) -> bool:
    return isinstance(value, Comparison) and value.dimension is Dimension.MONEY


def is_money_rate(value: object) -> bool:
    return (
        isinstance(value, Comparison)
        and value.dimension is Dimension.RATE
        and value.unit is not None
        and not value.unit.startswith("/")
        and _numerator_is_money(value.unit)
    )


def _numerator_is_money(unit: str) -> bool:
    return lookup(unit.partition("/")[0]).dimension is Dimension.MONEY


def show(number: Decimal) -> str:
    """A decimal as people write it: 7.55, 100000, 0.15."""
    return format(number.normalize(), "f")


QUANTITATIVE = frozenset({Level2.QUANTITY}) | {k for k in Level2 if k.is_cost}
