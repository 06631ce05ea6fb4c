"""Properties of the language: format/parse round trip, idempotent formatting, exact units."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfgoals.language.export import ruleset_from_json, ruleset_json
from perfgoals.language.formatter import format_ruleset
from perfgoals.language.model import Ruleset
from perfgoals.language.parser import parse_ruleset
from perfgoals.language.values import Comparison, parse_value
from tests.conftest import examples
from tests.strategies import rulesets


@settings(max_examples=examples(150), deadline=None)
@given(rulesets())
def test_parse_of_format_gives_the_same_model(ruleset: Ruleset) -> None:
    assert parse_ruleset(format_ruleset(ruleset)) == ruleset


@settings(max_examples=examples(100), deadline=None)
@given(rulesets())
def test_format_is_idempotent(ruleset: Ruleset) -> None:
    once = format_ruleset(ruleset)
    assert format_ruleset(parse_ruleset(once)) == once


@settings(max_examples=examples(100), deadline=None)
@given(rulesets())
def test_json_export_reads_back_to_the_same_model(ruleset: Ruleset) -> None:
    assert ruleset_from_json(ruleset_json(ruleset)) == ruleset


def test_seed_round_trips(seed_ruleset: Ruleset) -> None:
    text = format_ruleset(seed_ruleset)
    assert parse_ruleset(text) == seed_ruleset
    assert format_ruleset(parse_ruleset(text)) == text


def test_formatting_keeps_comments_and_is_stable() -> None:
    messy = (
        "# 文件说明\n"
        'project "p" {  # 行尾说明\n'
        '产出{数量 "n" 888场 desc "d"\n'
        "# 指标前的说明\n"
        '质量 "q" "100 %" weight 10}\n'
        "# 项目末尾\n"
        "}\n# 文末\n"
    )
    model = parse_ruleset(messy)
    text = format_ruleset(model)
    for comment in ("# 文件说明", "# 行尾说明", "# 指标前的说明", "# 项目末尾", "# 文末"):
        assert comment in text
    assert format_ruleset(parse_ruleset(text)) == text
    assert parse_ruleset(text) == model


@settings(max_examples=examples(300), deadline=None)
@given(st.decimals(min_value=0, max_value=10**12, places=4, allow_nan=False))
@example(Decimal("7.55"))
@example(Decimal("0.0001"))
def test_wan_yuan_scales_exactly_to_yuan(amount: Decimal) -> None:
    wan = parse_value(f"{amount}万元")
    yuan = parse_value(f"{amount * 10000}元")
    assert isinstance(wan, Comparison) and isinstance(yuan, Comparison)
    assert wan.value == yuan.value == amount * 10000
    yi = parse_value(f"{amount}亿元")
    assert isinstance(yi, Comparison) and yi.value == amount * 100_000_000


def test_ten_wan_yuan_equals_a_hundred_thousand_yuan() -> None:
    ten_wan = parse_value("10万元")
    assert isinstance(ten_wan, Comparison)
    assert ten_wan.value == Decimal(100000) and ten_wan.value == parse_value("100000元").value  # type: ignore[union-attr]


def test_full_width_forms_read_as_ascii_outside_strings() -> None:
    typed = (
        'ｐｒｏｊｅｃｔ "ｐ１" ｛ ＃ 注释ｘ\n'
        '  产出\u3000｛ 数量 "ｎ" ≥９８％ ｗｅｉｇｈｔ １０ ｝\n'
        '  满意度 { 满意度 "m" 满意，优良 } ｝'
    )
    (project,) = parse_ruleset(typed).projects
    assert project.name == "ｐ１"  # strings are kept exactly
    indicator, satisfaction = project.indicators
    assert indicator.target.text == "≥98％"  # digits folded; ％ is the value's own business
    assert satisfaction.target.text == "满意，优良"  # Chinese punctuation is text
    assert indicator.weight == Decimal(10)
    assert indicator.comments == (" 注释ｘ",)  # comments are kept exactly
