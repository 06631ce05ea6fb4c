"""Every store test runs twice: on a temporary SQLite file and on the PostgreSQL test server.

The server is named by PERFGOALS_TEST_PG (`bash .ci/run` starts one; see docs/store.md). When
it is unset or unreachable the PostgreSQL cases fail rather than skip: the store must be
tested against both databases. Each PostgreSQL case gets a schema of its own, dropped after.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BACKENDS = ("sqlite", "postgresql")
HOW_TO_START = "start it with: source .ci/postgres.sh && pg_test_start (or run: bash .ci/run)"


def postgres_url() -> str:
    url = os.environ.get("PERFGOALS_TEST_PG")
    if not url:
        pytest.fail(f"PERFGOALS_TEST_PG is not set; {HOW_TO_START}", pytrace=False)
    return url


def _psycopg_dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database of the backend, removed afterwards."""
    if backend == "sqlite":
        # An empty file, like an empty PostgreSQL schema: a database with no tables yet. (A
        # path with no file is refused: only `perfgoals db init` makes a database there.)
        path = folder / f"store-{uuid.uuid4().hex[:8]}.db"
        path.touch()
        yield str(path)
        return
    import psycopg

    base = postgres_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(_psycopg_dsn(base), autocommit=True, connect_timeout=5) as c:
            c.execute(f"CREATE SCHEMA {schema}")
    except psycopg.OperationalError as error:
        pytest.fail(f"cannot reach PERFGOALS_TEST_PG ({error}); {HOW_TO_START}", pytrace=False)
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(_psycopg_dsn(base), autocommit=True) as c:
            c.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(params=BACKENDS, scope="module")
def shared_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One database per module and backend, for Hypothesis tests (many examples, one setup)."""
    with fresh_database(request.param, tmp_path_factory.mktemp("store")) as url:
        yield url
