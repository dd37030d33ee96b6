"""Engine and sessions; `session_scope()` is the unit of work a request or job owns."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def make_engine(url: str) -> Engine:
    """Parameters are what members wrote (items, private wins): `hide_parameters` keeps them out
    of every error message and log line; the SQL alone is enough to debug with."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            hide_parameters=True,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


class Database:
    """Holds the engine and hands out transactions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def is_reachable(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # any driver error means "not reachable" for a health check
            return False
        return True


def insert_unless_exists(session: Session, model: type[T], values: dict[str, Any]) -> T | None:
    """INSERT … ON CONFLICT DO NOTHING RETURNING the new row, loaded into the session; None when
    a unique key already has one.

    One statement instead of a SAVEPOINT: pysqlite emits no BEGIN before a SAVEPOINT, so there a
    "nested" insert would commit on its own, outside the caller's transaction.
    """
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(model).values(**values).on_conflict_do_nothing().returning(model)
    return session.scalar(statement)


def add_unless_exists(session: Session, row: T) -> T | None:
    """`insert_unless_exists` for an unsaved ORM row: its set columns, in one statement."""
    table = row.__table__  # type: ignore[attr-defined]
    values = {
        column.key: getattr(row, column.key)
        for column in table.columns
        if getattr(row, column.key) is not None
    }
    return insert_unless_exists(session, type(row), values)


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url
    return config


# Any constant works; it only has to be the same in every process of this app.
MIGRATION_LOCK_ID = 0x6D67_7267_6F61_6C  # "mgrgoal"


def upgrade_to_head(url: str) -> None:
    """Upgrade to the newest schema; replicas starting together take turns, so the first
    upgrades and the others find the schema at head instead of crashing on a duplicate."""
    with _migration_lock(url):
        command.upgrade(alembic_config(url), "head")


@contextmanager
def _migration_lock(url: str) -> Iterator[None]:
    """One upgrader at a time: a Postgres advisory lock (released if the process dies, since it
    belongs to the connection), or an exclusive lock on a file beside the SQLite database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
                try:
                    yield
                finally:
                    connection.execute(
                        text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK_ID}
                    )
        finally:
            engine.dispose()
    elif parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        # SQLite DDL isn't transactional under Alembic, so two upgraders would both create
        # alembic_version; the lock file serialises them (POSIX: Linux and the Docker image).
        import fcntl

        with open(f"{parsed.database}-migrate-lock", "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)
    else:
        yield
