"""Quantities and dates mentioned in free text (descriptions, goals), read by the value language.

A description often restates its target (`不超过 10 万元`, `满意度达 98%以上`) or the parts it is
made of (`购置公务用车 4 辆`). This module finds the number-like fragments of a text, with a
comparator word before or after and a unit, and lets `parse_value` say what each one means; it
decides nothing itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..language.errors import ValueSyntaxError
from ..language.units import CLASSIFIERS, DURATION_UNITS, MONEY_UNITS, PERCENT_UNITS
from ..language.values import Comparison, Deadline, fold, parse_value

_NUMBER = re.compile(r"(?<![\d.])(?:\d[\d,]*(?:\.\d+)?|\.\d+)|[零〇一二两三四五六七八九十百千]+")
_DATE = re.compile(
    r"""(?:(?:19|20)\d\d\s*年\s*)?
        (?:(?:1[0-2]|0?[1-9])\s*月\s*(?:(?:3[01]|[12]\d|0?[1-9])\s*[日号])?\s*(?:底|末|份|上旬|中旬|下旬)?
          |(?<=年)\s*(?:底|末))
        \s*(?:之前|以前|前)?""",
    re.X,
)
_YEAR = re.compile(r"(?:19|20)\d\d\s*年")
_CLAUSE_BREAK = re.compile(r"[，。；;,、：:！？!?（）()\n]")
_PREFIXES = (
    "大于等于",
    "小于等于",
    "不超过",
    "不高于",
    "不多于",
    "不大于",
    "不低于",
    "不少于",
    "不小于",
    "至少",
    "最多",
    "达到",
    "超过",
    "低于",
    "高于",
    "大于",
    "小于",
    "达",
    ">=",
    "<=",
    "≥",
    "≤",
    "≧",
    "≦",
    ">",
    "<",
)
_SUFFIXES = ("及以上", "以上", "及以下", "以下", "以内", "之内")
_SCALES = ("千万", "百万", "亿", "万", "千")
_UNIT_WORDS = {*MONEY_UNITS, *PERCENT_UNITS, *DURATION_UNITS, *CLASSIFIERS} | {
    scale + c for scale in _SCALES for c in CLASSIFIERS
}
# By first character, longest first: the unit after a number is found with a few comparisons.
_UNITS: dict[str, tuple[str, ...]] = {
    first: tuple(sorted((u for u in _UNIT_WORDS if u[0] == first), key=len, reverse=True))
    for first in {u[0] for u in _UNIT_WORDS}
}


@dataclass(frozen=True)
class Mention:
    """A value found in a text; `start`/`end` are offsets into that text."""

    value: Comparison | Deadline
    start: int
    end: int
    # The clause says 每 (每份180元, 每半年开展一次): a rate or a frequency, not a total.
    per: bool

    @property
    def text(self) -> str:
        return self.value.text


@lru_cache(maxsize=8192)
def mentions(text: str) -> tuple[Mention, ...]:
    """Every quantity or date written in text, in order."""
    folded = fold(text)
    found: list[Mention] = []
    pos = 0
    while True:
        m = _NUMBER.search(folded, pos)
        if m is None:
            break
        start, end = m.start(), m.end()
        pos = end
        date = _DATE.match(folded, start)
        if date and date.end() > end and not folded[date.end() - 1].isspace():
            value = _read(folded[start : date.end()].strip())
            if isinstance(value, Deadline):
                found.append(Mention(value, start, date.end(), _per(folded, start)))
                pos = date.end()
                continue
        if _YEAR.match(folded, start):
            continue  # a year on its own (2022 年工资) is not a quantity
        end = _after_unit(folded, end)
        start = _before_prefix(folded, start)
        value = _read(folded[start:end].strip())
        if isinstance(value, Comparison):
            found.append(Mention(value, start, end, _per(folded, m.start())))
        pos = max(pos, end)
    return tuple(found)


def _read(fragment: str) -> Comparison | Deadline | None:
    try:
        value = parse_value(fragment)
    except ValueSyntaxError:
        return None
    return value if isinstance(value, Comparison | Deadline) else None


def _after_unit(s: str, end: int) -> int:
    i = end
    while i < len(s) and s[i] == " ":
        i += 1
    for unit in _UNITS.get(s[i : i + 1], ()):
        if s.startswith(unit, i):
            i += len(unit)
            break
    else:
        i = end
    j = i
    while j < len(s) and s[j] == " ":
        j += 1
    for suffix in _SUFFIXES:
        if s.startswith(suffix, j):
            return j + len(suffix)
    return i


def _before_prefix(s: str, start: int) -> int:
    i = start
    while i > 0 and s[i - 1] == " ":
        i -= 1
    for prefix in _PREFIXES:
        if s.endswith(prefix, 0, i):
            return i - len(prefix)
    return start


def _per(s: str, at: int) -> bool:
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(s, 0, at)]
    clause_start = breaks[-1] if breaks else 0
    nxt = _CLAUSE_BREAK.search(s, at)
    clause_end = nxt.start() if nxt else len(s)
    return "每" in s[clause_start:clause_end]
