"""Calendar forms of targets and actuals: `6月底前`, `7月`, `年底前`, `上半年`, `三季度末`,
`2023.07-2024.01`, `202001-202012`, and Excel date serials.

The patterns run on the text with its spaces removed, and none nests a repetition inside
another, so every match is linear in the length of the text. A form without a written year
leaves the year to the ruleset or the assessment.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..i18n import _
from .errors import ValueSyntaxError

_SPACES = re.compile(r"\s+")
# Every form below has one of these: a calendar word, or digits joined by - . / (ISO dates,
# periods written in figures).
MAYBE_DATE = re.compile(r"[年月季底末]|\d{4}[-/.~—–至到]|\d{6}[-~—–至到]")

_ISO_DATE = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?:之前|前)?")
_YEAR = r"(?:(?P<year>(?:19|20)\d\d)年)?"
_TAIL = r"(?P<before>之前|以前|前)?(?:完成|截止|完工|结束)?"
_MONTH_DAY = re.compile(
    _YEAR
    + r"""(?P<month>1[0-2]|0?[1-9])月
         (?:(?P<day>3[01]|[12]\d|0?[1-9])[日号])?
         (?P<part>底|末|份|上旬|中旬|下旬|内)?"""
    + _TAIL,
    re.X,
)
_YEAR_PART = re.compile(
    _YEAR
    + r"(?:(?P<yearend>年底|年末|年内|底|末|全年|年度内|年度)|(?P<half>上半年|下半年))"
    + _TAIL
)
_QUARTER = re.compile(_YEAR + r"第?(?P<quarter>[一二三四1-4])季度(?P<part>末|底|内)?" + _TAIL)
_SEPARATOR = r"(?:-|~|—|–|至|到)"
_YEAR_MONTH = (
    r"(?P<{0}y>(?:19|20)\d\d)(?:[.\-/年](?P<{0}m>1[0-2]|0?[1-9])月?|(?P<{0}mm>0[1-9]|1[0-2]))"
)
_PERIOD = re.compile(_YEAR_MONTH.format("a") + _SEPARATOR + _YEAR_MONTH.format("b") + r"(?:完成)?")
_PERIOD_IN_YEAR = re.compile(
    r"(?P<year>(?:19|20)\d\d)年(?P<am>1[0-2]|0?[1-9])月"
    + _SEPARATOR
    + r"(?P<bm>1[0-2]|0?[1-9])月(?:完成)?"
)
_DATE = r"(?P<{0}y>(?:19|20)\d\d)[-/.](?P<{0}m>1[0-2]|0?[1-9])[-/.](?P<{0}d>3[01]|[12]\d|0?[1-9])"
_PERIOD_OF_DATES = re.compile(_DATE.format("a") + _SEPARATOR + _DATE.format("b"))
_QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# The day Excel's serial 0 stands for, in the 1900 date system (serial 60 is a day that never
# was, 1900-02-29, so serials from 61 on count from here).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIALS = range(61, 2_958_466)  # 1900-03-01 .. 9999-12-31


@dataclass(frozen=True)
class CalendarForm:
    """A date read from text: `<=` the day unless `before` (strictly before it begins)."""

    year: int | None
    month: int
    day: int
    strict: bool = False
    start: str | None = None  # the first month (2023-07) or day (2020-01-01) of a period


def read_calendar(text: str) -> CalendarForm | None:
    """The calendar form of a whole text, or None if it is not one."""
    if not MAYBE_DATE.search(text):
        return None  # most values (`≥98%`, `888场`) name no calendar word: skip the patterns
    s = _SPACES.sub("", text)
    for reader in (_iso, _month_day, _year_part, _quarter, _period, _period_in_year, _dates):
        form = reader(s)
        if form is not None:
            return form
    return None


def _last_day(year: int | None, month: int) -> int:
    return calendar.monthrange(year or 2001, month)[1]


def _iso(s: str) -> CalendarForm | None:
    m = _ISO_DATE.fullmatch(s)
    if not m:
        return None
    year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
    if not (1 <= month <= 12 and 1 <= day <= _last_day(year, month)):
        # 2024-02-30 is a mistake in a date, not a qualitative text.
        raise ValueSyntaxError(_("no such date: {date}", date=s), 1)
    return CalendarForm(year, month, day)


def _month_day(s: str) -> CalendarForm | None:
    m = _MONTH_DAY.fullmatch(s)
    if not m:
        return None
    year = int(m["year"]) if m["year"] else None
    month = int(m["month"])
    last = _last_day(year, month)
    if m["day"]:
        day = int(m["day"])
        if day > last:
            # 2月29日 in a year that has none is a mistake, not a qualitative text.
            when = f"{year}年" if year else ""
            raise ValueSyntaxError(_("no such date: {date}", date=f"{when}{month}月{day}日"), 1)
        return CalendarForm(year, month, day)
    part = m["part"]
    if part == "上旬":
        return CalendarForm(year, month, 10)
    if part == "中旬":
        return CalendarForm(year, month, 20)
    if part is None and m["before"]:
        return CalendarForm(year, month, 1, strict=True)  # `9月前`: before September begins
    return CalendarForm(year, month, last)  # 底, 末, 份, 下旬, 内, or the month alone


def _year_part(s: str) -> CalendarForm | None:
    m = _YEAR_PART.fullmatch(s)
    if not m:
        return None
    year = int(m["year"]) if m["year"] else None
    if m["yearend"] in ("底", "末") and year is None:
        return None  # a lone 底 is not a date
    if m["half"] == "上半年":
        if m["before"]:
            return None  # 上半年前: before the year begins, not a deadline anyone sets
        return CalendarForm(year, 6, 30)
    if m["half"] == "下半年" and m["before"]:
        return CalendarForm(year, 7, 1, strict=True)
    return CalendarForm(year, 12, 31)


def _quarter(s: str) -> CalendarForm | None:
    m = _QUARTER.fullmatch(s)
    if not m:
        return None
    year = int(m["year"]) if m["year"] else None
    quarter = _QUARTER_NUMBERS[m["quarter"]]
    if m["before"] and not m["part"]:
        # `第三季度前`: before the third quarter begins.
        return CalendarForm(year, 3 * quarter - 2, 1, strict=True)
    month = 3 * quarter
    return CalendarForm(year, month, _last_day(year, month))


def _period(s: str) -> CalendarForm | None:
    """2023.07-2024.01, 202001-202012, 2023年7月-2024年1月: due on the end month's last day."""
    m = _PERIOD.fullmatch(s)
    if not m:
        return None
    return _month_period(
        int(m["ay"]), int(m["am"] or m["amm"]), int(m["by"]), int(m["bm"] or m["bmm"])
    )


