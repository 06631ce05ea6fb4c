"""The value language: targets and actuals such as `≤7.55 万元`, `888 场`, `6月底前`, `长期`.

A value keeps its text exactly as written and adds what it means: a comparison with an exact
Decimal quantity, a range, a deadline, a qualitative text (perhaps a grade) or not-applicable.
`parse_value` is the only reader; it is pure and cached, since published tables repeat the same
few dozen targets thousands of times.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from decimal import Decimal, InvalidOperation, localcontext
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..i18n import N_, _
from .errors import ValueSyntaxError
from .units import CLASSIFIERS, Dimension, is_known_latin_unit, lookup

Op = Literal[">=", "<=", "=", ">", "<"]


class Grade(StrEnum):
    """The ordered qualitative scale 优 > 良 > 中 > 差."""

    EXCELLENT = "优"
    GOOD = "良"
    FAIR = "中"
    POOR = "差"

    @property
    def rank(self) -> int:
        return {"优": 3, "良": 2, "中": 1, "差": 0}[self.value]


GRADE_WORDS: dict[str, Grade] = {
    "优": Grade.EXCELLENT,
    "优秀": Grade.EXCELLENT,
    "优良": Grade.GOOD,  # "good or better": the bar is 良
    "良": Grade.GOOD,
    "良好": Grade.GOOD,
    "中": Grade.FAIR,
    "中等": Grade.FAIR,
    "一般": Grade.FAIR,
    "合格": Grade.FAIR,
    "差": Grade.POOR,
    "较差": Grade.POOR,
    "不合格": Grade.POOR,
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Comparison(_Frozen):
    """A quantity with a comparator; op None where none was written (the policy reads it)."""

    kind: Literal["comparison"] = "comparison"
    op: Op | None = None
    value: Decimal
    unit: str | None = None
    dimension: Dimension
    text: str
    magnitude: Decimal


class Range(_Frozen):
    """`95%-100%`: both ends in the dimension's base unit."""

    kind: Literal["range"] = "range"
    op: None = None
    value: None = None
    unit: str | None = None
    dimension: Dimension
    text: str
    low: Decimal
    high: Decimal


class Deadline(_Frozen):
    """A calendar deadline; value is an ISO date (`--MM-DD` when the year is not written)."""

    kind: Literal["deadline"] = "deadline"
    op: Op | None = "<="
    value: str
    unit: None = None
    dimension: Literal[Dimension.DATE] = Dimension.DATE
    text: str
    year: int | None = None
    month: int
    day: int


class Qualitative(_Frozen):
    """Free text such as `长期`; `grade` is set for the graded scale (`良`, `≥良`)."""

    kind: Literal["qualitative"] = "qualitative"
    op: Op | None = None
    value: None = None
    unit: None = None
    dimension: None = None
    text: str
    grade: Grade | None = None


class NotApplicable(_Frozen):
    """`/`, `—`, `不适用`: nothing to score."""

    kind: Literal["not_applicable"] = "not_applicable"
    op: None = None
    value: None = None
    unit: None = None
    dimension: None = None
    text: str


Value = Annotated[
    Comparison | Range | Deadline | Qualitative | NotApplicable, Field(discriminator="kind")
]

NOT_APPLICABLE_TEXTS = frozenset({"/", "—", "——", "-", "--", "不适用", "n/a", "N/A", "NA", "无"})

_SYMBOL_OPS: tuple[tuple[str, Op], ...] = (
    (">=", ">="),
    ("<=", "<="),
    ("≥", ">="),
    ("≤", "<="),
    ("≧", ">="),
    ("≦", "<="),
    ("⩾", ">="),
    ("⩽", "<="),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
)
_PREFIX_WORDS: tuple[tuple[str, Op], ...] = (
    ("大于等于", ">="),
    ("小于等于", "<="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("至少", ">="),
    ("达到", ">="),
    ("达", ">="),
    ("不超过", "<="),
    ("不高于", "<="),
    ("不多于", "<="),
    ("不大于", "<="),
    ("最多", "<="),
    ("大于", ">"),
    ("高于", ">"),
    ("超过", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("等于", "="),
)
_SUFFIX_WORDS: tuple[tuple[str, Op], ...] = (
    ("及以上", ">="),
    ("以上", ">="),
    ("及以下", "<="),
    ("以下", "<="),
    ("以内", "<="),
    ("之内", "<="),
    ("内", "<="),
)
_RANGE_SEPARATORS = ("-", "~", "—", "–", "至", "到")

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

# Extraction breaks numbers with spaces (`3348 .56`, `2010 301`): digit groups and the decimal
# point may be separated by spaces, never by a line break.
_NUMBER = re.compile(r"\d[\d,]*(?: +\d+)*(?: *\. *\d+)?|\.\d+")
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_SPACE = re.compile(r"\s*")
_DEADLINE = re.compile(
    r"""(?:(?P<year>(?:19|20)\d\d)\s*年\s*)?
        (?:(?P<month>1[0-2]|0?[1-9])\s*月\s*
             (?:(?P<day>3[01]|[12]\d|0?[1-9])\s*[日号]\s*)?
             (?P<part>底|末|份|上旬|中旬|下旬)?
          |(?P<yearend>底|末))
        \s*(?P<before>之前|以前|前)?
        \s*(?:完成|截止|完工)?\s*$""",
    re.X,
)
_ISO_DATE = re.compile(
    r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})\s*(?:前|之前)?\s*$"
)
_CLASSIFIER_MAX = 4  # a longer CJK run after a number is a sentence, not a classifier


