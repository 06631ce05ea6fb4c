"""Hand-computed colours for every rule of the shipped profiles, at every band edge."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfgoals.language.profile import Colour
from tests.monitoring.util import budget_colour, indicator_colour, run

R, Y, G, B = Colour.RED, Colour.YELLOW, Colour.GREEN, Colour.BLUE


# Month 12: nothing is pro-rated away, so the value is current / target × 100.
@pytest.mark.parametrize(
    ("current", "colour"),
    [
        ("0场", R),
        ("59.99场", R),
        ("60场", Y),
        ("79.99场", Y),
        ("80场", G),
        ("119.99场", G),
        ("120场", B),
        ("500场", B),
    ],
)
def test_positive_band_edges_in_december(current: str, colour: Colour) -> None:
    assert indicator_colour("100 场", current, month=12) == colour


# Month 1: expected to date = 1200 × 1/12 = 100, so the same edges fall at the same numbers.
@pytest.mark.parametrize(
    ("current", "colour"),
    [("59.99场", R), ("60场", Y), ("79.99场", Y), ("80场", G), ("119.99场", G), ("120场", B)],
)
def test_positive_band_edges_in_january(current: str, colour: Colour) -> None:
    assert indicator_colour("1200 场", current, month=1) == colour


def test_seven_twelfths_is_exact() -> None:
    # 888 × 7/12 = 518; 60% of it is 310.8. A rounded 7/12 (0.5833) would put 310.8 below 60.
    assert indicator_colour("888 场", "310.8场") == Y
    assert indicator_colour("888 场", "310.79场") == R
    # 1000 × 7/12 = 583.33…; 80% is 466.66…: 466.67 is green, 466.66 yellow.
    assert indicator_colour("1000 场", "466.67场") == G
    assert indicator_colour("1000 场", "466.66场") == Y


def test_the_value_and_formula_show_the_numbers() -> None:
    result = run('    数量 "x" "888 场"', '    current 数量 "x" 444场')
    indicator = result.projects[0].indicators[0]
    assert indicator.value == Decimal("85.71")  # 444 / 518 = 85.714…, truncated
    assert indicator.expected_to_date == Decimal(518)
    assert "444 ÷ (888 × 7/12) × 100 = 85.71 → green" in indicator.formula


def test_the_expected_value_is_truncated_as_every_shown_value_is() -> None:
    # 10 项 × 5/12 = 4.1666…: shown 4.16 (rounding would show 4.17); 3 / 4.1666… = 72%.
    result = run('    数量 "x" "10 项"', '    current 数量 "x" 3项', month=5)
    indicator = result.projects[0].indicators[0]
    assert indicator.expected_to_date == Decimal("4.16")
    assert indicator.value == Decimal("72.00")
    assert indicator.colour == Y
    # A range is expected to reach its low end: 20 场 × 7/12 = 11.666… is shown 11.66.
    result = run('    数量 "x" "20场-30场"', '    current 数量 "x" 7场')
    indicator = result.projects[0].indicators[0]
    assert indicator.expected_to_date == Decimal("11.66")
    # 7 / 11.666… = 60%: yellow, exactly at the edge.
    assert indicator.value == Decimal("60.00")
    assert indicator.colour == Y


def test_percentages_are_not_pro_rated() -> None:
    # 72 / 90 = 80% in July as in December
    assert indicator_colour("≥90%", "72%", kind="质量") == G
    assert indicator_colour("≥90%", "71.99%", kind="质量") == Y
    assert indicator_colour("≥90%", "72%", kind="质量", month=1) == G


def test_money_is_pro_rated_and_cost_reverse_is_not() -> None:
    # 数量 in money: 12万元 × 6/12 = 6万元 expected; 3.6万元 is 60%
    assert indicator_colour("12 万元", "3.6万元", month=6) == Y
    assert indicator_colour("12 万元", "35999元", month=6) == R
    # a cost (≤): within the year's target, whatever the month
    assert indicator_colour("≤7.55 万元", "7.55万元", kind="成本", month=1) == G
    assert indicator_colour("≤7.55 万元", "75501元", kind="成本") == R
    # a cost target without a comparator reads as ≤ (the profile's reading)
    assert indicator_colour("3.17 万元", "3.2万元", kind="成本") == R


def test_a_zero_target_is_green_only_at_zero() -> None:
    assert indicator_colour("0 起", "0起", kind="质量") == G
    assert indicator_colour("0 起", "1起", kind="质量") == R
    assert indicator_colour("≤0 起", "0起", kind="质量") == G


def test_qualitative_ratings() -> None:
    cases = {
        "达成目标": G,
        "部分达成目标并具有一定效果": Y,
        "未达成目标且效果较差": R,
    }
    for word, colour in cases.items():
        assert indicator_colour("达到长期效果", word, kind="质量") == colour
    assert indicator_colour("达到长期效果", "tier 部分达成", kind="质量") == Y
    assert indicator_colour("达到长期效果", None, kind="质量") == Colour.NO_DATA


@pytest.mark.parametrize(
    ("as_of", "current", "colour"),
    [
        ("2023-06-29", "未完成", Colour.PENDING),
        ("2023-06-30", "未完成", Colour.PENDING),
        ("2023-07-01", "未完成", R),
        ("2023-07-01", "已完成", G),
        ("2023-06-29", "已完成", G),
    ],
)
def test_deadlines_the_day_before_and_after(as_of: str, current: str, colour: Colour) -> None:
    month = int(as_of[5:7])
    found = indicator_colour(
        "6月30日前", current, kind="时效", month=month, progress_fields=f"as_of {as_of}"
    )
    assert found == colour


def test_no_value_and_not_applicable() -> None:
    assert indicator_colour("888 场", None) == Colour.NO_DATA
    assert indicator_colour("888 场", "不适用") == Colour.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("executed", "month", "colour"),
    [
        ("35.99万元", 6, R),  # (35.99 / 120) ÷ (6/12) × 100 = 59.98
        ("36万元", 6, Y),  # 60
        ("47.99万元", 6, Y),  # 79.98
        ("48万元", 6, G),  # 80
        ("5.99万元", 1, R),  # (5.99 / 120) ÷ (1/12) = 59.9
        ("6万元", 1, Y),
        ("95.99万元", 12, Y),  # 79.99
        ("96万元", 12, G),
        ("200万元", 12, G),  # no blue for the budget
    ],
)
def test_budget_time_proportional(executed: str, month: int, colour: Colour) -> None:
    assert budget_colour("120万元", executed, month=month) == colour


def test_a_zero_budget_gives_rate_zero() -> None:
    result = run('    数量 "x" "1 场"', "", budget="budget 0元", project_fields="executed 0元")
    budget = result.projects[0].budget
    assert (budget.rate, budget.value, budget.colour) == (Decimal(0), Decimal(0), R)
    assert "budget 0: rate 0" in budget.formula


def test_no_executed_amount_is_no_data() -> None:
    result = run('    数量 "x" "1 场"', "", budget="budget 10万元")
    assert result.projects[0].budget.colour is Colour.NO_DATA


@pytest.mark.parametrize(
    ("executed", "month", "colour"),
    [
        ("39.99万元", 7, R),  # June's 40% is the checkpoint in force in July
        ("40万元", 7, G),
        ("24.99万元", 4, R),
        ("25万元", 4, G),
        ("1万元", 3, G),  # no checkpoint before April
        ("79.99万元", 12, R),  # October's 80% still holds in December
        ("80万元", 10, G),
    ],
)
def test_sichuan_checkpoints(executed: str, month: int, colour: Colour) -> None:
    assert budget_colour("100万元", executed, month=month, profile="sichuan-2025") == colour


def test_sichuan_gap_between_completion_and_execution() -> None:
    def gap_colour(current: str) -> Colour:
        result = run(
            '    数量 "x" "100 场"',
            f'    current 数量 "x" {current}',
            budget="budget 100万元",
            project_fields="executed 50万元",
            profile="sichuan-2025",
        )
        (check,) = result.projects[0].checks
        return check.colour

    assert gap_colour("60场") == G  # 60% completion, 50% execution: 10 points
    assert gap_colour("60.01场") == R
    assert gap_colour("40场") == G
    assert gap_colour("39.99场") == R


def test_the_gap_is_decided_on_the_exact_execution_rate() -> None:
    # 60.009万元 of 100万元 is 60.009%, shown 60.00%; 50% completion: a gap of 10.009 > 10.
    result = run(
        '    数量 "x" "100 场"',
        '    current 数量 "x" 50场',
        budget="budget 100万元",
        project_fields="executed 60.009万元",
        profile="sichuan-2025",
    )
    (check,) = result.projects[0].checks
    assert check.colour == R
    assert "gap 10.01 > 10 points" in check.formula  # never "10.00 >"


def test_a_gap_of_exactly_the_limit_is_within_it() -> None:
    # 2 of 3 场 is 200/3% done, 17 of 30万元 is 170/3% spent: a gap of exactly 10, not 10.00…01.
    result = run(
        '    数量 "x" "3 场"',
        '    current 数量 "x" 2场',
        month=12,
        budget="budget 30万元",
        project_fields="executed 17万元",
        profile="sichuan-2025",
    )
    (check,) = result.projects[0].checks
    assert check.colour == G
    assert "completion 66.66% vs execution 56.66%: gap 10.00 ≤ 10 points" in check.formula


def test_central_136_likelihood_worsens_a_colour() -> None:
    line = 'current 数量 "x" 600场 likelihood {}'
    for likelihood, colour in (("确定能", G), ("有可能", Y), ("完全不可能", R), ("0", G)):
        result = run(
            '    数量 "x" "1200 场"',
            "    " + line.format(likelihood),
            month=6,
            profile="central-136",
        )
        assert result.projects[0].indicators[0].colour == colour, likelihood


def test_the_roll_up_is_the_worst_colour() -> None:
    result = run(
        '    数量 "a" "100 场"\n    数量 "b" "100 场"\n    数量 "c" "100 场"',
        '    current 数量 "a" 100场\n    current 数量 "b" 130场 explain "提前"\n'
        '    current 数量 "c" 70场 explain "滞后"',
        month=12,
        budget="budget 10万元",
        project_fields="executed 10万元",
    )
    project = result.projects[0]
    assert [i.colour for i in project.indicators] == [G, B, Y]
    assert [g.colour for g in project.goals] == [Y]
    assert project.colour is Y
    assert not result.has_findings


def test_a_missing_explanation_is_a_finding() -> None:
    result = run('    数量 "a" "100 场"', '    current 数量 "a" 70场', month=12)
    indicator = result.projects[0].indicators[0]
    assert indicator.needs_explanation and indicator.missing_explanation
    assert result.has_findings and not result.has_red


def test_unknown_indicators_are_problems_not_dropped() -> None:
    result = run('    数量 "a" "100 场"', '    current 数量 "nope" 70场', month=12)
    # Named as scoring names it: with the level the progress gave.
    assert [p.message for p in result.problems] == ["unknown indicator 数量 'nope'"]
    assert result.has_findings


def test_an_occurrence_beyond_the_count_is_said_as_scoring_says_it() -> None:
    twice = '    数量 "a" "100 场"\n    数量 "a" "50 场"'
    result = run(twice, '    current 数量 "a" 第 3 70场', month=12)
    assert [p.message for p in result.problems] == [
        "no occurrence 3 of indicator 'a' (there are 2)"
    ]
    second = run(twice, '    current 数量 "a" 第 2 50场', month=12)
    assert not second.problems
    assert [i.current is not None for i in second.projects[0].indicators] == [False, True]


def test_a_ruleset_without_a_year_is_monitored_too() -> None:
    from perfgoals.language.parser import parse_document
    from perfgoals.monitoring import monitor
    from perfgoals.monitoring.profiles import load_profile

    ruleset = parse_document(
        'project "p" { 产出 { 数量 "x" "12 场" 时效 "y" "2024年6月30日前" 时效 "z" "6月底前" } }'
    ).ruleset
    progress = parse_document(
        'progress { month 6 project "p" { current "x" 6场 current "y" 未完成 } }'
    ).progress
    assert progress is not None
    result = monitor(ruleset, progress, load_profile("time-proportional"))
    assert result.as_of is None
    x, y, z = result.projects[0].indicators
    assert x.colour is G
    assert y.colour is Colour.NO_DATA and "no as-of day" in y.formula
    assert z.colour is Colour.NO_DATA and "no year" in z.formula


def test_physical_quantities_are_pro_rated() -> None:
    # 12 公里 × 6/12 = 6 公里 expected; 3.6 公里 is 60%, 3599 米 just below
    assert indicator_colour("12 公里", "3.6公里", month=6) == Y
    assert indicator_colour("12 公里", "3599米", month=6) == R
