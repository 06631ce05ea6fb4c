"""Monitoring profiles are checked like policies: every problem is an error at its position."""

from __future__ import annotations

import pytest

from perfgoals.language.errors import SourceError
from perfgoals.language.parser import parse_document
from perfgoals.language.profile import TIME_PROPORTIONAL, Colour
from perfgoals.monitoring.profiles import load_profile, shipped_profiles


def errors(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(SourceError) as caught:
        parse_document(text, "p.perf")
    return [(d.line, d.column, d.message) for d in caught.value.diagnostics]


def test_shipped_profiles_load() -> None:
    assert set(shipped_profiles()) == {"time-proportional", "sichuan-2025", "central-136"}
    for name in shipped_profiles():
        assert load_profile(name).name == name


def test_the_time_proportional_file_is_the_model_default() -> None:
    profile = load_profile("time-proportional")
    plain = profile.model_copy(update={"title": None, "source": None, "comments": ()})
    assert plain == TIME_PROPORTIONAL


def test_unknown_keys_are_positioned() -> None:
    found = errors('profile "x" {\n  colours red\n  budget { rul checkpoint }\n}\n')
    assert found[0][:2] == (2, 3)
    assert "unknown profile setting 'colours'" in found[0][2]
    assert found[1][:2] == (3, 12)
    assert "unknown budget setting 'rul'" in found[1][2]


def test_overlapping_bands() -> None:
    found = errors(
        'profile "x" {\n  positive { bands {\n    red "[0, 60)"\n    yellow "[50, 80)"\n'
        '    green "[80, ∞)"\n  } }\n}\n'
    )
    assert found == [(4, 5, "the band [50, 80) overlaps [0, 60)")]


def test_gapped_bands() -> None:
    found = errors(
        'profile "x" {\n  positive { bands { red "[0, 60)" yellow "[70, 80)" '
        'green "[80, ∞)" } }\n}\n'
    )
    assert found == [(2, 36, "a gap between the bands [0, 60) and [70, 80)")]


def test_bands_meet_at_one_inclusive_edge() -> None:
    # [0, 60] then (60, ∞) is contiguous; [0, 60] then [60, ∞) overlaps at 60; [0, 60) then
    # (60, ∞) leaves 60 out.
    ok = parse_document('profile "x" { budget { bands { red "[0, 60]" green "(60, ∞)" } } }')
    assert ok.profiles[0].budget_bands[1].low_inclusive is False
    assert (
        "overlaps"
        in errors('profile "x" { budget { bands { red "[0, 60]" green "[60, ∞)" } } }')[0][2]
    )
    assert (
        "a gap"
        in errors('profile "x" { budget { bands { red "[0, 60)" green "(60, ∞)" } } }')[0][2]
    )


def test_bands_start_at_zero_and_run_to_infinity() -> None:
    found = errors('profile "x" { budget { bands { red "[10, 60)" green "[60, 100)" } } }')
    assert [m for _, _, m in found] == [
        "the bands start at [10, 60): the first must be [0, …",
        "the bands end at [60, 100): the last must run to ∞",
    ]


def test_unknown_colours_months_and_values() -> None:
    found = errors(
        'profile "x" {\n  reverse { within purple }\n  budget { rule checkpoint'
        ' checkpoints { 十三月 25% 四月 abc } }\n  order "red green"\n}\n'
    )
    messages = [m for _, _, m in found]
    assert messages[0].startswith("within: unknown colour 'purple'")
    # The colours named as a profile may write them: the word, and the English name.
    assert messages[0].endswith(
        "expected 红 (red), 黄 (yellow), 绿 (green), 蓝 (blue), "
        "未到期 (pending), 不适用 (not_applicable), 未填报 (no_data)"
    )
    assert messages[1].startswith("unknown month '十三月'")
    assert messages[2].startswith("四月: expected a percentage")
    assert messages[3] == "budget: the checkpoint rule needs checkpoints { 四月 25% … }"
    assert messages[4].startswith("order: name every colour once")


def test_a_profile_reads_every_setting() -> None:
    profile = parse_document(
        'profile "x" {\n  prorate { percent yes 满意度 no }\n  gap { points 5 colour yellow }\n'
        '  explain { colours "red" budget no }\n  qualitative { 部分达成 red }\n'
        "  deadline { before green }\n}\n"
    ).profiles[0]
    from perfgoals.language.model import Level2
    from perfgoals.language.units import Dimension

    assert profile.prorates(Level2.QUALITY, Dimension.PERCENT) is True
    assert profile.prorates(Level2.SATISFACTION, Dimension.PERCENT) is False
    assert profile.gap == 5 and profile.gap_colour is Colour.YELLOW
    assert profile.explain == frozenset({Colour.RED}) and profile.explain_budget is False
    assert profile.before_deadline is Colour.GREEN


def test_fmt_keeps_profiles_and_progress() -> None:
    from perfgoals.language.formatter import format_document
    from tests.conftest import ROOT

    for path in [
        *sorted((ROOT / "rulesets" / "profiles").glob("*.perf")),
        ROOT / "samples" / "xingtai-kfq-2023-progress-07.perf",
    ]:
        document = parse_document(path.read_text(encoding="utf-8"), str(path))
        again = parse_document(format_document(document))
        assert again.profiles == document.profiles
        assert again.progress == document.progress
        assert format_document(again) == format_document(document)


def test_colour_blocks_read_their_keys_and_name_the_unknown_ones() -> None:
    from perfgoals.language.assessment import Tier
    from perfgoals.language.progress import Likelihood

    profile = parse_document(
        'profile "x" {\n  qualitative { 达成 blue 未评级 yellow }\n'
        "  likelihood { 有可能 red }\n  reverse { over yellow }\n}\n"
    ).profiles[0]
    assert profile.tiers[Tier.MET] is Colour.BLUE
    assert profile.tiers[Tier.NOT_MET] is TIME_PROPORTIONAL.tiers[Tier.NOT_MET]
    assert profile.unrated is Colour.YELLOW
    assert profile.likelihood == {Likelihood.POSSIBLE: Colour.RED}
    assert profile.over is Colour.YELLOW and profile.within is TIME_PROPORTIONAL.within
    found = errors(
        'profile "x" {\n  qualitative { 优秀 green unrated purple }\n'
        "  likelihood { 也许 red }\n  reverse { under green }\n}\n"
    )
    assert [(line, column) for line, column, _ in found] == [(2, 17), (2, 26), (3, 16), (4, 13)]
    assert [m.partition(":")[0] for _, _, m in found] == [
        "unknown rating '优秀'",
        "unrated",
        "unknown likelihood '也许'",
        "unknown reverse setting 'under'",
    ]
