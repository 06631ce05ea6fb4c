"""Score stage: a ruleset, the year's actuals and a policy → every project's score out of 100.

`score` is the public entry point. It matches actuals to indicators (by project code or name,
then by indicator name, levels and occurrence), works out weights (stated, or the policy's
default split), scores each indicator by the policy's formula for its kind of target, scores
budget execution, and totals per level 1 (or goal), per project and per department.

Data problems never raise: an unknown indicator, a duplicate actual or an ambiguous name is a
`Problem`; a unit mismatch or an unreadable actual is an indicator with status `error`; a
missing actual scores 0 with status `no_data`. All arithmetic is Decimal; rounding happens only
where the policy says.

Each distinct target is compiled once into a `_Target` (published rulesets repeat the same few
dozen targets, and parse_value shares their objects); each distinct outcome (compiled target,
actual value, tier, points, weight) is worked out once, since a province's actuals repeat too;
and the per-indicator path uses plain tuples and slotted dataclasses so that millions of
indicators score quickly.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .assessment import Actual, Assessment, ProjectActuals, Tier
from .model import (
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    Indicator,
    Level1,
    Level2,
    Nature,
    Project,
    Ruleset,
)
from .policy import (
    EqualRule,
    LatenessRule,
    NotApplicableRule,
    Policy,
    PositiveRule,
    RangeRule,
    ReverseRule,
    RoundingScope,
    StrictRule,
)
from .results import (
    AssessmentResult,
    ExecutionResult,
    GroupResult,
    IndicatorResult,
    Problem,
    ProjectResult,
    Status,
    Summary,
    WeightSource,
)
from .units import Dimension, lookup
from .values import Comparison, Deadline, NotApplicable, Qualitative, Range, canonical

__all__ = ["score", "score_indicator"]

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
HUNDREDTH = Decimal("0.01")
WAN = Decimal(10_000)

_SYMBOL = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}

_TIER_STATUS = {
    Tier.MET: Status.MET,
    Tier.PARTLY_MET: Status.PARTLY_MET,
    Tier.NOT_MET: Status.MISSED,
}

# Reasons a deviation explanation is required (stable texts: reports and JSON show them).
REASON_BELOW_WEIGHT = "points below weight"
REASON_BELOW_MET = "rated below 达成"
REASON_OVER_TARGET = "actual at or above {} of target"
REASON_EXECUTION = "execution rate below {}"
REASON_ADJUSTED = "budget adjusted during the year"
REASON_NO_DATA = "no actual value"


class _Target:
    """A target compiled once: its reading under the policy and the numbers to compare."""

    __slots__ = (
        "asks_over",
        "date",
        "dimension",
        "high",
        "kind",
        "low",
        "op",
        "prefix",
        "scale",
        "strict",
        "text",
        "unit",
        "value",
    )

    def __init__(self) -> None:
        self.kind = ""  # comparison | range | deadline | duration | qualitative | na | error
        self.op = ">="  # after the policy's reading; strict ops folded per the policy
        self.strict = False  # `>`/`<` under the all-or-nothing rule
        self.value = ZERO  # base unit
        self.low = ZERO
        self.high = ZERO
        self.scale = ONE  # of the target's unit, to show numbers as written
        self.unit = ""
        self.dimension: Dimension | None = None
        self.date: dt.date | None = None
        self.prefix = ""  # how the target was read, when the policy decided it
        self.text = ""
        self.asks_over = False  # an actual far above this target needs an explanation


def _compile(indicator: Indicator, policy: Policy, year: int | None) -> _Target:
    target = indicator.target
    compiled = _Target()
    compiled.text = target.text
    nature = indicator.nature
    if isinstance(target, NotApplicable):
        compiled.kind = "na"
        return compiled
    if isinstance(target, Qualitative) or nature is Nature.QUALITATIVE:
        compiled.kind = "qualitative"
        return compiled
    op = target.op
    if op is None:
        if nature is Nature.REVERSE:
            op, why = "<=", "nature 反向"
        elif nature is Nature.POSITIVE:
            op, why = ">=", "nature 正向"
        elif nature is Nature.EQUAL:
            op, why = "=", "nature 等于"
        else:
            op = policy.reading_of(indicator.level2)
            why = f"no comparator, {LEVEL2_LABELS[indicator.level2]}"
        if not isinstance(target, Range):
            compiled.prefix = f"read as {_SYMBOL[op]} ({why}); "
    if op in (">", "<"):
        if policy.strict is StrictRule.ALL_OR_NOTHING:
            compiled.strict = True
        else:
            compiled.prefix += f"{_SYMBOL[op]} read as {_SYMBOL[op + '=']}; "
        op = ">=" if op == ">" else "<="
    compiled.op = op
    if isinstance(target, Range):
        compiled.kind = "range"
        compiled.low, compiled.high = target.low, target.high
        unit = lookup(target.unit)
        compiled.scale, compiled.unit, compiled.dimension = (
            unit.scale,
            target.unit or "",
            unit.dimension,
        )
        return compiled
    if isinstance(target, Deadline):
        compiled.kind = "deadline"
        the_year = target.year or year
        if the_year is None:
            compiled.kind = "error"
            compiled.prefix = "the deadline names no year and the ruleset states none"
            return compiled
        compiled.date = dt.date(the_year, target.month, target.day)
        return compiled
    assert isinstance(target, Comparison)
    unit = lookup(target.unit)
    compiled.value = target.value
    compiled.scale, compiled.unit, compiled.dimension = (
        unit.scale,
        target.unit or "",
        unit.dimension,
    )
    compiled.kind = (
        "duration" if unit.dimension is Dimension.DURATION and op == "<=" else "comparison"
    )
    compiled.asks_over = (
        compiled.kind == "comparison"
        and op in (">=", "=")
        and target.value > ZERO
        and policy.explain.over_target is not None
    )
    return compiled


def _shown(base: Decimal, scale: Decimal) -> Decimal:
    """A base-unit number in the target's unit (values are canonical, so 78000 / 10000 is 7.8)."""
    return base if scale == ONE else base / scale


