"""Saving and loading: ruleset versions, assessments and score runs, one transaction per save."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..i18n import _
from ..language.assessment import Assessment
from ..language.budget import Budget
from ..language.errors import PerfgoalsError
from ..language.formatter import format_ruleset
from ..language.model import Ruleset
from ..language.policy import Policy
from ..scoring.results import AssessmentResult
from . import rows, score_rows
from .budget import load_budget_in, save_budget_in
from .bulk import bulk_insert, copy_rows, insert_returning_id
from .connection import ENV_VAR, StoreError, lock_for, make_engine, reading, resolve_url, writing
from .schema import initialise, require_current
from .tables import (
    ActualRow,
    AssessmentProjectRow,
    AssessmentRow,
    IndicatorResultRow,
    IndicatorRow,
    PolicyRow,
    ProjectResultRow,
    ProjectRow,
    RulesetRow,
    ScoreRunRow,
    table,
)

RULESETS = table(RulesetRow)
PROJECTS = table(ProjectRow)
INDICATORS = table(IndicatorRow)
ASSESSMENTS = table(AssessmentRow)
ASSESSMENT_PROJECTS = table(AssessmentProjectRow)
ACTUALS = table(ActualRow)
RUNS = table(ScoreRunRow)
POLICIES = table(PolicyRow)
PROJECT_RESULTS = table(ProjectResultRow)
INDICATOR_RESULTS = table(IndicatorResultRow)


class NotFoundError(PerfgoalsError):
    """Nothing stored under the name asked for."""


@dataclass(frozen=True)
class RulesetVersion:
    """A stored ruleset version; `new` tells whether this save created it."""

    id: int
    department: str
    year: int
    version: int
    title: str | None
    content_hash: str
    created_at: datetime
    new: bool = False

    @property
    def label(self) -> str:
        d, y, v = self.department, self.year, self.version
        return _("{department} {year} version {version}", department=d, year=y, version=v)


@dataclass(frozen=True)
class SavedAssessment:
    ruleset: RulesetVersion
    id: int
    new: bool


def _version_of(row: Any, *, new: bool = False) -> RulesetVersion:
    return RulesetVersion(
        id=row.id,
        department=row.department,
        year=row.year,
        version=row.version,
        title=row.title,
        content_hash=row.content_hash,
        created_at=row.created_at,
        new=new,
    )


def ruleset_key(ruleset: Ruleset) -> tuple[str, int]:
    """Department and year: how stored rulesets are named and versioned."""
    header = ruleset.header
    if header is None or not header.department or header.year is None:
        raise StoreError(_("a ruleset needs `department` and `year` in its header to be stored"))
    return header.department, header.year


def save_ruleset_in(connection: Connection, ruleset: Ruleset) -> RulesetVersion:
    """Save within an open transaction: the existing version if the content is stored already."""
    department, year = ruleset_key(ruleset)
    source = format_ruleset(ruleset)
    digest = rows.content_hash(source)
    # One writer at a time numbers the versions of a department and year (and the same content
    # may belong to another department's key, so content is locked too).
    lock_for(connection, "ruleset", department, year)
    lock_for(connection, "ruleset content", digest)
    existing = connection.execute(
        sa.select(RULESETS).where(RULESETS.c.content_hash == digest)
    ).first()
    if existing is not None:
        if ruleset.budget is not None:  # the same tables; positions may differ
            save_budget_in(connection, existing.id, ruleset.budget)
        return _version_of(existing)
    latest = connection.execute(
        sa.select(sa.func.max(RULESETS.c.version)).where(
            RULESETS.c.department == department, RULESETS.c.year == year
        )
    ).scalar_one_or_none()
    values = RulesetRow(
        department=department,
        year=year,
        version=(latest or 0) + 1,
        content_hash=digest,
        source_text=source,
        **rows.ruleset_row(ruleset),
    ).model_dump(exclude={"id"})
    ruleset_id = insert_returning_id(connection, RULESETS, values)
    bulk_insert(connection, PROJECTS, rows.project_rows(ruleset_id, ruleset))
    bulk_insert(connection, INDICATORS, rows.indicator_rows(ruleset_id, ruleset))
    if ruleset.budget is not None:  # a .perf file's 部门预算 block: kept as a disclosure's
        save_budget_in(connection, ruleset_id, ruleset.budget)
    return RulesetVersion(
        id=ruleset_id,
        department=department,
        year=year,
        version=values["version"],
        title=values["title"],
        content_hash=digest,
        created_at=values["created_at"],
        new=True,
    )


def save_assessment_in(
    connection: Connection, ruleset: RulesetVersion, assessment: Assessment
) -> SavedAssessment:
    digest = rows.assessment_hash(assessment)
    lock_for(connection, "assessment", ruleset.id, digest)
    existing = connection.execute(
        sa.select(ASSESSMENTS.c.id).where(
            ASSESSMENTS.c.ruleset_id == ruleset.id, ASSESSMENTS.c.content_hash == digest
        )
    ).scalar_one_or_none()
    if existing is not None:
        return SavedAssessment(ruleset, existing, new=False)
    values = AssessmentRow(
        ruleset_id=ruleset.id, content_hash=digest, **rows.assessment_row(assessment)
    ).model_dump(exclude={"id"})
    assessment_id = insert_returning_id(connection, ASSESSMENTS, values)
    bulk_insert(
        connection, ASSESSMENT_PROJECTS, rows.assessment_project_rows(assessment_id, assessment)
    )
    bulk_insert(connection, ACTUALS, rows.actual_rows(assessment_id, assessment))
    return SavedAssessment(ruleset, assessment_id, new=True)


def save_policy_in(connection: Connection, policy: Policy, source_text: str | None) -> int:
    """The id of this policy (same name, same text), stored now if it was not yet."""
    values = score_rows.policy_values(policy, source_text)
    lock_for(connection, "policy", values["name"], values["content_hash"])
    existing = connection.execute(
        sa.select(POLICIES.c.id).where(
            POLICIES.c.name == values["name"], POLICIES.c.content_hash == values["content_hash"]
        )
    ).scalar_one_or_none()
    if existing is not None:
        return int(existing)
    return insert_returning_id(connection, POLICIES, PolicyRow(**values).model_dump(exclude={"id"}))


@dataclass(frozen=True)
class SavedScore:
    """Where a score run was saved, and exactly what produced it."""

    run_id: int
    ruleset: RulesetVersion
    assessment_id: int
    policy_id: int


BATCH_ROWS = 50_000  # indicator rows per executemany: bounded memory, few round trips


def save_score_in(
    connection: Connection,
    result: AssessmentResult,
    ruleset: Ruleset,
    assessment: Assessment,
    policy: Policy,
    policy_source: str | None = None,
) -> SavedScore:
    """Save a score run with the ruleset version, assessment and policy that produced it."""
    saved = save_assessment_in(connection, save_ruleset_in(connection, ruleset), assessment)
    policy_id = save_policy_in(connection, policy, policy_source)
    values = ScoreRunRow(
        ruleset_id=saved.ruleset.id,
        assessment_id=saved.id,
        policy_id=policy_id,
        **score_rows.run_values(result),
    ).model_dump(exclude={"id"})
    run_id = insert_returning_id(connection, RUNS, values)
    bulk_insert(connection, PROJECT_RESULTS, score_rows.project_result_rows(run_id, result))
    rows_iter = score_rows.indicator_result_rows(run_id, result)
    if connection.dialect.name == "postgresql":
        copy_rows(connection, INDICATOR_RESULTS, rows_iter)
        return SavedScore(run_id, saved.ruleset, saved.id, policy_id)
    while batch := list(islice(rows_iter, BATCH_ROWS)):
        bulk_insert(connection, INDICATOR_RESULTS, batch)
    return SavedScore(run_id, saved.ruleset, saved.id, policy_id)


@dataclass(frozen=True)
class RunSummary:
    id: int
    ruleset_id: int
    assessment_id: int
    policy: str
    policy_hash: str
    mean_score: Decimal | None
    created_at: datetime


@dataclass(frozen=True)
class StoredRun:
    """A stored score run: what produced it and what it produced."""

    id: int
    ruleset: Ruleset
    assessment: Assessment
    policy: Policy
    policy_source: str
    policy_hash: str
    result: AssessmentResult


@dataclass(frozen=True)
class VersionSummary:
    """One line of `perfgoals db list`."""

    ruleset: RulesetVersion
    projects: int
    indicators: int
    assessments: int
    score_runs: int


class Store:
    """A perfgoals database: the default SQLite file, another file, or PostgreSQL."""

    def __init__(self, url: str | None = None, *, create: bool = False) -> None:
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        # The default SQLite file is private and made on first use; a file the user named is
        # made only by `perfgoals db init` (a mistyped --db must not leave an empty database
        # behind); a shared PostgreSQL database gets its tables only from a command that
        # writes (or from `perfgoals db init`).
        self._named = url is not None or bool(os.environ.get(ENV_VAR, "").strip())
        self._create = create or self.engine.dialect.name == "sqlite"
        self._checked = False

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def initialise(self) -> tuple[int | None, int]:
        """Create or upgrade the schema (`perfgoals db init`)."""
        result = initialise(self.engine)
        self._checked = True
        return result

    def _ready(self) -> None:
        if not self._checked and self._named and self.engine.dialect.name == "sqlite":
            make_engine(self.url, must_exist=True).dispose()
        if not self._checked:
            require_current(self.engine, create=self._create)
            self._checked = True

    # ----------------------------------------------------------------------------- saving

    def save_ruleset(self, ruleset: Ruleset) -> RulesetVersion:
        """Save a ruleset: the same content twice is one version; changed content a new one."""
        ruleset_key(ruleset)
        self._ready()
        return writing(self.engine, lambda connection: save_ruleset_in(connection, ruleset))

    def save_budget(self, ruleset: Ruleset, budget: Budget) -> tuple[RulesetVersion, bool]:
        """Save a ruleset (if new) and the budget tables read with it, under the same version;
        the bool says whether the budget was new to that version."""
        ruleset_key(ruleset)
        self._ready()

        def work(connection: Connection) -> tuple[RulesetVersion, bool]:
            version = save_ruleset_in(connection, ruleset)
            return version, save_budget_in(connection, version.id, budget)

        return writing(self.engine, work)

    def load_budget(self, ruleset_id: int) -> Budget | None:
        """The budget tables kept with a ruleset version, None when it has none."""
        self._ready()
        with reading(self.engine) as connection:
            return load_budget_in(connection, ruleset_id)

    def save_assessment(self, ruleset: Ruleset, assessment: Assessment) -> SavedAssessment:
        """Save a ruleset (if new) and an assessment of it, in one transaction."""
        ruleset_key(ruleset)
        self._ready()

        def work(connection: Connection) -> SavedAssessment:
            version = save_ruleset_in(connection, ruleset)
            return save_assessment_in(connection, version, assessment)

        return writing(self.engine, work)

    def save_score(
        self,
        result: AssessmentResult,
        ruleset: Ruleset,
        assessment: Assessment,
        policy: Policy,
        policy_source: str | None = None,
    ) -> SavedScore:
        """Save a score run and everything that produced it, in one transaction."""
        ruleset_key(ruleset)
        self._ready()
        return writing(
            self.engine,
            lambda connection: save_score_in(
                connection, result, ruleset, assessment, policy, policy_source
            ),
        )

    # ---------------------------------------------------------------------------- loading

    def find_version(
        self, department: str, year: int, version: int | None = None
    ) -> RulesetVersion:
        """A stored version, the latest where version is None."""
        self._ready()
        query = sa.select(RULESETS).where(
            RULESETS.c.department == department, RULESETS.c.year == year
        )
        if version is not None:
            query = query.where(RULESETS.c.version == version)
        with reading(self.engine) as connection:
            row = connection.execute(query.order_by(RULESETS.c.version.desc())).first()
        if row is None:
            which = _("version {n}", n=version) if version is not None else _("any version")
            raise NotFoundError(
                _(
                    "no stored ruleset of {department!r} for {year} ({which})",
                    department=department,
                    year=year,
                    which=which,
                )
            )
        return _version_of(row)

    def ruleset_source(self, ruleset_id: int) -> str:
        self._ready()
        with reading(self.engine) as connection:
            text = connection.execute(
                sa.select(RULESETS.c.source_text).where(RULESETS.c.id == ruleset_id)
            ).scalar_one_or_none()
        if text is None:
            raise NotFoundError(_("no stored ruleset with id {id}", id=ruleset_id))
        return str(text)

    def load_ruleset(self, ruleset_id: int) -> Ruleset:
        self._ready()
        with reading(self.engine) as connection:
            return load_ruleset_in(connection, ruleset_id)

    def load_assessment(self, assessment_id: int) -> Assessment:
        self._ready()
        with reading(self.engine) as connection:
            return load_assessment_in(connection, assessment_id)

    def assessment_ids(self, ruleset_id: int) -> list[int]:
        self._ready()
        with reading(self.engine) as connection:
            return list(
                connection.execute(
                    sa.select(ASSESSMENTS.c.id)
                    .where(ASSESSMENTS.c.ruleset_id == ruleset_id)
                    .order_by(ASSESSMENTS.c.id)
                ).scalars()
            )

    def runs(self, ruleset_id: int) -> list[RunSummary]:
        """The score runs of a ruleset version, oldest first."""
        self._ready()
        query = (
            sa.select(RUNS, POLICIES.c.name, POLICIES.c.content_hash)
            .join(POLICIES, POLICIES.c.id == RUNS.c.policy_id)
            .where(RUNS.c.ruleset_id == ruleset_id)
            .order_by(RUNS.c.id)
        )
        with reading(self.engine) as connection:
            found = connection.execute(query).all()
        return [
            RunSummary(
                id=r.id,
                ruleset_id=r.ruleset_id,
                assessment_id=r.assessment_id,
                policy=r.name,
                policy_hash=r.content_hash,
                mean_score=r.mean_score,
                created_at=r.created_at,
            )
            for r in found
        ]

    def load_run(self, run_id: int) -> StoredRun:
        """A score run with everything needed to reproduce it, and its result as scored."""
        self._ready()
        with reading(self.engine) as connection:
            run = connection.execute(sa.select(RUNS).where(RUNS.c.id == run_id)).first()
            if run is None:
                raise NotFoundError(_("no stored score run with id {id}", id=run_id))
            policy = connection.execute(
                sa.select(POLICIES).where(POLICIES.c.id == run.policy_id)
            ).one()
            return StoredRun(
                id=run_id,
                ruleset=load_ruleset_in(connection, run.ruleset_id),
                assessment=load_assessment_in(connection, run.assessment_id),
                policy=score_rows.policy_from_definition(policy.definition),
                policy_source=policy.source_text,
                policy_hash=policy.content_hash,
                result=score_rows.result_from_rows(*result_rows_in(connection, run_id)),
            )

    def result_rows(
        self, run_id: int
    ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        """A run's rows as stored: the run, its projects, its indicators (in order)."""
        self._ready()
        with reading(self.engine) as connection:
            return result_rows_in(connection, run_id)

    def versions(self, department: str | None = None) -> list[VersionSummary]:
        """Every stored version with its counts, by department, year and version."""
        self._ready()
        query = sa.select(RULESETS).order_by(
            RULESETS.c.department, RULESETS.c.year, RULESETS.c.version
        )
        if department is not None:
            query = query.where(RULESETS.c.department == department)
        with reading(self.engine) as connection:
            found = connection.execute(query).all()
            counts = {
                name: _counts(connection, target, target.c.ruleset_id)
                for name, target in (
                    ("projects", PROJECTS),
                    ("indicators", INDICATORS),
                    ("assessments", ASSESSMENTS),
                    ("score_runs", RUNS),
                )
            }
        return [
            VersionSummary(
                ruleset=_version_of(row),
                **{name: count.get(row.id, 0) for name, count in counts.items()},
            )
            for row in found
        ]