def fold(text: str) -> str:
    """Full-width forms to ASCII, code point for code point (so columns stay the same)."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def canonical(number: Decimal) -> Decimal:
    """7.5500 → 7.55, 1E+2 → 100: one spelling per number, so equal values print alike."""
    if number == number.to_integral_value():
        # Enough precision for every digit: 1E+28 has 29 and the default context keeps 28.
        with localcontext() as context:
            context.prec = max(context.prec, number.adjusted() + 1)
            return number.quantize(Decimal(1))
    return Decimal(format(number.normalize(), "f"))


def parse_cn_number(text: str) -> int | None:
    """一千六百 → 1600, 两百 → 200, 十 → 10, 二十五 → 25; None if not a numeral."""
    total = 0
    digit: int | None = None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0:
                return None  # 一二 is not a number
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


class _Reader:
    """A cursor over the folded text; `strict` once a comparator symbol has been read."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.pos = 0

    def skip(self) -> None:
        m = _SPACE.match(self.s, self.pos)
        self.pos = m.end() if m else self.pos

    def rest(self) -> str:
        return self.s[self.pos :]

    def at_end(self) -> bool:
        return self.s[self.pos :].strip() == ""

    def take(self, words: tuple[tuple[str, Op], ...]) -> tuple[str, Op] | None:
        for word, op in words:
            if self.s.startswith(word, self.pos):
                self.pos += len(word)
                return word, op
        return None

    def number(self) -> Decimal | None:
        self.skip()
        if self.s.startswith("百分之", self.pos):
            return None  # read by quantity() as a percent
        m = _NUMBER.match(self.s, self.pos)
        if m:
            self.pos = m.end()
            digits = re.sub(r"[\s,]", "", m.group())
            try:
                return Decimal(digits)
            except InvalidOperation:  # pragma: no cover - the pattern admits only numerals
                return None
        m = _CN_NUMBER.match(self.s, self.pos)
        if m:
            value = parse_cn_number(m.group())
            if value is not None:
                self.pos = m.end()
                return Decimal(value)
        return None


class _NotAValue(Exception):
    """Internal: the text is not a quantitative form (it may still be qualitative)."""

    def __init__(self, message: str, pos: int, **params: object) -> None:
        super().__init__(message)
        self.message = message  # an English msgid, translated only when it becomes an error
        self.params = params
        self.pos = pos


def _unit(r: _Reader, *, cn_number: bool) -> str:
    """Read a unit after a number; '' if none. Leaves suffix words (以上, 以内) unread."""
    r.skip()
    start = r.pos
    for symbol in ("%", "‰", "百分比"):
        if r.s.startswith(symbol, r.pos):
            r.pos += len(symbol)
            return symbol
    m = _LATIN.match(r.s, r.pos)
    if m:
        word = m.group()
        if not is_known_latin_unit(word):
            raise ValueSyntaxError(_("unknown unit {word}", word=word), start + 1, m.end() + 1)
        r.pos = m.end()
        return word + _per(r)
    m = _CJK.match(r.s, r.pos)
    if m:
        run = m.group()
        cut = _cut_classifier(run)
        if not cut:
            return _per(r) if r.s.startswith("/", r.pos) else ""
        if len(cut) > _CLASSIFIER_MAX:
            raise _NotAValue(N_("a sentence, not a unit"), start)
        if cn_number and lookup(cut).dimension is Dimension.COUNT and cut not in _KNOWN_CLASSIFIERS:
            # 一流, 一般: a Chinese numeral before an unknown word is text, not a count.
            raise _NotAValue(N_("not a count"), start)
        r.pos = start + len(cut)
        return cut + _per(r)
    if r.s.startswith("/", r.pos):
        return _per(r)
    return ""


