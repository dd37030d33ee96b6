"""The engine and session layer: what a failed statement reveals, and how upgrades serialise."""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import traceback
import uuid
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from bot.db import Database, alembic_config, upgrade_to_head
from tests.conftest import POSTGRES_URL, postgres_url
from tests.support import factories

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
SECRET = "Told my manager about the layoffs plan before anyone else"


def test_a_failed_statement_never_reveals_its_parameters(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """Parameters are user text (items, private wins): an error and its logged trace show the
    SQL, never the values, so operators' logs don't collect what members wrote."""
    with db.session() as session:
        owner = factories.member(session, now=NOW)
    with pytest.raises(IntegrityError) as raised, db.session() as session:
        owner = session.merge(owner)
        for _ in range(2):  # the same item number twice: a unique violation
            factories.item(session, owner=owner, number=1, text=SECRET, now=NOW)
    logging.getLogger("bot.slack.app").error("unhandled error", exc_info=raised.value)

    trace = "".join(traceback.format_exception(raised.value))
    assert "campaign_item" in trace  # the statement is still there to debug with
    assert SECRET not in str(raised.value)
    assert SECRET not in trace
    assert SECRET not in caplog.text


def _upgrade_when_all_are_ready(url: str, ready: Barrier) -> None:
    ready.wait(timeout=60)
    upgrade_to_head(url)


@pytest.fixture(params=["sqlite"] + (["postgres"] if POSTGRES_URL else []))
def fresh_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of its own (never the session's shared one)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    name = f"mgrbot_fresh_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield postgres_url().rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_three_processes_starting_together_all_migrate_and_the_schema_is_at_head_once(
    fresh_database: str,
) -> None:
    """Replicas start at the same moment on a new database: none crashes on the upgrade."""
    spawn = multiprocessing.get_context("spawn")
    ready = spawn.Barrier(3)
    workers = [
        spawn.Process(target=_upgrade_when_all_are_ready, args=(fresh_database, ready))
        for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0, 0]

    engine = create_engine(fresh_database)
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    finally:
        engine.dispose()
    head = ScriptDirectory.from_config(alembic_config(fresh_database)).get_current_head()
    assert [v for (v,) in versions] == [head]
    command.check(alembic_config(fresh_database))
