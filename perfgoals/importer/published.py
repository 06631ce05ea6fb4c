"""Points as a self-assessment table published them, kept beside the imported assessment.

Re-scoring an assessment gives perfgoals' own points; an audit sets them against these to show
where a department's arithmetic or reading of the rules differs. Each figure keeps the row it
was read from, so a difference can be traced to its place in the source table.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from ..language.assessment import IndicatorRef, Origin
from ..language.model import Level1


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PublishedIndicator(_Frozen):
    """One indicator row: its 分值 and the 得分 the department gave."""

    indicator: IndicatorRef
    weight: Decimal | None = None
    points: Decimal | None = None
    origin: Origin


class PublishedBlock(_Frozen):
    """A level 1's weight as its label prints it (`产出指标(50分)`)."""

    level1: Level1
    points: Decimal
    origin: Origin


class BudgetPart(_Frozen):
    """A 其中 row of the budget block: its label and its 全年预算数, in 元."""

    label: str
    amount: Decimal
    origin: Origin


class PublishedProject(_Frozen):
    """A project's published figures: budget execution, each indicator, the 总分."""

    project: str
    code: str | None = None
    execution_weight: Decimal | None = None  # 分值 of the 年度资金总额 row
    execution_rate: str | None = None  # 执行率 as printed (`95%`, `0.95`)
    execution_points: Decimal | None = None  # 得分 of the 年度资金总额 row
    execution_origin: Origin | None = None
    indicators: tuple[PublishedIndicator, ...] = ()
    total: Decimal | None = None  # the 总分 row
    total_origin: Origin | None = None
    blocks: tuple[PublishedBlock, ...] = ()
    budget: Decimal | None = None  # the total's 全年预算数, in 元
    budget_parts: tuple[BudgetPart, ...] = ()


class PublishedScores(_Frozen):
    """Every project of one imported self-assessment file."""

    path: str
    projects: tuple[PublishedProject, ...] = ()
