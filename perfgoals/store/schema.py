"""Schema creation and upgrades: a versioned list of migrations, each run once, in order.

A new database gets every table of the current schema at once and is stamped with the latest
version. An older database is upgraded by the migrations after its version, all in the one
transaction of `perfgoals db init`, so an upgrade that fails leaves the old schema and its
data as they were. A migration may add tables and columns and copy data; it never drops data.
(A short list of plain functions is all two databases and a few tables need; a migration
framework would add a dependency and a second place where the schema is described.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..i18n import _
from .connection import StoreError, describe, reading, writing
from .tables import (
    METADATA,
    SCHEMA_VERSION,
    BudgetTablesRow,
    IndicatorRow,
    MonitoringProjectRow,
    MonitoringRunRow,
    SchemaVersionRow,
    table,
)


@dataclass(frozen=True)
class Migration:
    """Brings a database from version - 1 to version."""

    version: int
    description: str
    apply: Callable[[Connection], None]


def _create_initial(connection: Connection) -> None:  # pragma: no cover - no older schema yet
    METADATA.create_all(connection)


def _add_budgets(connection: Connection) -> None:
    table(BudgetTablesRow).create(connection)


def _create_monitoring(connection: Connection) -> None:
    METADATA.create_all(connection, tables=[table(MonitoringRunRow), table(MonitoringProjectRow)])


def _add_indicator_periods_and_grades(connection: Connection) -> None:
    indicators = table(IndicatorRow)
    present = {c["name"] for c in sa.inspect(connection).get_columns(indicators.name)}
    for name in ("long_term_target", "grades"):
        if name in present:
            continue  # created with the current tables by an older schema's test or tool
        kind = indicators.c[name].type.compile(dialect=connection.dialect)
        connection.execute(sa.text(f"ALTER TABLE {indicators.name} ADD COLUMN {name} {kind}"))


# The first entry is the schema of version 1; append one entry per later change.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "rulesets, assessments, policies and score results", _create_initial),
    Migration(2, "budget tables kept with a ruleset version", _add_budgets),
    Migration(3, "monitoring runs and their projects' colours", _create_monitoring),
    Migration(
        4,
        "long-term targets of two-period tables, tier criteria of graded targets",
        _add_indicator_periods_and_grades,
    ),
)
assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))


def current_version(connection: Connection) -> int | None:
    """The database's schema version; None where no perfgoals schema exists."""
    if not sa.inspect(connection).has_table(table(SchemaVersionRow).name):
        return None
    version = connection.execute(sa.select(sa.func.max(table(SchemaVersionRow).c.version)))
    return version.scalar_one_or_none()


def initialise(
    engine: Engine, migrations: Sequence[Migration] = MIGRATIONS
) -> tuple[int | None, int]:
    """Create or upgrade the schema; returns (version before, version after)."""
    latest = migrations[-1].version

    def work(connection: Connection) -> tuple[int | None, int]:
        before = current_version(connection)
        if before is None:
            METADATA.create_all(connection)
            _stamp(connection, latest, "created")
            return None, latest
        if before > latest:
            raise _too_new(engine, before, latest)
        for migration in migrations:
            if migration.version > before:
                migration.apply(connection)
                _stamp(connection, migration.version, migration.description)
        return before, latest

    return writing(engine, work)


def _stamp(connection: Connection, version: int, description: str) -> None:
    connection.execute(
        sa.insert(table(SchemaVersionRow)),
        [SchemaVersionRow(version=version, description=description).model_dump()],
    )


def _too_new(engine: Engine, version: int, latest: int) -> StoreError:
    return StoreError(
        _(
            "{url}: schema version {version} is newer than this perfgoals understands "
            "({latest}); upgrade perfgoals",
            url=describe(engine.url),
            version=version,
            latest=latest,
        )
    )


def require_current(engine: Engine, *, create: bool) -> None:
    """Check the schema is this version's; create it on first use when `create` is set."""
    with reading(engine) as connection:
        version = current_version(connection)
    latest = MIGRATIONS[-1].version
    if version == latest:
        return
    if version is None and create:
        initialise(engine)
        return
    if version is None:
        raise StoreError(
            _(
                "{url}: no perfgoals database here; run `perfgoals db init`",
                url=describe(engine.url),
            )
        )
    if version > latest:
        raise _too_new(engine, version, latest)
    raise StoreError(
        _(
            "{url}: schema version {version} is older than {latest}; run `perfgoals db init` "
            "to upgrade it",
            url=describe(engine.url),
            version=version,
            latest=latest,
        )
    )
