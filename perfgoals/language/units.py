"""Units: what a unit as written means (dimension, exact factor to the base unit, rate denominator).

Physical quantities have one base unit per dimension (米, 平方米, 千克, 立方米). Factors are
exact `Fraction`s, since some are not finite decimals (1 亩 = 2000/3 平方米); `scale` is the same
factor as a Decimal, exact wherever the factor is a finite decimal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from ..i18n import _


class Dimension(StrEnum):
    MONEY = "money"
    PERCENT = "percent"
    COUNT = "count"
    DURATION = "duration"
    DATE = "date"
    PERIOD = "period"
    RATE = "rate"
    NUMBER = "number"
    LENGTH = "length"
    AREA = "area"
    MASS = "mass"
    VOLUME = "volume"


PHYSICAL = frozenset({Dimension.LENGTH, Dimension.AREA, Dimension.MASS, Dimension.VOLUME})
BASE_UNITS: dict[Dimension, str] = {
    Dimension.MONEY: "元",
    Dimension.PERCENT: "%",
    Dimension.DURATION: "天",
    Dimension.LENGTH: "米",
    Dimension.AREA: "平方米",
    Dimension.MASS: "千克",
    Dimension.VOLUME: "立方米",
}

# Enough digits that rounding a non-finite factor never changes the order of two values
# written with the digits people write.
_PRECISION = 40


def to_decimal(number: Fraction) -> Decimal:
    """A fraction as a Decimal: exact when it is a finite decimal, else to 40 digits."""
    denominator, shifts = number.denominator, 0
    for prime in (2, 5):
        count = 0
        while denominator % prime == 0:
            denominator //= prime
            count += 1
        shifts = max(shifts, count)
    with localcontext() as context:
        # A finite decimal needs at most the numerator's digits plus one per factor 2 or 5.
        exact_digits = len(str(abs(number.numerator))) + shifts + 1
        context.prec = max(28, exact_digits) if denominator == 1 else _PRECISION
        return Decimal(number.numerator) / Decimal(number.denominator)


def is_finite_decimal(number: Fraction) -> bool:
    denominator = number.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


@dataclass(frozen=True)
class Unit:
    """A unit as written, e.g. 万元 (money, scale 10000) or 万元/辆 (rate per 辆, scale 10000).

    For a count, `classifier` is the counted thing (场, 人次); two counts of different
    classifiers are of one dimension but not comparable. For a rate, `scale` scales the
    numerator only (the value is per the denominator as written); `factor` is the exact factor
    to the numerator's base unit per the denominator's base unit, which is what converts 元/亩
    into 元/平方米.
    """

    symbol: str
    dimension: Dimension
    scale: Decimal
    classifier: str = ""
    per: str = ""
    factor: Fraction = field(default=Fraction(1), compare=False)
    per_kind: str = ""  # the denominator's dimension, or its classifier for a count

    def comparable_with(self, other: Unit) -> bool:
        if self.dimension != other.dimension:
            return False
        if self.dimension is Dimension.COUNT:
            return self.classifier == other.classifier
        if self.dimension is Dimension.RATE:
            return self.per_kind == other.per_kind and self.classifier == other.classifier
        return True

    def mismatch(self, other: Unit) -> str:
        """Why two units cannot be compared, in words ('' if they can)."""
        if self.comparable_with(other):
            return ""
        if self.dimension != other.dimension:
            return _(
                "{this} against {other}", this=self.dimension.value, other=other.dimension.value
            )
        if self.dimension is Dimension.COUNT:
            return _(
                "counts of different things ({this}, {other})",
                this=self.classifier,
                other=other.classifier,
            )
        return _(
            "rates of different things ({this}, {other})", this=self.symbol, other=other.symbol
        )


# Scale words that may stand before a money unit or a classifier (2万个, 80万字, 3.5亿元).
SCALE_PREFIXES: dict[str, Decimal] = {
    "千万": Decimal(10_000_000),
    "百万": Decimal(1_000_000),
    "十万": Decimal(100_000),
    "亿": Decimal(100_000_000),
    "万": Decimal(10_000),
    "萬": Decimal(10_000),
    "千": Decimal(1_000),
    "百": Decimal(100),
}

MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1_000),
    "万元": Decimal(10_000),
    "萬元": Decimal(10_000),
    "十万元": Decimal(100_000),
    "百万元": Decimal(1_000_000),
    "千万元": Decimal(10_000_000),
    "亿元": Decimal(100_000_000),
    # `万` alone where money is meant: read as 万元, and the checker calls it incomplete.
    "万": Decimal(10_000),
    "萬": Decimal(10_000),
    "亿": Decimal(100_000_000),
}

PERCENT_UNITS: dict[str, Decimal] = {
    "%": Decimal(1),
    "百分比": Decimal(1),
    "‰": Decimal("0.1"),
    "成": Decimal(10),  # 九成 is 90%
}

# Durations in days. A month is 30 days and a year 365: the calendar-day convention of
# Chinese administrative deadlines; a policy that needs other spans states them itself.
DURATION_UNITS: dict[str, Decimal] = {
    "天": Decimal(1),
    "日": Decimal(1),
    "工作日": Decimal(1),
    "个工作日": Decimal(1),
    "周": Decimal(7),
    "个周": Decimal(7),
    "星期": Decimal(7),
    "个星期": Decimal(7),
    "月": Decimal(30),
    "个月": Decimal(30),
    "季度": Decimal(90),
    "个季度": Decimal(90),
    "年": Decimal(365),
    "小时": Decimal(1) / Decimal(24),
    "个小时": Decimal(1) / Decimal(24),
}

# Physical units: the exact factor to the dimension's base unit (米, 平方米, 千克, 立方米).
# Latin spellings are matched case-insensitively (`M` is a metre in published tables).
PHYSICAL_UNITS: dict[str, tuple[Dimension, Fraction]] = {
    # length, base 米
    "毫米": (Dimension.LENGTH, Fraction(1, 1000)),
    "厘米": (Dimension.LENGTH, Fraction(1, 100)),
    "分米": (Dimension.LENGTH, Fraction(1, 10)),
    "米": (Dimension.LENGTH, Fraction(1)),
    "延米": (Dimension.LENGTH, Fraction(1)),
    "千米": (Dimension.LENGTH, Fraction(1000)),
    "公里": (Dimension.LENGTH, Fraction(1000)),
    "里": (Dimension.LENGTH, Fraction(500)),
    "mm": (Dimension.LENGTH, Fraction(1, 1000)),
    "cm": (Dimension.LENGTH, Fraction(1, 100)),
    "m": (Dimension.LENGTH, Fraction(1)),
    "km": (Dimension.LENGTH, Fraction(1000)),
    # area, base 平方米
    "平方米": (Dimension.AREA, Fraction(1)),
    "平米": (Dimension.AREA, Fraction(1)),
    "㎡": (Dimension.AREA, Fraction(1)),
    "m2": (Dimension.AREA, Fraction(1)),
    "亩": (Dimension.AREA, Fraction(2000, 3)),
    "公顷": (Dimension.AREA, Fraction(10_000)),
    "平方千米": (Dimension.AREA, Fraction(1_000_000)),
    "平方公里": (Dimension.AREA, Fraction(1_000_000)),
    "km2": (Dimension.AREA, Fraction(1_000_000)),
    # mass, base 千克
    "克": (Dimension.MASS, Fraction(1, 1000)),
    "千克": (Dimension.MASS, Fraction(1)),
    "公斤": (Dimension.MASS, Fraction(1)),
    "斤": (Dimension.MASS, Fraction(1, 2)),
    "吨": (Dimension.MASS, Fraction(1000)),
    "g": (Dimension.MASS, Fraction(1, 1000)),
    "kg": (Dimension.MASS, Fraction(1)),
    "t": (Dimension.MASS, Fraction(1000)),
    # volume, base 立方米
    "毫升": (Dimension.VOLUME, Fraction(1, 1_000_000)),
    "升": (Dimension.VOLUME, Fraction(1, 1000)),
    "立方米": (Dimension.VOLUME, Fraction(1)),
    "立方": (Dimension.VOLUME, Fraction(1)),
    "方": (Dimension.VOLUME, Fraction(1)),
    "m3": (Dimension.VOLUME, Fraction(1)),
}

# Latin-letter units accepted after a number; anything else in Latin letters is an error,
# since it is far more often a typo than a real unit.
LATIN_UNITS: dict[str, tuple[Dimension, Decimal, str]] = {
    "kw": (Dimension.COUNT, Decimal(1), "kW"),
    "gb": (Dimension.COUNT, Decimal(1), "GB"),
    "tb": (Dimension.COUNT, Decimal(1), "TB"),
    "mb": (Dimension.COUNT, Decimal(1), "MB"),
}
_LATIN_PHYSICAL = {"mm", "cm", "m", "km", "m2", "km2", "g", "kg", "t", "m3"}

# Written as a rate, meant as one classifier: 人/次 is 人次.
_SAME_AS = {"人/次": "人次", "人/天": "人天", "人/日": "人日"}


# Measure words (量词) common in published tables, and the units that stand where one would.
# Any other CJK word after a number is a count too; these are the ones known for sure, which
# also decide whether a Chinese numeral starts a quantity (十次) or a word (一流).
CLASSIFIERS: tuple[str, ...] = (
    "场",
    "个",
    "名",
    "人",
    "人次",
    "次",
    "份",
    "期",
    "台",
    "套",
    "辆",
    "件",
    "面",
    "本",
    "条",
    "处",
    "册",
    "席",
    "块",
    "把",
    "项",
    "所",
    "户",
    "亩",
    "米",
    "公斤",
    "平方米",
    "篇",
    "家",
    "座",
    "间",
    "张",
    "支",
    "队",
    "村",
    "字",
    "部",
    "批",
    "类",
    "种",
    "分",
    "分钟",
    "级",
    "车",
    "周岁",
    "岁",
    "栋",
    "棵",
    "株",
    "头",
    "只",
    "吨",
    "千米",
    "公里",
    "斤",
    "天",
    "日",
    "周",
    "月",
    "年",
    "个月",
    "小时",
    "工作日",
    "元",
    "万元",
    "亿元",
    "千元",
    "万",
    "亿",
    "万字",
    "万个",
    "万人",
    "公顷",
    "厘米",
    "毫米",
    "千克",
    "克",
    "立方米",
    "升",
    "方",
)


def _physical(symbol: str) -> tuple[Dimension, Fraction] | None:
    found = PHYSICAL_UNITS.get(symbol)
    if found is None and symbol.lower() in _LATIN_PHYSICAL:
        found = PHYSICAL_UNITS[symbol.lower()]
    return found


def _scaled(symbol: str) -> Unit | None:
    """万吨, 万亩, 万平方米, 2万个: a scale word before a unit."""
    for prefix, scale in SCALE_PREFIXES.items():
        if symbol.startswith(prefix) and len(symbol) > len(prefix):
            rest = symbol[len(prefix) :]
            physical = _physical(rest)
            if physical is not None:
                factor = physical[1] * Fraction(scale)
                return Unit(symbol, physical[0], to_decimal(factor), factor=factor)
            return Unit(symbol, Dimension.COUNT, scale, classifier=rest, factor=Fraction(scale))
    return None


@lru_cache(maxsize=4096)
def lookup(symbol: str | None) -> Unit:
    """The meaning of a unit as written (None or '' is a bare number)."""
    if not symbol:
        return Unit("", Dimension.NUMBER, Decimal(1))
    if symbol in _SAME_AS:
        meaning = lookup(_SAME_AS[symbol])
        return Unit(symbol, meaning.dimension, meaning.scale, classifier=meaning.classifier)
    if "/" in symbol:
        return _rate(symbol)
    if symbol in MONEY_UNITS:
        scale = MONEY_UNITS[symbol]
        return Unit(symbol, Dimension.MONEY, scale, factor=Fraction(scale))
    if symbol in PERCENT_UNITS:
        scale = PERCENT_UNITS[symbol]
        return Unit(symbol, Dimension.PERCENT, scale, factor=Fraction(scale))
    if symbol in DURATION_UNITS:
        scale = DURATION_UNITS[symbol]
        factor = Fraction(1, 24) if "小时" in symbol else Fraction(scale)
        return Unit(symbol, Dimension.DURATION, scale, factor=factor)
    physical = _physical(symbol)
    if physical is not None:
        return Unit(symbol, physical[0], to_decimal(physical[1]), factor=physical[1])
    latin = LATIN_UNITS.get(symbol.lower())
    if latin is not None:
        return Unit(symbol, latin[0], latin[1], classifier=latin[2])
    return _scaled(symbol) or Unit(symbol, Dimension.COUNT, Decimal(1), classifier=symbol)


def _rate(symbol: str) -> Unit:
    """元/人, 万元/亩, 吨/天, /株: the numerator scaled, the denominator as written."""
    numerator, _, per = symbol.partition("/")
    top = lookup(numerator) if numerator else Unit("", Dimension.NUMBER, Decimal(1))
    bottom = lookup(per)
    if bottom.dimension is Dimension.COUNT:
        per_kind, per_factor = "count:" + bottom.classifier, bottom.factor
    else:
        per_kind, per_factor = bottom.dimension.value, bottom.factor
    classifier = top.dimension.value
    if top.dimension is Dimension.COUNT:
        classifier += ":" + top.classifier
    return Unit(
        symbol,
        Dimension.RATE,
        top.scale,
        classifier=classifier,
        per=per,
        factor=top.factor / per_factor,
        per_kind=per_kind,
    )


def is_known_latin_unit(word: str) -> bool:
    lowered = word.lower()
    return lowered in LATIN_UNITS or lowered in _LATIN_PHYSICAL


def unit_table() -> list[tuple[str, str, str]]:
    """Every physical unit: (symbol, dimension, factor to the base unit), for the docs."""
    return [(s, d.value, str(f)) for s, (d, f) in PHYSICAL_UNITS.items()]
