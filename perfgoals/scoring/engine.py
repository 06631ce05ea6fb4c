"""Scoring projects and a whole assessment: budget execution, indicators, totals, grades.

The per-indicator path uses plain tuples and slotted classes, and each distinct outcome
(compiled target, actual, tier, points, weight) is worked out once, so that a province's
millions of indicators score quickly.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from ..i18n import N_, _
from ..language.assessment import Actual, Assessment, ProjectActuals
from ..language.collection import collection_paused
from ..language.model import (
    Project,
    Ruleset,
)
from ..language.policy import (
    NotApplicableRule,
    Policy,
    RoundingScope,
)
from ..language.units import Dimension
from ..language.values import Comparison
from .grades import score_graded
from .matching import match_actuals, match_projects, unused_parts
from .plan import kept, plan_for
from .results import (
    NO_ACTUALS,
    AssessmentResult,
    ExecutionResult,
    GroupResult,
    IndicatorResult,
    Problem,
    ProjectResult,
    Status,
    Summary,
)
from .slips import unit_slip
from .targets import (
    HUNDRED,
    HUNDREDTH,
    ONE,
    WAN,
    ZERO,
    Target,
    quantity_of,
    share_text,
    shown,
)
from .weights import group_name, indicator_weights

# Reasons a deviation explanation is required (stable texts: reports and JSON show them).
# They are the English msgids; a result carries them in the language of the run.
REASON_BELOW_WEIGHT = N_("points below weight")
REASON_BELOW_MET = N_("rated below 达成")
REASON_OVER_TARGET = N_("actual at or above {} of target")
REASON_EXECUTION = N_("execution rate below {}")
REASON_ADJUSTED = N_("budget adjusted during the year")
REASON_NO_DATA = N_("no actual value")

# Kept per cache dict, so that a streaming caller's memory stays bounded (plans and targets:
# scoring/plan.py).
_OUTCOMES_KEPT = 65536


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
        reasons.append(_(REASON_ADJUSTED))
    if budget is None or executed is None or budget <= ZERO:
        points = rounding.apply(ZERO)
    if budget is None or executed is None:
        missing = _("the adjusted budget") if budget is None else _("the executed amount")
        return ExecutionResult(
            budget,
            initial,
            executed,
            None,
            weight,
            points,
            Status.NO_DATA,
            _("no data: {missing} is not given", missing=missing),
            (*reasons, _(REASON_NO_DATA)),
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
            _("the adjusted budget is 0: no rate"),
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
        reasons.append(_(REASON_EXECUTION).format(share_text(threshold)))
    status = Status.MET if rate >= ONE else Status.PARTLY_MET if points > ZERO else Status.MISSED
    formula = f"min({shown(spent, WAN)}万元 / {shown(budget, WAN)}万元, 1) × {weight} = {points}"
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
    plan = plan_for(project, policy, year, compiled)
    if actuals is None:
        problems.append(Problem(_(NO_ACTUALS), key))
        matched: list[Actual | None] = [None] * len(indicators)
    else:
        matched = match_actuals(project, plan, actuals, key, problems)
        unused_parts([t.kind for t in plan.targets], matched, key, problems)
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
        weighed = plan.weights[pattern] = (
            applicable,
            *indicator_weights(indicators, applicable, policy),
        )
    applicable, weights, sources, weight_problems = weighed
    occurrences = plan.occurrences
    targets = plan.targets
    groups = plan.groups
    rounding = policy.rounding
    per_indicator = rounding.scope is RoundingScope.INDICATOR
    quantum, mode = rounding.quantum, rounding.mode.decimal_rounding
    outcomes: dict[Any, tuple[Any, _Outcome]] = kept(compiled, "outcomes")
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
                message = _("no actual value")
                reasons = (_(REASON_NO_DATA),)
            if per_indicator:
                points = _rounded(points, weight, quantum, mode)
            if status is Status.ERROR:
                template, args = _("error: {}"), (message,)
            elif status is Status.NO_DATA:
                template, args = _("no actual value: {}"), (points,)
            elif keep_na:
                template, args = _("not applicable: full points {}"), (points,)
            else:
                template, args = _("not applicable: weight leaves the total"), (points,)
        group = sums.get(groups[i])
        if group is None:
            group = sums[groups[i]] = [ZERO, ZERO]
        if applicable[i]:
            group[0] += weight
            group[1] += points
        if actual is None:
            written = explanation = tier = None
            normalised = None
            origin = None
        else:
            value = actual.value
            if value is not None:
                written = value.text
            else:
                written = "不适用" if actual.not_applicable else None
            explanation, origin = actual.explanation, actual.origin
            tier = actual.tier.value if actual.tier is not None else None
        results.append(
            IndicatorResult(
                indicator.level1,
                indicator.level2,
                indicator.name,
                occurrences[i],
                indicator.goal,
                target.text,
                written,
                normalised,
                weight,
                sources[i],
                points,
                status,
                template,
                args,
                reasons,
                explanation,
                tier,
                message,
                origin,
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
    target: Target, actual: Actual, weight: Decimal, policy: Policy, year: int | None
) -> _Outcome:
    """Score an applicable indicator that has an actual. Depends only on the compiled target,
    the actual's value, tier and points, and the weight (the policy and year are the cache's)."""
    points, status, template, args, normalised = score_graded(target, actual, weight, policy, year)
    rounding = policy.rounding
    if rounding.scope is RoundingScope.INDICATOR:
        points = _rounded(points, weight, rounding.quantum, rounding.mode.decimal_rounding)
    if status is Status.ERROR:
        message = str(args[0])
        return points, status, _("error: {}"), (message,), (), normalised, message
    if target.prefix:
        template = target.prefix + template
    reasons: tuple[str, ...] = ()
    if not (status is Status.MET and points >= weight and not target.asks_over):
        explain = policy.explain
        reasons = _reasons(target, actual, points, weight, status, explain, explain.below_weight)
    if isinstance(actual.value, Comparison):
        slip = unit_slip(target, actual.value)
        if slip is not None:
            reasons = (*reasons, slip)
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
    target: Target,
    actual: Actual | None,
    points: Decimal,
    weight: Decimal,
    status: Status,
    explain: Any,
    below_weight: bool,
) -> tuple[str, ...]:
    reasons = []
    if below_weight and points < weight:
        reasons.append(_(REASON_BELOW_WEIGHT))
    if (
        explain.below_met
        and actual is not None
        and status in (Status.PARTLY_MET, Status.MISSED)
        and (target.kind == "qualitative" or actual.tier is not None)
    ):
        reasons.append(_(REASON_BELOW_MET))
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
        a = quantity_of(target, actual.value)[0]
        t = target.value
        if a is not None and a >= over * t:
            reasons.append(_(REASON_OVER_TARGET).format(share_text(over)))
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
        GroupResult(group_name(g, policy), rounded(w), rounded(p)) for g, (w, p) in groups.items()
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


class SummaryCounter:
    """A department's summary, counted one project at a time (so a stream need not keep them).

    A project with an indicator that could not be scored (status error) has no valid score: it
    is counted as incomplete and kept out of the mean and the grades.
    """

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.grades: dict[str, int] = {g.name: 0 for g in policy.grades}
        self.statuses: dict[str, int] = {s.value: 0 for s in Status}
        self.required = self.missing = self.projects = self.complete = 0
        self.total = ZERO
        self.reasons: Counter[str] = Counter()  # why indicators could not be scored

    def add(self, project: ProjectResult) -> None:
        self.projects += 1
        if project.complete:
            self.complete += 1
            self.total += project.score
            self.grades[project.grade] = self.grades.get(project.grade, 0) + 1
        else:
            if project.execution.status is Status.ERROR:
                self.reasons[project.execution.formula] += 1
            self.reasons.update(
                i.message or "" for i in project.indicators if i.status is Status.ERROR
            )
        if project.execution.needs_explanation:
            self.required += 1
            self.missing += project.execution.explanation_missing
        for result in project.indicators:
            self.statuses[result.status.value] += 1
            if result.reasons:
                self.required += 1
                self.missing += not result.explanation

    def summary(self, problems: int) -> Summary:
        mean = None
        if self.complete:
            mean = self.policy.rounding.apply(self.total / self.complete)
        reasons = self.reasons
        return Summary(
            self.projects,
            mean,
            self.grades,
            self.statuses,
            self.required,
            self.missing,
            problems,
            incomplete=self.projects - self.complete,
            unscored=sum(reasons.values()),
            unscored_reason=reasons.most_common(1)[0][0] if reasons else None,
        )


def _summary(projects: list[ProjectResult], problems: list[Problem], policy: Policy) -> Summary:
    counter = SummaryCounter(policy)
    for project in projects:
        counter.add(project)
    return counter.summary(len(problems))


def score(ruleset: Ruleset, assessment: Assessment, policy: Policy) -> AssessmentResult:
    """Score every project of the ruleset against the assessment's actuals under the policy.

    Never raises for a data problem: those are reported in the result (`problems`, and
    indicators with status error or no_data).
    """
    with collection_paused():
        return _score(ruleset, assessment, policy)


def _score(ruleset: Ruleset, assessment: Assessment, policy: Policy) -> AssessmentResult:
    problems: list[Problem] = []
    year = assessment.year or ruleset.year
    matched = match_projects(ruleset, assessment, problems)
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
