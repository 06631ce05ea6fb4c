"""Chinese numerals read as themselves, and the value language is linear in its input."""

from __future__ import annotations

import contextlib
import time
import unicodedata
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfgoals.language.calendar_forms import excel_date
from perfgoals.language.errors import ValueSyntaxError
from perfgoals.language.numerals import read_numeral
from perfgoals.language.values import (
    Qualitative,
    fold,
    note_in_language,
    parse_value,
    value_to_json,
)
from tests.conftest import examples

_DIGITS = "零一二三四五六七八九"


def write_numeral(n: int, *, short_ten: bool = True, liang: bool = False) -> str:
    """n in Chinese, written digit by digit from its decimal places (not by the reader's rules).

    `short_ten`: 十五 rather than 一十五 at the start; `liang`: 两 for 2 before 百, 千 and 万.
    """
    if n == 0:
        return "零"
    high, low = divmod(n, 10_000)
    out = ""
    if high:
        out = _section(high, short_ten=short_ten, liang=liang) + "万"
        if low and low < 1000:
            out += "零"
    if low:
        out += _section(low, short_ten=short_ten and not high, liang=liang)
    return out


def _section(n: int, *, short_ten: bool, liang: bool) -> str:
    out = ""
    pending_zero = False
    for place, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // place % 10
        if digit == 0:
            pending_zero = pending_zero or bool(out)
            continue
        if pending_zero:
            out += "零"
            pending_zero = False
        if place == 10 and digit == 1 and not out and short_ten:
            out += "十"
        elif digit == 2 and liang and place in (100, 1000):
            out += "两" + name
        else:
            out += _DIGITS[digit] + name
    return out


def test_generator_writes_known_numerals() -> None:
    assert [write_numeral(n) for n in (0, 10, 15, 20, 101, 110, 1001, 10000, 10500, 12000)] == [
        "零",
        "十",
        "十五",
        "二十",
        "一百零一",
        "一百一十",
        "一千零一",
        "一万",
        "一万零五百",
        "一万二千",
    ]
    assert write_numeral(100_000) == "十万"


def test_every_numeral_up_to_100000_reads_as_itself() -> None:
    wrong = [n for n in range(100_001) if read_numeral(write_numeral(n)) != n]
    assert wrong == []


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(0, 100_000),
    short_ten=st.booleans(),
    liang=st.booleans(),
    unit=st.sampled_from(["人", "次", "元", "吨", "米"]),
)
def test_written_numeral_with_a_unit_reads_as_itself(
    n: int, short_ten: bool, liang: bool, unit: str
) -> None:
    value = parse_value(write_numeral(n, short_ten=short_ten, liang=liang) + unit)
    assert value.kind == "comparison"
    magnitude = value.magnitude  # type: ignore[union-attr]
    scale = Decimal(10_000) if value.unit and value.unit.startswith("万") else Decimal(1)
    assert magnitude * scale == n


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三点五", Decimal("3.5")),
        ("九十五点五", Decimal("95.5")),
        ("零点零五", Decimal("0.05")),
        ("一亿二千万", Decimal(120_000_000)),
        ("十一万", Decimal(110_000)),
    ],
)
def test_decimal_and_large_numerals(text: str, value: Decimal) -> None:
    assert read_numeral(text) == value


@pytest.mark.parametrize("text", ["一二", "五百三千", "万", "三点", "点五", "十十"])
def test_what_is_not_a_numeral(text: str) -> None:
    assert read_numeral(text) is None


