"""Monitoring profiles (监控规则): the traffic-light rules one jurisdiction monitors by.

A profile is data, like a scoring policy: the bands that colour budget execution and indicator
progress, which indicators are pro-rated by the month, the colours of qualitative ratings and
deadlines, checkpoints and gaps, which colours need a deviation explanation and the order in
which colours roll up. The monitoring engine (perfgoals.monitoring) hard-codes none of it.
Profiles are written as `profile "NAME" { … }` blocks (docs/monitoring.md); the shipped ones
live in rulesets/profiles/.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from .assessment import Tier
from .errors import NO_SPAN, Span
from .model import Level2
from .progress import Likelihood
from .units import Dimension
from .values import Op


class Colour(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"  # over-completion, to be explained too
    PENDING = "pending"  # a deadline not yet due
    NOT_APPLICABLE = "not_applicable"
    NO_DATA = "no_data"


# The word printed beside each colour, for readers who cannot tell colours apart.
COLOUR_WORDS: dict[Colour, str] = {
    Colour.RED: "红",
    Colour.YELLOW: "黄",
    Colour.GREEN: "绿",
    Colour.BLUE: "蓝",
    Colour.PENDING: "未到期",
    Colour.NOT_APPLICABLE: "不适用",
    Colour.NO_DATA: "未填报",
}


class BudgetRule(StrEnum):
    TIME_PROPORTIONAL = "time_proportional"  # (executed / budget) ÷ (month / 12) × 100
    CHECKPOINT = "checkpoint"  # executed / budget × 100 against the latest checkpoint


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ColourBand(_Frozen):
    """A colour for values from low to high (percent points); high None is unbounded."""

    colour: Colour
    low: Decimal
    high: Decimal | None
    low_inclusive: bool = True
    high_inclusive: bool = False

    def text(self) -> str:
        opening = "[" if self.low_inclusive else "("
        if self.high is None:
            return f"{opening}{self.low:f}, ∞)"
        closing = "]" if self.high_inclusive else ")"
        return f"{opening}{self.low:f}, {self.high:f}{closing}"


def _bands(*edges: tuple[Colour, int, int | None]) -> tuple[ColourBand, ...]:
    return tuple(
        ColourBand(colour=c, low=Decimal(lo), high=None if hi is None else Decimal(hi))
        for c, lo, hi in edges
    )


class Checkpoint(_Frozen):
    """By the end of `month`, at least `minimum` percent of the budget executed."""

    month: int
    minimum: Decimal


DEFAULT_ORDER: tuple[Colour, ...] = (
    Colour.RED,
    Colour.YELLOW,
    Colour.NO_DATA,
    Colour.BLUE,
    Colour.PENDING,
    Colour.GREEN,
    Colour.NOT_APPLICABLE,
)


class Profile(_Frozen):
    """A monitoring profile. The defaults are the time-proportional rules of the deployed
    provincial systems (see rulesets/profiles/time-proportional.perf)."""

    name: str
    title: str | None = None
    source: str | None = None
    budget_rule: BudgetRule = BudgetRule.TIME_PROPORTIONAL
    budget_bands: tuple[ColourBand, ...] = _bands(
        (Colour.RED, 0, 60), (Colour.YELLOW, 60, 80), (Colour.GREEN, 80, None)
    )
    checkpoints: tuple[Checkpoint, ...] = ()
    below_checkpoint: Colour = Colour.RED
    positive_bands: tuple[ColourBand, ...] = _bands(
        (Colour.RED, 0, 60),
        (Colour.YELLOW, 60, 80),
        (Colour.GREEN, 80, 120),
        (Colour.BLUE, 120, None),
    )
    within: Colour = Colour.GREEN  # a reverse (≤) indicator within its target
    over: Colour = Colour.RED  # … and over it
    zero_met: Colour = Colour.GREEN  # a target of 0, the current value 0
    zero_missed: Colour = Colour.RED
    tiers: dict[Tier, Colour] = {
        Tier.MET: Colour.GREEN,
        Tier.PARTLY_MET: Colour.YELLOW,
        Tier.NOT_MET: Colour.RED,
    }
    unrated: Colour = Colour.NO_DATA  # a qualitative indicator with no rating
    before_deadline: Colour = Colour.PENDING
    done: Colour = Colour.GREEN
    overdue: Colour = Colour.RED
    prorate_dimensions: dict[Dimension, bool] = {
        Dimension.MONEY: True,
        Dimension.COUNT: True,
        Dimension.NUMBER: True,
        Dimension.LENGTH: True,
        Dimension.AREA: True,
        Dimension.MASS: True,
        Dimension.VOLUME: True,
        Dimension.PERCENT: False,
        Dimension.RATE: False,
        Dimension.DURATION: False,
        Dimension.PERIOD: False,
    }
    prorate_level2: dict[Level2, bool] = {}  # overrides the dimension's setting
    reading: dict[Level2, Op] = {kind: "<=" for kind in Level2 if kind.is_cost}
    default_reading: Op = ">="
    gap: Decimal | None = None  # points between goal completion and budget execution
    gap_colour: Colour = Colour.YELLOW
    likelihood: dict[Likelihood, Colour] = {}
    explain: frozenset[Colour] = frozenset({Colour.RED, Colour.YELLOW, Colour.BLUE})
    explain_budget: bool = True
    order: tuple[Colour, ...] = DEFAULT_ORDER
    comments: tuple[str, ...] = ()
    span: Span = NO_SPAN

    def prorates(self, level2: Level2, dimension: Dimension | None) -> bool:
        """Whether a quantitative target of this kind is pro-rated by month / 12."""
        stated = self.prorate_level2.get(level2)
        if stated is not None:
            return stated
        if dimension is None:
            return False
        return self.prorate_dimensions.get(dimension, False)

    def checkpoint_at(self, month: int) -> Checkpoint | None:
        """The latest checkpoint at or before the month."""
        found = None
        for checkpoint in self.checkpoints:
            if checkpoint.month <= month and (found is None or checkpoint.month > found.month):
                found = checkpoint
        return found


TIME_PROPORTIONAL = Profile(name="time-proportional")
