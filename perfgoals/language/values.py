"""The value language: targets and actuals such as `≤7.55 万元`, `888 场`, `6月底前`, `长期`.

A value keeps its text exactly as written and adds what it means: a comparison with an exact
Decimal quantity, a range, a deadline, a qualitative text (perhaps a grade) or not-applicable.
`parse_value` is the only reader; it is pure and cached, since published tables repeat the same
few dozen targets thousands of times.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..i18n import N_, _
from .calendar_forms import MAYBE_DATE, read_calendar
from .errors import ValueSyntaxError
from .numbers import number_problem
from .numerals import DIGITS as _CN_DIGITS
from .numerals import leading_numeral, read_numeral
from .quantities import base_value, canonical, comparison, fold
from .units import (
    CLASSIFIERS,
    PHYSICAL_UNITS,
    Dimension,
    is_known_latin_unit,
    lookup,
)
from .value_types import (
    GRADE_WORDS,
    Comparison,
    Deadline,
    Grade,
    NotApplicable,
    Op,
    Qualitative,
    Range,
    Value,
)

__all__ = [
    "GRADE_WORDS",
    "NOT_APPLICABLE_TEXTS",
    "Comparison",
    "Deadline",
    "Grade",
    "NotApplicable",
    "Op",
    "Qualitative",
    "Range",
    "Value",
    "base_value",
    "canonical",
    "fold",
    "parse_cn_number",
    "parse_value",
    "value_to_json",
]

# A lone 一 in a value cell is a dash typed with the input method, not the number 1.
NOT_APPLICABLE_TEXTS = frozenset(
    {"/", "—", "——", "-", "--", "一", "一一", "─", "不适用", "n/a", "N/A", "NA", "无"}
)

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

# Extraction breaks numbers with spaces (`3348 .56`, `2010 301`): digit groups and the decimal
# point may be separated by spaces, never by a line break.
_NUMBER = re.compile(r"\d[\d,]*(?: +\d+)*(?: *\. *\d+)?|\.\d+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_SPACE = re.compile(r"\s*")
# OCR noise where a number should be: letters read for digits (`IO`, `1O`, `M.8`).
# Possessive repeats and a look-ahead over the same class keep the match linear.
_NOISE = re.compile(r"(?:[OoIl\d.]++|[A-Za-z]\.\d++)(?![A-Za-z\d.])")
_CLASSIFIER_MAX = 4  # a longer CJK run after a number is a sentence, not a classifier


def parse_cn_number(text: str) -> Decimal | None:
    """一千六百 → 1600, 一万二千 → 12000, 三点五 → 3.5; None if not a numeral."""
    return read_numeral(text)


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
                number = Decimal(digits)
            except InvalidOperation:  # pragma: no cover - the pattern admits only numerals
                return None
            problem = number_problem(number)
            if problem:
                raise ValueSyntaxError(problem, m.start() + 1, m.end() + 1)
            return number
        numeral = leading_numeral(self.s, self.pos)
        if numeral is not None:
            self.pos = numeral[1]
            return numeral[0]
        return None


class _Words:
    """A text to say: a msgid and its parameters (a parameter may be words of its own). Said in
    English in a qualitative value's note, which is the JSON contract and sits in parse_value's
    cache for every language, and in the user's language in a message."""

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid = msgid
        self.params = params

    def say(self, *, translated: bool) -> str:
        params = {
            name: value.say(translated=translated) if isinstance(value, _Words) else value
            for name, value in self.params.items()
        }
        return _(self.msgid, **params) if translated else self.msgid.format(**params)


class _NotAValue(Exception):
    """Internal: the text is not a quantitative form (it may still be qualitative)."""

    def __init__(self, msgid: str, pos: int, **params: object) -> None:
        self.why = _Words(msgid, **params)
        super().__init__(self.why.say(translated=False))
        self.pos = pos


