"""Units: what a unit as written means (dimension, scale to the base unit, rate denominator)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache


class Dimension(StrEnum):
    MONEY = "money"
    PERCENT = "percent"
    COUNT = "count"
    DURATION = "duration"
    DATE = "date"
    RATE = "rate"
    NUMBER = "number"


@dataclass(frozen=True)
class Unit:
    """A unit as written, e.g. 万元 (money, scale 10000) or 万元/辆 (rate per 辆, scale 10000).

    For a count, `classifier` is the counted thing (场, 人次); two counts of different
    classifiers are of one dimension but not comparable.
    """

    symbol: str
    dimension: Dimension
    scale: Decimal
    classifier: str = ""
    per: str = ""

    def comparable_with(self, other: Unit) -> bool:
        if self.dimension != other.dimension:
            return False
        if self.dimension is Dimension.COUNT:
            return self.classifier == other.classifier
        if self.dimension is Dimension.RATE:
            return self.per == other.per and self.classifier == other.classifier
        return True


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

# Latin-letter units accepted after a number; anything else in Latin letters is an error,
# since it is far more often a typo than a real unit.
LATIN_UNITS: dict[str, tuple[Dimension, Decimal, str]] = {
    "km": (Dimension.COUNT, Decimal(1), "km"),
    "m": (Dimension.COUNT, Decimal(1), "m"),
    "kg": (Dimension.COUNT, Decimal(1), "kg"),
    "t": (Dimension.COUNT, Decimal(1), "t"),
    "kw": (Dimension.COUNT, Decimal(1), "kW"),
    "gb": (Dimension.COUNT, Decimal(1), "GB"),
    "tb": (Dimension.COUNT, Decimal(1), "TB"),
    "mb": (Dimension.COUNT, Decimal(1), "MB"),
    "m2": (Dimension.COUNT, Decimal(1), "m2"),
    "m3": (Dimension.COUNT, Decimal(1), "m3"),
}


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
)


@lru_cache(maxsize=4096)
def lookup(symbol: str | None) -> Unit:
    """The meaning of a unit as written (None or '' is a bare number)."""
    if not symbol:
        return Unit("", Dimension.NUMBER, Decimal(1))
    if "/" in symbol:
        numerator, _, per = symbol.partition("/")
        top = lookup(numerator) if numerator else Unit("", Dimension.NUMBER, Decimal(1))
        return Unit(symbol, Dimension.RATE, top.scale, classifier=top.dimension.value, per=per)
    if symbol in MONEY_UNITS:
        return Unit(symbol, Dimension.MONEY, MONEY_UNITS[symbol])
    if symbol in PERCENT_UNITS:
        return Unit(symbol, Dimension.PERCENT, PERCENT_UNITS[symbol])
    if symbol in DURATION_UNITS:
        return Unit(symbol, Dimension.DURATION, DURATION_UNITS[symbol])
    latin = LATIN_UNITS.get(symbol.lower())
    if latin is not None:
        return Unit(symbol, latin[0], latin[1], classifier=latin[2])
    for prefix, scale in SCALE_PREFIXES.items():
        if symbol.startswith(prefix) and len(symbol) > len(prefix):
            return Unit(symbol, Dimension.COUNT, scale, classifier=symbol[len(prefix) :])
    return Unit(symbol, Dimension.COUNT, Decimal(1), classifier=symbol)


def is_known_latin_unit(word: str) -> bool:
    return word.lower() in LATIN_UNITS
