"""Matching actuals to what they assess: projects by code or name, indicators by name,
levels and occurrence. Whatever cannot be matched is a `Problem`, never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..language.assessment import Actual, Assessment, Origin, ProjectActuals
from ..language.model import (
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    Project,
    Ruleset,
)
from .plan import Plan
from .results import (
    Problem,
)


def match_actuals(
    project: Project, plan: Plan, actuals: ProjectActuals, key: str, problems: list[Problem]
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
    by_code: dict[str, int] = {}
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, (name, code) in enumerate(projects):
        if code is not None:
            by_code.setdefault(code, i)
        by_name[name].append(i)
    matched: list[int | None] = [None] * len(projects)
    for position, actuals in enumerate(read):
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
            if projects[index][0] != actuals.project:
                problems.append(
                    Problem(
                        f"project code {actuals.code!r} is {projects[index][0]!r} in the "
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
        matched[index] = position
    return matched


@dataclass(frozen=True)
class ActualsKey:
    """What matching needs of a project's actuals: its name, code and where it was read."""

    project: str
    code: str | None
    origin: Origin

    @classmethod
    def of(cls, actuals: ProjectActuals) -> ActualsKey:
        return cls(actuals.project, actuals.code, actuals.origin)