def _unit(r: _Reader, *, cn_number: bool) -> str:
    """Read a unit after a number; '' if none. Leaves suffix words (以上, 以内) unread."""
    r.skip()
    start = r.pos
    for symbol in ("%", "‰", "百分比"):
        if r.s.startswith(symbol, r.pos):
            r.pos += len(symbol)
            return symbol
    if r.s.startswith("㎡", r.pos):
        r.pos += 1
        return "㎡" + _per(r)
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
        meaning = lookup(cut)
        if (
            cn_number
            and meaning.dimension is Dimension.COUNT
            and meaning.classifier not in _KNOWN_CLASSIFIERS
        ):
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


_UNIT_STARTS = (
    "%",
    "‰",
    *sorted({*CLASSIFIERS, *PHYSICAL_UNITS, "元", "万元", "亿元"}, key=len, reverse=True),
)
_STOP_WORDS = (
    "左右",
    "及以上",
    "以上",
    "及以下",
    "以下",
    "以内",
    "之内",
    "以前",
    "之前",
    "前",
    "至",
    "到",
)
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
        numeral = leading_numeral(r.s, r.pos)
        if numeral is None:
            m = _NUMBER.match(r.s, r.pos)  # 百分之95
            if m is None:
                raise _NotAValue(N_("expected a numeral after 百分之"), r.pos)
            r.pos = m.end()
            return Decimal(re.sub(r"[\s,]", "", m.group())), "%"
        r.pos = numeral[1]
        return numeral[0], "%"
    start = r.pos
    number = r.number()
    if number is None:
        return None
    cn_number = not r.s[start].isdigit() and r.s[start] != "."
    return number, _unit(r, cn_number=cn_number)


def _deadline(text: str, op: Op | None, original: str) -> Deadline | None:
    form = read_calendar(text)
    if form is None:
        return None
    if form.strict:
        op = op or "<"
    year = form.year
    date = (
        f"{year:04d}-{form.month:02d}-{form.day:02d}"
        if year
        else f"--{form.month:02d}-{form.day:02d}"
    )
    if form.start is not None:
        return Deadline(
            op=op or "<=",
            value=date,
            dimension=Dimension.PERIOD,
            text=original,
            year=year,
            month=form.month,
            day=form.day,
            start=form.start,
        )
    return Deadline(
        op=op or "<=", value=date, text=original, year=year, month=form.month, day=form.day
    )


@lru_cache(maxsize=65536)
def parse_value(text: str) -> Comparison | Range | Deadline | Qualitative | NotApplicable:
    """Read one value expression; raises ValueSyntaxError (with a column) if it cannot be read.

    A text that starts with a comparator symbol must be a well-formed value; any other text that
    is not a quantitative form is qualitative.
    """
    return _read(text)[0]


def _read(
    text: str,
) -> tuple[Comparison | Range | Deadline | Qualitative | NotApplicable, _Words | None]:
    """The value, and for a qualitative text holding a number the words of its note."""
    s = fold(text)
    body = s.strip()
    if not body:
        raise ValueSyntaxError(_("expected a value"), 1)
    if body in NOT_APPLICABLE_TEXTS:
        return NotApplicable(text=text), None
    if body in GRADE_WORDS:
        return Qualitative(text=text, grade=GRADE_WORDS[body]), None
    simple = _simple_comparison(body, text) if FAST else None
    if simple is not None:
        return simple, None
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
        _reject_noise(r)
        start = r.pos
        value = _read_body(r, op, text, strict=strict)
    except _NotAValue as problem:
        if strict:
            raise ValueSyntaxError(_strict_message(symbol, problem), problem.pos + 1) from None
        note = _fallback_note(r, start, problem)
        english = None if note is None else note.say(translated=False)
        return Qualitative(text=text, note=english), note
    return (Qualitative(text=text) if value is None else value), None


# The commonest form, `≥95%`, `4063次`, `≤7.55 万元`: a symbol, figures, a unit. Read directly,
# to what the reader below makes of it (`tests/language/test_value_forms.py` holds the two
# equal); anything else, a date word, a stop word in the unit, a number out of range, is left to
# the reader. Switched off by that test.
FAST = True
_SIMPLE = re.compile(
    "(?P<op>" + "|".join(re.escape(symbol) for symbol, _op in _SYMBOL_OPS) + ")?"
    r" *(?P<number>[0-9]+(?:\.[0-9]+)?) *(?P<unit>[%‰]|[\u4e00-\u9fff]{1,4})?"
)
_OPS = dict(_SYMBOL_OPS)


