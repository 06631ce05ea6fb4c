"""Error messages: file, line, column, the source line, and a caret that stands under CJK text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfgoals.language.errors import SourceError, caret_line, display_width
from perfgoals.language.parser import parse_file, parse_ruleset
from tests.conftest import examples

BROKEN = """\
project "公务用车购置" {
  产出 {
    数目 "更新购置公务用车数量" 6辆
    成本 "每辆车购置价格" "≥abc万元"
    质量 “按照要求” 100%
    时效 "完成率" 100% weight ten
  }
"""


def _errors(text: str) -> list[str]:
    with pytest.raises(SourceError) as raised:
        parse_ruleset(text, "broken.perf")
    return [d.render() for d in raised.value.diagnostics]


def test_every_error_in_a_file_is_reported_in_order() -> None:
    heads = [e.splitlines()[0] for e in _errors(BROKEN)]
    assert [h.split(": ")[0] for h in heads] == [
        "broken.perf:3:5",
        "broken.perf:4:20",
        "broken.perf:5:8",
        "broken.perf:6:26",
        "broken.perf:7:3",
    ]
    assert "unknown level-2 kind '数目': expected 数量, 质量" in heads[0]
    assert "cannot read value '≥abc万元': expected a number after ≥" in heads[1]
    assert "ASCII double quotes" in heads[2]
    assert "unexpected 'ten': expected a number" in heads[3]
    assert "unexpected end of file" in heads[4] and "}" in heads[4]


def test_caret_stands_under_the_cjk_word() -> None:
    first = _errors(BROKEN)[0].splitlines()
    assert first[1] == '      数目 "更新购置公务用车数量" 6辆'
    assert first[2] == "      ^^^^"  # two wide characters: four columns


def test_caret_inside_a_quoted_value_after_cjk_text() -> None:
    rendered = _errors(BROKEN)[1].splitlines()
    # The caret stands under `a`, after `    成本 "每辆车购置价格" "≥`: 4 + 4 + 1 + 1 + 14 + 1
    # + 1 + 1 + 1 = 28 columns (CJK characters take two; ≥ is narrow).
    assert display_width('    成本 "每辆车购置价格" "≥') == 28
    assert rendered[2] == "  " + " " * 28 + "^"


def test_caret_line_counts_full_width_and_tabs() -> None:
    assert caret_line("ab\t数量x", 4) == "  \t^^"
    assert caret_line("ＡＢ", 2) == "  ^^"


def test_unclosed_string_is_positioned() -> None:
    (message,) = _errors('project "未闭合 {\n}\n')
    assert message.startswith("broken.perf:1:9: unexpected character '\"'")


def test_duplicate_attribute_is_an_error() -> None:
    text = 'project "p" { 产出 { 数量 "n" 1 desc "a" desc "b" } }\n'
    assert "desc is given twice" not in _errors(text)[0]  # named by its model field
    assert "description is given twice" in _errors(text)[0]


def test_two_headers_are_an_error() -> None:
    assert "at most one ruleset header" in _errors("ruleset {}\nruleset {}\n")[0]


def test_unknown_nature_lists_the_choices() -> None:
    text = 'project "p" { 产出 { 数量 "n" 1 nature 向上 } }\n'
    assert "unknown nature '向上': expected 正向, 反向, 等于 or 定性" in _errors(text)[0]


def test_file_that_is_not_utf8_is_positioned(tmp_path: Path) -> None:
    path = tmp_path / "gbk.perf"
    path.write_bytes(b'project "x" {}\n# ' + "预算表".encode("gbk")[2:])
    with pytest.raises(SourceError) as raised:
        parse_file(path)
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.line, diagnostic.column) == (2, 3)
    assert "UTF-8" in diagnostic.message


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read file"):
        parse_file(tmp_path / "nope.perf")


@settings(max_examples=examples(300), deadline=None)
@given(st.text(max_size=200))
@example('project "x" { 产出 { 数量 "n" ≥ } }')
@example("project")
@example('ruleset "t" { year 20x }')
@example('project "a" { 产出 { 数量 "b" "c" weight 1 weight 2 na na } }')
@example("\x00\ufeff{")
def test_any_text_raises_only_our_error(text: str) -> None:
    try:
        parse_ruleset(text)
    except SourceError as error:
        assert error.diagnostics
        for d in error.diagnostics:
            assert d.line >= 1 and d.column >= 1


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "project",
                '"p"',
                "{",
                "}",
                "产出",
                "数量",
                '"n"',
                "1",
                "≥",
                "desc",
                "weight",
                "na",
                "goal",
                "2",
                "ruleset",
                "year",
                "#c\n",
                "\n",
            ]
        ),
        max_size=30,
    )
)
def test_token_soup_raises_only_our_error(tokens: list[str]) -> None:
    try:
        parse_ruleset(" ".join(tokens))
    except SourceError as error:
        assert error.diagnostics


def test_tier_criteria_name_a_grade_once_each_best_first() -> None:
    text = (
        'project "p" {\n  产出 {\n'
        '    质量 "合格率" ≥95% grade 优 ≥95% grade 优等 90%-95%\n'
        '    质量 "覆盖率" ≥95% grade 良 ≥90% grade 优 ≥95%\n'
        "  }\n}\n"
    )
    heads = [e.splitlines()[0] for e in _errors(text)]
    assert heads == [
        "broken.perf:3:38: unknown grade '优等': expected 优, 良, 中 or 差",
        "broken.perf:4:32: grade 优 after 良: give the tiers once each, best first "
        "(优, 良, 中, 差)",
    ]