# ---- linear time -----------------------------------------------------------------------
# Each shape once failed (or could fail) by backtracking: `6月` + spaces + `x` took 47 s at 500
# spaces. The test times the reader on a long input against one ten times shorter: linear
# work gives a ratio near 10, quadratic near 100.
SHAPES: list[Callable[[int], str]] = [
    lambda n: "6月" + " " * n + "x",
    lambda n: "2023年" + " " * n + "6月x",
    lambda n: "2023-06-30" + " " * n + "x",
    lambda n: "1" + " " * n + "x",
    lambda n: "1" + " 1" * n + "x",
    lambda n: "≥" + " " * n + "x",
    lambda n: "I" * n + "x",
    lambda n: "1" * n + "O",
    lambda n: "一" * n + "人",
    lambda n: "百分之" + "九" * n,
    lambda n: "5" + "万" * n + "元",
    lambda n: "5米" + "/" * n,
]


def _seconds(text: str) -> float:
    read = parse_value.__wrapped__  # not the cache
    best = float("inf")
    for _ in range(7):
        # CPU time of this thread: other processes on a busy machine do not count.
        start = time.thread_time()
        with contextlib.suppress(ValueSyntaxError):
            read(text)
        best = min(best, time.thread_time() - start)
    return best


@pytest.mark.parametrize("shape", SHAPES, ids=[s(3) for s in SHAPES])
def test_reading_is_linear_in_the_length(shape: Callable[[int], str]) -> None:
    short, long = _seconds(shape(2_000)), _seconds(shape(20_000))
    assert long / max(short, 1e-6) < 35, f"{short:.6f}s → {long:.6f}s"


# ---- no silent fallback ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("95%左右", "found '左右' (column 4)"),
        ("12 场左右", "found '左右' (column 5)"),
        ("约 3 万元", "'3' at column 3"),
        ("三点五万元左右", "(column 6)"),
    ],
)
def test_a_number_read_as_text_says_why(text: str, where: str) -> None:
    data = value_to_json(parse_value(text))
    assert data["kind"] == "qualitative"
    assert where in str(data["note"])


@pytest.mark.parametrize("text", ["长期", "一般", "一级指标", "具备三级要求", "良"])
def test_plain_text_has_no_note_key(text: str) -> None:
    assert "note" not in value_to_json(parse_value(text))


def test_only_periods_carry_start() -> None:
    assert "start" not in value_to_json(parse_value("6月底前"))
    assert value_to_json(parse_value("202001-202012"))["start"] == "2020-01"


@pytest.mark.parametrize(
    ("serial", "date"),
    [(44561, "2021-12-31"), (45107, "2023-06-30"), (61, "1900-03-01"), (60, None), (0, None)],
)
def test_excel_serials(serial: int, date: str | None) -> None:
    found = excel_date(serial)
    assert (found.isoformat() if found else None) == date


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12))
def test_fold_is_each_code_points_single_nfkc_form(text: str) -> None:
    def one_by_one(ch: str) -> str:
        folded = unicodedata.normalize("NFKC", ch)
        return folded if len(folded) == 1 else ch

    assert fold(text) == "".join(map(one_by_one, text))
    assert fold("ｐ１２３％ ≥９０％ 万元") == "p123% ≥90% 万元"


@pytest.mark.parametrize(
    ("text", "english", "chinese"),
    [
        (
            "1-3项 左右",
            "not a quantity: unexpected '左右' after the range (column 6)",
            "不是数量：区间后面出现了意外的 '左右'（第 6 列）",
        ),
        (
            "12 场左右",
            "not a quantity: expected a unit or the end of the value after the number, "
            "found '左右' (column 5)",
            "不是数量：数字后面应为单位或指标值结束，却是 '左右'（第 5 列）",
        ),
        (
            "约3次",
            "not a quantity: it does not start with a number ('3次' at column 2 is inside the "
            "text)",
            "不是数量：开头不是数字（第 2 列的 '3次' 在文字中间）",
        ),
        ("三点五万元左右", "not a quantity: expected a unit", "不是数量：数字后面应为单位"),
    ],
)
def test_a_note_is_said_in_the_users_language_with_what_it_found(
    text: str, english: str, chinese: str
) -> None:
    from perfgoals.i18n import set_language

    value = parse_value(text)
    assert isinstance(value, Qualitative) and value.note is not None
    assert value.note.startswith(english)  # the model's note: English in every language
    try:
        for language, expected in (("en", english), ("zh", chinese)):
            set_language(language)
            said = note_in_language(value)
            assert said is not None and said.startswith(expected), said
            assert parse_value(text).note == value.note
    finally:
        set_language(None)