def _period_in_year(s: str) -> CalendarForm | None:
    """2021年1月-12月: both months in the written year."""
    m = _PERIOD_IN_YEAR.fullmatch(s)
    if not m:
        return None
    year = int(m["year"])
    return _month_period(year, int(m["am"]), year, int(m["bm"]))


def _month_period(
    start_year: int, start_month: int, end_year: int, end_month: int
) -> CalendarForm | None:
    if (end_year, end_month) < (start_year, start_month):
        return None
    last = _last_day(end_year, end_month)
    return CalendarForm(end_year, end_month, last, start=f"{start_year:04d}-{start_month:02d}")


def _dates(s: str) -> CalendarForm | None:
    """2020.1.1-2020.12.31: a period of days, due on its last."""
    m = _PERIOD_OF_DATES.fullmatch(s)
    if not m:
        return None
    start = (int(m["ay"]), int(m["am"]), int(m["ad"]))
    end = (int(m["by"]), int(m["bm"]), int(m["bd"]))
    if start[2] > _last_day(start[0], start[1]) or end[2] > _last_day(end[0], end[1]):
        return None
    if end < start:
        return None
    return CalendarForm(*end, start=f"{start[0]:04d}-{start[1]:02d}-{start[2]:02d}")


def excel_date(serial: int) -> dt.date | None:
    """The date of an Excel serial in the 1900 date system (44561 → 2021-12-31), else None."""
    if serial not in EXCEL_SERIALS:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=serial)
