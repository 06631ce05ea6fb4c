"""Policy blocks: reading, errors with positions, the formatter's round trip, shipped files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfgoals.language.document import Document
from perfgoals.language.errors import SourceError
from perfgoals.language.formatter import format_document
from perfgoals.language.parser import parse_document, parse_document_file, parse_ruleset
from perfgoals.language.policy import CENTRAL, ReverseRule, RoundingMode, RoundingScope
from perfgoals.scoring.policies import PolicyNotFound, load_policy, shipped_policies


def test_shipped_policies() -> None:
    assert list(shipped_policies()) == [
        "central-integer",
        "central-linear",
        "central",
        "hubei-2020",
    ]
    central = load_policy("central")
    assert central == CENTRAL.model_copy(
        update={"title": central.title, "comments": central.comments}
    )
    assert load_policy("central-integer").rounding.places == 0
    assert load_policy("central-linear").reverse is ReverseRule.LINEAR
    hubei = load_policy("hubei-2020")
    assert (hubei.execution, hubei.goals) == (Decimal(20), {1: Decimal(40), 2: Decimal(40)})


def test_shipped_policy_files_are_formatted() -> None:
    for path in shipped_policies().values():
        assert format_document(parse_document_file(path)) == path.read_text(encoding="utf-8")


def test_unknown_policy() -> None:
    with pytest.raises(PolicyNotFound, match="unknown policy 'nope'"):
        load_policy("nope")


def test_a_policy_file_by_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.perf"
    path.write_text('policy "mine" { execution 20 }', encoding="utf-8")
    assert load_policy(str(path)).execution == Decimal(20)


POLICY = """
# before
policy "all" {
  title "全部设置"
  execution 15
  weights { 产出指标 45 效益 30 满意度 10 }
  goals { 目标1 30 goal2 50 all 80 }
  split level2
  reading { default ≥ 成本 ≤ 数量 = }
  positive all_or_nothing
  reverse linear
  equal exact
  strict all_or_nothing
  range all_or_nothing
  deadline all_or_nothing
  duration all_or_nothing
  tiers { 达成 { band "[85%, 100%]" default 95% } 未达成 { default 10% } }
  not_applicable full_points
  rounding { places 1 mode half_even scope total }
  grades { 优 80 良 70 中 60 差 0 }
  explain { below_weight no below_met no over_target off execution_below 85% budget_adjusted no }
}
"""


def test_every_setting_is_read_and_round_trips() -> None:
    document = parse_document(POLICY)
    policy = document.policies[0]
    assert policy.title == "全部设置"
    assert policy.rounding.mode is RoundingMode.HALF_EVEN
    assert policy.rounding.scope is RoundingScope.TOTAL
    assert policy.goals_total == Decimal(80)
    assert policy.explain.execution_below == Decimal("0.85")
    assert policy.explain.over_target is None
    assert policy.grade_of(Decimal(80)) == "优"
    assert str(policy.tiers[next(iter(policy.tiers))].band.text()) == "[85%, 100%]"
    text = format_document(document)
    again = parse_document(text)
    assert again == document
    assert format_document(again) == text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("colour red", "3:3: unknown policy setting 'colour'"),
        ("execution ten", "3:3: execution: expected a number, found 'ten'"),
        ("execution 10\n  execution 20", "4:3: execution is given twice"),
        ("reverse sideways", "3:3: reverse: expected ratio or linear or all_or_nothing"),
        ("weights { 产出 50 收入 10 }", "3:19: unknown level-1 kind '收入'"),
        ('tiers { 达成 { band "80%-100%" } }', "3:16: band: expected [LOW%, HIGH%]"),
        ("tiers { 部分达成 { default 90% } }", "3:11: tier 部分达成: default 90% lies outside"),
        ("rounding { places 1.5 }", "3:14: places: expected a whole number"),
        ("explain { over_target 1.3 }", "3:13: over_target: expected a percentage"),
        ("goals { 第一 40 }", "3:11: unknown goal '第一'"),
        ("weights 50", "3:3: weights takes a block"),
        ("reading { 数量 > }", "3:13: 数量: expected ≥, ≤ or =, found '>'"),
    ],
)
def test_policy_errors_are_positioned(body: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_document(f'\npolicy "p" {{\n  {body}\n}}\n', "p.perf")
    assert f"p.perf:{message}" in str(caught.value)


def test_ruleset_header_names_the_policy_and_parse_ruleset_still_works() -> None:
    text = 'ruleset { policy "hubei-2020" }\npolicy "x" { }\nproject "P" { }'
    assert parse_ruleset(text).header.policy == "hubei-2020"  # type: ignore[union-attr]
    document = parse_document(text)
    assert [p.name for p in document.policies] == ["x"]


def test_empty_document() -> None:
    assert parse_document("") == Document()
