"""Which database, and how to talk to it safely: URLs, engines, transactions, errors.

A SQLite file by default (in the user's data directory), or any SQLite file or PostgreSQL
database named by `--db` or PERFGOALS_DB. Every write runs in one transaction; in SQLite it
takes the write lock at BEGIN (`BEGIN IMMEDIATE`), so two writers queue on the busy timeout
instead of one failing when it upgrades a read lock.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Connection, Engine

from ..i18n import _
from ..language.errors import PerfgoalsError

ENV_VAR = "PERFGOALS_DB"
BUSY_TIMEOUT_SECONDS = 30
CONNECT_TIMEOUT_SECONDS = 10
WRITE_ATTEMPTS = 5

T = TypeVar("T")


class StoreError(PerfgoalsError):
    """The database cannot be used: a bad URL, an unreachable server, a read-only file…"""


def default_path() -> Path:
    """$XDG_DATA_HOME/perfgoals/perfgoals.db, or ~/.local/share/perfgoals/perfgoals.db."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "perfgoals" / "perfgoals.db"


def resolve_url(given: str | None = None) -> str:
    """The database URL: the one given, else PERFGOALS_DB, else the default SQLite file.

    A bare path names a SQLite file; `postgresql://` and `postgres://` mean psycopg (version 3).
    """
    text = (given or os.environ.get(ENV_VAR) or "").strip()
    if not text:
        path = default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser().absolute()}"
    scheme, _sep, rest = text.partition("://")
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return text


def describe(url: str | URL) -> str:
    """A URL fit to print: never with its password."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except (exc.ArgumentError, ValueError):
        return str(url)


def make_engine(url: str) -> Engine:
    """An engine for a SQLite or PostgreSQL URL; raises StoreError for anything else."""
    try:
        parsed = sa.make_url(url)
    except (exc.ArgumentError, ValueError):
        raise StoreError(_("not a database URL: {url!r}", url=url)) from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.get_driver_name() != "pysqlite":
            raise StoreError(
                _("unsupported SQLite driver in {url}; use sqlite:///PATH", url=describe(parsed))
            )
        if parsed.database in (None, "", ":memory:"):
            raise StoreError(_("an in-memory SQLite database would be lost at once; name a file"))
        folder = Path(parsed.database).parent
        if not parsed.database.startswith("file:") and not folder.is_dir():
            raise StoreError(
                _("{url}: the folder {folder} does not exist", url=describe(parsed), folder=folder)
            )
        return _sqlite_engine(parsed)
    if parsed.get_backend_name() == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            raise StoreError(
                _(
                    "unsupported PostgreSQL driver in {url}; use postgresql+psycopg://",
                    url=describe(parsed),
                )
            )
        try:
            return sa.create_engine(
                parsed,
                connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
                pool_pre_ping=True,
            )
        except ImportError:
            raise StoreError(
                _("PostgreSQL needs psycopg: pip install 'perfgoals[postgres]'")
            ) from None
    raise StoreError(
        _(
            "unsupported database {url}: use a SQLite file or postgresql+psycopg://",
            url=describe(parsed),
        )
    )


def _sqlite_engine(url: URL) -> Engine:
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling would BEGIN lazily and too late; ours begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")  # safe against a killed process in WAL
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("perfgoals_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def translate(error: exc.SQLAlchemyError, url: str) -> StoreError:
    """One line saying what went wrong with which database."""
    where = describe(url)
    original = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    reason = lines[0] if lines else type(original).__name__
    if "readonly database" in reason or "read-only" in reason:
        return StoreError(
            _("{where}: the database is read-only ({reason})", where=where, reason=reason)
        )
    if isinstance(error, exc.OperationalError) and "locked" in reason:
        return StoreError(
            _(
                "{where}: the database stayed locked by another writer ({reason})",
                where=where,
                reason=reason,
            )
        )
    if isinstance(error, exc.OperationalError):
        return StoreError(
            _("{where}: cannot use the database ({reason})", where=where, reason=reason)
        )
    return StoreError(f"{where}: {reason}")


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction (a consistent snapshot)."""
    url = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as connection, connection.begin():
            yield connection
    except exc.SQLAlchemyError as error:
        raise translate(error, url) from None


def writing(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run work in one write transaction: all of it is saved, or none of it.

    A unique-constraint failure means a concurrent writer took the same version number or
    saved the same content first; the whole transaction is then retried from the start, and
    sees what the other committed.
    """
    url = engine.url.render_as_string(hide_password=True)
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            with engine.connect() as base:
                connection = base.execution_options(perfgoals_write=True)
                with connection.begin():
                    return work(connection)
        except exc.IntegrityError as error:
            if attempt == WRITE_ATTEMPTS or not _is_unique_violation(error):
                raise translate(error, url) from None
            time.sleep(0.01 * attempt)
        except exc.SQLAlchemyError as error:
            raise translate(error, url) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _is_unique_violation(error: exc.IntegrityError) -> bool:
    text = str(error.orig).lower()
    return "unique" in text or "duplicate key" in text