def _counts(connection: Connection, target: sa.Table, key: sa.Column[Any]) -> dict[int, int]:
    query = sa.select(key, sa.func.count()).select_from(target).group_by(key)
    return {ruleset_id: count for ruleset_id, count in connection.execute(query).all()}


def _mappings(connection: Connection, query: sa.Select[Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in connection.execute(query).mappings()]


def load_ruleset_in(connection: Connection, ruleset_id: int) -> Ruleset:
    row = (
        connection.execute(sa.select(RULESETS).where(RULESETS.c.id == ruleset_id))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError(_("no stored ruleset with id {id}", id=ruleset_id))
    projects = _mappings(
        connection,
        sa.select(PROJECTS)
        .where(PROJECTS.c.ruleset_id == ruleset_id)
        .order_by(PROJECTS.c.project_index),
    )
    indicators = _mappings(
        connection,
        sa.select(INDICATORS)
        .where(INDICATORS.c.ruleset_id == ruleset_id)
        .order_by(INDICATORS.c.project_index, INDICATORS.c.indicator_index),
    )
    ruleset = rows.ruleset_from_rows(dict(row), projects, indicators)
    if _BUDGET_BLOCK.search(row["source_text"] or ""):
        # The version's text carries the tables (saved from a .perf): they come back with it. A
        # disclosure's tables, saved beside a ruleset without the block, stay with load_budget.
        ruleset = ruleset.model_copy(update={"budget": load_budget_in(connection, ruleset_id)})
    return ruleset


_BUDGET_BLOCK = re.compile(r"^部门预算 \{", re.M)  # the formatter's line; strings hold no break


def load_assessment_in(connection: Connection, assessment_id: int) -> Assessment:
    row = (
        connection.execute(sa.select(ASSESSMENTS).where(ASSESSMENTS.c.id == assessment_id))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError(_("no stored assessment with id {id}", id=assessment_id))
    projects = _mappings(
        connection,
        sa.select(ASSESSMENT_PROJECTS)
        .where(ASSESSMENT_PROJECTS.c.assessment_id == assessment_id)
        .order_by(ASSESSMENT_PROJECTS.c.project_index),
    )
    actuals = _mappings(
        connection,
        sa.select(ACTUALS)
        .where(ACTUALS.c.assessment_id == assessment_id)
        .order_by(ACTUALS.c.project_index, ACTUALS.c.actual_index),
    )
    return rows.assessment_from_rows(dict(row), projects, actuals)


def result_rows_in(
    connection: Connection, run_id: int
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    run = connection.execute(sa.select(RUNS).where(RUNS.c.id == run_id)).mappings().first()
    if run is None:
        raise NotFoundError(_("no stored score run with id {id}", id=run_id))
    projects = _mappings(
        connection,
        sa.select(PROJECT_RESULTS)
        .where(PROJECT_RESULTS.c.run_id == run_id)
        .order_by(PROJECT_RESULTS.c.project_index),
    )
    indicators = _mappings(
        connection,
        sa.select(INDICATOR_RESULTS)
        .where(INDICATOR_RESULTS.c.run_id == run_id)
        .order_by(INDICATOR_RESULTS.c.project_index, INDICATOR_RESULTS.c.indicator_index),
    )
    return dict(run), projects, indicators
