"""The monitoring run: a ruleset, the month's progress and a profile → every colour.

Projects are matched by code or name, indicators by name, levels and occurrence, as actuals
are; what cannot be matched is a `Problem`. Each distinct target is compiled once (by the
scoring stage's compiler, with the profile's reading of targets that state no comparator).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from operator import itemgetter
from typing import Any

from ..i18n import _
from ..language.assessment import IndicatorRef
from ..language.errors import PerfgoalsError
from ..language.model import Indicator, Level1, Level2, Project, Ruleset
from ..language.policy import Policy
from ..language.profile import Colour, Profile
from ..language.progress import IndicatorProgress, Progress, ProjectProgress
from ..language.values import Comparison
from ..scoring.matching import place_of
from ..scoring.plan import RefKey, occurrence_numbers, ref_index
from ..scoring.targets import Target, compile_target, quantity_of
from .results import (
    BudgetMonitor,
    Check,
    GoalMonitor,
    IndicatorMonitor,
    MonitoringResult,
    Problem,
    ProjectMonitor,
    number_text,
)
from .rules import (
    ZERO,
    Outcome,
    budget_outcome,
    colour_name,
    deadline_outcome,
    month_end,
    qualitative_outcome,
    quantity_outcome,
    worst,
)

_TARGET_CACHE = 65536
_Index = dict[RefKey, list[int]]  # (name, level 1, level 2), each maybe None → indicators
_Places = dict[int, tuple[IndicatorRef, int | str]]
# target, prorate, not applicable, level 1, level 2, name, occurrence, goal, target text
# target, pro-rated, not applicable, levels, name, occurrence, goal, target text, and whether
# its completion counts in the gap rule (a pro-rated quantity that is not a ceiling)
_Planned = tuple[Target, bool, bool, Level1, Level2, str, int, int | None, str, bool]


class MonitoringError(PerfgoalsError):
    """A run that cannot be made: no month, no year, a month out of range."""


class Run:
    """What one monitoring run shares: the profile, the month, the as-of day, the targets."""

    def __init__(
        self, profile: Profile, month: int, as_of: dt.date | None, year: int | None
    ) -> None:
        self.profile = profile
        self.month = month
        self.as_of = as_of
        self.year = year
        self.policy = Policy(
            name=profile.name, reading=profile.reading, default_reading=profile.default_reading
        )
        # id(target value) → (the value, kept alive so the id is not reused; compiled; prorate)
        self._targets: dict[tuple[int, Level2, object], tuple[object, Target, bool]] = {}
        # A province repeats its targets and its values: each (compiled target, value) pair is
        # coloured once. The value is kept alive with its outcome, so its id is not reused.
        self._outcomes: dict[tuple[int, int], tuple[object, Outcome, Decimal | None]] = {}
        # A ruleset project's indicators (shared by copies of it) → its lookup by name.
        self._indexes: dict[int, tuple[object, _Index, _Places]] = {}
        self._plans: dict[int, tuple[object, list[_Planned]]] = {}
        # A colour's name in formulas and a rating's outcome, in the run's language, made once:
        # looking the language up costs more than colouring an indicator.
        self.colour_names = {colour: colour_name(colour) for colour in Colour}
        self._ratings: dict[tuple[object, str | None], Outcome] = {}
        # The profile's settings each indicator asks for, read once.
        self.explain = profile.explain
        self.likelihood = profile.likelihood
        self.gap = profile.gap is not None

    def known(
        self, target: Target, current: object
    ) -> tuple[object, Outcome, Decimal | None] | None:
        """The outcome of this target against this value if it was coloured before."""
        return self._outcomes.get((id(target), id(current)))

    def outcome(
        self, target: Target, current: Comparison, prorate: bool
    ) -> tuple[Outcome, Decimal | None]:
        key = (id(target), id(current))
        kept = self._outcomes.get(key)
        if kept is None:
            if len(self._outcomes) >= _TARGET_CACHE:
                self._outcomes.clear()
            (colour, value, template, args), expected = quantity_outcome(
                target, current, self.month, prorate, self.profile
            )
            if target.prefix:  # how a target without a comparator was read, before the rule
                template = target.prefix.replace("{", "{{").replace("}", "}}") + template
            kept = self._outcomes[key] = (current, (colour, value, template, args), expected)
        return kept[1], kept[2]

    def places(self, project: Project) -> tuple[_Index, _Places]:
        """id(ref) → (the ref, kept alive so its id is not reused; the index of the one
        indicator it names, or why it names none), filled as refs arrive. A table's reader
        hands out one ref per distinct name and levels, so a province's rows repeat them."""
        kept = self._indexes.get(id(project.indicators))
        if kept is None:
            if len(self._indexes) >= _TARGET_CACHE:
                self._indexes.clear()
            index = ref_index(project.indicators)  # as scoring's plans index them
            kept = self._indexes[id(project.indicators)] = (project.indicators, index, {})
        return kept[1], kept[2]

    def plan(self, project: Project) -> list[_Planned]:
        """Per indicator what does not change from copy to copy of a ruleset project (a
        province's projects repeat a few shapes): its compiled target, whether it pro-rates,
        its number among those of its name (1, 2, …, as reports show it), and its fields."""
        kept = self._plans.get(id(project.indicators))
        if kept is None:
            if len(self._plans) >= _TARGET_CACHE:
                self._plans.clear()
            numbers = occurrence_numbers(project.indicators)  # as scoring numbers them
            plan = []
            for indicator, occurrence in zip(project.indicators, numbers, strict=True):
                target, prorate = self.target(indicator)
                in_gap = prorate and self.gap and target.kind != "duration" and target.op != "<="
                plan.append(
                    (
                        target,
                        prorate,
                        indicator.not_applicable,
                        indicator.level1,
                        indicator.level2,
                        indicator.name,
                        occurrence,
                        indicator.goal,
                        indicator.target.text,
                        in_gap,
                    )
                )
            kept = self._plans[id(project.indicators)] = (project.indicators, plan)
        return kept[1]

    def target(self, indicator: Indicator) -> tuple[Target, bool]:
        key = (id(indicator.target), indicator.level2, indicator.nature)
        kept = self._targets.get(key)
        if kept is None:
            if len(self._targets) >= _TARGET_CACHE:
                self._targets.clear()
            compiled = compile_target(indicator, self.policy, self.year)
            prorate = self.profile.prorates(indicator.level2, compiled.dimension)
            kept = self._targets[key] = (indicator.target, compiled, prorate)
        return kept[1], kept[2]


