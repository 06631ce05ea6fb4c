"""Score stage: a ruleset, the year's actuals and a policy → every project's score out of 100.

`score` is the public entry point. It matches actuals to indicators (by project code or name,
then by indicator name, levels and occurrence), works out weights (stated, or the policy's
default split), scores each indicator by the policy's formula for its kind of target, scores
budget execution, and totals per level 1 (or goal), per project and per department.

Data problems never raise: an unknown indicator, a duplicate actual or an ambiguous name is a
`Problem`; a unit mismatch or an unreadable actual is an indicator with status `error`; a
missing actual scores 0 with status `no_data`. All arithmetic is Decimal; rounding happens only
where the policy says.

Modules: `targets` (a target compiled under the policy, the formula for each kind),
`weights` (stated or default weights), `matching` (actuals to projects and indicators) and
`engine` (execution, totals, grades, the whole assessment).

Each distinct target is compiled once into a `Target` (published rulesets repeat the same few
dozen targets, and parse_value shares their objects); each distinct outcome (compiled target,
actual value, tier, points, weight) is worked out once, since a province's actuals repeat too;
and the per-indicator path uses plain tuples and slotted dataclasses so that millions of
indicators score quickly.
"""

from .engine import (
    REASON_ADJUSTED,
    REASON_BELOW_MET,
    REASON_BELOW_WEIGHT,
    REASON_EXECUTION,
    REASON_NO_DATA,
    REASON_OVER_TARGET,
    score,
    score_project,
)
from .targets import score_indicator
from .weights import apportion, level1_weight

__all__ = [
    "REASON_ADJUSTED",
    "REASON_BELOW_MET",
    "REASON_BELOW_WEIGHT",
    "REASON_EXECUTION",
    "REASON_NO_DATA",
    "REASON_OVER_TARGET",
    "apportion",
    "level1_weight",
    "score",
    "score_indicator",
    "score_project",
]
