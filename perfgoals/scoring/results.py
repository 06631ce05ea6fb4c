"""Scoring results: what the engine returns, per indicator, per project and per department.

Plain slotted dataclasses, since the engine builds one per indicator in its hot loop (a
province has millions); `to_json_dict` turns them into the documented JSON contract with
decimals as strings. The formula of a result is kept as a template and its numbers and is
rendered to text only when asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any

from ..i18n import N_, _
from ..language.assessment import Origin
from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS, Level1, Level2

# The problem reported for a project of the ruleset that the actuals do not name.
# The problem of a project no actual names; messages carry it in the run's language.
NO_ACTUALS = N_("no actuals for this project: every indicator has no data")


class Status(StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    MISSED = "missed"
    NOT_APPLICABLE = "not_applicable"
    NO_DATA = "no_data"
    ERROR = "error"


class WeightSource(StrEnum):
    RULESET = "ruleset"  # the indicator states its weight
    POLICY = "policy"  # the policy's default split


def number_text(number: Decimal | None) -> str | None:
    """A decimal as the JSON contract writes it: a string in plain notation."""
    if number is None:
        return None
    return format(number, "f")


@lru_cache(maxsize=1024)
def indexed(text: str, names: tuple[str, ...], **fixed: str) -> str:
    """A formula sentence with named numbers as the positional template a result keeps.

    Each of `names` becomes the index of its argument (`{actual}` → `{0}`), so a translation
    may put the numbers in any order; `fixed` (a comparator symbol) is written in.
    """
    return text.format(**fixed, **{name: f"{{{i}}}" for i, name in enumerate(names)})


@dataclass(slots=True)
class IndicatorResult:
    """One indicator's score and the reason for it."""

    level1: Level1
    level2: Level2
    name: str
    occurrence: int  # 1-based among same-named indicators of the project
    goal: int | None
    target: str
    actual: str | None  # as written in the actuals
    normalised: str | None  # the actual in the target's unit, where it differs
    weight: Decimal
    weight_source: WeightSource
    points: Decimal
    status: Status
    formula_template: str
    formula_args: tuple[Any, ...]
    reasons: tuple[str, ...] = ()  # why an explanation is required; empty if none is
    explanation: str | None = None
    tier: str | None = None
    message: str | None = None  # what went wrong, for status error and no_data
    origin: Origin | None = None

    @property
    def formula(self) -> str:
        """The formula applied, with its numbers."""
        args = tuple(number_text(a) if isinstance(a, Decimal) else a for a in self.formula_args)
        return self.formula_template.format(*args)

    @property
    def needs_explanation(self) -> bool:
        return bool(self.reasons)

    @property
    def explanation_missing(self) -> bool:
        return bool(self.reasons) and not self.explanation

    def to_json_dict(self) -> dict[str, Any]:
        return {
            # The same names as the ruleset export, so the two join; the labels are for people.
            "level1": self.level1.value,
            "level2": self.level2.value,
            "level1_label": LEVEL1_LABELS[self.level1],
            "level2_label": LEVEL2_LABELS[self.level2],
            "name": self.name,
            "occurrence": self.occurrence,
            "goal": self.goal,
            "target": self.target,
            "actual": self.actual,
            "normalised": self.normalised,
            "weight": number_text(self.weight),
            "weight_source": self.weight_source.value,
            "points": number_text(self.points),
            "status": self.status.value,
            "tier": self.tier,
            "formula": self.formula,
            "needs_explanation": self.needs_explanation,
            "reasons": list(self.reasons),
            "explanation": self.explanation,
            "message": self.message,
            "origin": self.origin.describe() if self.origin and self.origin.line else None,
        }


@dataclass(slots=True)
class ExecutionResult:
    """预算执行率: rate = executed ÷ adjusted budget; points = min(rate, 1) × weight."""

    budget: Decimal | None  # 全年预算数 (A), 元
    initial_budget: Decimal | None  # 年初预算数, 元
    executed: Decimal | None  # 全年执行数 (B), 元
    rate: Decimal | None  # percent
    weight: Decimal
    points: Decimal
    status: Status
    formula: str
    reasons: tuple[str, ...] = ()
    explanation: str | None = None

    @property
    def needs_explanation(self) -> bool:
        return bool(self.reasons)

    @property
    def explanation_missing(self) -> bool:
        return bool(self.reasons) and not self.explanation

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "budget": number_text(self.budget),
            "initial_budget": number_text(self.initial_budget),
            "executed": number_text(self.executed),
            "rate": number_text(self.rate),
            "weight": number_text(self.weight),
            "points": number_text(self.points),
            "status": self.status.value,
            "formula": self.formula,
            "needs_explanation": self.needs_explanation,
            "reasons": list(self.reasons),
            "explanation": self.explanation,
        }


