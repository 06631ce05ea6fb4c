"""Chinese numerals: 十 → 10, 一千六百 → 1600, 一万二千 → 12000, 三点五 → 3.5, 零点五 → 0.5.

Written by hand rather than with a numeral library: the reading is a small state machine, and
it must report where a numeral stops (`三点五万元`: the numeral, then the unit) and refuse what
is not a numeral (`一二`, `十十`), which library readers either accept or raise on.
"""

from __future__ import annotations

import re
from decimal import Decimal

DIGITS = {
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
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}
# The longest run that may be a numeral; the reader decides whether it is one.
NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万萬亿点]+")
_LONGEST = 24


def _integer(text: str) -> int | None:
    """The integer part: digits and the unit words 十 百 千 万 亿; None if malformed."""
    total = 0  # finished 万 / 亿 groups
    section = 0  # below 万
    digit: int | None = None
    last_small = 10_000  # units inside a section must fall: 三千五百, not 五百三千
    last_large = 10**12
    for ch in text:
        if ch in DIGITS:
            if digit is not None and digit != 0:
                return None  # 一二 is not a number
            digit = DIGITS[ch]
        elif ch in _SMALL:
            unit = _SMALL[ch]
            if unit >= last_small:
                return None
            section += (1 if digit is None else digit) * unit
            last_small, digit = unit, None
        elif ch in _LARGE:
            unit = _LARGE[ch]
            if unit >= last_large:
                if unit == 10_000 and last_large == 100_000_000:
                    pass  # 一亿二千万: 万 inside the 亿 group
                else:
                    return None
            group = section + (digit or 0)
            if group == 0 and total == 0:
                return None  # 万 with nothing before it
            if unit == 10_000 and last_large == 100_000_000:
                total += group * unit
            else:
                total = (total + group) * unit
            last_large = unit
            section, digit, last_small = 0, None, 10_000
        else:
            return None
    return total + section + (digit or 0)


def read_numeral(text: str) -> Decimal | None:
    """The value of a whole Chinese numeral (`三点五`, `一万二千`), None if it is not one."""
    whole, dot, fraction = text.partition("点")
    if not whole:
        return None
    value = _integer(whole)
    if value is None:
        return None
    if not dot:
        return Decimal(value)
    if not fraction or any(ch not in DIGITS for ch in fraction):
        return None
    return Decimal(f"{value}.{''.join(str(DIGITS[ch]) for ch in fraction)}")


def leading_numeral(text: str, pos: int) -> tuple[Decimal, int] | None:
    """The longest numeral at `pos` (value, end); a closing 万/亿 stays for a unit after it.

    `三点五万元` reads as 3.5 and leaves `万元`; `一万二千人` reads as 12000; `两万` at the end of
    the text reads as 20000.
    """
    m = NUMERAL.match(text, pos)
    if not m:
        return None
    # No real numeral is this long; the cap keeps the shrinking search below linear in the text.
    end = min(m.end(), pos + _LONGEST)
    while end > pos:
        candidate = text[pos:end]
        value = read_numeral(candidate)
        if value is not None:
            if candidate[-1] in _LARGE and end < len(text) and end - pos > 1:
                shorter = read_numeral(candidate[:-1])
                if shorter is not None and _starts_unit(text, end):
                    return shorter, end - 1
            return value, end
        end -= 1
    return None


def _starts_unit(text: str, pos: int) -> bool:
    """Something unit-like follows (元, 人, 吨…): not a comparator word or the end."""
    ch = text[pos] if pos < len(text) else ""
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff") and ch not in "以及之内前"
