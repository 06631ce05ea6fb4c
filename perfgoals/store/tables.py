"""The store's tables: rulesets and their versions, assessments, policies and score results.

Child rows are keyed by their parent and their position (`project_index`, `indicator_index`)
rather than by a surrogate id of their own: order is part of a ruleset, and bulk inserts of
score results need no ids back from the database, which keeps a province-scale save fast.

Exact decimals are TEXT in SQLite (which has no exact decimal type) and NUMERIC in PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel

SCHEMA_VERSION = 4


class ExactDecimal(sa.types.TypeDecorator[Decimal]):
    """A Decimal that comes back exactly as it went in, in every database."""

    impl = sa.String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(sa.Numeric(asdecimal=True))
        return dialect.type_descriptor(sa.String())

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value
        return str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None or isinstance(value, Decimal):
            return value
        return Decimal(value)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Timestamp(sa.types.TypeDecorator[datetime]):
    """A UTC time; SQLite keeps no zone, so it is put back on the way out."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _owned_by(columns: list[str], parent_columns: list[str]) -> sa.ForeignKeyConstraint:
    """Child rows go with their parent: deleting a ruleset version deletes all it owns."""
    return sa.ForeignKeyConstraint(columns, parent_columns, ondelete="CASCADE")


class SchemaVersionRow(SQLModel, table=True):
    """One row per applied schema version; the highest is the database's version."""

    __tablename__: ClassVar[str] = "perfgoals_schema"

    version: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    description: str
    applied_at: datetime = Field(default_factory=utc_now, sa_type=Timestamp)


class RulesetRow(SQLModel, table=True):
    """One version of a department's ruleset for a year, with its canonical source text."""

    __tablename__: ClassVar[str] = "rulesets"
    __table_args__ = (
        sa.UniqueConstraint("department", "year", "version", name="uq_rulesets_version"),
        sa.UniqueConstraint("content_hash", name="uq_rulesets_content"),
    )

    id: int | None = Field(default=None, primary_key=True)
    department: str
    year: int
    version: int
    title: str | None = None
    content_hash: str = Field(max_length=64)
    source_text: str = Field(sa_type=sa.Text)
    header: dict[str, Any] = Field(sa_type=sa.JSON)
    end_comments: list[str] = Field(sa_type=sa.JSON)
    created_at: datetime = Field(default_factory=utc_now, sa_type=Timestamp)


class ProjectRow(SQLModel, table=True):
    __tablename__: ClassVar[str] = "projects"
    __table_args__ = (_owned_by(["ruleset_id"], ["rulesets.id"]),)

    ruleset_id: int = Field(primary_key=True)
    project_index: int = Field(primary_key=True)
    name: str
    code: str | None = None
    budget_text: str | None = None
    budget_yuan: Decimal | None = Field(default=None, sa_type=ExactDecimal)
    # funds, goals, budget and comments: read back whole, never queried.
    details: dict[str, Any] = Field(sa_type=sa.JSON)


class IndicatorRow(SQLModel, table=True):
    """A level-3 indicator and its target; `occurrence` tells repeated names apart."""

    __tablename__: ClassVar[str] = "indicators"
    __table_args__ = (
        _owned_by(
            ["ruleset_id", "project_index"], ["projects.ruleset_id", "projects.project_index"]
        ),
    )

    ruleset_id: int = Field(primary_key=True)
    project_index: int = Field(primary_key=True)
    indicator_index: int = Field(primary_key=True)
    level1: str
    level2: str
    name: str
    occurrence: int
    target_text: str
    target: dict[str, Any] = Field(sa_type=sa.JSON)
    description: str | None = None
    basis: str | None = None
    weight: Decimal | None = Field(default=None, sa_type=ExactDecimal)
    nature: str | None = None
    goal: int | None = None
    not_applicable: bool = False
    comments: list[str] = Field(sa_type=sa.JSON)
    # The 中长期指标值 of a two-period table, a value object like `target` (schema version 4).
    long_term_target: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    # The tier criteria of a graded target: [{"grade": "优", "criterion": {…}}, …] (version 4).
    grades: list[dict[str, Any]] | None = Field(default=None, sa_type=sa.JSON)


