"""Mid-year progress (运行监控): what a department reports between setting targets and scoring.

One model for the three forms (a `progress { … }` block, a CSV, an .xlsx workbook): the month
or as-of date, and per project the budget, the amount executed to date and the year's forecast,
and per indicator the value reached so far (1–N 月执行情况), the forecast for the year
(全年预计完成情况), the deviation category and text (偏差原因分析), the likelihood of reaching
the target (完成目标可能性) and a note (备注), as in the central form of 财预〔2019〕136号.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from .assessment import NO_ORIGIN, IndicatorRef, Origin, Tier, assembled
from .errors import NO_SPAN, Span
from .values import NotApplicable, Value


class Cause(StrEnum):
    """The five deviation categories of the central form."""

    FUNDING = "经费保障"
    RULES = "制度保障"
    STAFF = "人员保障"
    FACILITIES = "硬件条件保障"
    OTHER = "其他"


class Likelihood(StrEnum):
    """完成目标可能性. A 0 or an empty cell is *not filled*, never "impossible"."""

    CERTAIN = "确定能"
    POSSIBLE = "有可能"
    IMPOSSIBLE = "完全不可能"


_CAUSE_WORDS: dict[str, Cause] = {
    **{c.value: c for c in Cause},
    "经费": Cause.FUNDING,
    "funding": Cause.FUNDING,
    "制度": Cause.RULES,
    "rules": Cause.RULES,
    "人员": Cause.STAFF,
    "staff": Cause.STAFF,
    "硬件": Cause.FACILITIES,
    "硬件条件": Cause.FACILITIES,
    "facilities": Cause.FACILITIES,
    "other": Cause.OTHER,
}
_LIKELIHOOD_WORDS: dict[str, Likelihood] = {
    **{c.value: c for c in Likelihood},
    "确定": Likelihood.CERTAIN,
    "能": Likelihood.CERTAIN,
    "certain": Likelihood.CERTAIN,
    "可能": Likelihood.POSSIBLE,
    "possible": Likelihood.POSSIBLE,
    "不可能": Likelihood.IMPOSSIBLE,
    "impossible": Likelihood.IMPOSSIBLE,
}
# Words that mean "not filled in" where a likelihood is asked for (exported data writes 0).
NOT_FILLED = frozenset({"", "0", "0.0", "-", "/", "无", "未填", "none"})

# The qualitative ratings as the monitoring form words them, besides the scoring words.
_PROGRESS_TIERS: dict[str, Tier] = {
    "达成目标": Tier.MET,
    "部分达成目标并具有一定效果": Tier.PARTLY_MET,
    "部分达成目标": Tier.PARTLY_MET,
    "未达成目标且效果较差": Tier.NOT_MET,
    "未达成目标": Tier.NOT_MET,
}
# A deadline indicator's current value: done or not yet.
DONE_WORDS = frozenset({"已完成", "完成", "done", "是", "yes", "按时完成", "已按时完成"})
NOT_DONE_WORDS = frozenset({"未完成", "进行中", "not_done", "否", "no", "尚未完成"})


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def cause_of(text: str) -> Cause | None:
    return _CAUSE_WORDS.get(_key(text))


def likelihood_of(text: str) -> Likelihood | None:
    """A likelihood word; None for an unknown word (see `NOT_FILLED` for the empty forms)."""
    return _LIKELIHOOD_WORDS.get(_key(text))


def progress_tier_of(text: str) -> Tier | None:
    """达成目标 / 部分达成目标并具有一定效果 / 未达成目标且效果较差 (and the scoring words)."""
    from .policy_settings import tier_of

    return _PROGRESS_TIERS.get(_key(text)) or tier_of(text)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IndicatorProgress(_Frozen):
    """One indicator's progress to date."""

    indicator: IndicatorRef
    current: Value | None = None  # 1–N 月执行情况
    forecast: Value | None = None  # 全年预计完成情况
    tier: Tier | None = None  # for a qualitative indicator
    not_applicable: bool = False
    cause: Cause | None = None
    explanation: str | None = None  # 偏差原因分析
    likelihood: Likelihood | None = None  # None: not filled
    note: str | None = None  # 备注
    origin: Origin = NO_ORIGIN
    span: Span = NO_SPAN


class ProjectProgress(_Frozen):
    """A project's budget execution to date and its indicators' progress."""

    project: str
    code: str | None = None
    budget: Decimal | None = None  # 全年预算数, in 元; the ruleset's when not given
    executed: Decimal | None = None  # 执行数 to date, in 元
    forecast: Decimal | None = None  # 全年预计执行数, in 元
    explanation: str | None = None  # why execution lags
    indicators: tuple[IndicatorProgress, ...] = ()
    origin: Origin = NO_ORIGIN
    span: Span = NO_SPAN


class Progress(_Frozen):
    """A department's progress report for one month (1–12) of one year."""

    month: int | None = None
    as_of: dt.date | None = None  # a day; the month is its month unless stated
    year: int | None = None
    ruleset: str | None = None
    profile: str | None = None
    projects: tuple[ProjectProgress, ...] = ()

    @property
    def effective_month(self) -> int | None:
        if self.month is not None:
            return self.month
        return self.as_of.month if self.as_of is not None else None


# ---- records a reader has already checked ---------------------------------------------------
# A progress table's reader checks every cell before it makes a record, once per indicator of
# a province's report; validating the record again would cost more than reading the row.
# `assessment.checked(IndicatorProgress, fields)` builds what `IndicatorProgress(**fields)`
# builds; this builds the commonest row faster still (tests/monitoring/test_fast_reader.py
# holds them equal).
_EMPTY_VALUE_FIELDS = frozenset({"indicator", "origin"})


def plain_indicator_progress(
    ref: IndicatorRef,
    origin: Origin,
    current: Value | None,
    forecast: Value | None,
    explanation: str | None,
    note: str | None,
) -> IndicatorProgress:
    """`checked(IndicatorProgress, …)` for the commonest row of a table (no rating, cause or
    likelihood): the same record, its fields given one by one (None: not given)."""
    given = set(_EMPTY_VALUE_FIELDS)
    not_applicable = False
    if current is not None:
        given.add("current")
        if isinstance(current, NotApplicable):
            given.add("not_applicable")
            not_applicable = True
    if forecast is not None:
        given.add("forecast")
    if explanation is not None:
        given.add("explanation")
    if note is not None:
        given.add("note")
    values = {
        "indicator": ref,
        "current": current,
        "forecast": forecast,
        "tier": None,
        "not_applicable": not_applicable,
        "cause": None,
        "explanation": explanation,
        "likelihood": None,
        "note": note,
        "origin": origin,
        "span": NO_SPAN,
    }
    return assembled(IndicatorProgress, values, given)
