"""Weights: stated in the ruleset, or the policy's default split over level 1 (or goal) groups.

Default weights are apportioned in the policy's rounding unit so that they add up exactly.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..i18n import _
from ..language.model import (
    LEVEL1_LABELS,
    Indicator,
    Level1,
    Level2,
)
from ..language.policy import (
    Policy,
    Split,
)
from ..language.values import canonical
from .results import (
    WeightSource,
)
from .targets import ZERO


def group_of(indicator: Indicator, policy: Policy) -> Any:
    return indicator.goal if policy.by_goal else indicator.level1


def group_name(group: Any, policy: Policy) -> str:
    if policy.by_goal:
        return f"目标{group}" if group is not None else _("no goal")
    return LEVEL1_LABELS[group]


def indicator_weights(
    indicators: tuple[Indicator, ...], applicable: list[bool], policy: Policy
) -> tuple[list[Decimal | None], list[WeightSource], list[str | None]]:
    """Each indicator's weight and its source; None with a reason where there is none."""
    weights: list[Decimal | None] = [None] * len(indicators)
    sources = [WeightSource.RULESET] * len(indicators)
    problems: list[str | None] = [None] * len(indicators)
    members: dict[Any, list[int]] = defaultdict(list)
    for i, indicator in enumerate(indicators):
        if indicator.weight is not None:
            weights[i] = indicator.weight
        else:
            sources[i] = WeightSource.POLICY
        members[group_of(indicator, policy)].append(i)
    group_weights = _group_weights(list(members), policy)
    for group, index in members.items():
        unweighted = [i for i in index if weights[i] is None]
        if not unweighted:
            continue
        total = group_weights.get(group)
        if total is None:
            what = (
                _("the indicator names no goal and the policy weighs by goal")
                if policy.by_goal
                else _(
                    "the policy gives level 1 {level1} no weight",
                    level1=group_name(group, policy),
                )
            )
            for i in unweighted:
                problems[i] = what
            continue
        stated = sum((weights[i] or ZERO for i in index if applicable[i] and weights[i]), ZERO)
        remaining = max(ZERO, total - stated)
        sharing = [i for i in unweighted if applicable[i]]
        for i in unweighted:
            weights[i] = ZERO
        if not sharing:
            continue
        for i, share in _split(sharing, indicators, remaining, policy).items():
            weights[i] = share
    return weights, sources, problems


def _group_weights(groups: list[Any], policy: Policy) -> dict[Any, Decimal]:
    if not policy.by_goal:
        return {g: policy.level1[g] for g in groups if g in policy.level1}
    out = {g: policy.goals[g] for g in groups if g is not None and g in policy.goals}
    rest = [g for g in groups if g is not None and g not in policy.goals]
    if rest and policy.goals_total is not None:
        left = max(ZERO, policy.goals_total - sum(out.values(), ZERO))
        for g in rest:
            out[g] = left / len(rest)
    return out


@lru_cache(maxsize=4096)
def _apportion(total: Decimal, count: int, quantum: Decimal) -> tuple[tuple[Decimal, ...], bool]:
    shares = apportion(total, count, quantum)
    return tuple(shares), len(set(shares)) == 1


def apportion(total: Decimal, count: int, quantum: Decimal = Decimal("0.01")) -> list[Decimal]:
    """`total` in `count` equal shares, multiples of `quantum`, that add up to `total` exactly.

    50 over 9 to the hundredth is 5.56 five times and 5.55 four times: the first shares take
    the units left over, so a project that meets every target still
    totals exactly 100. The quantum is the policy's rounding unit: a policy that scores whole
    points splits whole-point weights (50 over 4 is 13, 13, 12, 12).
    """
    units = (total / quantum).to_integral_value(rounding="ROUND_FLOOR")
    base, extra = divmod(int(units), count)
    shares = [Decimal(base + (1 if k < extra else 0)) * quantum for k in range(count)]
    # A total finer than the quantum keeps its exact remainder on the first share.
    shares[0] += total - units * quantum
    return [canonical(share) for share in shares]


def _split(
    sharing: list[int], indicators: tuple[Indicator, ...], total: Decimal, policy: Policy
) -> dict[int, Decimal]:
    """Equal shares of `total`; the left-over units go in a fixed order of the indicators'
    content (level 2, name, target), so reordering a ruleset never changes a score."""

    def key(i: int) -> tuple[int, str, str]:
        indicator = indicators[i]
        return (_LEVEL2_ORDER[indicator.level2], indicator.name, indicator.target.text)

    quantum = policy.rounding.quantum
    if policy.split is Split.INDICATORS:
        shares, equal = _apportion(total, len(sharing), quantum)
        ordered = sharing if equal else sorted(sharing, key=key)
        return dict(zip(ordered, shares, strict=True))
    kinds: dict[Any, list[int]] = defaultdict(list)
    for i in sorted(sharing, key=key):
        kinds[indicators[i].level2].append(i)
    out: dict[int, Decimal] = {}
    groups = [kinds[k] for k in sorted(kinds, key=lambda k: _LEVEL2_ORDER[k])]
    for kind_total, index in zip(apportion(total, len(groups), quantum), groups, strict=True):
        out.update(zip(index, apportion(kind_total, len(index), quantum), strict=True))
    return out


_LEVEL2_ORDER = {kind: n for n, kind in enumerate(Level2)}


def level1_weight(policy: Policy, level1: Level1) -> Decimal | None:
    """The policy's weight of a level 1 (None: the policy gives it none)."""
    return policy.level1.get(level1)