class PolicyRow(SQLModel, table=True):
    """A scoring policy exactly as it was applied: its source text, hash and definition."""

    __tablename__: ClassVar[str] = "policies"
    __table_args__ = (sa.UniqueConstraint("name", "content_hash", name="uq_policies_content"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    content_hash: str = Field(max_length=64)
    source_text: str = Field(sa_type=sa.Text)
    # The policy model as JSON: enough to score again even where the source is a DSL file.
    definition: dict[str, Any] = Field(sa_type=sa.JSON)
    created_at: datetime = Field(default_factory=utc_now, sa_type=Timestamp)


class AssessmentRow(SQLModel, table=True):
    """A self-assessment (actual values) of one ruleset version."""

    __tablename__: ClassVar[str] = "assessments"
    __table_args__ = (
        _owned_by(["ruleset_id"], ["rulesets.id"]),
        sa.UniqueConstraint("ruleset_id", "content_hash", name="uq_assessments_content"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ruleset_id: int
    content_hash: str = Field(max_length=64)
    year: int | None = None
    ruleset_title: str | None = None
    policy: str | None = None
    created_at: datetime = Field(default_factory=utc_now, sa_type=Timestamp)


class AssessmentProjectRow(SQLModel, table=True):
    __tablename__: ClassVar[str] = "assessment_projects"
    __table_args__ = (_owned_by(["assessment_id"], ["assessments.id"]),)

    assessment_id: int = Field(primary_key=True)
    project_index: int = Field(primary_key=True)
    project: str
    code: str | None = None
    initial_budget: Decimal | None = Field(default=None, sa_type=ExactDecimal)
    adjusted_budget: Decimal | None = Field(default=None, sa_type=ExactDecimal)
    executed: Decimal | None = Field(default=None, sa_type=ExactDecimal)
    explanation: str | None = None
    origin: dict[str, Any] = Field(sa_type=sa.JSON)


class ActualRow(SQLModel, table=True):
    """One 实际完成值 with the indicator it names, its rating and explanation."""

    __tablename__: ClassVar[str] = "actual_values"
    __table_args__ = (
        _owned_by(
            ["assessment_id", "project_index"],
            ["assessment_projects.assessment_id", "assessment_projects.project_index"],
        ),
    )

    assessment_id: int = Field(primary_key=True)
    project_index: int = Field(primary_key=True)
    actual_index: int = Field(primary_key=True)
    indicator_name: str
    level1: str | None = None
    level2: str | None = None
    occurrence: int | None = None
    value_text: str | None = None
    value: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    tier: str | None = None
    points: Decimal | None = Field(default=None, sa_type=ExactDecimal)
    not_applicable: bool = False
    explanation: str | None = None
    origin: dict[str, Any] = Field(sa_type=sa.JSON)


class ScoreRunRow(SQLModel, table=True):
    """One scoring: which ruleset version, assessment and policy produced these results."""

    __tablename__: ClassVar[str] = "score_runs"
    __table_args__ = (
        _owned_by(["ruleset_id"], ["rulesets.id"]),
        _owned_by(["assessment_id"], ["assessments.id"]),
        sa.ForeignKeyConstraint(["policy_id"], ["policies.id"]),
    )

    id: int | None = Field(default=None, primary_key=True)
    ruleset_id: int
    assessment_id: int
    policy_id: int
    year: int | None = None
    department: str | None = None
    mean_score: Decimal | None = Field(default=None, sa_type=ExactDecimal)
    # The summary and the problems found in the actuals, read back whole.
    details: dict[str, Any] = Field(sa_type=sa.JSON)
    created_at: datetime = Field(default_factory=utc_now, sa_type=Timestamp)


class ProjectResultRow(SQLModel, table=True):
    """A project's score and grade, with its budget-execution block and level-1 subtotals."""

    __tablename__: ClassVar[str] = "project_results"
    __table_args__ = (_owned_by(["run_id"], ["score_runs.id"]),)

    run_id: int = Field(primary_key=True)
    project_index: int = Field(primary_key=True)
    name: str
    code: str | None = None
    score: Decimal = Field(sa_type=ExactDecimal)
    grade: str
    earned: Decimal = Field(sa_type=ExactDecimal)
    maximum: Decimal = Field(sa_type=ExactDecimal)
    execution: dict[str, Any] = Field(sa_type=sa.JSON)
    groups: list[dict[str, Any]] = Field(sa_type=sa.JSON)
    explanation: str | None = None


class IndicatorResultRow(SQLModel, table=True):
    """An indicator's points and the reason for them."""

    __tablename__: ClassVar[str] = "indicator_results"
    __table_args__ = (
        _owned_by(
            ["run_id", "project_index"],
            ["project_results.run_id", "project_results.project_index"],
        ),
    )

    run_id: int = Field(primary_key=True)
    project_index: int = Field(primary_key=True)
    indicator_index: int = Field(primary_key=True)
    level1: str
    level2: str
    name: str
    occurrence: int
    goal: int | None = None
    target_text: str
    actual_text: str | None = None
    normalised: str | None = None
    weight: Decimal = Field(sa_type=ExactDecimal)
    weight_source: str
    points: Decimal = Field(sa_type=ExactDecimal)
    status: str
    formula: str
    needs_explanation: bool = False
    # The formula as template and arguments (JSON text, tagged decimals), so it is rebuilt
    # exactly; the rest (reasons, explanation, tier, message, origin) only where set.
    formula_template: str
    formula_args: str
    details: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)


class MonitoringRunRow(SQLModel, table=True):
    """One mid-year monitoring run: which ruleset version, profile and month."""

    __tablename__: ClassVar[str] = "monitoring_runs"
    __table_args__ = (_owned_by(["ruleset_id"], ["rulesets.id"]),)

    id: int | None = Field(default=None, primary_key=True)
    ruleset_id: int
    department: str
    year: int
    month: int
    as_of: str
    profile: str
    profile_hash: str = Field(max_length=64)
    # The profile model as JSON, so the run can be told apart from one under changed rules.
    profile_definition: dict[str, Any] = Field(sa_type=sa.JSON)
    summary: dict[str, Any] = Field(sa_type=sa.JSON)
    problems: list[dict[str, Any]] = Field(sa_type=sa.JSON)
    created_at: datetime = Field(default_factory=utc_now, sa_type=Timestamp)


class MonitoringProjectRow(SQLModel, table=True):
    """A project's colours in a monitoring run: its budget, goals, checks and indicators as
    the JSON contract writes them."""

    __tablename__: ClassVar[str] = "monitoring_projects"
    __table_args__ = (_owned_by(["run_id"], ["monitoring_runs.id"]),)

    run_id: int = Field(primary_key=True)
    project_index: int = Field(primary_key=True)
    name: str
    code: str | None = None
    colour: str
    result: dict[str, Any] = Field(sa_type=sa.JSON)


class BudgetTablesRow(SQLModel, table=True):
    """A disclosure's budget tables (the perfgoals.language.budget model as JSON), kept with the
    ruleset version imported from the same disclosure."""

    __tablename__: ClassVar[str] = "budgets"

    ruleset_id: int = Field(primary_key=True, foreign_key="rulesets.id")
    content_hash: str = Field(max_length=64)
    tables: int
    budget: dict[str, Any] = Field(sa_type=sa.JSON)
    created_at: datetime = Field(default_factory=utc_now, sa_type=Timestamp)


def table(row: type[SQLModel]) -> sa.Table:
    """The Core table of a row class, for bulk inserts and plain selects."""
    result = row.__table__  # type: ignore[attr-defined]
    assert isinstance(result, sa.Table)
    return result


METADATA = SQLModel.metadata