def start_run(
    ruleset: Ruleset, progress: Progress, profile: Profile, month: int | None = None
) -> Run:
    """The run's month (the option, else the progress's), year and as-of day."""
    month = month if month is not None else progress.effective_month
    if month is None:
        raise MonitoringError(_("the progress states no month: give `month 7` or --month 7"))
    if not 1 <= month <= 12:
        raise MonitoringError(_("month {month}: expected 1 to 12", month=month))
    year = progress.year or ruleset.year
    as_of: dt.date | None = None  # without a year, only deadlines that name theirs need one
    if progress.as_of is not None and progress.as_of.month == month:
        as_of = progress.as_of
    elif year is not None:
        as_of = month_end(year, month)
    return Run(profile, month, as_of, year)


def monitor(
    ruleset: Ruleset, progress: Progress, profile: Profile, month: int | None = None
) -> MonitoringResult:
    """Colour every project of the ruleset by the progress, under the profile."""
    run = start_run(ruleset, progress, profile, month)
    problems: list[Problem] = []
    matched = match_projects(ruleset, progress.projects, problems)
    projects = [
        monitor_project(project, found, run, problems)
        for project, found in zip(ruleset.projects, matched, strict=True)
    ]
    header = ruleset.header
    return MonitoringResult(
        month=run.month,
        as_of=None if run.as_of is None else run.as_of.isoformat(),
        year=run.year,
        department=header.department if header else None,
        profile=profile.name,
        projects=projects,
        problems=problems,
    )


def monitor_stream(
    pairs: Iterable[tuple[Project, ProjectProgress | None]], run: Run, problems: list[Problem]
) -> Iterator[ProjectMonitor]:
    """One project at a time, for reports too large to hold (see tests/bench/)."""
    for project, found in pairs:
        yield monitor_project(project, found, run, problems)


def monitor_project(
    project: Project, progress: ProjectProgress | None, run: Run, problems: list[Problem]
) -> ProjectMonitor:
    profile = run.profile
    order = profile.order
    entries = match_indicators(project, progress, problems, run)
    completions: list[Fraction] = []
    indicators = [
        _indicator(planned, entry, run, completions)
        for planned, entry in zip(run.plan(project), entries, strict=True)
    ]
    budget = _budget(project, progress, run)
    goals = _goals(project, indicators, order)
    checks = _gap(budget, completions, profile)
    colour = worst([budget.colour, *(g.colour for g in goals), *(c.colour for c in checks)], order)
    return ProjectMonitor(
        name=project.name,
        code=project.code,
        colour=colour,
        budget=budget,
        goals=goals,
        indicators=indicators,
        checks=checks,
    )


_QUANTITIES = frozenset({"comparison", "range", "duration"})
# An entry's fields in one look (a frozen pydantic model keeps them in its __dict__).
_ENTRY_FIELDS = itemgetter(
    "current", "explanation", "cause", "likelihood", "forecast", "note", "origin", "not_applicable"
)


