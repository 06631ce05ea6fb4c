"""Graded targets with tier criteria (Hebei 优 · 良 · 中 · 差): hand-computed points under the
central policy (达成 100%, 部分达成 60%, 未达成 0%; bands [80%, 100%], [60%, 80%), [0%, 60%))."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfgoals.scoring.results import IndicatorResult, Status

from .util import score_text

TIERS = "grade 优 ≥95% grade 良 90%-95% grade 中 80%-90% grade 差 <80%"


def graded(actual: str, *, target: str = "≥95%", tiers: str = TIERS) -> IndicatorResult:
    ruleset = (
        "ruleset { year 2023 }\n"
        f'project "P" {{\n  产出 {{\n    质量 "验收合格率" {target} weight 20 {tiers}\n  }}\n}}\n'
    )
    actuals = f'assessment {{\n  project "P" {{\n    actual "验收合格率" {actual}\n  }}\n}}\n'
    return score_text(ruleset, actuals).projects[0].indicators[0]


@pytest.mark.parametrize(
    ("actual", "points", "status"),
    [
        ("96%", "20", Status.MET),  # 优 = the grade asked for: 20 × 100%
        ("95%", "20", Status.MET),  # the boundary goes to the better grade
        ("92%", "12", Status.PARTLY_MET),  # 良, one below 优: 20 × 60%
        ("92", "12", Status.PARTLY_MET),  # a bare number is in the criteria's unit
        ("85%", "0", Status.MISSED),  # 中, two below: 20 × 0%
        ("70%", "0", Status.MISSED),  # 差
    ],
)
def test_an_actual_is_graded_by_the_first_criterion_it_meets(
    actual: str, points: str, status: Status
) -> None:
    result = graded(actual)
    assert (result.points, result.status) == (Decimal(points), status)


def test_the_formula_names_the_grade_and_its_criterion() -> None:
    result = graded("92%")
    assert result.formula == (
        "92% meets 良 (90%-95%), grade 良 against 优: tier 部分达成 gives 60% × 20 = 12.00"
    )


def test_a_target_that_asks_for_a_lower_grade() -> None:
    # ≥90% meets 良's criterion: 良 is what the target asks for.
    assert graded("92%", target="≥90%").points == Decimal(20)
    assert graded("85%", target="≥90%").points == Decimal(12)  # 中, one below 良
    assert graded("70%", target="≥90%").points == Decimal(0)  # 差, two below


def test_the_assessors_points_must_lie_in_the_tiers_band() -> None:
    assert graded("92% points 15").points == Decimal(15)  # 15 / 20 = 75% in [60%, 80%)
    wrong = graded("92% points 19")  # 95% is not in 部分达成's band
    assert wrong.status is Status.ERROR and "outside the band" in wrong.formula


def test_the_assessors_tier_wins_over_the_criteria() -> None:
    assert graded('"达成" tier 达成').points == Decimal(20)


def test_an_actual_that_reaches_no_grade_or_another_unit_is_an_error() -> None:
    none = graded("80%", tiers="grade 优 ≥95% grade 良 90%-95%")
    assert none.status is Status.ERROR
    assert "80% reaches no grade's criterion (优 ≥95%, 良 90%-95%)" in none.formula
    other = graded("92个")
    assert other.status is Status.ERROR and "unit mismatch" in other.formula


def test_criteria_that_are_not_quantities_leave_the_target_to_score() -> None:
    result = graded("96%", tiers='grade 优 "按期完成" grade 差 "未完成"')
    assert (result.points, result.status) == (Decimal(20), Status.MET)


def test_a_strict_criterion_is_read_as_written() -> None:
    # Central reads a strict *target* (>95%) as ≥; a tier's boundary stays where it is written.
    tiers = "grade 优 >95% grade 良 90%-95% grade 中 80%-90% grade 差 <80%"
    assert graded("96%", target="≥96%", tiers=tiers).points == Decimal(20)  # 优
    at_boundary = graded("95%", target="≥96%", tiers=tiers)  # 良, one below 优: 20 × 60%
    assert (at_boundary.points, at_boundary.status) == (Decimal(12), Status.PARTLY_MET)
    assert at_boundary.formula.startswith("95% meets 良 (90%-95%), grade 良 against 优")


def test_a_target_the_criteria_do_not_grade_is_scored_as_a_target() -> None:
    # ≥85% is below every criterion: the grade it asks for is unknown, so the criteria stand
    # aside (not 优 by default) and 92% ≥ 85% scores the full 20.
    below = graded("92%", target="≥85%", tiers="grade 优 ≥95% grade 良 90%-95%")
    assert (below.points, below.status) == (Decimal(20), Status.MET)
    # A target in another unit than its criteria: the same.
    other = graded("92个", target="≥90个")
    assert (other.points, other.status) == (Decimal(20), Status.MET)
