"""Tiers, grades, weights, execution, not-applicable, the Hubei goal split, explanations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfgoals.language.policy import (
    CENTRAL,
    Explain,
    Grade,
    NotApplicableRule,
    Rounding,
    RoundingScope,
    Split,
)
from perfgoals.scoring import REASON_ADJUSTED, REASON_BELOW_MET, apportion
from perfgoals.scoring.results import Status, WeightSource

from .util import one, policy, score_text

HUBEI = policy(
    name="hubei-2020", execution=Decimal(20), level1={}, goals={1: Decimal(40), 2: Decimal(40)}
)


@pytest.mark.parametrize(
    ("extra", "expected", "status"),
    [
        ("tier 达成", "10.00", Status.MET),
        ("tier 部分达成", "6.00", Status.PARTLY_MET),
        ("tier 未达成", "0.00", Status.MISSED),
        ("tier 达成 points 9", "9.00", Status.MET),
        ("tier 达成 points 8", "8.00", Status.MET),
        ("tier 达成 points 10", "10.00", Status.MET),
        ("tier 部分达成 points 7.99", "7.99", Status.PARTLY_MET),
        ("tier 未达成 points 5.9", "5.90", Status.MISSED),
        ("tier 达成 points 7.9", "0.00", Status.ERROR),  # below [80%, 100%]
        ("tier 部分达成 points 8", "0.00", Status.ERROR),  # [60%, 80%) excludes 80%
        ("tier 未达成 points 6", "0.00", Status.ERROR),
        ("tier 达成 points 11", "0.00", Status.ERROR),
    ],
)
def test_qualitative_tiers_and_bands(extra: str, expected: str, status: Status) -> None:
    result = one("长期", "", extra=extra, level2="社会效益")
    assert result.status is status, result.formula
    assert str(result.points) == expected


def test_tier_below_met_needs_explanation() -> None:
    result = one("长期", "", extra="tier 部分达成", level2="社会效益")
    assert REASON_BELOW_MET in result.reasons


def test_qualitative_without_tier_is_an_error() -> None:
    assert one("长期", "达到", level2="社会效益").status is Status.ERROR


@pytest.mark.parametrize(
    ("target", "actual", "expected", "status"),
    [
        ("良", "优", "10.00", Status.MET),
        ("良", "良", "10.00", Status.MET),
        ("良", "中", "6.00", Status.PARTLY_MET),
        ("良", "差", "0.00", Status.MISSED),
        ("优", "中", "0.00", Status.MISSED),
        ("≥良", "良好", "10.00", Status.MET),
    ],
)
def test_graded_targets(target: str, actual: str, expected: str, status: Status) -> None:
    result = one(target, actual, level2="质量")
    assert (str(result.points), result.status) == (expected, status), result.formula


def test_tier_defaults_follow_the_policy() -> None:
    from perfgoals.language.assessment import Tier
    from perfgoals.language.policy import Band, TierRule

    tiers = dict(CENTRAL.tiers)
    tiers[Tier.PARTLY_MET] = TierRule(
        band=Band(low=Decimal("0.6"), high=Decimal("0.8"), high_inclusive=False),
        default=Decimal("0.7"),
    )
    result = one("长期", "", extra="tier 部分达成", level2="社会效益", used=policy(tiers=tiers))
    assert result.points == Decimal("7.00")


# ---- project totals -------------------------------------------------------------------
PROJECT = """
ruleset { year 2023 }
project "P" {
  budget 43.2万元
  goal "一"
  goal "二"
  产出 {
    数量 "q1" ≥100个 goal 1
    数量 "q2" ≥100个 goal 1
    质量 "r" ≥90% goal 2
    成本 "c" ≤10万元 goal 2
  }
  效益 {
    社会效益 "s" 长期 goal 1
  }
  满意度 {
    服务对象满意度 "m" ≥90% goal 2
  }
}
"""


def actuals(body: str, executed: str = "43.2万元") -> str:
    return f'assessment {{ project "P" {{ executed {executed}\n{body} }} }}'


ALL_MET = """
  actual "q1" 100个
  actual "q2" 120个
  actual "r" 95%
  actual "c" 9万元
  actual "s" tier 达成
  actual "m" 92%