def _per(r: _Reader) -> str:
    """The denominator of a rate (`/人`, `/辆`), with its slash; '' if none."""
    if not r.s.startswith("/", r.pos):
        return ""
    m = _CJK.match(r.s, r.pos + 1) or _LATIN.match(r.s, r.pos + 1)
    if not m:
        raise ValueSyntaxError(_("expected a unit after /"), r.pos + 2)
    cut = _cut_classifier(m.group()) if _CJK.fullmatch(m.group()) else m.group()
    if not cut:
        raise ValueSyntaxError(_("expected a unit after /"), r.pos + 2)
    r.pos = r.pos + 1 + len(cut)
    return "/" + cut


_STOP_WORDS = ("及以上", "以上", "及以下", "以下", "以内", "之内", "以前", "之前", "前", "至", "到")
_KNOWN_CLASSIFIERS = frozenset(CLASSIFIERS)


def _cut_classifier(run: str) -> str:
    """The classifier at the start of a CJK run, up to a suffix word or a range separator."""
    best = len(run)
    for word in _STOP_WORDS:
        i = run.find(word)
        if i != -1 and i < best:
            best = i
    return run[:best]


def _quantity(r: _Reader) -> tuple[Decimal, str] | None:
    """number unit? — or 百分之N; None if no number starts here."""
    r.skip()
    if r.s.startswith("百分之", r.pos):
        r.pos += 3
        m = _CN_NUMBER.match(r.s, r.pos)
        value = parse_cn_number(m.group()) if m else None
        if m is None or value is None:
            raise _NotAValue(N_("expected a numeral after 百分之"), r.pos)
        r.pos = m.end()
        return Decimal(value), "%"
    start = r.pos
    number = r.number()
    if number is None:
        return None
    cn_number = not r.s[start].isdigit() and r.s[start] != "."
    return number, _unit(r, cn_number=cn_number)


def _deadline(text: str, op: Op | None, original: str) -> Deadline | None:
    m = _ISO_DATE.match(text)
    if m:
        year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
        if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
            return None
        return Deadline(
            op=op or "<=",
            value=f"{year:04d}-{month:02d}-{day:02d}",
            text=original,
            year=year,
            month=month,
            day=day,
        )
    m = _DEADLINE.match(text)
    if not m:
        return None
    written_year = int(m["year"]) if m["year"] else None
    return _calendar_deadline(m, written_year, op, original)


def _calendar_deadline(
    m: re.Match[str], year: int | None, op: Op | None, original: str
) -> Deadline | None:
    if m["yearend"]:
        if year is None:
            return None
        month, day = 12, 31
    else:
        month = int(m["month"])
        if not (year or m["day"] or m["part"] or m["before"]):
            return None  # `6月` alone is a duration
        last = calendar.monthrange(year or 2001, month)[1]
        part = m["part"]
        if m["day"]:
            day = int(m["day"] or 0)
            if day > last:
                return None
        elif part in ("底", "末", "份", "下旬"):
            day = last
        elif part == "上旬":
            day = 10
        elif part == "中旬":
            day = 20
        elif m["before"]:
            # `9月前`: strictly before September begins.
            day = 1
            op = op or "<"
        else:
            day = last
    date = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    return Deadline(op=op or "<=", value=date, text=original, year=year, month=month, day=day)


@lru_cache(maxsize=65536)
def parse_value(text: str) -> Comparison | Range | Deadline | Qualitative | NotApplicable:
    """Read one value expression; raises ValueSyntaxError (with a column) if it cannot be read.

    A text that starts with a comparator symbol must be a well-formed value; any other text that
    is not a quantitative form is qualitative.
    """
    s = fold(text)
    body = s.strip()
    if not body:
        raise ValueSyntaxError(_("expected a value"), 1)
    if body in NOT_APPLICABLE_TEXTS:
        return NotApplicable(text=text)
    if body in GRADE_WORDS:
        return Qualitative(text=text, grade=GRADE_WORDS[body])
    r = _Reader(s)
    r.skip()
    symbol = r.take(_SYMBOL_OPS)
    strict = symbol is not None
    op: Op | None = symbol[1] if symbol else None
    try:
        if symbol is None:
            word = r.take(_PREFIX_WORDS)
            if word is not None:
                op = word[1]
        value = _read_body(r, op, text, strict=strict)
    except _NotAValue as problem:
        if strict:
            raise ValueSyntaxError(_strict_message(symbol, problem), problem.pos + 1) from None
        return Qualitative(text=text)
    if value is None:
        return Qualitative(text=text)
    return value


