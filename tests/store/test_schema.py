"""Schema creation, the version table, and upgrades that keep every row."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from perfgoals.language.model import Ruleset
from perfgoals.store import Store, StoreError
from perfgoals.store.schema import MIGRATIONS, Migration, current_version, initialise
from perfgoals.store.tables import SCHEMA_VERSION


def test_init_creates_then_is_up_to_date(db_url: str) -> None:
    with Store(db_url) as store:
        assert store.initialise() == (None, SCHEMA_VERSION)
        assert store.initialise() == (SCHEMA_VERSION, SCHEMA_VERSION)
        with store.engine.connect() as connection:
            assert current_version(connection) == SCHEMA_VERSION


def _add_note_column(connection: Connection) -> None:
    connection.execute(sa.text("ALTER TABLE rulesets ADD COLUMN note VARCHAR"))
    connection.execute(sa.text("UPDATE rulesets SET note = 'kept'"))


def test_an_upgrade_keeps_the_data_and_records_its_version(
    db_url: str, seed_ruleset: Ruleset
) -> None:
    with Store(db_url, create=True) as store:
        saved = store.save_ruleset(seed_ruleset)
        later = (*MIGRATIONS, Migration(SCHEMA_VERSION + 1, "a note per ruleset", _add_note_column))
        assert initialise(store.engine, later) == (SCHEMA_VERSION, SCHEMA_VERSION + 1)
        assert store.load_ruleset(saved.id) == seed_ruleset
        with store.engine.connect() as connection:
            assert current_version(connection) == SCHEMA_VERSION + 1
            assert connection.execute(sa.text("SELECT note FROM rulesets")).scalar_one() == "kept"
            versions = connection.execute(
                sa.text("SELECT version, description FROM perfgoals_schema ORDER BY version")
            ).all()
        assert [v for v, _ in versions] == [SCHEMA_VERSION, SCHEMA_VERSION + 1]


def _fail_half_way(connection: Connection) -> None:
    connection.execute(sa.text("ALTER TABLE rulesets ADD COLUMN half VARCHAR"))
    connection.execute(sa.text("SELECT no_such_column FROM rulesets"))


def test_a_failed_upgrade_leaves_the_old_schema(db_url: str, seed_ruleset: Ruleset) -> None:
    with Store(db_url, create=True) as store:
        store.save_ruleset(seed_ruleset)
        broken = (*MIGRATIONS, Migration(SCHEMA_VERSION + 1, "broken", _fail_half_way))
        try:
            initialise(store.engine, broken)
        except StoreError:
            pass
        else:  # pragma: no cover - the migration must fail
            raise AssertionError("the broken migration ran")
        with store.engine.connect() as connection:
            assert current_version(connection) == SCHEMA_VERSION
            columns = {c["name"] for c in sa.inspect(connection).get_columns("rulesets")}
        assert "half" not in columns


def _stamp(store: Store, version: int) -> None:
    with store.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM perfgoals_schema"))
        connection.execute(
            sa.text(
                "INSERT INTO perfgoals_schema (version, description, applied_at) "
                "VALUES (:v, 'test', CURRENT_TIMESTAMP)"
            ),
            {"v": version},
        )


def test_a_newer_schema_is_refused(db_url: str, seed_ruleset: Ruleset) -> None:
    with Store(db_url) as store:
        store.initialise()
        _stamp(store, SCHEMA_VERSION + 5)
    with Store(db_url) as store:
        message = _error(lambda: store.save_ruleset(seed_ruleset))
    assert "newer than this perfgoals understands" in message


def test_an_older_schema_asks_for_db_init(db_url: str, seed_ruleset: Ruleset) -> None:
    with Store(db_url) as store:
        store.initialise()
        _stamp(store, 0)
    with Store(db_url) as store:
        message = _error(lambda: store.save_ruleset(seed_ruleset))
    assert "run `perfgoals db init` to upgrade it" in message


def _error(action: object) -> str:
    try:
        action()  # type: ignore[operator]
    except StoreError as error:
        return str(error)
    raise AssertionError("no StoreError")


LONG_TERM = """ruleset {
  department "交通运输局"
  year 2024
}
project "农村公路提质改造" {
  产出 {
    数量 "改造农村公路里程" ≥40公里
      long_term ≥120公里
    质量 "工程验收合格率" 100%
      grade 优 100%
      grade 良 95%-100%
      grade 差 <95%
  }
}
"""


def test_long_term_targets_and_grades_are_stored(db_url: str) -> None:
    from perfgoals.language.parser import parse_ruleset

    ruleset = parse_ruleset(LONG_TERM)
    with Store(db_url, create=True) as store:
        saved = store.save_ruleset(ruleset)
        assert store.load_ruleset(saved.id) == ruleset
    first, second = ruleset.projects[0].indicators
    assert first.long_term_target is not None and second.long_term_target is None
    assert [g.grade.value for g in second.grades] == ["优", "良", "差"]


def test_a_version_3_database_gains_the_long_term_and_grade_columns(db_url: str) -> None:
    from perfgoals.language.parser import parse_ruleset
    from perfgoals.store.tables import METADATA

    with Store(db_url) as store:
        with store.engine.begin() as connection:
            # The version 3 schema: today's tables, the indicators without the new columns.
            old = sa.MetaData()
            for t in METADATA.sorted_tables:
                if t.name != "indicators":
                    t.to_metadata(old)
                    continue
                keep = [
                    sa.Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
                    for c in t.columns
                    if c.name not in ("long_term_target", "grades")
                ]
                sa.Table(t.name, old, *keep)
            old.create_all(connection)
            connection.execute(
                sa.text(
                    "INSERT INTO perfgoals_schema (version, description, applied_at) "
                    "VALUES (3, 'old', CURRENT_TIMESTAMP)"
                )
            )
        assert initialise(store.engine) == (3, SCHEMA_VERSION)
        with store.engine.connect() as connection:
            columns = {c["name"] for c in sa.inspect(connection).get_columns("indicators")}
        assert {"long_term_target", "grades"} <= columns
        ruleset = parse_ruleset(LONG_TERM)
        saved = store.save_ruleset(ruleset)
        assert store.load_ruleset(saved.id) == ruleset
