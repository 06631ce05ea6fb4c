"""Scoring across units of one physical dimension: exact, and unchanged by the unit written."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from perfgoals.language.policy import CENTRAL
from perfgoals.scoring.results import Status

from .util import one, policy

# (unit, the same quantity in another unit of its dimension, factor from the first to the second)
SCALINGS = [
    ("公里", "米", Decimal(1000)),
    ("吨", "千克", Decimal(1000)),
    ("公顷", "亩", Decimal(15)),
    ("平方公里", "公顷", Decimal(100)),
    ("立方米", "升", Decimal(1000)),
    ("米", "厘米", Decimal(100)),
    ("吨", "斤", Decimal(2000)),
    ("万元/亩", "元/亩", Decimal(10000)),
]


def test_centimetres_against_metres() -> None:
    result = one("≥50厘米", '"0.5米"')
    assert (result.status, result.points) == (Status.MET, Decimal("10.00"))
    assert result.normalised == "50厘米"


def test_kilograms_against_tonnes_short() -> None:
    # 3.4 吨 = 3400 公斤 against at least 3500 公斤: 3400 / 3500 × 10 = 9.714… → 9.71
    result = one("≥3500公斤", '"3.4吨"')
    assert (result.status, result.points) == (Status.PARTLY_MET, Decimal("9.71"))


def test_mu_against_hectares_is_exact() -> None:
    # 15 亩 is exactly 1 公顷 (10000 平方米), although 1 亩 is 2000/3 平方米.
    assert one("≥15亩", '"1公顷"').status is Status.MET
    assert one("≥1公顷", '"15亩"').status is Status.MET
    assert one("=1公顷", '"15亩"', used=policy(equal=CENTRAL.equal)).status is Status.MET


def test_mu_target_against_square_metres() -> None:
    # 2000 平方米 = 3 亩 exactly: the target of 3 亩 is met, one of 3.01 亩 is not.
    assert one("≥3亩", '"2000平方米"').status is Status.MET
    result = one("≥3.01亩", '"2000平方米"')
    assert result.status is Status.PARTLY_MET
    # 3 / 3.01 × 10 = 9.9667… → 9.97
    assert result.points == Decimal("9.97")


def test_cost_per_mu_in_other_money_units() -> None:
    assert one("≤1600元/亩", '"0.16万元/亩"', level2="成本").status is Status.MET
    # 1600 元/亩 = 2.4 元/平方米 exactly
    assert one("≤2.4元/平方米", '"1600元/亩"', level2="成本").status is Status.MET
    assert one("≤2.39元/平方米", '"1600元/亩"', level2="成本").status is Status.PARTLY_MET


def test_metres_as_latin_m() -> None:
    assert one("≥80M", '"85米"').status is Status.MET


def test_person_times_written_as_a_rate() -> None:
    assert one("≥100人次", '"120人/次"').status is Status.MET


def test_across_dimensions_is_a_unit_mismatch_with_its_reason() -> None:
    result = one("≥50米", '"3吨"')
    assert result.status is Status.ERROR
    assert "unit mismatch" in result.formula
    assert "mass against length" in result.formula


def test_excel_serial_against_a_deadline() -> None:
    result = one("2021年12月底前", "44561", level2="时效", year=2021)
    assert result.status is Status.MET
    assert "2021-12-31" in result.formula
    late = one("2021年12月20日前", "44561", level2="时效", year=2021)
    assert late.status is Status.PARTLY_MET


def test_month_actual_is_month_of_the_year() -> None:
    # 7月 is July of the assessment year, done by its last day: late against 6月底前.
    result = one("6月底前", '"7月"', level2="时效", year=2023)
    assert result.status is Status.PARTLY_MET
    assert "done 2023-07-31, due 2023-06-30" in result.formula
    assert one("年底前", '"11月"', level2="时效", year=2023).status is Status.MET


def test_period_target_is_due_at_its_end() -> None:
    result = one("2023.07-2024.01", '"2024年1月"', level2="时效", year=2023)
    assert result.status is Status.MET


magnitudes = st.decimals(
    min_value=Decimal("0.001"), max_value=100000, places=3, allow_nan=False, allow_infinity=False
)


@settings(max_examples=80, deadline=None)
@given(
    scaling=st.sampled_from(SCALINGS),
    target=magnitudes,
    actual=magnitudes,
    op=st.sampled_from(["≥", "≤", "=", ""]),
    rescale_target=st.booleans(),
)
def test_scaling_within_a_dimension_changes_no_comparison(
    scaling: tuple[str, str, Decimal],
    target: Decimal,
    actual: Decimal,
    op: str,
    rescale_target: bool,
) -> None:
    big, small, factor = scaling
    written = one(f"{op}{target}{big}", f'"{actual}{big}"')
    if rescale_target:
        scaled = one(f"{op}{target * factor}{small}", f'"{actual * factor}{small}"')
    else:
        scaled = one(f"{op}{target}{big}", f'"{actual * factor}{small}"')
    assert (scaled.status, scaled.points) == (written.status, written.points)
