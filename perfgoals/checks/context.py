"""What a rule sees: one parsed ruleset file, its source lines and the checker's settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from ..language.budget import Budget
from ..language.model import Indicator, Project, Ruleset
from .mentions import Mention, mentions


@dataclass(frozen=True)
class Settings:
    """Rule settings a project configuration may change (see docs/checks.md)."""

    # Indicator weights of a project must add up to one of these: 100 when the indicators carry
    # all points, 90 when the central 10 points for budget execution are kept apart.
    weight_totals: tuple[Decimal, ...] = (Decimal(90), Decimal(100))
    # The central split of the indicator points by level 1 when they add up to 90.
    level1_weights: dict[str, Decimal] = field(
        default_factory=lambda: {
            "output": Decimal(50),
            "benefit": Decimal(30),
            "satisfaction": Decimal(10),
        }
    )


@dataclass
class CheckedFile:
    path: str
    text: str
    ruleset: Ruleset
    settings: Settings = field(default_factory=Settings)
    budget: Budget | None = None  # the budget tables, when the input holds them

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    @property
    def year(self) -> int | None:
        return self.ruleset.year

    def indicators(self) -> list[tuple[Project, Indicator]]:
        return [(p, i) for p in self.ruleset.projects for i in p.indicators]

    def description_mentions(self, indicator: Indicator) -> tuple[Mention, ...]:
        return mentions(indicator.description or "")