@dataclass(slots=True)
class GroupResult:
    """A level-1 subtotal (or, under a by-goal policy, a goal's)."""

    name: str
    weight: Decimal  # the applicable maximum
    points: Decimal

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "weight": number_text(self.weight),
            "points": number_text(self.points),
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem with the actuals that is not one indicator's score: reported, never dropped."""

    message: str
    project: str | None = None
    origin: Origin | None = None

    def describe(self) -> str:
        where = f"{self.origin.describe()}: " if self.origin and self.origin.line else ""
        project = f"[{self.project}] " if self.project else ""
        return f"{where}{project}{self.message}"

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "project": self.project,
            "origin": self.origin.describe() if self.origin else None,
        }


@dataclass(slots=True)
class ProjectResult:
    name: str
    code: str | None
    execution: ExecutionResult
    indicators: list[IndicatorResult]
    groups: list[GroupResult]
    earned: Decimal  # points earned, before rescaling
    maximum: Decimal  # applicable maximum
    score: Decimal  # out of 100
    grade: str
    explanation: str | None = None

    @property
    def key(self) -> str:
        return f"{self.name} [{self.code}]" if self.code else self.name

    @property
    def unscored(self) -> int:
        """Indicators (and the execution rate) that could not be scored: status error."""
        count = sum(1 for i in self.indicators if i.status is Status.ERROR)
        return count + (self.execution.status is Status.ERROR)

    @property
    def complete(self) -> bool:
        """Whether the score stands for the whole project; an incomplete one is no valid score."""
        return not self.unscored

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "code": self.code,
            "score": number_text(self.score),
            "grade": self.grade,
            "complete": self.complete,
            "unscored": self.unscored,
            "earned": number_text(self.earned),
            "maximum": number_text(self.maximum),
            "execution": self.execution.to_json_dict(),
            "groups": [g.to_json_dict() for g in self.groups],
            "indicators": [i.to_json_dict() for i in self.indicators],
        }


@dataclass(slots=True)
class Summary:
    """The department's overview."""

    projects: int
    mean_score: Decimal | None
    grades: dict[str, int]
    statuses: dict[str, int]
    explanations_required: int
    explanations_missing: int
    problems: int
    # Projects with an indicator that could not be scored: left out of the mean and the grades.
    incomplete: int = 0
    unscored: int = 0  # indicators (and execution rates) with status error
    unscored_reason: str | None = None  # the commonest reason, for the one-line summary

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "projects": self.projects,
            "mean_score": number_text(self.mean_score),
            "grades": dict(self.grades),
            "statuses": dict(self.statuses),
            "explanations_required": self.explanations_required,
            "explanations_missing": self.explanations_missing,
            "problems": self.problems,
            "incomplete": self.incomplete,
            "unscored": self.unscored,
            "unscored_reason": self.unscored_reason,
        }


@dataclass(slots=True)
class AssessmentResult:
    """Every project's score, the problems found in the actuals, and a summary."""

    policy: str
    year: int | None
    department: str | None
    projects: list[ProjectResult]
    problems: list[Problem] = field(default_factory=list)
    summary: Summary | None = None

    @property
    def explanations_missing(self) -> int:
        count = 0
        for project in self.projects:
            count += project.execution.explanation_missing
            count += sum(1 for i in project.indicators if i.explanation_missing)
        return count

    @property
    def has_findings(self) -> bool:
        """An explanation is required but missing, or an actual could not be used."""
        if self.problems or self.explanations_missing:
            return True
        return any(i.status is Status.ERROR for p in self.projects for i in p.indicators)

    @property
    def unmatched_projects(self) -> int:
        """Projects of the ruleset that no actuals named."""
        return sum(1 for p in self.problems if p.message == _(NO_ACTUALS))

    @property
    def nothing_scored(self) -> bool:
        """Every indicator that applies could not be scored: the policy or input does not fit."""
        scored = (Status.MET, Status.PARTLY_MET, Status.MISSED)
        indicators = [i for p in self.projects for i in p.indicators]
        return any(i.status is Status.ERROR for i in indicators) and not any(
            i.status in scored for i in indicators
        )

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "year": self.year,
            "department": self.department,
            "summary": self.summary.to_json_dict() if self.summary else None,
            "problems": [p.to_json_dict() for p in self.problems],
            "projects": [p.to_json_dict() for p in self.projects],
        }
