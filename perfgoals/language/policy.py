"""Scoring policies (评分办法): the rules one jurisdiction scores a self-assessment by.

A policy is data: weights, the formula chosen for each kind of target, tiers, grades, rounding
and the conditions that require a deviation explanation. The engine (perfgoals.scoring) reads it and
hard-codes none of these choices. Policies are written as `policy "NAME" { … }` blocks (see
docs/scoring.md); the shipped ones live in rulesets/policies/.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from .assessment import Tier
from .errors import NO_SPAN, Span
from .model import Level1, Level2
from .values import Op


class Split(StrEnum):
    """How a level-1 (or goal) weight is shared when the ruleset gives indicators none."""

    INDICATORS = "indicators"  # equally over the applicable level-3 indicators
    LEVEL2 = "level2"  # equally over the level-2 kinds present, then over their indicators


class PositiveRule(StrEnum):
    RATIO = "ratio"  # actual / target × weight
    ALL_OR_NOTHING = "all_or_nothing"


class ReverseRule(StrEnum):
    RATIO = "ratio"  # target / actual × weight
    LINEAR = "linear"  # (1 − (actual − target) / target) × weight, 0 at twice the target
    ALL_OR_NOTHING = "all_or_nothing"


class EqualRule(StrEnum):
    POSITIVE = "positive"  # scored like ≥
    EXACT = "exact"  # full points only for the exact value


class StrictRule(StrEnum):
    INCLUSIVE = "inclusive"  # `>` scored like `≥`, `<` like `≤`
    ALL_OR_NOTHING = "all_or_nothing"  # the bound must be passed; otherwise 0


class RangeRule(StrEnum):
    NEAREST_END = "nearest_end"  # below: positive against low; above: reverse against high
    ALL_OR_NOTHING = "all_or_nothing"


class LatenessRule(StrEnum):
    PROPORTIONAL = "proportional"  # weight × max(0, 1 − d / D)
    ALL_OR_NOTHING = "all_or_nothing"


class NotApplicableRule(StrEnum):
    RESCALE = "rescale"  # drop the weight; score = earned ÷ applicable maximum × 100
    FULL_POINTS = "full_points"  # the indicator keeps its weight and earns it


class RoundingMode(StrEnum):
    HALF_UP = "half_up"
    HALF_EVEN = "half_even"

    @property
    def decimal_rounding(self) -> str:
        return ROUND_HALF_UP if self is RoundingMode.HALF_UP else ROUND_HALF_EVEN


class RoundingScope(StrEnum):
    INDICATOR = "indicator"  # every indicator's points (and execution points), then the totals
    TOTAL = "total"  # exact points throughout; only subtotals and totals are rounded


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Band(_Frozen):
    """A share of the weight, [low, high] or [low, high): fractions of 1."""

    low: Decimal
    high: Decimal
    high_inclusive: bool

    def contains(self, share: Decimal) -> bool:
        if share < self.low:
            return False
        return share <= self.high if self.high_inclusive else share < self.high

    def text(self) -> str:
        close = "]" if self.high_inclusive else ")"
        return f"[{percent_text(self.low)}, {percent_text(self.high)}{close}"


def percent_text(share: Decimal) -> str:
    value = (share * 100).normalize()
    return f"{value:f}%"


class TierRule(_Frozen):
    """A qualitative tier: its band of the weight and the share given when no points are."""

    band: Band
    default: Decimal


class Rounding(_Frozen):
    places: int = 2
    mode: RoundingMode = RoundingMode.HALF_UP
    scope: RoundingScope = RoundingScope.INDICATOR

    @property
    def quantum(self) -> Decimal:
        return _quantum(self.places)

    def apply(self, number: Decimal) -> Decimal:
        return number.quantize(self.quantum, rounding=self.mode.decimal_rounding)


class Grade(_Frozen):
    """A grade and the lowest score that earns it."""

    name: str
    minimum: Decimal


class Explain(_Frozen):
    """When a deviation explanation (偏差原因分析) is required; None switches a check off."""

    below_weight: bool = True
    below_met: bool = True
    over_target: Decimal | None = Decimal("1.3")  # actual ≥ this × target
    execution_below: Decimal | None = Decimal("0.9")  # execution rate < this
    budget_adjusted: bool = True


def default_tiers() -> dict[Tier, TierRule]:
    return {
        Tier.MET: TierRule(
            band=Band(low=Decimal("0.8"), high=Decimal(1), high_inclusive=True), default=Decimal(1)
        ),
        Tier.PARTLY_MET: TierRule(
            band=Band(low=Decimal("0.6"), high=Decimal("0.8"), high_inclusive=False),
            default=Decimal("0.6"),
        ),
        Tier.NOT_MET: TierRule(
            band=Band(low=Decimal(0), high=Decimal("0.6"), high_inclusive=False), default=Decimal(0)
        ),
    }


def _default_grades() -> tuple[Grade, ...]:
    return (
        Grade(name="优", minimum=Decimal(90)),
        Grade(name="良", minimum=Decimal(80)),
        Grade(name="中", minimum=Decimal(60)),
        Grade(name="差", minimum=Decimal(0)),
    )


def _default_level1() -> dict[Level1, Decimal]:
    return {
        Level1.OUTPUT: Decimal(50),
        Level1.BENEFIT: Decimal(30),
        Level1.SATISFACTION: Decimal(10),
    }


class Policy(_Frozen):
    """A scoring policy. The defaults are the central one (财预〔2020〕10号 and its template)."""

    name: str
    title: str | None = None
    execution: Decimal = Decimal(10)
    level1: dict[Level1, Decimal] = _default_level1()
    # Hubei layout: weights by project goal instead of by level 1. `goals_total` is shared
    # equally by the goals a project's indicators name, unless `goals` gives a goal its own.
    goals: dict[int, Decimal] = {}
    goals_total: Decimal | None = None
    split: Split = Split.INDICATORS
    reading: dict[Level2, Op] = {kind: "<=" for kind in Level2 if kind.is_cost}
    default_reading: Op = ">="
    positive: PositiveRule = PositiveRule.RATIO
    reverse: ReverseRule = ReverseRule.RATIO
    equal: EqualRule = EqualRule.POSITIVE
    strict: StrictRule = StrictRule.INCLUSIVE
    range: RangeRule = RangeRule.NEAREST_END
    deadline: LatenessRule = LatenessRule.PROPORTIONAL
    duration: LatenessRule = LatenessRule.PROPORTIONAL
    tiers: dict[Tier, TierRule] = default_tiers()
    not_applicable: NotApplicableRule = NotApplicableRule.RESCALE
    rounding: Rounding = Rounding()
    grades: tuple[Grade, ...] = _default_grades()
    explain: Explain = Explain()
    comments: tuple[str, ...] = ()
    span: Span = NO_SPAN

    @property
    def by_goal(self) -> bool:
        return bool(self.goals) or self.goals_total is not None

    def reading_of(self, level2: Level2) -> Op:
        """How a target with no comparator is read for this level-2 kind."""
        return self.reading.get(level2, self.default_reading)

    def grade_of(self, score: Decimal) -> str:
        for grade in _high_first(self.grades):
            if score >= grade.minimum:
                return grade.name
        return self.grades[-1].name if self.grades else ""


# Module-level caches, not cached properties: model_copy would carry a cached value over to a
# copy whose fields differ.
_HIGH_FIRST: dict[int, tuple[tuple[Grade, ...], tuple[Grade, ...]]] = {}


def _high_first(grades: tuple[Grade, ...]) -> tuple[Grade, ...]:
    # By the tuple's identity: hashing the grades would cost more than the rest of grade_of
    # (it runs once per project). An entry keeps its tuple alive, so the id is never reused.
    kept = _HIGH_FIRST.get(id(grades))
    if kept is None:
        if len(_HIGH_FIRST) >= 64:
            _HIGH_FIRST.clear()
        ordered = tuple(sorted(grades, key=lambda g: g.minimum, reverse=True))
        kept = _HIGH_FIRST[id(grades)] = (grades, ordered)
    return kept[1]


@lru_cache(maxsize=64)
def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


CENTRAL = Policy(name="central")