"""


def test_meeting_every_target_scores_100() -> None:
    project = score_text(PROJECT, actuals(ALL_MET)).projects[0]
    assert project.score == Decimal("100.00")
    assert project.grade == "优"
    assert [i.weight for i in project.indicators] == [
        Decimal("12.5"),
        Decimal("12.5"),
        Decimal("12.5"),
        Decimal("12.5"),
        Decimal(30),
        Decimal(10),
    ]
    assert {i.weight_source for i in project.indicators} == {WeightSource.POLICY}
    assert [(g.name, g.weight, g.points) for g in project.groups] == [
        ("产出", Decimal("50.00"), Decimal("50.00")),
        ("效益", Decimal("30.00"), Decimal("30.00")),
        ("满意度", Decimal("10.00"), Decimal("10.00")),
    ]


def test_execution_rate_and_points() -> None:
    # 37.24 / 43.2 × 10 = 8.6203… → 8.62; rate 86.20% < 90% needs an explanation
    project = score_text(PROJECT, actuals(ALL_MET, "37.24万元")).projects[0]
    execution = project.execution
    assert execution.points == Decimal("8.62")
    assert execution.rate == Decimal("86.20")
    assert execution.reasons == ("execution rate below 90%",)
    assert project.score == Decimal("98.62")
    whole = score_text(PROJECT, actuals(ALL_MET, "37.24万元"), policy(rounding=Rounding(places=0)))
    assert whole.projects[0].execution.points == Decimal(9)
    assert whole.projects[0].score == Decimal(99)


def test_overspending_earns_no_bonus() -> None:
    execution = score_text(PROJECT, actuals(ALL_MET, "50万元")).projects[0].execution
    assert execution.points == Decimal("10.00")
    assert execution.status is Status.MET


def test_budget_adjusted_mid_year_needs_explanation() -> None:
    text = 'assessment { project "P" { budget 43.2万元 initial 40万元 executed 43.2万元 } }'
    execution = score_text(PROJECT, text).projects[0].execution
    assert REASON_ADJUSTED in execution.reasons
    assert execution.explanation_missing


def test_missing_execution_is_no_data() -> None:
    text = 'assessment { project "P" { actual "q1" 100个 } }'
    ruleset = PROJECT.replace("budget 43.2万元", "")
    execution = score_text(ruleset, text).projects[0].execution
    assert execution.status is Status.NO_DATA
    assert execution.points == Decimal("0.00")


def test_not_applicable_rescales_to_100() -> None:
    # satisfaction drops out: maximum 90; earned 50 + 24 + 10 = 84 → 84 / 90 × 100 = 93.33
    body = """
      actual "q1" 100个
      actual "q2" 100个
      actual "r" 95%
      actual "c" 9万元
      actual "s" tier 达成 points 24
      actual "m" na
    """
    project = score_text(PROJECT, actuals(body)).projects[0]
    assert project.indicators[-1].status is Status.NOT_APPLICABLE
    assert (project.earned, project.maximum, project.score) == (
        Decimal("84.00"),
        Decimal("90.00"),
        Decimal("93.33"),
    )
    full = score_text(PROJECT, actuals(body), policy(not_applicable=NotApplicableRule.FULL_POINTS))
    assert full.projects[0].score == Decimal("94.00")


def test_not_applicable_inside_a_level1_moves_its_weight_to_the_others() -> None:
    body = ALL_MET.replace('actual "q2" 120个', 'actual "q2" na')
    project = score_text(PROJECT, actuals(body)).projects[0]
    assert [i.weight for i in project.indicators[:4]] == [
        Decimal("16.67"),
        Decimal(0),
        Decimal("16.67"),
        Decimal("16.66"),
    ]
    assert project.score == Decimal("100.00")


def test_ruleset_weights_are_used_as_given() -> None:
    ruleset = PROJECT.replace('"q1" ≥100个 goal 1', '"q1" ≥100个 weight 20 goal 1')
    project = score_text(ruleset, actuals(ALL_MET)).projects[0]
    first = project.indicators[0]
    assert (first.weight, first.weight_source) == (Decimal(20), WeightSource.RULESET)
    # the rest of 产出 (30) is shared by the three others
    assert [i.weight for i in project.indicators[1:4]] == [Decimal(10)] * 3


def test_split_by_level2() -> None:
    # 产出 50 over the kinds 数量, 质量, 成本: 16.67, 16.67, 16.66; 数量 halves 16.67
    project = score_text(PROJECT, actuals(ALL_MET), policy(split=Split.LEVEL2)).projects[0]
    assert [i.weight for i in project.indicators[:4]] == [
        Decimal("8.34"),
        Decimal("8.33"),
        Decimal("16.67"),
        Decimal("16.66"),
    ]


def test_hubei_goal_split() -> None:
    # execution 20; 目标1 40 over q1, q2, s; 目标2 40 over r, c, m
    body = ALL_MET.replace('actual "q1" 100个', 'actual "q1" 50个')
    project = score_text(PROJECT, actuals(body), HUBEI).projects[0]
    assert [i.weight for i in project.indicators] == [
        Decimal("13.34"),
        Decimal("13.33"),
        Decimal("13.34"),
        Decimal("13.33"),
        Decimal("13.33"),
        Decimal("13.33"),
    ]
    assert project.execution.weight == Decimal(20)
    # q1: 50/100 × 13.34 = 6.67; 目标1: 6.67 + 13.33 + 13.33 = 33.33; 20 + 33.33 + 40
    assert project.indicators[0].points == Decimal("6.67")
    assert [(g.name, g.points) for g in project.groups] == [
        ("目标1", Decimal("33.33")),
        ("目标2", Decimal("40.00")),
    ]
    assert project.score == Decimal("93.33")


def test_hubei_indicator_without_goal_is_an_error() -> None:
    ruleset = PROJECT.replace('"m" ≥90% goal 2', '"m" ≥90%')
    project = score_text(ruleset, actuals(ALL_MET), HUBEI).projects[0]
    assert project.indicators[-1].status is Status.ERROR


def test_goal_total_shared_equally() -> None:
    used = HUBEI.model_copy(update={"goals": {}, "goals_total": Decimal(80)})
    project = score_text(PROJECT, actuals(ALL_MET), used).projects[0]
    assert project.score == Decimal("100.00")
    assert project.indicators[0].weight == Decimal("13.34")


def test_level1_without_policy_weight_is_an_error() -> None:
    ruleset = 'project "P" { budget 10万元 成本 { 经济成本 "e" ≤5万元 } }'
    project = score_text(ruleset, 'assessment { project "P" { actual "e" 4万元 } }').projects[0]
    assert project.indicators[0].status is Status.ERROR


@pytest.mark.parametrize(
    ("score", "central", "variant"),
    [
        ("100", "优", "优"),
        ("90", "优", "优"),
        ("89.99", "良", "优"),
        ("80", "良", "优"),
        ("79.99", "中", "良"),
        ("70", "中", "良"),
        ("60", "中", "中"),
        ("59.99", "差", "差"),
        ("0", "差", "差"),
    ],
)
def test_grade_thresholds(score: str, central: str, variant: str) -> None:
    assert CENTRAL.grade_of(Decimal(score)) == central
    bands = (
        Grade(name="优", minimum=Decimal(80)),
        Grade(name="良", minimum=Decimal(70)),
        Grade(name="中", minimum=Decimal(60)),
        Grade(name="差", minimum=Decimal(0)),
    )
    assert policy(grades=bands).grade_of(Decimal(score)) == variant


def test_rounding_on_totals_only() -> None:
    # q1 86.25/100 × 12.5 = 10.78125 kept exact; the total rounds once
    body = ALL_MET.replace('actual "q1" 100个', 'actual "q1" 86.25个')
    used = policy(rounding=Rounding(scope=RoundingScope.TOTAL))
    project = score_text(PROJECT, actuals(body), used).projects[0]
    assert project.indicators[0].points == Decimal("10.78125")
    assert project.score == Decimal("98.28")  # 98.28125
    per_indicator = score_text(PROJECT, actuals(body)).projects[0]
    assert per_indicator.indicators[0].points == Decimal("10.78")
    assert per_indicator.score == Decimal("98.28")


def test_over_target_needs_explanation() -> None:
    assert "actual at or above 130% of target" in one("≥100", "130").reasons
    assert one("≥100", "129").reasons == ()
    assert one("≥100", "130", used=policy(explain=Explain(over_target=None))).reasons == ()


def test_explanations_counted_and_given() -> None:
    text = actuals(ALL_MET.replace('actual "q1" 100个', 'actual "q1" 90个 explain "延期"'))
    result = score_text(PROJECT, text)
    first = result.projects[0].indicators[0]
    assert first.needs_explanation and not first.explanation_missing
    assert result.explanations_missing == 0
    assert not result.has_findings


def test_apportion_adds_up() -> None:
    assert apportion(Decimal(50), 9) == [Decimal("5.56")] * 5 + [Decimal("5.55")] * 4
    assert sum(apportion(Decimal(10), 3)) == Decimal(10)
    assert apportion(Decimal("0.005"), 2) == [Decimal("0.005"), Decimal(0)]
