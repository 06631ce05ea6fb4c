"""Matching actuals to what they assess: projects by code or name, indicators by name,
levels and occurrence. Whatever cannot be matched is a `Problem`, never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..language.assessment import Actual, Assessment, ProjectActuals
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
        label = _ref_text(actual)
        if actual.not_applicable and value is not None and value.kind != "not_applicable":
            problems.append(
                Problem(
                    f"indicator {label} is marked 不适用 but holds the value {value.text!r}; "
                    "the value is not used: clear one of them",
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
                    f"points {actual.points} given for the quantitative indicator {label} are "
                    "not used: its points come from the actual value",
                    key,
                    actual.origin,
                )
            )
        if actual.tier is not None and not has_value:
            problems.append(
                Problem(
                    f"indicator {label} is rated by tier {actual.tier.value} alone, but its "
                    "target is quantitative: give the actual value it asks for",
                    key,
                    actual.origin,
                )
            )
