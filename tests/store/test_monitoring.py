"""Monitoring runs in the store, on SQLite and PostgreSQL: saved with the ruleset version and
profile, compared month against month, and a version-1 database upgraded to hold them."""

from __future__ import annotations

import json

import sqlalchemy as sa
from click.testing import CliRunner

from perfgoals.cli import main
from perfgoals.language.parser import parse_file
from perfgoals.monitoring import monitor
from perfgoals.monitoring.profiles import load_profile
from perfgoals.monitoring.table import read_progress
from perfgoals.store import Store, save_monitoring
from perfgoals.store.monitoring import compare_months, load_month
from perfgoals.store.schema import MIGRATIONS, current_version, initialise
from tests.conftest import ROOT, SEED_RULESET

PROGRESS = ROOT / "samples" / "xingtai-kfq-2023-progress-07.perf"


def test_runs_are_saved_and_compared(db_url: str) -> None:
    ruleset = parse_file(SEED_RULESET)
    progress = read_progress(PROGRESS)
    profile = load_profile("time-proportional")
    june = save_monitoring(monitor(ruleset, progress, profile, 6), ruleset, profile, db=db_url)
    july = save_monitoring(monitor(ruleset, progress, profile, 7), ruleset, profile, db=db_url)
    assert july.run_id > june.run_id and july.version == june.version == 1
    with Store(db_url) as store:
        old = load_month(store, "开发区综合办", 2023, 6)
        new = load_month(store, "开发区综合办", 2023, 7)
    assert (old.month, new.month, new.profile) == (6, 7, "time-proportional")
    assert len(new.projects) == 36
    diff = compare_months(old, new)
    # 正版软件安装费用's installation is due by the end of June: pending in June, red in July.
    turned = {(c["project"], c["name"]) for c in diff.turned_red if "name" in c}
    assert ("正版软件安装费用", "该系统完成安装时间") in turned
    assert all(c["new"] == "red" for c in diff.turned_red)


def test_compare_months_on_the_command_line(db_url: str) -> None:
    runner = CliRunner()
    for month in ("6", "7"):
        result = runner.invoke(
            main,
            [
                "monitor",
                str(SEED_RULESET),
                str(PROGRESS),
                "--month",
                month,
                "--save",
                "--db",
                db_url,
                "--format",
                "json",
            ],
        )
        assert result.exit_code == 1, result.output
        assert f"month {month})" in result.stderr
    result = runner.invoke(
        main, ["compare", "开发区综合办", "2023-06", "2023-07", "--db", db_url, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["old"]["month"], data["new"]["month"]) == (6, 7)
    assert data["turned_red"]
    text = runner.invoke(main, ["compare", "开发区综合办", "2023/6", "2023年7月", "--db", db_url])
    assert text.exit_code == 0
    assert "turned red since 2023-06" in text.stdout
    missing = runner.invoke(main, ["compare", "开发区综合办", "2023-05", "2023-07", "--db", db_url])
    assert missing.exit_code == 2
    assert "no monitoring run of 开发区综合办 for 2023-05" in missing.stderr


def test_a_version_1_database_is_upgraded(db_url: str) -> None:
    with Store(db_url) as store:
        engine = store.engine
        with engine.begin() as connection:
            from perfgoals.store.tables import METADATA

            later = {"budgets", "monitoring_runs", "monitoring_projects"}  # versions 2 and 3
            old_tables = [t for t in METADATA.sorted_tables if t.name not in later]
            METADATA.create_all(connection, tables=old_tables)
            connection.execute(
                sa.text(
                    "INSERT INTO perfgoals_schema (version, description, applied_at) "
                    "VALUES (1, 'old', CURRENT_TIMESTAMP)"
                )
            )
        assert initialise(engine) == (1, MIGRATIONS[-1].version)
        with engine.connect() as connection:
            assert current_version(connection) == MIGRATIONS[-1].version
            assert sa.inspect(connection).has_table("monitoring_runs")
