"""Report stage: the department's overview of a scoring, one line per project.

What the 汇总 sheet and the HTML report both show: score, grade, execution rate, the points
lost and where, and the explanations that are required but missing. Points lost are counted
against the applicable weight (an indicator that does not apply loses nothing).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS
from ..scoring.results import AssessmentResult, ProjectResult, Status

ZERO = Decimal(0)
EXECUTION_LABEL = "预算执行率"


@dataclass(frozen=True)
class Loss:
    label: str  # 二级指标·三级指标, or 预算执行率
    points: Decimal


@dataclass(frozen=True)
class ProjectLine:
    index: int  # 1-based, as the sheets are numbered
    name: str
    code: str | None
    budget: Decimal | None  # 元
    executed: Decimal | None  # 元
    rate: Decimal | None  # percent
    score: Decimal
    grade: str
    lost: Decimal
    losses: tuple[Loss, ...]
    missing: tuple[str, ...]  # what needs an explanation and has none

    @property
    def where_lost(self) -> str:
        return "；".join(f"{loss.label} −{loss.points}" for loss in self.losses)


def project_losses(project: ProjectResult) -> list[Loss]:
    losses: list[Loss] = []
    e = project.execution
    if e.points < e.weight:
        losses.append(Loss(EXECUTION_LABEL, e.weight - e.points))
    for i in project.indicators:
        if i.status is not Status.NOT_APPLICABLE and i.points < i.weight:
            losses.append(Loss(f"{LEVEL2_LABELS[i.level2]}·{i.name}", i.weight - i.points))
    return losses


def project_line(index: int, project: ProjectResult) -> ProjectLine:
    losses = project_losses(project)
    missing = [EXECUTION_LABEL] if project.execution.explanation_missing else []
    missing += [i.name for i in project.indicators if i.explanation_missing]
    e = project.execution
    return ProjectLine(
        index=index,
        name=project.name,
        code=project.code,
        budget=e.budget,
        executed=e.executed,
        rate=e.rate,
        score=project.score,
        grade=project.grade,
        lost=sum((loss.points for loss in losses), ZERO),
        losses=tuple(losses),
        missing=tuple(missing),
    )


def project_lines(result: AssessmentResult) -> list[ProjectLine]:
    return [project_line(n, p) for n, p in enumerate(result.projects, start=1)]


def losses_by_kind(result: AssessmentResult) -> dict[str, Decimal]:
    """Points lost over the department, by indicator kind (一级·二级) and budget execution."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for project in result.projects:
        e = project.execution
        if e.points < e.weight:
            totals[EXECUTION_LABEL] += e.weight - e.points
        for i in project.indicators:
            if i.status is not Status.NOT_APPLICABLE and i.points < i.weight:
                totals[f"{LEVEL1_LABELS[i.level1]}·{LEVEL2_LABELS[i.level2]}"] += (
                    i.weight - i.points
                )
    return dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))


def status_counts(project: ProjectResult) -> dict[Status, int]:
    counts: dict[Status, int] = defaultdict(int)
    for i in project.indicators:
        counts[i.status] += 1
    return counts


def completion_text(project: ProjectResult) -> str:
    """实际完成情况 where the actuals give no words: what the scoring found, in one line."""
    counts = status_counts(project)
    parts = [
        f"{label} {counts[status]} 项"
        for status, label in (
            (Status.MET, "达成"),
            (Status.PARTLY_MET, "部分达成"),
            (Status.MISSED, "未达成"),
            (Status.NOT_APPLICABLE, "不适用"),
            (Status.NO_DATA, "无数据"),
            (Status.ERROR, "无法评分"),
        )
        if counts[status]
    ]
    rate = project.execution.rate
    executed = f"预算执行率 {rate}%；" if rate is not None else ""
    return f"{executed}年度指标 {len(project.indicators)} 项：{'，'.join(parts) or '无'}。"
