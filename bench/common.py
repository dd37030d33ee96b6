"""Helpers shared by the benchmark scripts: scratch databases, bulk rows and SQL capture."""

from __future__ import annotations

import re
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase

from bot.db import upgrade_to_head

# A Postgres database these scripts create and drop must be named like this, so a typo can
# never drop someone else's database (e.g. the one named `test`).
SCRATCH_NAME = re.compile(r"^bench[a-z0-9_]*$")
PROTECTED = frozenset({"test", "postgres", "template0", "template1"})
CHUNK = 5_000


def normalize_url(url: str) -> str:
    """Accept postgresql:// (or postgres://) like the bot's settings do; use psycopg 3."""
    url = url.strip()
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


@contextmanager
def scratch_database(url: str | None) -> Iterator[str]:
    """A fresh database migrated to head; yields its SQLAlchemy URL.

    None: a SQLite file in a temporary directory, removed afterwards. A sqlite:/// URL: that
    file, which must not exist yet, kept afterwards. A Postgres URL: the named database is
    dropped if present, created, and dropped again at the end; its name must start with
    "bench" (e.g. postgresql://postgres@127.0.0.1:5432/bench_fanout).
    """
    if url is None:
        with tempfile.TemporaryDirectory(prefix="mgrgoal-bench-") as tmp:
            sqlite_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            upgrade_to_head(sqlite_url)
            yield sqlite_url
        return
    url = normalize_url(url)
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:" and Path(path).exists():
            raise SystemExit(f"{path} exists; the benchmark needs a fresh database file")
        upgrade_to_head(url)
        yield url
        return
    if not is_postgres(url):
        raise SystemExit("--database-url must be sqlite:///... or postgresql://...")
    parsed = make_url(url)
    name = parsed.database or ""
    if name in PROTECTED or not SCRATCH_NAME.match(name):
        raise SystemExit(
            f"refusing to use Postgres database {name!r}: name a scratch database starting "
            "with 'bench' (lowercase letters, digits, _); it is dropped and recreated"
        )
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            upgrade_to_head(url)
            yield url
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def bulk_insert(
    engine: Engine, model: type[DeclarativeBase], rows: Iterable[dict[str, Any]]
) -> int:
    """Core executemany INSERTs in chunks, one transaction per chunk; returns rows inserted."""
    total = 0
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            total += _insert_chunk(engine, model, chunk)
            chunk = []
    if chunk:
        total += _insert_chunk(engine, model, chunk)
    return total


def _insert_chunk(engine: Engine, model: type[DeclarativeBase], chunk: list[dict[str, Any]]) -> int:
    with engine.begin() as connection:
        connection.execute(insert(model), chunk)
    return len(chunk)


def analyze(engine: Engine) -> None:
    """Refresh planner statistics on Postgres, as autovacuum would after a bulk load."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))


# --- SQL capture -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Executed:
    statement: str
    parameters: Any
    executemany: bool
    seconds: float


class SqlRecorder:
    """Records every statement an engine sends to the driver while enabled (thread-safe)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.executed: list[Executed] = []
        self._lock = threading.Lock()
        self._starts = threading.local()

    def __enter__(self) -> SqlRecorder:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def clear(self) -> None:
        with self._lock:
            self.executed.clear()

    def _before(self, *_args: Any) -> None:
        self._starts.at = time.perf_counter()

    def _after(
        self,
        _conn: Any,
        _cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        executemany: bool,
    ) -> None:
        seconds = time.perf_counter() - getattr(self._starts, "at", time.perf_counter())
        with self._lock:
            self.executed.append(Executed(statement, parameters, executemany, seconds))


_IN_LIST = re.compile(r"\bIN \((?:[^()]|\([^()]*\))*\)")
_SPACE = re.compile(r"\s+")


def shape(statement: str) -> str:
    """The statement with whitespace collapsed and IN-lists elided, to group repeats."""
    flat = _SPACE.sub(" ", statement).strip()
    return _IN_LIST.sub("IN (…)", flat)


def clip(statement: str, width: int) -> str:
    return statement if len(statement) <= width else statement[: width - 1] + "…"
