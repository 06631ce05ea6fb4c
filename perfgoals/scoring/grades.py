"""Graded targets (a Hebei table's `优 · 良 · 中 · 差` columns): the grade an actual value reaches
by the tier criteria, and the policy's tier it is scored in.

An actual is graded by the first criterion it meets, best grade first (`95%` against 优 `≥95%`,
良 `90%-95%` is 优: the boundary goes to the better grade). The indicator's own target is graded
the same way: the grade it asks for (a target `≥90%` asks for 良), 优 where the target is not a
quantity. A quantity target the criteria do not grade (in another unit, or below every criterion)
leaves them aside, as criteria that are not quantities do. Then the rule of a graded
qualitative target applies: the grade asked for or better
is 达成, one grade below 部分达成, two or more 未达成; the policy's tier gives the points. Criteria
that are not quantities or ranges (`按期完成`) grade nothing: the indicator is scored by its
target as usual, or by the assessor's tier.
"""

from __future__ import annotations

from decimal import Decimal

from ..i18n import _
from ..language.assessment import Actual
from ..language.model import Indicator
from ..language.policy import Policy, StrictRule
from ..language.value_types import Grade
from ..language.values import Comparison
from .targets import (
    Target,
    _error,
    _Scored,
    _tier_points,
    compile_target,
    quantity_of,
    score_indicator,
    tier_for_grade,
)


def attach_grades(compiled: Target, indicator: Indicator, policy: Policy, year: int | None) -> None:
    """Compile the indicator's tier criteria onto its compiled target, where they grade."""
    graded = grading(indicator, policy, year)
    if isinstance(graded, tuple):
        compiled.grades, compiled.wanted_grade = graded


Criteria = tuple[tuple[Grade, Target], ...]


def grading(
    indicator: Indicator, policy: Policy, year: int | None
) -> tuple[Criteria, Grade] | str | None:
    """The compiled tier criteria and the grade the target asks for; or, as a clause about
    "them", why criteria that are meant to grade cannot (they mix quantities and text; the
    target is in another unit or meets none of them); None where there are none to grade with
    (no criteria, or all of them text for the assessor to judge by).

    A criterion is a boundary, read as written: `优 >95%` is not reached at 95%, whatever the
    policy lets a strict target count as (`strict inclusive` is about scoring a target).
    """
    literal = policy.model_copy(update={"strict": StrictRule.ALL_OR_NOTHING})
    criteria = []
    for tier in indicator.grades:
        plain = indicator.model_copy(update={"target": tier.criterion, "grades": ()})
        criteria.append((tier.grade, compile_target(plain, literal, year)))
    quantities = [t.kind in ("comparison", "range") for _, t in criteria]
    if not any(quantities):
        return None
    if not all(quantities):
        return _("they mix quantities and text ({criteria})", criteria=_criteria_text(criteria))
    target = indicator.target
    wanted = criteria[0][0]
    if isinstance(target, Comparison):
        graded = reached(tuple(criteria), target)
        if graded is None:
            return _(
                "the target {target} meets none of them ({criteria})",
                target=target.text,
                criteria=_criteria_text(criteria),
            )
        if not isinstance(graded, Grade):  # a Grade is a str too: test it first
            return _(
                "the target {target} is in another unit than they are ({criteria})",
                target=target.text,
                criteria=_criteria_text(criteria),
            )
        wanted = graded
    return tuple(criteria), wanted


def _criteria_text(criteria: list[tuple[Grade, Target]] | Criteria) -> str:
    return _(", ").join(f"{g.value} {t.text}" for g, t in criteria)


def reached(criteria: tuple[tuple[Grade, Target], ...], value: Comparison) -> Grade | str | None:
    """The first grade whose criterion the value meets; a unit mismatch's reason; None."""
    for grade, criterion in criteria:
        a, _normalised, problem = quantity_of(criterion, value)
        if a is None:
            return problem
        if _meets(criterion, a):
            return grade
    return None


def _meets(criterion: Target, a: Decimal) -> bool:
    if criterion.kind == "range":
        return criterion.low <= a <= criterion.high
    t = criterion.value
    if criterion.op == "=":
        return a == t
    if criterion.op == ">=":
        return a > t if criterion.strict else a >= t
    return a < t if criterion.strict else a <= t


def score_graded(
    target: Target, actual: Actual, weight: Decimal, policy: Policy, year: int | None
) -> _Scored:
    """Score one indicator: by its tier criteria where it has them and the actual is a quantity
    the assessor did not rate, else by its target (perfgoals.scoring.targets)."""
    value = actual.value
    if target.grades and actual.tier is None and isinstance(value, Comparison):
        return graded_points(target, value, actual.points, weight, policy)
    return score_indicator(target, actual, weight, policy, year)


def graded_points(
    target: Target, value: Comparison, points: Decimal | None, weight: Decimal, policy: Policy
) -> _Scored:
    """The points of an actual graded by the criteria (the assessor's 得分, where given, must
    lie in the tier's band); an error where it reaches no grade or cannot be compared."""
    got = reached(target.grades, value)
    if got is None:
        return _error(
            _(
                "{actual} reaches no grade's criterion ({criteria})",
                actual=value.text,
                criteria=_criteria_text(target.grades),
            )
        )
    if not isinstance(got, Grade):  # a Grade is a str too: test it first
        return _error(got)
    wanted = target.wanted_grade
    assert wanted is not None  # attach_grades sets both
    tier = tier_for_grade(wanted, got)
    criterion = next(t.text for g, t in target.grades if g is got)
    why = _(
        "{actual} meets {got} ({criterion}), grade {got} against {wanted}: ",
        actual=value.text,
        got=got.value,
        criterion=criterion,
        wanted=wanted.value,
    )
    return _tier_points(tier, points, weight, policy, why)
