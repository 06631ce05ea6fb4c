"""Monitoring results: a colour per budget, indicator, goal and project, with its formula.

Slotted dataclasses, since the engine makes one per indicator of a province's July report;
`to_json_dict` gives the documented JSON contract (docs/monitoring.md), decimals as strings.
A formula is kept as a template and its numbers and rendered only when asked for.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..language.assessment import Origin
from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS, Level1, Level2
from ..language.profile import Colour
from ..language.progress import Cause, Likelihood

# The same problem record and number text as a score: reports import them from here too.
from ..scoring.results import Problem as Problem
from ..scoring.results import number_text as number_text


def _render(template: str, args: tuple[Any, ...]) -> str:
    return template.format(*(number_text(a) if isinstance(a, Decimal) else a for a in args))


@dataclass(slots=True)
class IndicatorMonitor:
    """One indicator's colour and why."""

    level1: Level1
    level2: Level2
    name: str
    occurrence: int
    goal: int | None
    target: str
    current: str | None
    expected_to_date: Decimal | None  # in the target's unit
    unit: str
    value: Decimal | None  # percent points, truncated to two places for display
    colour: Colour
    template: str
    args: tuple[Any, ...]
    needs_explanation: bool
    explanation: str | None = None
    cause: Cause | None = None
    likelihood: Likelihood | None = None
    forecast: str | None = None
    note: str | None = None
    origin: Origin | None = None

    @property
    def formula(self) -> str:
        return _render(self.template, self.args)

    @property
    def missing_explanation(self) -> bool:
        return self.needs_explanation and not self.explanation

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "level1": self.level1.value,
            "level2": self.level2.value,
            "level1_label": LEVEL1_LABELS[self.level1],
            "level2_label": LEVEL2_LABELS[self.level2],
            "occurrence": self.occurrence,
            "goal": self.goal,
            "target": self.target,
            "current": self.current,
            "expected_to_date": (
                None
                if self.expected_to_date is None
                else f"{number_text(self.expected_to_date)}{self.unit}"
            ),
            "value": number_text(self.value),
            "colour": self.colour.value,
            "formula": self.formula,
            "needs_explanation": self.needs_explanation,
            "explanation": self.explanation,
            "missing_explanation": self.missing_explanation,
            "cause": None if self.cause is None else self.cause.value,
            "likelihood": None if self.likelihood is None else self.likelihood.value,
            "forecast": self.forecast,
            "note": self.note,
            "origin": None if self.origin is None else self.origin.describe(),
        }


@dataclass(slots=True)
class BudgetMonitor:
    """Budget execution to date against time or against a checkpoint."""

    budget: Decimal | None  # 元
    executed: Decimal | None
    forecast: Decimal | None
    rate: Decimal | None  # executed / budget × 100
    value: Decimal | None  # the number the colour was read from
    colour: Colour
    template: str
    args: tuple[Any, ...]
    needs_explanation: bool
    explanation: str | None = None

    @property
    def formula(self) -> str:
        return _render(self.template, self.args)

    @property
    def missing_explanation(self) -> bool:
        return self.needs_explanation and not self.explanation

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "budget": number_text(self.budget),
            "executed": number_text(self.executed),
            "forecast": number_text(self.forecast),
            "rate": number_text(self.rate),
            "value": number_text(self.value),
            "colour": self.colour.value,
            "formula": self.formula,
            "needs_explanation": self.needs_explanation,
            "explanation": self.explanation,
            "missing_explanation": self.missing_explanation,
        }


@dataclass(slots=True)
class GoalMonitor:
    """A goal: the worst colour of its indicators."""

    number: int | None
    text: str | None
    colour: Colour
    indicators: int

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "colour": self.colour.value,
            "indicators": self.indicators,
        }


@dataclass(slots=True)
class Check:
    """A project-level rule besides the roll-up (the gap between completion and execution)."""

    rule: str
    colour: Colour
    formula: str

    def to_json_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "colour": self.colour.value, "formula": self.formula}


@dataclass(slots=True)
class ProjectMonitor:
    name: str
    code: str | None
    colour: Colour
    budget: BudgetMonitor
    goals: list[GoalMonitor]
    indicators: list[IndicatorMonitor]
    checks: list[Check] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.name} [{self.code}]" if self.code else self.name

    @property
    def missing_explanations(self) -> int:
        return sum(1 for i in self.indicators if i.missing_explanation) + (
            1 if self.budget.missing_explanation else 0
        )

    @property
    def needs_explanations(self) -> int:
        return sum(1 for i in self.indicators if i.needs_explanation) + (
            1 if self.budget.needs_explanation else 0
        )

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "code": self.code,
            "colour": self.colour.value,
            "budget": self.budget.to_json_dict(),
            "goals": [g.to_json_dict() for g in self.goals],
            "indicators": [i.to_json_dict() for i in self.indicators],
            "checks": [c.to_json_dict() for c in self.checks],
        }


@dataclass(slots=True)
class MonitoringResult:
    month: int
    as_of: str | None  # ISO date; None where no year is stated
    year: int | None
    department: str | None
    profile: str
    projects: list[ProjectMonitor]
    problems: list[Problem]

    @property
    def has_red(self) -> bool:
        return any(
            p.colour is Colour.RED or any(i.colour is Colour.RED for i in p.indicators)
            for p in self.projects
        )

    @property
    def missing_explanations(self) -> int:
        return sum(p.missing_explanations for p in self.projects)

    @property
    def has_findings(self) -> bool:
        """Exit 1: something red, an explanation missing, or progress that was not used."""
        return self.has_red or self.missing_explanations > 0 or bool(self.problems)

    def summary(self) -> dict[str, Any]:
        projects = Counter(p.colour.value for p in self.projects)
        indicators = Counter(i.colour.value for p in self.projects for i in p.indicators)
        return {
            "projects": len(self.projects),
            "project_colours": {c.value: projects.get(c.value, 0) for c in Colour},
            "indicator_colours": {c.value: indicators.get(c.value, 0) for c in Colour},
            "needs_explanation": sum(p.needs_explanations for p in self.projects),
            "missing_explanation": self.missing_explanations,
            "problems": len(self.problems),
        }

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "as_of": self.as_of,
            "year": self.year,
            "department": self.department,
            "profile": self.profile,
            "summary": self.summary(),
            "problems": [p.to_json_dict() for p in self.problems],
            "projects": [p.to_json_dict() for p in self.projects],
        }
