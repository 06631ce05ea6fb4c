"""Assessment blocks: actual values, amounts, tiers, references, errors, formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfgoals.language.assessment import Tier
from perfgoals.language.errors import SourceError
from perfgoals.language.formatter import format_document
from perfgoals.language.model import Level1, Level2
from perfgoals.language.parser import parse_document

TEXT = """
# 2023 年度自评
assessment {
  year 2023
  ruleset "开发区综合办 2023 年部门预算项目绩效目标"
  policy "central"
  currency 万元
  project "公务用车购置" {
    code "13"
    budget 122
    initial 120万元
    executed 1180000元
    explain "年中追加预算"
    actual "更新购置公务用车数量" "6 辆"
    actual 产出 成本 "每辆车购置价格" 第 2 "17 万元/辆" explain "按标准"
    actual 效益 "提高外出办理公务效率" tier 部分达成 points 20
    actual "服务对象满意度" 不适用
    actual "完成率" na
  }
}
"""


def test_assessment_is_read() -> None:
    document = parse_document(TEXT, "a.perf")
    assessment = document.assessment
    assert assessment is not None
    assert (assessment.year, assessment.policy) == (2023, "central")
    project = assessment.projects[0]
    assert (project.code, project.adjusted_budget, project.initial_budget, project.executed) == (
        "13",
        Decimal(1220000),
        Decimal(1200000),
        Decimal(1180000),
    )
    cost = project.actuals[1]
    assert (cost.indicator.level1, cost.indicator.level2, cost.indicator.occurrence) == (
        Level1.OUTPUT,
        Level2.COST,
        2,
    )
    assert cost.value is not None and cost.value.text == "17 万元/辆"
    assert cost.origin.line == 15 and cost.origin.path == "a.perf"
    benefit = project.actuals[2]
    assert (benefit.indicator.level1, benefit.tier, benefit.points) == (
        Level1.BENEFIT,
        Tier.PARTLY_MET,
        Decimal(20),
    )
    assert project.actuals[3].not_applicable and project.actuals[4].not_applicable
    assert document.assessment_comments == (" 2023 年度自评",)


def test_assessment_round_trips() -> None:
    document = parse_document(TEXT)
    text = format_document(document)
    again = parse_document(text)
    assert again == document
    assert format_document(again) == text


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("budget 122", "3:12: '122' has no unit: write 元 or 万元"),
        ("executed 90%", "3:14: expected an amount of money, found '90%'"),
        ('actual "x" tier 很好', "3:21: unknown tier '很好'"),
        ('actual 收入 "x" 1', "3:12: unknown indicator level '收入'"),
        ('actual "x"', "3:5: actual 'x' gives no value, tier or na"),
        ('actual "x" 第 0 1', "3:18: occurrence counts from 1"),
        ('actual "x" "≥"', "3:18: cannot read value '≥': expected a number after ≥"),
        ('actual "x" 1 explain "a" explain "b"', "3:30: explanation is given twice"),
    ],
)
def test_assessment_errors_are_positioned(line: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_document(f'assessment {{\n  project "P" {{\n    {line}\n  }}\n}}\n', "a.perf")
    assert f"a.perf:{message}" in str(caught.value)


def test_one_assessment_per_file() -> None:
    with pytest.raises(SourceError, match="at most one assessment"):
        parse_document("assessment { }\nassessment { }")