def _indicator(
    planned: _Planned,
    entry: IndicatorProgress | None,
    run: Run,
    completions: list[Fraction],
) -> IndicatorMonitor:
    target, prorate, not_applicable, level1, level2, name, occurrence, goal, target_text, in_gap = (
        planned
    )
    kind = target.kind
    expected: Decimal | None = None
    value: Decimal | None = None
    args: tuple[Any, ...]
    if entry is None:
        current = explanation = cause = likelihood = forecast = note = origin = None
    else:
        current, explanation, cause, likelihood, forecast_value, note, origin, entry_na = (
            _ENTRY_FIELDS(entry.__dict__)
        )
        not_applicable = not_applicable or entry_na
        forecast = None if forecast_value is None else forecast_value.text
    kept = None if not_applicable else run.known(target, current)
    if kept is not None:  # a quantity against a value coloured before (the commonest case)
        (colour, value, template, args), expected = kept[1], kept[2]
        if in_gap:
            _completion(target, current, completions)  # type: ignore[arg-type]
    elif not_applicable or kind == "na":
        colour, template, args = Colour.NOT_APPLICABLE, _("not applicable"), ()
    elif kind in _QUANTITIES and isinstance(current, Comparison) and current.op is None:
        (colour, value, template, args), expected = run.outcome(target, current, prorate)
        if in_gap:
            _completion(target, current, completions)
    elif kind == "qualitative":  # its outcome depends on the rating and the text only
        rating = (None if entry is None else entry.tier, None if current is None else current.text)
        outcome = run._ratings.get(rating)
        if outcome is None:
            if len(run._ratings) >= _TARGET_CACHE:
                run._ratings.clear()
            outcome = run._ratings[rating] = qualitative_outcome(entry, run.profile)
        colour, value, template, args = outcome
    elif kind == "deadline":
        colour, value, template, args = deadline_outcome(target, entry, run.as_of, run.profile)
    elif kind == "error":
        colour, template, args = Colour.NO_DATA, "{}", (target.prefix,)
    elif current is None:
        colour, template, args = Colour.NO_DATA, _("no value to date given"), ()
    else:
        colour, template = Colour.NO_DATA, _("{} is not a quantity to compare with the target")
        args = (current.text,)
    if likelihood is not None:
        stated = run.likelihood.get(likelihood)
        if stated is not None:
            colour = worst([colour, stated], run.profile.order)
            template += _("; 完成目标可能性 {} → ") + run.colour_names[colour]
            args = (*args, likelihood.value)
    return IndicatorMonitor(
        level1,
        level2,
        name,
        occurrence,
        goal,
        target_text,
        None if current is None else current.text,
        expected,
        target.unit,
        value,
        colour,
        template,
        args,
        colour in run.explain,
        explanation,
        cause,
        likelihood,
        forecast,
        note,
        origin,
    )


def _completion(target: Target, current: Comparison, completions: list[Fraction]) -> None:
    """Completion of the year's target (not pro-rated), at most 100, for the gap rule. Only
    cumulative (pro-rated) indicators count: a quality rate does not grow with spending.
    Exact (2 of 3 is 200/3, not 66.66…67), so that a gap of exactly the limit is within it."""
    amount, _text, _why = quantity_of(target, current)
    base = target.low if target.kind == "range" else target.value
    if amount is None or base <= ZERO:
        return
    completions.append(min(Fraction(100), Fraction(amount) * 100 / Fraction(base)))


def _budget(project: Project, progress: ProjectProgress | None, run: Run) -> BudgetMonitor:
    profile = run.profile
    budget = progress.budget if progress is not None else None
    if budget is None and project.budget is not None:
        budget = project.budget.value
    executed = progress.executed if progress is not None else None
    (colour, value, template, args), rate = budget_outcome(
        budget, executed, run.month, profile, run.colour_names.__getitem__
    )
    return BudgetMonitor(
        budget=budget,
        executed=executed,
        forecast=progress.forecast if progress is not None else None,
        rate=rate,
        value=value,
        colour=colour,
        template=template,
        args=args,
        needs_explanation=profile.explain_budget and colour in profile.explain,
        explanation=progress.explanation if progress is not None else None,
    )


