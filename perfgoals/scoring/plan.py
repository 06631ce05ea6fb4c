"""A project's scoring plan: what depends only on its indicators (targets compiled, groups,
occurrence numbers), built once per indicator tuple and kept in a bounded cache."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..language.model import (
    Indicator,
    Level1,
    Level2,
    Project,
)
from ..language.policy import (
    Policy,
)
from ..language.values import NotApplicable
from .grades import attach_grades
from .targets import (
    compile_target,
)
from .weights import group_of


def occurrence_numbers(indicators: tuple[Indicator, ...]) -> list[int]:
    seen: dict[str, int] = defaultdict(int)
    out = []
    for indicator in indicators:
        seen[indicator.name] += 1
        out.append(seen[indicator.name])
    return out


RefKey = tuple[str, Level1 | None, Level2 | None]


def ref_index(indicators: tuple[Indicator, ...]) -> dict[RefKey, list[int]]:
    """The indicators a reference can name: by name, and by name with either or both levels."""
    index: dict[RefKey, list[int]] = defaultdict(list)
    for i, indicator in enumerate(indicators):
        name, level1, level2 = indicator.name, indicator.level1, indicator.level2
        for key in ((name, None, None), (name, level1, None), (name, None, level2)):
            index[key].append(i)
        index[(name, level1, level2)].append(i)
    return dict(index)


class Plan:
    """What scoring a project needs that depends only on its indicators: built once per
    indicator tuple (a province's projects share a few dozen shapes) and reused."""

    __slots__ = (
        "by_ref",
        "groups",
        "indicators",
        "occurrences",
        "static_na",
        "targets",
        "weights",
    )

    def __init__(
        self,
        indicators: tuple[Indicator, ...],
        policy: Policy,
        year: int | None,
        compiled: dict[Any, Any],
    ) -> None:
        self.indicators = indicators
        self.by_ref = ref_index(indicators)
        self.occurrences = occurrence_numbers(indicators)
        self.targets = []
        targets = kept(compiled, "targets")
        for indicator in indicators:
            # Keyed by the target's value, not its id: a streaming caller's targets are freed
            # and their ids reused, and equal targets compile alike.
            key = (indicator.target, indicator.level2, indicator.nature, indicator.grades)
            target = targets.get(key)
            if target is None:
                if len(targets) >= _TARGETS_KEPT:
                    targets.clear()  # plans hold their own compiled targets
                target = targets[key] = compile_target(indicator, policy, year)
                if indicator.grades:
                    attach_grades(target, indicator, policy, year)
            self.targets.append(target)
        self.groups = [group_of(indicator, policy) for indicator in indicators]
        self.static_na = [
            i.not_applicable or isinstance(i.target, NotApplicable) for i in indicators
        ]
        self.weights: dict[tuple[bool, ...], Any] = {}


# Kept per cache dict, so that a streaming caller's memory stays bounded.
_PLANS_KEPT = 4096
_TARGETS_KEPT = 65536


def kept(cache: dict[Any, Any], kind: str) -> dict[Any, Any]:
    """The part of a caller's cache that keeps one kind of thing (targets, outcomes)."""
    part: dict[Any, Any] | None = cache.get((kind,))
    if part is None:
        part = cache[(kind,)] = {}
    return part


def plan_for(project: Project, policy: Policy, year: int | None, compiled: dict[Any, Any]) -> Plan:
    indicators = project.indicators
    key = ("plan", id(indicators))
    plan = compiled.get(key)
    # The identity check guards against an id reused by a tuple freed since.
    if plan is None or plan.indicators is not indicators:
        plans = compiled.setdefault(("plans",), [])
        if len(plans) >= _PLANS_KEPT:
            for old in plans:
                compiled.pop(old, None)
            plans.clear()
        plans.append(key)
        plan = compiled[key] = Plan(indicators, policy, year, compiled)
    return plan
