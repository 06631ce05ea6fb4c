"""The year-end self-assessment input (绩效自评): actual values and budget execution per project.

Actuals come from a DSL file, a CSV or an .xlsx workbook; every reader produces this one model,
so the three forms mean the same thing. Each record keeps where it came from (`origin`), so a
problem found later (an unknown indicator, a unit mismatch) can be reported at its file and row.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from .errors import NO_SPAN, Span
from .model import Level1, Level2
from .values import Value


class Tier(StrEnum):
    """The assessor's rating of a qualitative indicator."""

    MET = "达成"  # 达成年度指标
    PARTLY_MET = "部分达成"  # 部分达成年度指标并具有一定效果
    NOT_MET = "未达成"  # 未达成年度指标且效果较差


class Origin(BaseModel):
    """Where a record was read: a file with a line (DSL) or a row (CSV, xlsx) and column."""

    model_config = ConfigDict(frozen=True)

    path: str = "<string>"
    line: int = 0
    column: int = 0
    sheet: str | None = None

    def __eq__(self, other: object) -> bool:
        # Like spans, origins tell where, not what: the same content read from a CSV, a
        # workbook or a DSL file is the same assessment.
        return isinstance(other, Origin)

    def __hash__(self) -> int:
        return 0

    def describe(self) -> str:
        where = f"{self.path}"
        if self.sheet:
            where += f"[{self.sheet}]"
        return f"{where}:{self.line}:{self.column}" if self.column else f"{where}:{self.line}"


NO_ORIGIN = Origin()


class IndicatorRef(BaseModel):
    """Names an indicator of a project: its name, and where needed its levels and occurrence.

    Published tables repeat names inside one project (三个 `会议设备数量`); `occurrence` (1-based,
    in ruleset order among indicators matching the other fields) tells them apart.
    """

    model_config = ConfigDict(frozen=True)

    name: str
    level1: Level1 | None = None
    level2: Level2 | None = None
    occurrence: int | None = None


class Actual(BaseModel):
    """One indicator's 实际完成值, rating and explanation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    indicator: IndicatorRef
    value: Value | None = None
    tier: Tier | None = None
    points: Decimal | None = None
    not_applicable: bool = False
    explanation: str | None = None
    origin: Origin = NO_ORIGIN
    span: Span = NO_SPAN


class ProjectActuals(BaseModel):
    """A project's year: budget execution and the actual value of each indicator."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    project: str
    code: str | None = None
    initial_budget: Decimal | None = None  # 年初预算数, in 元
    adjusted_budget: Decimal | None = None  # 全年预算数 (A), in 元
    executed: Decimal | None = None  # 全年执行数 (B), in 元
    explanation: str | None = None
    actuals: tuple[Actual, ...] = ()
    origin: Origin = NO_ORIGIN
    span: Span = NO_SPAN


class Assessment(BaseModel):
    """A department's self-assessment for one year."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int | None = None
    ruleset: str | None = None  # the title of the ruleset it assesses, if stated
    policy: str | None = None  # overrides the ruleset's policy, if stated
    projects: tuple[ProjectActuals, ...] = ()