def test_a_note_the_text_does_not_give_is_shown_as_it_stands() -> None:
    # An export edited by hand: its note is not what reading the text says.
    edited = Qualitative(text="1-3项 左右", note="written by hand")
    assert note_in_language(edited) == "written by hand"
    assert note_in_language(Qualitative(text="长期")) is None


_OP_TEXTS = st.sampled_from(["", "≥", "≤", ">", "<", "=", ">=", "<=", "≧", "⩽", "＞", "≥=", "大于"])
_NUMBER_TEXTS = st.sampled_from(
    ["95", "100", "0", "7.55", "0.5", "2023", "202301", "1,000", "1 000", ".5", "9" * 40, "12."]
)
_UNIT_TEXTS = st.sampled_from(
    [
        "",
        "%",
        "‰",
        "次",
        "场",
        "万元",
        "元",
        "个月",
        "天内",
        "元以上",
        "次左右",
        "月底前",
        "年",
        "人次/年",
        "百分比",
        "kg",
        "万元。",
        "项目完成",
        "一般",
        "㐀",
        "至100",
        "-5",
        "季度",
        "亿元",
    ]
)


def _outcome(read: Callable[[], object]) -> object:
    try:
        return read()
    except ValueSyntaxError as error:
        return ("error", error.message, error.column, error.end_column)


@settings(max_examples=examples(500), deadline=None)
@given(
    st.sampled_from(["", " ", "  "]),
    _OP_TEXTS,
    st.sampled_from(["", " "]),
    _NUMBER_TEXTS,
    st.sampled_from(["", " ", "  "]),
    _UNIT_TEXTS,
)
def test_the_direct_reading_of_simple_forms_is_the_readers(
    lead: str, op: str, gap: str, number: str, space: str, unit: str
) -> None:
    from perfgoals.language import values

    text = f"{lead}{op}{gap}{number}{space}{unit}"

    def read() -> object:
        value, note = values._read(text)
        return value, None if note is None else note.say(translated=False)

    direct = _outcome(read)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(values, "FAST", False)
        assert direct == _outcome(read)


def test_the_commonest_forms_are_read_directly() -> None:
    from perfgoals.language import values

    for text in ["≥95%", "4063次", "≤7.55 万元", "≥ 3870 次", "100%", ">=5项", "5天内"]:
        assert values._simple_comparison(values.fold(text).strip(), text) is not None, text
    for text in ["12月底前", "10元以上", "2023.5元", "1,000元", "≥ 9 0 %", "95 kg"]:
        assert values._simple_comparison(values.fold(text).strip(), text) is None, text


def _canonical_by_definition(number: Decimal) -> Decimal:
    """canonical() as documented: integral numbers quantized whole, others normalized."""
    from decimal import localcontext

    if number == number.to_integral_value():
        with localcontext() as context:
            context.prec = max(context.prec, number.adjusted() + 1)
            return number.quantize(Decimal(1))
    return Decimal(format(number.normalize(), "f"))


@settings(max_examples=examples(500), deadline=None)
@given(
    st.decimals(allow_nan=False, allow_infinity=False)
    | st.builds(
        lambda digits, places, zeros: Decimal(f"{digits}.{places}{'0' * zeros}"),
        st.integers(-(10**30), 10**30),
        st.integers(0, 10**8),
        st.integers(0, 3),
    )
)
def test_canonical_is_one_spelling_of_the_same_number(number: Decimal) -> None:
    from perfgoals.language.quantities import canonical

    expected = _canonical_by_definition(number)
    assert str(canonical(number)) == str(expected)
