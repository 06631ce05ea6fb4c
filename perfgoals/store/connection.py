"""Which database, and how to talk to it safely: URLs, engines, transactions, errors.

A SQLite file by default (in the user's data directory), or any SQLite file or PostgreSQL
database named by `--db` or PERFGOALS_DB. Every write runs in one transaction; in SQLite it
takes the write lock at BEGIN (`BEGIN IMMEDIATE`), so two writers queue on the busy timeout
instead of one failing when it upgrades a read lock.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Connection, Engine

from ..i18n import _
from ..language.errors import PerfgoalsError

ENV_VAR = "PERFGOALS_DB"
BUSY_TIMEOUT_SECONDS = 30
CONNECT_TIMEOUT_SECONDS = 10

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
    An empty `--db ''` is an error, not the default database.
    """
    if given is not None and not given.strip():
        raise StoreError(_("--db is empty: name a SQLite file or a postgresql:// URL"))
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


_SECRET_PARAMS = frozenset({"password", "passwd", "pwd", "sslpassword", "passfile"})
_USERINFO = re.compile(r"(://[^:/@\s]*):[^@\s]*@")
_SECRET_QUERY = re.compile(r"(?i)\b(password|passwd|pwd|sslpassword)=[^&\s'\"]*")


def describe(url: str | URL) -> str:
    """A URL fit to print: never with its password, in the userinfo or in the query."""
    try:
        parsed = sa.make_url(url)
    except (exc.ArgumentError, ValueError, TypeError):
        return redact(str(url))
    hidden = {
        key: "***" if key.lower() in _SECRET_PARAMS else value
        for key, value in parsed.query.items()
    }
    return parsed.set(query=hidden).render_as_string(hide_password=True)


def redact(text: str, url: str | URL | None = None) -> str:
    """Text (an error, a URL) with every password in it, and the URL's own, replaced by ***."""
    text = _SECRET_QUERY.sub(r"\1=***", _USERINFO.sub(r"\1:***@", text))
    for secret in _secrets(url):
        text = text.replace(secret, "***")
    return text


def _secrets(url: str | URL | None) -> list[str]:
    if url is None:
        return []
    try:
        parsed = sa.make_url(url)
    except (exc.ArgumentError, ValueError, TypeError):
        return []
    found = [parsed.password] if parsed.password else []
    for key, value in parsed.query.items():
        if key.lower() in _SECRET_PARAMS:
            found += [value] if isinstance(value, str) else list(value)
    return [str(s) for s in found if s and len(str(s)) >= 3]


def make_engine(url: str, *, must_exist: bool = False) -> Engine:
    """An engine for a SQLite or PostgreSQL URL; raises StoreError for anything else.

    With `must_exist`, a SQLite file that is not there is an error: connecting would create
    an empty database at a mistyped path. SQLite in a folder this user cannot write is opened
    read-only (immutable), so it can still be listed and shown.
    """
    try:
        parsed = sa.make_url(url)
    except (exc.ArgumentError, ValueError):
        raise StoreError(_("not a database URL: {url}", url=repr(redact(url)))) from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.get_driver_name() != "pysqlite":
            raise StoreError(
                _("unsupported SQLite driver in {url}; use sqlite:///PATH", url=describe(parsed))
            )
        if parsed.database in (None, "", ":memory:"):
            raise StoreError(_("an in-memory SQLite database would be lost at once; name a file"))
        path = Path(parsed.database)
        if not parsed.database.startswith("file:"):
            if not path.parent.is_dir():
                raise StoreError(
                    _(
                        "{url}: the folder {folder} does not exist",
                        url=describe(parsed),
                        folder=path.parent,
                    )
                )
            if must_exist and not path.exists():
                raise StoreError(
                    _(
                        "{url}: no database at {path}; check the path, or create one with "
                        "`perfgoals db init --db {path}`",
                        url=describe(parsed),
                        path=path,
                    )
                )
            if path.exists() and not _writable(path):
                return _sqlite_engine(parsed, read_only=True)
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
                hide_parameters=True,
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


def _writable(path: Path) -> bool:
    # The file and its folder: SQLite's WAL keeps -wal and -shm files beside the database.
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _sqlite_engine(url: URL, *, read_only: bool = False) -> Engine:
    if read_only:
        # Nothing can be written beside the file, not even WAL's -shm: read it as immutable.
        uri = f"file:{quote(str(url.database))}?mode=ro&immutable=1"
        engine = sa.create_engine(
            url.set(database=uri, query={"uri": "true"}),
            connect_args={"timeout": BUSY_TIMEOUT_SECONDS},
        )
    else:
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling would BEGIN lazily and too late; ours begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal" and not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
        if not read_only:
            cursor.execute("PRAGMA synchronous = NORMAL")  # safe against a killed process in WAL
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("perfgoals_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def translate(error: exc.SQLAlchemyError, url: str | URL) -> StoreError:
    """One line saying what went wrong with which database."""
    where = describe(url)
    original = getattr(error, "orig", None) or error
    text = redact(str(original), url)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
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
    try:
        with engine.connect() as connection, connection.begin():
            yield connection
    except exc.SQLAlchemyError as error:
        raise translate(error, engine.url) from None


def writing(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run work in one write transaction: all of it is saved, or none of it.

    Concurrent writers do not race: SQLite takes its write lock at BEGIN, and on PostgreSQL
    each save first takes `lock_for` on what it numbers (see there), so a version number or
    a content check is never read by two writers at once. Nothing is retried.
    """
    try:
        with engine.connect() as base:
            connection = base.execution_options(perfgoals_write=True)
            with connection.begin():
                return work(connection)
    except exc.SQLAlchemyError as error:
        raise translate(error, engine.url) from None


def lock_for(connection: Connection, *key: object) -> None:
    """Hold, until this transaction ends, PostgreSQL's advisory lock on this key.

    Two writers of one department and year would otherwise both read the same latest version
    and both insert the next one; the second failed on the unique constraint. With the lock the
    second waits, then sees the first's committed rows: it finds its content already saved, or
    takes the next number. SQLite needs none: BEGIN IMMEDIATE already lets one writer in.
    """
    if connection.dialect.name != "postgresql":
        return
    digest = hashlib.sha256("\x1f".join(map(str, key)).encode("utf-8")).digest()
    number = int.from_bytes(digest[:8], "big", signed=True)
    connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": number})