def _simple_comparison(body: str, original: str) -> Comparison | None:
    m = _SIMPLE.fullmatch(body)
    if m is None or MAYBE_DATE.search(body):
        return None
    unit = m["unit"] or ""
    if unit and _cut_classifier(unit) != unit:
        return None  # 以上, 左右, 至: read by the reader
    number = Decimal(m["number"])
    if number_problem(number):
        return None  # the reader says what is wrong, and where
    return comparison(_OPS[m["op"]] if m["op"] else None, number, unit, original)


def _reject_noise(r: _Reader) -> None:
    """Letters where a number should be (`M.8万元`, `IO`, `1O0%`): a misread number, an error.

    Only where a number and then nothing or a unit follow, so `ISO认证` or `O2O模式` stay text.
    """
    r.skip()
    m = _NOISE.match(r.s, r.pos)
    if m is None or not m.group().strip("0123456789."):
        return  # digits only: a number, read as usual
    after = r.s[m.end() :].strip()
    if after and not after.startswith(_UNIT_STARTS):
        return
    raise ValueSyntaxError(
        _("{text!r} looks like a misread number (letters where digits belong)", text=m.group()),
        r.pos + 1,
        m.end() + 1,
    )


_DIGIT = re.compile(r"\d")


def _fallback_note(r: _Reader, start: int, problem: _NotAValue) -> _Words | None:
    """Why a text that holds a number is read as qualitative; None for plain text (长期)."""
    digit = _DIGIT.search(r.s)
    if problem.pos <= start and digit is not None:
        return _Words(
            N_(
                "not a quantity: it does not start with a number ({found!r} at column {column} "
                "is inside the text)"
            ),
            found=r.s[digit.start() :].split()[0][:12],
            column=digit.start() + 1,
        )
    if digit is None:
        numeral = leading_numeral(r.s, start)
        if numeral is None or numeral[1] - start < 2:
            return None  # 一般, 一级指标, 一个存储备份器: words, not numbers
    return _Words(
        N_("not a quantity: {reason} (column {column})"), reason=problem.why, column=problem.pos + 1
    )


def note_in_language(value: Qualitative) -> str | None:
    """A qualitative value's note in the user's language, for a message.

    The model keeps the note in English; its words are read again from the value's text. A note
    the text does not give (an export edited by hand) is shown as it stands.
    """
    if value.note is None:
        return None
    try:
        note = _read(value.text)[1]
    except ValueSyntaxError:
        note = None
    if note is None or note.say(translated=False) != value.note:
        return value.note
    return note.say(translated=True)


def _strict_message(symbol: tuple[str, Op] | None, problem: _NotAValue) -> str:
    if symbol and problem.why.msgid == "expected a number":
        return _("expected a number after {symbol}", symbol=symbol[0])
    return problem.why.say(translated=True)


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
    # A leading minus before a digit is a negative number (scoring counts it as 0, as
    # docs/scoring.md says); elsewhere `-` separates a range.
    negative = r.s.startswith(("-", "−"), r.pos) and r.s[r.pos + 1 : r.pos + 2].isdigit()
    if negative:
        r.pos += 1
    first = _quantity(r)
    if first is None:
        raise _NotAValue(N_("expected a number"), start if r.pos == start else r.pos)
    if negative:
        first = (-first[0], first[1])
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
    return comparison(op, number, unit, original)


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
        low=base_value(low_n, low_u or high_u),
        high=base_value(high_n, high_u or low_u),
    )


def value_to_json(
    value: Comparison | Range | Deadline | Qualitative | NotApplicable,
) -> dict[str, object]:
    """The documented JSON form of a value (decimals as strings)."""
    return value.model_dump(mode="json")
