"""Matching actuals to what they assess: projects by code or name, indicators by name,
levels and occurrence. Whatever cannot be matched is a `Problem`, never dropped.
"""

from __future__ import annotations

from collections import defaultdict

from ..i18n import _
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
            problems.append(
                Problem(_("unknown indicator {ref}", ref=_ref_text(actual)), key, actual.origin)
            )
            continue
        if ref.occurrence is not None:
            if not 1 <= ref.occurrence <= len(candidates):
                problems.append(
                    Problem(
                        _(
                            "no occurrence {occurrence} of indicator {name!r} (there are {count})",
                            occurrence=ref.occurrence,
                            name=ref.name,
                            count=len(candidates),
                        ),
                        key,
                        actual.origin,
                    )
                )
                continue
            index = candidates[ref.occurrence - 1]
        elif len(candidates) > 1:
            problems.append(
                Problem(
                    _(
                        "indicator {ref} is ambiguous: {count} indicators match; give its level 2 "
                        "or its occurrence",
                        ref=_ref_text(actual),
                        count=len(candidates),
                    ),
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
                    _(
                        "duplicate actual for indicator {ref}; the first is used",
                        ref=_ref_text(actual),
                    ),
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
        parts.append(_("occurrence {n}", n=ref.occurrence))
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
                        _("no project with code {code!r} in the ruleset", code=actuals.code),
                        label,
                        actuals.origin,
                    )
                )
                continue
            if ruleset.projects[index].name != actuals.project:
                problems.append(
                    Problem(
                        _(
                            "project code {code!r} is {name!r} in the ruleset; scored by its code",
                            code=actuals.code,
                            name=ruleset.projects[index].name,
                        ),
                        label,
                        actuals.origin,
                    )
                )
        else:
            candidates = by_name.get(actuals.project, [])
            if not candidates:
                problems.append(
                    Problem(_("no project of this name in the ruleset"), label, actuals.origin)
                )
                continue
            if len(candidates) > 1:
                problems.append(
                    Problem(
                        _(
                            "{count} projects have this name; give the project's code",
                            count=len(candidates),
                        ),
                        label,
                        actuals.origin,
                    )
                )
                continue
            index = candidates[0]
        if matched[index] is not None:
            problems.append(
                Problem(
                    _("duplicate actuals for this project; the first are used"),
                    label,
                    actuals.origin,
                )
            )
            continue
        matched[index] = actuals
    return matched