# ---- one indicator ------------------------------------------------------------------------
# Each scorer returns (points, status, template, args, normalised); the template's last
# placeholder is the final points, filled in by the caller after rounding.
_Scored = tuple[Decimal, Status, str, tuple[Any, ...], str | None]


def _error(message: str) -> _Scored:
    return ZERO, Status.ERROR, "{}", (message,), None


def _tier_points(
    tier: Tier, points: Decimal | None, weight: Decimal, policy: Policy, why: str
) -> _Scored:
    rule = policy.tiers[tier]
    status = _TIER_STATUS[tier]
    if points is None:
        share = rule.default
        return (
            weight * share,
            status,
            why + "tier {} gives " + _share_text(share) + " × {} = {}",
            (tier.value, weight),
            None,
        )
    if (
        points < ZERO
        or (weight == ZERO and points != ZERO)
        or (weight > ZERO and not rule.band.contains(points / weight))
    ):
        return _error(
            f"points {points} fall outside the band {rule.band.text()} of tier "
            f"{tier.value} (weight {weight})"
        )
    return (
        points,
        status,
        why + "tier {}, points given within " + rule.band.text() + ": {}",
        (tier.value,),
        None,
    )


@lru_cache(maxsize=256)  # a policy's few shares, shown in formulas and reasons over and over
def _share_text(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def _scale_of(unit: str | None) -> Decimal:
    return lookup(unit).scale


def _quantity(target: _Target, actual: Comparison) -> tuple[Decimal | None, str | None, str]:
    """The actual in the target's base unit, its text in the target's unit, or why not."""
    if target.dimension is Dimension.NUMBER:
        # A bare target number is in whatever unit the actual is written in.
        return actual.magnitude, None, ""
    if actual.dimension is Dimension.NUMBER:
        # A bare actual number is in the target's unit.
        return actual.magnitude * target.scale, None, ""
    if (actual.unit or "") == target.unit:
        return actual.value, None, ""
    target_unit = lookup(target.unit)
    actual_unit = lookup(actual.unit)
    if not target_unit.comparable_with(actual_unit):
        return (
            None,
            None,
            (
                f"unit mismatch: actual {actual.text!r} ({actual.unit or 'no unit'}) "
                f"against target in {target.unit or 'no unit'}"
            ),
        )
    value = actual.value
    normalised = None
    if (actual.unit or "") != target.unit:
        normalised = f"{_shown(value, target.scale)}{target.unit}"
    return value, normalised, ""


def _comparison(target: _Target, a: Decimal, weight: Decimal, policy: Policy) -> _Scored:
    t = target.value
    scale = target.scale
    shown_a, shown_t = _shown(a, scale), _shown(t, scale)
    op = target.op
    symbol = _SYMBOL[op]
    if target.strict:
        passed = a > t if op == ">=" else a < t
        strict_symbol = ">" if op == ">=" else "<"
        if passed:
            return (
                weight,
                Status.MET,
                "{} " + strict_symbol + " {}: full points {}",
                (shown_a, shown_t),
                None,
            )
        return (
            ZERO,
            Status.MISSED,
            "{} not " + strict_symbol + " {}: strict target, no points {}",
            (shown_a, shown_t),
            None,
        )
    if op == "=" and policy.equal is EqualRule.EXACT:
        if a == t:
            return weight, Status.MET, "{} = {}: full points {}", (shown_a, shown_t), None
        return ZERO, Status.MISSED, "{} ≠ {}: exact target, no points {}", (shown_a, shown_t), None
    if op == "=" and t == ZERO:
        if a <= ZERO:
            return weight, Status.MET, "{} = 0: full points {}", (shown_a,), None
        return ZERO, Status.MISSED, "{} > 0 against a target of 0: no points {}", (shown_a,), None
    if op in (">=", "="):
        if a >= t:
            return weight, Status.MET, "{} ≥ {}: full points {}", (shown_a, shown_t), None
        return _positive_shortfall(shown_a, shown_t, a, t, weight, policy)
    if a <= t:
        return weight, Status.MET, "{} " + symbol + " {}: full points {}", (shown_a, shown_t), None
    return _reverse_excess(shown_a, shown_t, a, t, weight, policy.reverse)


def _positive_shortfall(
    shown_a: Decimal, shown_t: Decimal, a: Decimal, t: Decimal, weight: Decimal, policy: Policy
) -> _Scored:
    if policy.positive is PositiveRule.ALL_OR_NOTHING:
        return (
            ZERO,
            Status.MISSED,
            "{} < {}: all or nothing, no points {}",
            (shown_a, shown_t),
            None,
        )
    points = a * weight / t
    status = Status.PARTLY_MET if points > ZERO else Status.MISSED
    return points, status, "{} / {} × {} = {}", (shown_a, shown_t, weight), None


def _reverse_excess(
    shown_a: Decimal, shown_t: Decimal, a: Decimal, t: Decimal, weight: Decimal, rule: ReverseRule
) -> _Scored:
    if rule is ReverseRule.ALL_OR_NOTHING:
        return (
            ZERO,
            Status.MISSED,
            "{} > {}: all or nothing, no points {}",
            (shown_a, shown_t),
            None,
        )
    if t <= ZERO:
        return (
            ZERO,
            Status.MISSED,
            "{} > {} (a target of 0): no points {}",
            (shown_a, shown_t),
            None,
        )
    if rule is ReverseRule.RATIO:
        points = t * weight / a
        status = Status.PARTLY_MET if points > ZERO else Status.MISSED
        return points, status, "{} / {} × {} = {}", (shown_t, shown_a, weight), None
    points = max(ZERO, (t + t - a) * weight / t)
    status = Status.PARTLY_MET if points > ZERO else Status.MISSED
    return (
        points,
        status,
        "max(0, 1 − ({} − {}) / {}) × {} = {}",
        (shown_a, shown_t, shown_t, weight),
        None,
    )


def _range(target: _Target, a: Decimal, weight: Decimal, policy: Policy) -> _Scored:
    scale = target.scale
    shown_a = _shown(a, scale)
    low, high = _shown(target.low, scale), _shown(target.high, scale)
    if target.low <= a <= target.high:
        return weight, Status.MET, "{} within [{}, {}]: full points {}", (shown_a, low, high), None
    if policy.range is RangeRule.ALL_OR_NOTHING:
        return (
            ZERO,
            Status.MISSED,
            "{} outside [{}, {}]: all or nothing, no points {}",
            (shown_a, low, high),
            None,
        )
    if a < target.low:
        if target.low <= ZERO:  # pragma: no cover - a is never below a non-positive low end
            return weight, Status.MET, "{} ≥ {}: full points {}", (shown_a, low), None
        points, status, template, args, _ = _positive_shortfall(
            shown_a, low, a, target.low, weight, policy
        )
        return points, status, "below the range: " + template, args, None
    points, status, template, args, _ = _reverse_excess(
        shown_a, high, a, target.high, weight, policy.reverse
    )
    return points, status, "above the range: " + template, args, None


def _late(planned: int, late: int, weight: Decimal, rule: LatenessRule, what: str) -> _Scored:
    if late <= 0:
        return weight, Status.MET, what + "on time: full points {}", (), None
    if rule is LatenessRule.ALL_OR_NOTHING or planned <= 0:
        return (
            ZERO,
            Status.MISSED,
            what + "late by {} days: all or nothing, no points {}",
            (late,),
            None,
        )
    points = max(ZERO, weight * (planned - late) / planned)
    status = Status.PARTLY_MET if points > ZERO else Status.MISSED
    return (
        points,
        status,
        what + "late by {} of {} days: max(0, 1 − {}/{}) × {} = {}",
        (late, planned, late, planned, weight),
        None,
    )


def _deadline(
    target: _Target, actual: Deadline, weight: Decimal, policy: Policy, year: int | None
) -> _Scored:
    assert target.date is not None
    try:
        done = dt.date(actual.year or target.date.year, actual.month, actual.day)
    except ValueError:
        return _error(f"not a date: {actual.text!r}")
    if target.strict and done >= target.date:
        return (
            ZERO,
            Status.MISSED,
            "done {} not before {}: strict target, no points {}",
            (done.isoformat(), target.date.isoformat()),
            None,
        )
    start = dt.date(year or target.date.year, 1, 1)
    planned = (target.date - start).days + 1  # the budget year's first day to the deadline
    late = (done - target.date).days
    what = f"done {done.isoformat()}, due {target.date.isoformat()}, "
    return _late(planned, late, weight, policy.deadline, what)


def _duration(target: _Target, a: Decimal, weight: Decimal, policy: Policy) -> _Scored:
    if target.strict:
        if a < target.value:
            return weight, Status.MET, "{} < {} days: full points {}", (a, target.value), None
        return (
            ZERO,
            Status.MISSED,
            "{} not < {} days: strict target, no points {}",
            (a, target.value),
            None,
        )
    # Durations are compared in whole days of lateness against the planned span.
    planned = target.value
    late = a - planned
    if late <= ZERO:
        return (
            weight,
            Status.MET,
            "{} days ≤ {} days: full points {}",
            (_shown(a, ONE), _shown(planned, ONE)),
            None,
        )
    if policy.duration is LatenessRule.ALL_OR_NOTHING or planned <= ZERO:
        return (
            ZERO,
            Status.MISSED,
            "late by {} days: all or nothing, no points {}",
            (_shown(late, ONE),),
            None,
        )
    points = max(ZERO, weight * (planned - late) / planned)
    status = Status.PARTLY_MET if points > ZERO else Status.MISSED
    return (
        points,
        status,
        "late by {} of {} days: max(0, 1 − {}/{}) × {} = {}",
        (_shown(late, ONE), _shown(planned, ONE), _shown(late, ONE), _shown(planned, ONE), weight),
        None,
    )


def score_indicator(
    target: _Target, actual: Actual, weight: Decimal, policy: Policy, year: int | None
) -> _Scored:
    """Score one indicator that has an actual and applies (not-applicable is decided before)."""
    value = actual.value
    kind = target.kind
    if kind == "error":
        return _error(target.prefix)
    if kind == "qualitative":
        if actual.tier is not None:
            return _tier_points(actual.tier, actual.points, weight, policy, "")
        if isinstance(value, Qualitative) and value.grade is not None:
            return _graded(target, value, actual, weight, policy)
        return _error("a qualitative target needs the assessor's tier (达成, 部分达成 or 未达成)")
    if value is None or isinstance(value, Qualitative | NotApplicable):
        if actual.tier is not None:
            return _tier_points(actual.tier, actual.points, weight, policy, "rated by tier: ")
        if value is None:
            return _error("no actual value and no tier")
        return _error(f"cannot compare {value.text!r} with the target {target.text!r}")
    if kind == "deadline":
        if not isinstance(value, Deadline):
            return _error(f"unit mismatch: the target is a date, the actual {value.text!r} is not")
        return _deadline(target, value, weight, policy, year)
    if isinstance(value, Deadline | Range):
        return _error(f"unit mismatch: the target is a quantity, the actual {value.text!r} is not")
    a, normalised, problem = _quantity(target, value)
    if a is None:
        return _error(problem)
    note = ""
    if a < ZERO:
        a = ZERO
        note = "negative actual counted as 0; "
    if kind == "range":
        scored = _range(target, a, weight, policy)
    elif kind == "duration":
        scored = _duration(target, a, weight, policy)
    else:
        scored = _comparison(target, a, weight, policy)
    points, status, template, args, _ = scored
    if note:
        template = note + template
    return points, status, template, args, normalised


def _graded(
    target: _Target, value: Qualitative, actual: Actual, weight: Decimal, policy: Policy
) -> _Scored:
    from .values import parse_value

    wanted = parse_value(target.text)
    assert isinstance(wanted, Qualitative)
    if wanted.grade is None or value.grade is None:
        return _error("a qualitative target needs the assessor's tier (达成, 部分达成 or 未达成)")
    below = wanted.grade.rank - value.grade.rank
    tier = Tier.MET if below <= 0 else Tier.PARTLY_MET if below == 1 else Tier.NOT_MET
    why = f"grade {value.grade.value} against {wanted.grade.value}: "
    return _tier_points(tier, actual.points, weight, policy, why)


# ---- weights --------------------------------------------------------------------------------
def _group_of(indicator: Indicator, policy: Policy) -> Any:
    return indicator.goal if policy.by_goal else indicator.level1


def _group_name(group: Any, policy: Policy) -> str:
    if policy.by_goal:
        return f"目标{group}" if group is not None else "no goal"
    return LEVEL1_LABELS[group]


def _weights(
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
        members[_group_of(indicator, policy)].append(i)
    group_weights = _group_weights(list(members), policy)
    for group, index in members.items():
        unweighted = [i for i in index if weights[i] is None]
        if not unweighted:
            continue
        total = group_weights.get(group)
        if total is None:
            what = (
                "the indicator names no goal and the policy weighs by goal"
                if policy.by_goal
                else f"the policy gives level 1 {_group_name(group, policy)} no weight"
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
    from .policy import Split

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


# ---- matching ------------------------------------------------------------------------------
def _occurrences(indicators: tuple[Indicator, ...]) -> list[int]:
    seen: dict[str, int] = defaultdict(int)
    out = []
    for indicator in indicators:
        seen[indicator.name] += 1
        out.append(seen[indicator.name])
    return out


def _match_actuals(
    project: Project, plan: _Plan, actuals: ProjectActuals, key: str, problems: list[Problem]
) -> list[Actual | None]:
    by_ref = plan.by_ref
    matched: list[Actual | None] = [None] * len(project.indicators)
    for actual in actuals.actuals:
        ref = actual.indicator
        candidates = by_ref.get((ref.name, ref.level1, ref.level2), ())
        if not candidates:
            problems.append(Problem(f"unknown indicator {_ref_text(actual)}", key, actual.origin))
            continue
        if ref.occurrence is not None:
            if not 1 <= ref.occurrence <= len(candidates):
                problems.append(
                    Problem(
                        f"no occurrence {ref.occurrence} of indicator {ref.name!r} "
                        f"(there are {len(candidates)})",
                        key,
                        actual.origin,
                    )
                )
                continue
            index = candidates[ref.occurrence - 1]
        elif len(candidates) > 1:
            problems.append(
                Problem(
                    f"indicator {_ref_text(actual)} is ambiguous: {len(candidates)} indicators "
                    "match; give its level 2 or its occurrence",
                    key,
                    actual.origin,
                )
            )
            continue
        else:
            index = candidates[0]
        if matched[index] is not None:
            problems.append(
                Problem(
                    f"duplicate actual for indicator {_ref_text(actual)}; the first is used",
                    key,
                    actual.origin,
                )
            )
            continue
        matched[index] = actual
    return matched


def _ref_text(actual: Actual) -> str:
    ref = actual.indicator
    parts = []
    if ref.level1 is not None:
        parts.append(LEVEL1_LABELS[ref.level1])
    if ref.level2 is not None:
        parts.append(LEVEL2_LABELS[ref.level2])
    parts.append(repr(ref.name))
    if ref.occurrence is not None:
        parts.append(f"occurrence {ref.occurrence}")
    return " ".join(parts)


def _match_projects(
    ruleset: Ruleset, assessment: Assessment, problems: list[Problem]
) -> list[ProjectActuals | None]:
    by_code: dict[str, int] = {}
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, project in enumerate(ruleset.projects):
        if project.code is not None:
            by_code.setdefault(project.code, i)
        by_name[project.name].append(i)
    matched: list[ProjectActuals | None] = [None] * len(ruleset.projects)
    for actuals in assessment.projects:
        label = f"{actuals.project} [{actuals.code}]" if actuals.code else actuals.project
        if actuals.code is not None:
            index = by_code.get(actuals.code)
            if index is None:
                problems.append(
                    Problem(
                        f"no project with code {actuals.code!r} in the ruleset",
                        label,
                        actuals.origin,
                    )
                )
                continue
            if ruleset.projects[index].name != actuals.project:
                problems.append(
                    Problem(
                        f"project code {actuals.code!r} is {ruleset.projects[index].name!r} in the "
                        "ruleset; scored by its code",
                        label,
                        actuals.origin,
                    )
                )
        else:
            candidates = by_name.get(actuals.project, [])
            if not candidates:
                problems.append(
                    Problem("no project of this name in the ruleset", label, actuals.origin)
                )
                continue
            if len(candidates) > 1:
                problems.append(
                    Problem(
                        f"{len(candidates)} projects have this name; give the project's code",
                        label,
                        actuals.origin,
                    )
                )
                continue
            index = candidates[0]
        if matched[index] is not None:
            problems.append(
                Problem(
                    "duplicate actuals for this project; the first are used", label, actuals.origin
                )
            )
            continue
        matched[index] = actuals
    return matched


# ---- projects ------------------------------------------------------------------------------
def _execution(project: Project, actuals: ProjectActuals | None, policy: Policy) -> ExecutionResult:
    weight = policy.execution
    rounding = policy.rounding
    budget = actuals.adjusted_budget if actuals else None
    if (
        budget is None
        and project.budget is not None
        and project.budget.dimension is Dimension.MONEY
    ):
        budget = project.budget.value
    executed = actuals.executed if actuals else None
    initial = actuals.initial_budget if actuals else None
    explanation = actuals.explanation if actuals else None
    reasons: list[str] = []
    if (
        initial is not None
        and budget is not None
        and initial != budget
        and policy.explain.budget_adjusted
    ):
        reasons.append(REASON_ADJUSTED)
    if budget is None or executed is None or budget <= ZERO:
        points = rounding.apply(ZERO)
    if budget is None or executed is None:
        missing = "the adjusted budget" if budget is None else "the executed amount"
        return ExecutionResult(
            budget,
            initial,
            executed,
            None,
            weight,
            points,
            Status.NO_DATA,
            f"no data: {missing} is not given",
            (*reasons, REASON_NO_DATA),
            explanation,
        )
    if budget <= ZERO:
        return ExecutionResult(
            budget,
            initial,
            executed,
            None,
            weight,
            points,
            Status.ERROR,
            "the adjusted budget is 0: no rate",
            tuple(reasons),
            explanation,
        )
    spent = max(executed, ZERO)
    rate = spent / budget
    points = min(spent, budget) * weight / budget
    if rounding.scope is RoundingScope.INDICATOR:
        points = rounding.apply(points)
    threshold = policy.explain.execution_below
    if threshold is not None and rate < threshold:
        reasons.append(REASON_EXECUTION.format(_share_text(threshold)))
    status = Status.MET if rate >= ONE else Status.PARTLY_MET if points > ZERO else Status.MISSED
    formula = f"min({_shown(spent, WAN)}万元 / {_shown(budget, WAN)}万元, 1) × {weight} = {points}"
    percent = (rate * HUNDRED).quantize(HUNDREDTH, rounding=rounding.mode.decimal_rounding)
    return ExecutionResult(
        budget,
        initial,
        executed,
        percent,
        weight,
        points,
        status,
        formula,
        tuple(reasons),
        explanation,
    )


class _Plan:
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
        # The indicators a reference can name: by name, and by name with either or both levels.
        self.by_ref: dict[tuple[str, Level1 | None, Level2 | None], list[int]] = defaultdict(list)
        for i, indicator in enumerate(indicators):
            for level1 in (None, indicator.level1):
                for level2 in (None, indicator.level2):
                    self.by_ref[(indicator.name, level1, level2)].append(i)
        self.occurrences = _occurrences(indicators)
        self.targets = []
        targets = _kept(compiled, "targets")
        for indicator in indicators:
            # Keyed by the target's value, not its id: a streaming caller's targets are freed
            # and their ids reused, and equal targets compile alike.
            key = (indicator.target, indicator.level2, indicator.nature)
            target = targets.get(key)
            if target is None:
                if len(targets) >= _TARGETS_KEPT:
                    targets.clear()  # plans hold their own compiled targets
                target = targets[key] = _compile(indicator, policy, year)
            self.targets.append(target)
        self.groups = [_group_of(indicator, policy) for indicator in indicators]
        self.static_na = [
            i.not_applicable or isinstance(i.target, NotApplicable) for i in indicators
        ]
        self.weights: dict[tuple[bool, ...], Any] = {}


# Kept per cache dict, so that a streaming caller's memory stays bounded.
_PLANS_KEPT = 4096
_TARGETS_KEPT = 65536
_OUTCOMES_KEPT = 65536


def _kept(cache: dict[Any, Any], kind: str) -> dict[Any, Any]:
    """The part of a caller's cache that keeps one kind of thing (targets, outcomes)."""
    part: dict[Any, Any] | None = cache.get((kind,))
    if part is None:
        part = cache[(kind,)] = {}
    return part


def _plan(project: Project, policy: Policy, year: int | None, compiled: dict[Any, Any]) -> _Plan:
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
        plan = compiled[key] = _Plan(indicators, policy, year, compiled)
    return plan


def score_project(
    project: Project,
    actuals: ProjectActuals | None,
    policy: Policy,
    year: int | None = None,
    cache: dict[Any, Any] | None = None,
    problems: list[Problem] | None = None,
) -> ProjectResult:
    """Score one project against its actuals (for callers that stream projects).

    `cache` (a dict, initially empty) keeps compiled targets, per-shape plans and outcomes
    between calls, each up to a bound; it belongs to one policy and year. Problems found are
    appended to `problems`.
    """
    return _score_project(
        project,
        actuals,
        policy,
        year,
        {} if cache is None else cache,
        [] if problems is None else problems,
    )


def _score_project(
    project: Project,
    actuals: ProjectActuals | None,
    policy: Policy,
    year: int | None,
    compiled: dict[Any, Any],
    problems: list[Problem],
) -> ProjectResult:
    key = project.key
    indicators = project.indicators
    plan = _plan(project, policy, year, compiled)
    if actuals is None:
        problems.append(Problem("no actuals for this project: every indicator has no data", key))
        matched: list[Actual | None] = [None] * len(indicators)
    else:
        matched = _match_actuals(project, plan, actuals, key, problems)
    keep_na = policy.not_applicable is NotApplicableRule.FULL_POINTS
    # The value's kind, not isinstance: a check on a pydantic class goes through ABCMeta.
    not_applicable = [
        na
        or (
            a is not None
            and (a.not_applicable or (a.value is not None and a.value.kind == "not_applicable"))
        )
        for na, a in zip(plan.static_na, matched, strict=True)
    ]
    pattern = tuple(not_applicable)
    weighed = plan.weights.get(pattern)
    if weighed is None:
        applicable = [keep_na or not na for na in not_applicable]
        weighed = plan.weights[pattern] = (applicable, *_weights(indicators, applicable, policy))
    applicable, weights, sources, weight_problems = weighed
    occurrences = plan.occurrences
    targets = plan.targets
    groups = plan.groups
    rounding = policy.rounding
    per_indicator = rounding.scope is RoundingScope.INDICATOR
    quantum, mode = rounding.quantum, rounding.mode.decimal_rounding
    outcomes: dict[Any, tuple[Any, _Outcome]] = _kept(compiled, "outcomes")
    results: list[IndicatorResult] = []
    sums: dict[Any, list[Decimal]] = {}
    for i, indicator in enumerate(indicators):
        actual = matched[i]
        weight = weights[i] or ZERO
        target = targets[i]
        if weight_problems[i] is None and not not_applicable[i] and actual is not None:
            # The outcome depends only on these; a province repeats them for most indicators.
            value = actual.value
            memo = (target, id(value), actual.tier, actual.points, weight)
            known = outcomes.get(memo)
            # An entry keeps its value alive: no other value can take that id while it is kept.
            if known is None:
                if len(outcomes) >= _OUTCOMES_KEPT:
                    outcomes.clear()
                known = outcomes[memo] = (value, _outcome(target, actual, weight, policy, year))
            points, status, template, args, reasons, normalised, message = known[1]
        else:
            normalised = None
            message = None
            reasons = ()
            if weight_problems[i] is not None:
                points, status = ZERO, Status.ERROR
                message = weight_problems[i]
            elif not_applicable[i]:
                points, status = (weight if keep_na else ZERO), Status.NOT_APPLICABLE
            else:
                points, status = ZERO, Status.NO_DATA
                message = "no actual value"
                reasons = (REASON_NO_DATA,)
            if per_indicator:
                points = _rounded(points, weight, quantum, mode)
            if status is Status.ERROR:
                template, args = "error: {}", (message,)
            elif status is Status.NO_DATA:
                template, args = "no actual value: {}", (points,)
            elif keep_na:
                template, args = "not applicable: full points {}", (points,)
            else:
                template, args = "not applicable: weight leaves the total", (points,)
        group = sums.get(groups[i])
        if group is None:
            group = sums[groups[i]] = [ZERO, ZERO]
        if applicable[i]:
            group[0] += weight
            group[1] += points
        if actual is None:
            results.append(
                IndicatorResult(
                    indicator.level1,
                    indicator.level2,
                    indicator.name,
                    occurrences[i],
                    indicator.goal,
                    target.text,
                    None,
                    None,
                    weight,
                    sources[i],
                    points,
                    status,
                    template,
                    args,
                    reasons,
                    None,
                    None,
                    message,
                    None,
                )
            )
        else:
            value = actual.value
            results.append(
                IndicatorResult(
                    indicator.level1,
                    indicator.level2,
                    indicator.name,
                    occurrences[i],
                    indicator.goal,
                    target.text,
                    value.text
                    if value is not None
                    else ("不适用" if actual.not_applicable else None),
                    normalised,
                    weight,
                    sources[i],
                    points,
                    status,
                    template,
                    args,
                    reasons,
                    actual.explanation,
                    actual.tier.value if actual.tier is not None else None,
                    message,
                    actual.origin,
                )
            )
    execution = _execution(project, actuals, policy)
    return _total(
        project, results, sums, execution, policy, actuals.explanation if actuals else None
    )


# What an applicable indicator with an actual comes to: points (rounded where the policy says),
# status, formula template and its numbers, reasons, normalised actual, error message.
_Outcome = tuple[Decimal, Status, str, tuple[Any, ...], tuple[str, ...], str | None, str | None]


def _outcome(
    target: _Target, actual: Actual, weight: Decimal, policy: Policy, year: int | None
) -> _Outcome:
    """Score an applicable indicator that has an actual. Depends only on the compiled target,
    the actual's value, tier and points, and the weight (the policy and year are the cache's)."""
    points, status, template, args, normalised = score_indicator(
        target, actual, weight, policy, year
    )
    rounding = policy.rounding
    if rounding.scope is RoundingScope.INDICATOR:
        points = _rounded(points, weight, rounding.quantum, rounding.mode.decimal_rounding)
    if status is Status.ERROR:
        message = str(args[0])
        return points, status, "error: {}", (message,), (), normalised, message
    if target.prefix:
        template = target.prefix + template
    reasons: tuple[str, ...] = ()
    if not (status is Status.MET and points >= weight and not target.asks_over):
        explain = policy.explain
        reasons = _reasons(target, actual, points, weight, status, explain, explain.below_weight)
    return points, status, template, (*args, points), reasons, normalised, None


def _rounded(points: Decimal, weight: Decimal, quantum: Decimal, mode: str) -> Decimal:
    # Rounding never lifts points above the weight (12.5 met, rounded whole, is 12.5).
    rounded = points.quantize(quantum, rounding=mode)
    return rounded if rounded <= weight else weight


def _actual_text(actual: Actual | None) -> str | None:
    if actual is None:
        return None
    if actual.value is not None:
        return actual.value.text
    if actual.not_applicable:
        return "不适用"
    return None


def _reasons(
    target: _Target,
    actual: Actual | None,
    points: Decimal,
    weight: Decimal,
    status: Status,
    explain: Any,
    below_weight: bool,
) -> tuple[str, ...]:
    reasons = []
    if below_weight and points < weight:
        reasons.append(REASON_BELOW_WEIGHT)
    if (
        explain.below_met
        and actual is not None
        and status in (Status.PARTLY_MET, Status.MISSED)
        and (target.kind == "qualitative" or actual.tier is not None)
    ):
        reasons.append(REASON_BELOW_MET)
    over = explain.over_target
    if (
        over is not None
        and status is Status.MET
        and actual is not None
        and target.kind == "comparison"
        and target.op in (">=", "=")
        and target.value > ZERO
        and isinstance(actual.value, Comparison)
    ):
        a = _quantity(target, actual.value)[0]
        t = target.value
        if a is not None and a >= over * t:
            reasons.append(REASON_OVER_TARGET.format(_share_text(over)))
    return tuple(reasons)


def _total(
    project: Project,
    results: list[IndicatorResult],
    groups: dict[Any, list[Decimal]],
    execution: ExecutionResult,
    policy: Policy,
    explanation: str | None,
) -> ProjectResult:
    quantum, mode = policy.rounding.quantum, policy.rounding.mode.decimal_rounding

    def rounded(number: Decimal) -> Decimal:  # Rounding.apply, without its lookups per call
        return number.quantize(quantum, rounding=mode)

    maximum = execution.weight + sum((g[0] for g in groups.values()), ZERO)
    earned = execution.points + sum((g[1] for g in groups.values()), ZERO)
    if maximum > ZERO:
        score = earned if maximum == HUNDRED else earned * HUNDRED / maximum
    else:
        score = ZERO
    score = rounded(score)
    group_results = [
        GroupResult(_group_name(g, policy), rounded(w), rounded(p)) for g, (w, p) in groups.items()
    ]
    return ProjectResult(
        name=project.name,
        code=project.code,
        execution=execution,
        indicators=results,
        groups=group_results,
        earned=rounded(earned),
        maximum=rounded(maximum),
        score=score,
        grade=policy.grade_of(score),
        explanation=explanation,
    )


def _summary(projects: list[ProjectResult], problems: list[Problem], policy: Policy) -> Summary:
    grades: dict[str, int] = {g.name: 0 for g in policy.grades}
    statuses: dict[str, int] = {s.value: 0 for s in Status}
    required = missing = 0
    for project in projects:
        grades[project.grade] = grades.get(project.grade, 0) + 1
        if project.execution.needs_explanation:
            required += 1
            missing += project.execution.explanation_missing
        for result in project.indicators:
            statuses[result.status.value] += 1
            if result.reasons:
                required += 1
                missing += not result.explanation
    mean = None
    if projects:
        mean = policy.rounding.apply(sum((p.score for p in projects), ZERO) / len(projects))
    return Summary(len(projects), mean, grades, statuses, required, missing, len(problems))


def score(ruleset: Ruleset, assessment: Assessment, policy: Policy) -> AssessmentResult:
    """Score every project of the ruleset against the assessment's actuals under the policy.

    Never raises for a data problem: those are reported in the result (`problems`, and
    indicators with status error or no_data).
    """
    # The results are acyclic; without this, building millions of them triggers full
    # collections that walk the whole ruleset again and again (half the time at scale).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _score(ruleset, assessment, policy)
    finally:
        if collecting:
            gc.enable()


def _score(ruleset: Ruleset, assessment: Assessment, policy: Policy) -> AssessmentResult:
    problems: list[Problem] = []
    year = assessment.year or ruleset.year
    matched = _match_projects(ruleset, assessment, problems)
    compiled: dict[Any, Any] = {}
    projects = [
        _score_project(project, actuals, policy, year, compiled, problems)
        for project, actuals in zip(ruleset.projects, matched, strict=True)
    ]
    department = ruleset.header.department if ruleset.header else None
    return AssessmentResult(
        policy=policy.name,
        year=year,
        department=department,
        projects=projects,
        problems=problems,
        summary=_summary(projects, problems, policy),
    )


def level1_weight(policy: Policy, level1: Level1) -> Decimal | None:
    """The policy's weight of a level 1 (None: the policy gives it none)."""
    return policy.level1.get(level1)
