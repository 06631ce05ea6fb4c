"""Monitoring runs in the store: saved with the ruleset version and profile behind them, and
compared month against month (what turned red since the last report)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..i18n import _
from ..language.model import Ruleset
from ..language.profile import Colour, Profile
from ..monitoring.results import MonitoringResult
from . import rows
from .bulk import bulk_insert, insert_returning_id
from .connection import reading, writing
from .repository import NotFoundError, Store, save_ruleset_in
from .tables import MonitoringProjectRow, MonitoringRunRow, table

MONITORING_RUNS = table(MonitoringRunRow)
MONITORING_PROJECTS = table(MonitoringProjectRow)


@dataclass(frozen=True)
class SavedMonitoring:
    run_id: int
    version: int
    ruleset_id: int


def save_monitoring_in(
    connection: Connection, result: MonitoringResult, ruleset: Ruleset, profile: Profile
) -> SavedMonitoring:
    version = save_ruleset_in(connection, ruleset)
    definition = profile.model_dump(mode="json", exclude={"span", "comments"})
    run = MonitoringRunRow(
        ruleset_id=version.id,
        department=version.department,
        year=version.year,
        month=result.month,
        as_of=result.as_of or "",
        profile=profile.name,
        profile_hash=rows.content_hash(json.dumps(definition, sort_keys=True, ensure_ascii=False)),
        profile_definition=definition,
        summary=result.summary(),
        problems=[p.to_json_dict() for p in result.problems],
    ).model_dump(exclude={"id"})
    run_id = insert_returning_id(connection, MONITORING_RUNS, run)
    bulk_insert(
        connection,
        MONITORING_PROJECTS,
        [
            MonitoringProjectRow(
                run_id=run_id,
                project_index=i,
                name=p.name,
                code=p.code,
                colour=p.colour.value,
                result=p.to_json_dict(),
            ).model_dump()
            for i, p in enumerate(result.projects)
        ],
    )
    return SavedMonitoring(run_id, version.version, version.id)


def save_monitoring(
    result: MonitoringResult, ruleset: Ruleset, profile: Profile, *, db: str | None = None
) -> SavedMonitoring:
    """Save a monitoring run in one transaction (StoreError, exit 2, when the database fails)."""
    with Store(db, create=True) as store:
        store._ready()
        return writing(store.engine, lambda c: save_monitoring_in(c, result, ruleset, profile))


@dataclass(frozen=True)
class StoredMonth:
    run_id: int
    year: int
    month: int
    profile: str
    version: int
    projects: list[dict[str, Any]]


def load_month(store: Store, department: str, year: int, month: int) -> StoredMonth:
    """The latest monitoring run of a department's month."""
    store._ready()
    from .repository import RULESETS

    with reading(store.engine) as connection:
        run = connection.execute(
            sa.select(MONITORING_RUNS, RULESETS.c.version)
            .join(RULESETS, RULESETS.c.id == MONITORING_RUNS.c.ruleset_id)
            .where(
                MONITORING_RUNS.c.department == department,
                MONITORING_RUNS.c.year == year,
                MONITORING_RUNS.c.month == month,
            )
            .order_by(MONITORING_RUNS.c.id.desc())
            .limit(1)
        ).first()
        if run is None:
            raise NotFoundError(
                _(
                    "no monitoring run of {department} for {year}-{month}",
                    department=department,
                    year=year,
                    month=f"{month:02d}",
                )
            )
        projects = connection.execute(
            sa.select(MONITORING_PROJECTS.c.result)
            .where(MONITORING_PROJECTS.c.run_id == run.id)
            .order_by(MONITORING_PROJECTS.c.project_index)
        ).scalars()
        return StoredMonth(run.id, run.year, run.month, run.profile, run.version, list(projects))


@dataclass
class MonthDiff:
    """Colours that changed between two months, projects and indicators; what turned red."""

    old: StoredMonth
    new: StoredMonth
    projects: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)

    @property
    def turned_red(self) -> list[dict[str, Any]]:
        return [c for c in self.projects + self.indicators if c["new"] == Colour.RED.value]

    def to_json_dict(self) -> dict[str, Any]:
        def side(s: StoredMonth) -> dict[str, Any]:
            return {
                "run": s.run_id,
                "year": s.year,
                "month": s.month,
                "profile": s.profile,
                "ruleset_version": s.version,
            }

        return {
            "old": side(self.old),
            "new": side(self.new),
            "projects": self.projects,
            "indicators": self.indicators,
            "turned_red": self.turned_red,
        }


def compare_months(old: StoredMonth, new: StoredMonth) -> MonthDiff:
    diff = MonthDiff(old, new)
    before = {(p["name"], p["code"]): p for p in old.projects}
    for project in new.projects:
        key = (project["name"], project["code"])
        earlier = before.get(key)
        if earlier is None:
            diff.projects.append(
                {
                    "project": project["name"],
                    "code": project["code"],
                    "old": None,
                    "new": project["colour"],
                }
            )
            continue
        if earlier["colour"] != project["colour"]:
            diff.projects.append(
                {
                    "project": project["name"],
                    "code": project["code"],
                    "old": earlier["colour"],
                    "new": project["colour"],
                }
            )
        old_indicators = {_indicator_key(i): i for i in earlier["indicators"]}
        for indicator in project["indicators"]:
            was = old_indicators.get(_indicator_key(indicator))
            if was is None or was["colour"] != indicator["colour"]:
                diff.indicators.append(
                    {
                        "project": project["name"],
                        "code": project["code"],
                        "level1": indicator["level1"],
                        "level2": indicator["level2"],
                        "name": indicator["name"],
                        "occurrence": indicator["occurrence"],
                        "old": None if was is None else was["colour"],
                        "new": indicator["colour"],
                        "value": indicator["value"],
                    }
                )
    return diff


def _indicator_key(indicator: dict[str, Any]) -> tuple[str, str, str, int]:
    return indicator["level1"], indicator["level2"], indicator["name"], indicator["occurrence"]
