"""Alembic is the only schema source: it builds an empty database and matches the models."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from bot.db import alembic_config, upgrade_to_head
from tests.conftest import POSTGRES_URL, postgres_url

SCRATCH_DB = "mgrbot_migration_test"


def _sqlite(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'empty.db'}"


def _postgres() -> Iterator[str]:
    admin = create_engine(postgres_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH_DB}"))
        connection.execute(text(f"CREATE DATABASE {SCRATCH_DB}"))
    url = postgres_url().rsplit("/", 1)[0] + f"/{SCRATCH_DB}"
    yield url
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(params=["sqlite"] + (["postgres"] if POSTGRES_URL else []))
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from (_postgres() if request.param == "postgres" else _sqlite(tmp_path))


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_builds_the_schema_and_check_finds_no_drift(empty_database: str) -> None:
    upgrade_to_head(empty_database)
    assert {"member", "campaign_item", "evidence_note", "alembic_version"} <= _tables(
        empty_database
    )
    command.check(alembic_config(empty_database))  # raises on any drift from the models


def test_downgrade_to_base_and_up_again(empty_database: str) -> None:
    config = alembic_config(empty_database)
    upgrade_to_head(empty_database)
    command.downgrade(config, "base")
    assert _tables(empty_database) <= {"alembic_version"}
    upgrade_to_head(empty_database)
    assert "campaign_item" in _tables(empty_database)


def test_upgrade_twice_is_harmless(empty_database: str) -> None:
    upgrade_to_head(empty_database)
    upgrade_to_head(empty_database)
    command.check(alembic_config(empty_database))
