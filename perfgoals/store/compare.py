"""Compare two stored ruleset versions (two years, or two versions of one year) of a department.

Projects are matched by name (the nth of a repeated name with the nth), indicators by level 1,
level 2, name and occurrence: codes are table numbers that change from year to year. Scores
come from the latest score run of each version, where it has one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..language.model import Ruleset
from .repository import RulesetVersion
from .rows import occurrences

Pair = tuple[Any, Any]


@dataclass(frozen=True)
class IndicatorChange:
    level1: str
    level2: str
    name: str
    occurrence: int
    change: str  # "added", "removed" or "changed"
    target: Pair | None = None
    points: Pair | None = None
    status: Pair | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "level1": self.level1,
            "level2": self.level2,
            "name": self.name,
            "occurrence": self.occurrence,
            "change": self.change,
            "target": _pair_json(self.target),
            "points": _pair_json(self.points),
            "status": _pair_json(self.status),
        }


@dataclass(frozen=True)
class ProjectChange:
    name: str
    occurrence: int
    change: str  # "added", "removed", "changed" or "unchanged"
    score: Pair | None = None
    grade: Pair | None = None
    indicators: tuple[IndicatorChange, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "occurrence": self.occurrence,
            "change": self.change,
            "score": _pair_json(self.score),
            "grade": _pair_json(self.grade),
            "indicators": [i.to_json_dict() for i in self.indicators],
        }


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a version, its ruleset and its latest scores (if any)."""

    version: RulesetVersion
    ruleset: Ruleset
    run_id: int | None = None
    project_results: Sequence[dict[str, Any]] = ()
    indicator_results: Sequence[dict[str, Any]] = ()


@dataclass(frozen=True)
class VersionDiff:
    old: Side
    new: Side
    projects: tuple[ProjectChange, ...] = field(default_factory=tuple)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "department": self.new.version.department,
            "from": _side_json(self.old),
            "to": _side_json(self.new),
            "projects": [p.to_json_dict() for p in self.projects if p.change != "unchanged"],
            "unchanged_projects": sum(1 for p in self.projects if p.change == "unchanged"),
        }


def _side_json(side: Side) -> dict[str, Any]:
    return {
        "year": side.version.year,
        "version": side.version.version,
        "content_hash": side.version.content_hash,
        "score_run": side.run_id,
    }


def _pair_json(pair: Pair | None) -> list[Any] | None:
    if pair is None:
        return None
    return [format(v, "f") if isinstance(v, Decimal) else v for v in pair]


Key = tuple[tuple[str, ...], int]


def _keyed(items: Iterable[Any], key: Callable[[Any], tuple[str, ...]]) -> dict[Key, Any]:
    """Items by their key and its occurrence: the nth of a repeated key matches the nth."""
    listed = list(items)
    keys = [key(item) for item in listed]
    return {(k, n): item for k, n, item in zip(keys, occurrences(keys), listed, strict=True)}


def _changed(old: Any, new: Any) -> Pair | None:
    return None if old == new else (old, new)


def compare(old: Side, new: Side) -> VersionDiff:
    """What changed from old to new, project by project and indicator by indicator."""
    old_projects = _keyed(enumerate(old.ruleset.projects), lambda p: (p[1].name,))
    new_projects = _keyed(enumerate(new.ruleset.projects), lambda p: (p[1].name,))
    old_scores = {r["project_index"]: r for r in old.project_results}
    new_scores = {r["project_index"]: r for r in new.project_results}
    old_points = _points_by_indicator(old.indicator_results)
    new_points = _points_by_indicator(new.indicator_results)
    changes: list[ProjectChange] = []
    for key in [*new_projects, *(k for k in old_projects if k not in new_projects)]:
        (name,), occurrence = key
        if key not in old_projects:
            changes.append(ProjectChange(name, occurrence, "added"))
            continue
        if key not in new_projects:
            changes.append(ProjectChange(name, occurrence, "removed"))
            continue
        (i_old, p_old), (i_new, p_new) = old_projects[key], new_projects[key]
        s_old, s_new = old_scores.get(i_old, {}), new_scores.get(i_new, {})
        score = _changed(s_old.get("score"), s_new.get("score"))
        grade = _changed(s_old.get("grade"), s_new.get("grade"))
        indicators = tuple(
            _indicator_changes(
                p_old.indicators,
                p_new.indicators,
                old_points.get(i_old, {}),
                new_points.get(i_new, {}),
            )
        )
        change = "changed" if score or grade or indicators else "unchanged"
        changes.append(ProjectChange(name, occurrence, change, score, grade, indicators))
    return VersionDiff(old, new, tuple(changes))


def _points_by_indicator(
    results: Iterable[dict[str, Any]],
) -> dict[int, dict[tuple[str, str, str, int], dict[str, Any]]]:
    table: dict[int, dict[tuple[str, str, str, int], dict[str, Any]]] = {}
    for r in results:
        key = (r["level1"], r["level2"], r["name"], r["occurrence"])
        table.setdefault(r["project_index"], {})[key] = r
    return table


def _indicator_changes(
    old: Sequence[Any],
    new: Sequence[Any],
    old_results: dict[tuple[str, str, str, int], dict[str, Any]],
    new_results: dict[tuple[str, str, str, int], dict[str, Any]],
) -> Iterable[IndicatorChange]:
    def key(i: Any) -> tuple[str, str, str]:
        return (i.level1.value, i.level2.value, i.name)

    old_by, new_by = _keyed(old, key), _keyed(new, key)
    for k in [*new_by, *(k for k in old_by if k not in new_by)]:
        (level1, level2, name), occurrence = k
        if k not in old_by:
            yield IndicatorChange(level1, level2, name, occurrence, "added")
            continue
        if k not in new_by:
            yield IndicatorChange(level1, level2, name, occurrence, "removed")
            continue
        r_key = (level1, level2, name, occurrence)
        r_old, r_new = old_results.get(r_key, {}), new_results.get(r_key, {})
        target = _changed(old_by[k].target.text, new_by[k].target.text)
        points = _changed(r_old.get("points"), r_new.get("points"))
        status = _changed(r_old.get("status"), r_new.get("status"))
        if target or points or status:
            yield IndicatorChange(
                level1, level2, name, occurrence, "changed", target, points, status
            )
