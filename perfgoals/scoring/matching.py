"""Matching actuals to what they assess: projects by code or name, indicators by name,
levels and occurrence. Whatever cannot be matched is a `Problem`, never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..i18n import _
from ..language.assessment import Actual, Assessment, IndicatorRef, Origin, ProjectActuals
from ..language.model import (
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    Project,
    Ruleset,
)
from .plan import Plan, RefKey
from .results import (
    Problem,
)


def match_actuals(
    project: Project, plan: Plan, actuals: ProjectActuals, key: str, problems: list[Problem]
) -> list[Actual | None]:
    matched: list[Actual | None] = [None] * len(project.indicators)
    for actual in actuals.actuals:
        index = place_of(plan.by_ref, actual.indicator)
        if isinstance(index, str):
            problems.append(Problem(index, key, actual.origin))
            continue
        if matched[index] is not None:
            problems.append(
                Problem(
                    _(
                        "duplicate actual for indicator {ref}; the first is used",
                        ref=ref_text(actual.indicator),
                    ),
                    key,
                    actual.origin,
                )
            )
            continue
        matched[index] = actual
    return matched


def place_of(by_ref: dict[RefKey, list[int]], ref: IndicatorRef) -> int | str:
    """The index of the one indicator a reference names (by name, levels and occurrence), or
    why it names none: the problem to report. Scoring and monitoring match alike."""
    candidates = by_ref.get((ref.name, ref.level1, ref.level2), ())
    if not candidates:
        return _("unknown indicator {ref}", ref=ref_text(ref))
    if ref.occurrence is not None:
        if not 1 <= ref.occurrence <= len(candidates):
            return _(
                "no occurrence {occurrence} of indicator {name!r} (there are {count})",
                occurrence=ref.occurrence,
                name=ref.name,
                count=len(candidates),
            )
        return candidates[ref.occurrence - 1]
    if len(candidates) > 1:
        return _(
            "indicator {ref} is ambiguous: {count} indicators match; give its level 2 "
            "or its occurrence",
            ref=ref_text(ref),
            count=len(candidates),
        )
    return candidates[0]


def ref_text(ref: IndicatorRef) -> str:
    """A reference as a message names it: its levels, its name, its occurrence."""
    parts = []
    if ref.level1 is not None:
        parts.append(LEVEL1_LABELS[ref.level1])
    if ref.level2 is not None:
        parts.append(LEVEL2_LABELS[ref.level2])
    parts.append(repr(ref.name))
    if ref.occurrence is not None:
        parts.append(_("occurrence {n}", n=ref.occurrence))
    return " ".join(parts)


def match_projects(
    ruleset: Ruleset, assessment: Assessment, problems: list[Problem]
) -> list[ProjectActuals | None]:
    keys = [(project.name, project.code) for project in ruleset.projects]
    chosen = match_keys(keys, assessment.projects, problems)
    return [None if i is None else assessment.projects[i] for i in chosen]


def match_keys(
    projects: Sequence[tuple[str, str | None]],
    read: Iterable[ProjectActuals | ActualsKey],
    problems: list[Problem],
) -> list[int | None]:
    """For each ruleset project (name, code), the index of its actuals among those `read`.

    Actuals name their project by code when they have one, else by name; those that match no
    project, or a project already matched, are reported in `problems`, in the actuals' order.
    """
    matcher = Matcher(projects, problems)
    matched: list[int | None] = [None] * len(projects)
    for position, actuals in enumerate(read):
        index = matcher.match(actuals)
        if index is not None:
            matched[index] = position
    return matched


class Matcher:
    """Finds the ruleset project of each project's actuals, one at a time, as `match_keys`."""

    def __init__(self, projects: Sequence[tuple[str, str | None]], problems: list[Problem]):
        self.projects = projects
        self.problems = problems
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for i, (name, code) in enumerate(projects):
            if code is not None:
                self.by_code.setdefault(code, i)
            self.by_name[name].append(i)
        self.taken = [False] * len(projects)

    def match(self, actuals: ProjectActuals | ActualsKey) -> int | None:
        """The index of the project these actuals are for; None (and a problem) if none."""
        label = f"{actuals.project} [{actuals.code}]" if actuals.code else actuals.project
        if actuals.code is not None:
            index = self.by_code.get(actuals.code)
            if index is None:
                self._problem(
                    _("no project with code {code!r} in the ruleset", code=actuals.code),
                    label,
                    actuals,
                )
                return None
            if self.projects[index][0] != actuals.project:
                self._problem(
                    _(
                        "project code {code!r} is {name!r} in the ruleset; scored by its code",
                        code=actuals.code,
                        name=self.projects[index][0],
                    ),
                    label,
                    actuals,
                )
        else:
            candidates = self.by_name.get(actuals.project, [])
            if not candidates:
                self._problem(_("no project of this name in the ruleset"), label, actuals)
                return None
            if len(candidates) > 1:
                self._problem(
                    _(
                        "{count} projects have this name; give the project's code",
                        count=len(candidates),
                    ),
                    label,
                    actuals,
                )
                return None
            index = candidates[0]
        if self.taken[index]:
            self._problem(
                _("duplicate actuals for this project; the first are used"), label, actuals
            )
            return None
        self.taken[index] = True
        return index

    def _problem(self, message: str, label: str, actuals: ProjectActuals | ActualsKey) -> None:
        self.problems.append(Problem(message, label, actuals.origin))


@dataclass(frozen=True)
class ActualsKey:
    """What matching needs of a project's actuals: its name, code and where it was read."""

    project: str
    code: str | None
    origin: Origin

    @classmethod
    def of(cls, actuals: ProjectActuals) -> ActualsKey:
        return cls(actuals.project, actuals.code, actuals.origin)


_QUANTITATIVE = frozenset({"comparison", "range", "deadline", "duration"})


def unused_parts(
    kinds: Sequence[str], matched: Sequence[Actual | None], key: str, problems: list[Problem]
) -> None:
    """A Problem for each part of a matched actual that scoring would pass over in silence.

    `kinds` are the compiled targets' kinds, one per indicator. Points written for a
    quantitative indicator are not used (its points come from the value); a tier alone on a
    quantitative target rates it without the value the target asks for; 不适用 beside a value
    leaves the value out.
    """
    for kind, actual in zip(kinds, matched, strict=True):
        if actual is None:
            continue
        value = actual.value
        has_value = value is not None and value.kind not in {"not_applicable", "qualitative"}
        label = ref_text(actual.indicator)
        if actual.not_applicable and value is not None and value.kind != "not_applicable":
            problems.append(
                Problem(
                    _(
                        "indicator {label} is marked 不适用 but holds the value {value}; "
                        "the value is not used: clear one of them",
                        label=label,
                        value=repr(value.text),
                    ),
                    key,
                    actual.origin,
                )
            )
            continue
        if kind not in _QUANTITATIVE:
            continue
        if actual.points is not None and has_value:
            problems.append(
                Problem(
                    _(
                        "points {points} given for the quantitative indicator {label} are not "
                        "used: its points come from the actual value",
                        points=actual.points,
                        label=label,
                    ),
                    key,
                    actual.origin,
                )
            )
        if actual.tier is not None and not has_value:
            problems.append(
                Problem(
                    _(
                        "indicator {label} is rated by tier {tier} alone, but its target is "
                        "quantitative: give the actual value it asks for",
                        label=label,
                        tier=actual.tier.value,
                    ),
                    key,
                    actual.origin,
                )
            )