def _strict_message(symbol: tuple[str, Op] | None, problem: _NotAValue) -> str:
    if symbol and problem.message == "expected a number":
        return _("expected a number after {symbol}", symbol=symbol[0])
    return _(problem.message, **problem.params)


def _read_body(
    r: _Reader, op: Op | None, original: str, *, strict: bool
) -> Comparison | Range | Deadline | Qualitative | None:
    r.skip()
    rest = r.rest().strip()
    if strict and rest in GRADE_WORDS:
        return Qualitative(op=op, text=original, grade=GRADE_WORDS[rest])
    deadline = _deadline(rest, op, original)
    if deadline is not None:
        return deadline
    bracketed = r.s.startswith("[", r.pos)
    if bracketed:
        r.pos += 1
    start = r.pos
    first = _quantity(r)
    if first is None:
        raise _NotAValue(N_("expected a number"), start if r.pos == start else r.pos)
    r.skip()
    if bracketed or _at_range_separator(r):
        return _range(r, first, original, bracketed=bracketed)
    number, unit = first
    suffix = r.take(_SUFFIX_WORDS)
    if suffix is not None and op is None:
        op = suffix[1]
    r.skip()
    if r.s.startswith(("。", "."), r.pos) and r.s[r.pos + 1 :].strip() == "":
        r.pos += 1
    if not r.at_end():
        raise _NotAValue(
            N_("expected a unit or the end of the value after the number, found {found!r}"),
            r.pos,
            found=r.rest().strip(),
        )
    return _comparison(op, number, unit, original)


def _at_range_separator(r: _Reader) -> bool:
    """A range separator follows: before a number, or dangling at the end (`95%-`, an error)."""
    for sep in _RANGE_SEPARATORS:
        if r.s.startswith(sep, r.pos):
            after = r.s[r.pos + len(sep) :].lstrip()
            return not after or after[0].isdigit() or after[0] == "." or after[0] in _CN_DIGITS
    return False


def _range(r: _Reader, first: tuple[Decimal, str], original: str, *, bracketed: bool) -> Range:
    separator = "," if bracketed else None
    if separator and r.s.startswith((",", "，"), r.pos):
        r.pos += 1
    elif not bracketed:
        for sep in _RANGE_SEPARATORS:
            if r.s.startswith(sep, r.pos):
                r.pos += len(sep)
                break
    else:
        raise _NotAValue(N_("expected , between the ends of a range"), r.pos)
    r.skip()
    at = r.pos
    second = _quantity(r)
    if second is None:
        raise ValueSyntaxError(_("expected a number at the end of the range"), at + 1)
    r.skip()
    if bracketed:
        if not r.s.startswith("]", r.pos):
            raise _NotAValue(N_("expected ] to close the range"), r.pos)
        r.pos += 1
    if not r.at_end():
        raise _NotAValue(N_("unexpected {found!r} after the range"), r.pos, found=r.rest().strip())
    (low_n, low_u), (high_n, high_u) = first, second
    low_unit = lookup(low_u or high_u)
    high_unit = lookup(high_u or low_u)
    if not low_unit.comparable_with(high_unit):
        raise ValueSyntaxError(
            _(
                "the ends of the range are in different units ({low}, {high})",
                low=low_u or _("none"),
                high=high_u or _("none"),
            ),
            at + 1,
        )
    return Range(
        unit=high_u or low_u or None,
        dimension=high_unit.dimension,
        text=original,
        low=canonical(low_n * low_unit.scale),
        high=canonical(high_n * high_unit.scale),
    )


def _comparison(op: Op | None, number: Decimal, unit: str, original: str) -> Comparison:
    meaning = lookup(unit)
    return Comparison(
        op=op,
        value=canonical(number * meaning.scale),
        unit=unit or None,
        dimension=meaning.dimension,
        text=original,
        magnitude=canonical(number),
    )


def value_to_json(
    value: Comparison | Range | Deadline | Qualitative | NotApplicable,
) -> dict[str, object]:
    """The documented JSON form of a value (decimals as strings)."""
    return value.model_dump(mode="json")
