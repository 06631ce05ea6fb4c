"""Small rulesets and progress reports written in the language, monitored in one call."""

from __future__ import annotations

from perfgoals.language.parser import parse_document
from perfgoals.language.profile import Colour, Profile
from perfgoals.monitoring import MonitoringResult, monitor
from perfgoals.monitoring.profiles import load_profile


def run(
    indicators: str,
    currents: str,
    *,
    month: int = 7,
    budget: str = "",
    progress_fields: str = "",
    project_fields: str = "",
    profile: str | Profile = "time-proportional",
) -> MonitoringResult:
    ruleset = parse_document(
        'ruleset { department "测试" year 2023 }\n'
        f'project "p" {{\n  code "1"\n  {budget}\n  产出 {{\n{indicators}\n  }}\n}}\n'
    ).ruleset
    progress = parse_document(
        f"progress {{\n  month {month}\n  {progress_fields}\n"
        f'  project "p" {{\n    code "1"\n    {project_fields}\n{currents}\n  }}\n}}\n'
    ).progress
    assert progress is not None
    chosen = profile if isinstance(profile, Profile) else load_profile(profile)
    return monitor(ruleset, progress, chosen)


def indicator_colour(
    target: str, current: str | None, *, kind: str = "数量", month: int = 7, **options: object
) -> Colour:
    line = f'current {kind} "x" {current}' if current is not None else ""
    result = run(f'    {kind} "x" "{target}"', f"    {line}", month=month, **options)  # type: ignore[arg-type]
    return result.projects[0].indicators[0].colour


def budget_colour(budget: str, executed: str, *, month: int = 7, **options: object) -> Colour:
    result = run(
        '    数量 "x" "1 场"',
        "",
        month=month,
        budget=f"budget {budget}",
        project_fields=f"executed {executed}",
        **options,  # type: ignore[arg-type]
    )
    return result.projects[0].budget.colour