def _goals(
    project: Project, indicators: list[IndicatorMonitor], order: tuple[Colour, ...]
) -> list[GoalMonitor]:
    """Each goal takes the worst colour of its indicators. Where no indicator names its goal
    (most published tables), the project's goals are one goal of all its indicators; where
    some do, an indicator naming none belongs to an unnumbered goal."""
    if all(result.goal is None for result in indicators):
        text = "；".join(g.text for g in project.goals) or None
        number = 1 if project.goals else None
        colours = [result.colour for result in indicators]
        return [
            GoalMonitor(
                number=number, text=text, colour=worst(colours, order), indicators=len(colours)
            )
        ]
    groups: dict[int | None, list[Colour]] = {n: [] for n in range(1, len(project.goals) + 1)}
    for result in indicators:
        groups.setdefault(result.goal, []).append(result.colour)
    texts = {n: g.text for n, g in enumerate(project.goals, start=1)}
    return [
        GoalMonitor(
            number=number,
            text=None if number is None else texts.get(number),
            colour=worst(colours, order),
            indicators=len(colours),
        )
        for number, colours in groups.items()
    ]


def _cents(number: Fraction, *, up: bool = False) -> Decimal:
    """A non-negative exact number shown to two places: truncated as every shown value is, or
    rounded up; never through a Decimal division, which rounds at 28 digits first."""
    hundredths = math.ceil(number * 100) if up else math.floor(number * 100)
    return Decimal(hundredths).scaleb(-2)


def _gap(budget: BudgetMonitor, completions: list[Fraction], profile: Profile) -> list[Check]:
    if profile.gap is None or budget.rate is None or not completions:
        return []
    # Decided on the exact rate, not the two places `budget.rate` shows: 60.009% executed
    # against a completion of 50 is a gap over 10.
    assert budget.executed is not None and budget.budget is not None  # a rate was computed
    exact_rate = (
        Fraction(0)
        if budget.budget == ZERO
        else (Fraction(budget.executed) * 100 / Fraction(budget.budget))
    )
    completion = sum(completions, Fraction(0)) / len(completions)
    gap = abs(completion - exact_rate)
    shown = _cents(completion)
    shown_gap = _cents(gap)
    if gap > profile.gap and shown_gap <= profile.gap:  # 10.004 shows 10.01, never "10.00 >"
        shown_gap = _cents(gap, up=True)
    if gap <= profile.gap:
        colour = Colour.GREEN
        relation = "≤"
    else:
        colour = profile.gap_colour
        relation = ">"
    formula = _(
        "goal completion {completion}% vs execution {rate}%: gap {gap} {relation} {limit} "
        "points → {colour}",
        completion=number_text(shown),
        rate=number_text(budget.rate),
        gap=number_text(shown_gap),
        relation=relation,
        limit=number_text(profile.gap),
        colour=colour_name(colour),
    )
    return [Check(rule="gap", colour=colour, formula=formula)]


# ---- matching ---------------------------------------------------------------------------------
def match_projects(
    ruleset: Ruleset, entries: Iterable[ProjectProgress], problems: list[Problem]
) -> list[ProjectProgress | None]:
    by_code: dict[str, int] = {}
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, project in enumerate(ruleset.projects):
        if project.code is not None:
            by_code.setdefault(project.code, i)
        by_name[project.name].append(i)
    matched: list[ProjectProgress | None] = [None] * len(ruleset.projects)
    for entry in entries:
        label = f"{entry.project} [{entry.code}]" if entry.code else entry.project
        if entry.code is not None and entry.code in by_code:
            index = by_code[entry.code]
        else:
            candidates = by_name.get(entry.project, [])
            if len(candidates) != 1:
                message = (
                    _("no project of this code or name in the ruleset")
                    if not candidates
                    else _(
                        "{count} projects have this name; give the project's code",
                        count=len(candidates),
                    )
                )
                problems.append(Problem(message, label, entry.origin))
                continue
            index = candidates[0]
        if matched[index] is not None:
            problems.append(
                Problem(_("duplicate progress; the first is used"), label, entry.origin)
            )
            continue
        matched[index] = entry
    return matched


def match_indicators(
    project: Project, progress: ProjectProgress | None, problems: list[Problem], run: Run
) -> list[IndicatorProgress | None]:
    matched: list[IndicatorProgress | None] = [None] * len(project.indicators)
    if progress is None or not progress.indicators:
        return matched
    index, places = run.places(project)
    for entry in progress.indicators:
        ref = entry.indicator
        kept = places.get(id(ref))
        if kept is None:
            if len(places) >= _TARGET_CACHE:
                places.clear()
            kept = places[id(ref)] = (ref, place_of(index, ref))
        place = kept[1]
        if isinstance(place, str):
            problems.append(Problem(place, project.key, entry.origin))
            continue
        if matched[place] is not None:
            problems.append(
                Problem(
                    _("duplicate progress for {name!r}; the first is used", name=ref.name),
                    project.key,
                    entry.origin,
                )
            )
            continue
        matched[place] = entry
    return matched
