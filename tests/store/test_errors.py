"""Unusable databases: one line on stderr naming the database and the reason, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from perfgoals.cli import main
from tests.conftest import SEED_RULESET


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("foo://bar", "unsupported database foo://bar"),
        ("mysql://x@y/z", "unsupported database mysql://x@y/z"),
        ("postgresql+psycopg://h:notaport/db", "not a database URL"),
        ("postgresql+psycopg2://a@b/c", "unsupported PostgreSQL driver"),
        ("sqlite://", "an in-memory SQLite database would be lost"),
        ("/nonexistent/folder/x.db", "the folder /nonexistent/folder does not exist"),
        (
            "postgresql+psycopg://postgres:secret@127.0.0.1:1/x",
            "postgresql+psycopg://postgres:***@127.0.0.1:1/x: cannot use the database",
        ),
    ],
)
@pytest.mark.parametrize("command", [("save", str(SEED_RULESET)), ("db", "list"), ("db", "init")])
def test_unusable_database_is_one_line_and_exit_2(
    url: str, message: str, command: tuple[str, ...]
) -> None:
    code, out, err = run(*command, "--db", url)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert message in err
    assert "secret" not in err


def test_read_only_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    assert run("db", "init", "--db", str(path))[0] == 0
    assert run("save", str(SEED_RULESET), "--db", str(path))[0] == 0
    # A read-only open, as SQLite does for a file its user may not write (root may write any).
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    assert run("db", "list", "--db", read_only)[0] == 0
    changed = tmp_path / "changed.perf"
    changed.write_text(SEED_RULESET.read_text(encoding="utf-8").replace("888 场", "900 场"))
    code, _, err = run("save", str(changed), "--db", read_only)
    assert code == 2
    assert len(err.splitlines()) == 1
    assert "the database is read-only" in err


def test_unreachable_server_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERFGOALS_DB", "postgresql://postgres@127.0.0.1:1/perfgoals")
    code, _, err = run("db", "list")
    assert code == 2
    assert err.startswith("postgresql+psycopg://postgres@127.0.0.1:1/perfgoals: cannot use")
    assert "Connection refused" in err


def test_reading_a_postgres_database_without_schema_asks_for_init(db_url: str) -> None:
    code, _, err = run("db", "list", "--db", db_url)
    if db_url.startswith("postgresql"):
        assert code == 2
        assert "no perfgoals database here; run `perfgoals db init`" in err
    else:  # an existing SQLite file without tables gets them on first use
        assert code == 0


def test_stored_ruleset_needs_department_and_year(tmp_path: Path) -> None:
    ruleset = tmp_path / "bare.perf"
    ruleset.write_text('project "p" {\n  产出 {\n    数量 "n" 1\n  }\n}\n', encoding="utf-8")
    code, _, err = run("save", str(ruleset), "--db", str(tmp_path / "s.db"))
    assert code == 2
    assert "needs `department` and `year`" in err
