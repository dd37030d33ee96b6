"""Shared fixtures: each database-backed test runs on SQLite and, when configured, Postgres."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.config import Settings
from bot.db import Database, upgrade_to_head
from bot.models import Base
from bot.slack.app import build_app
from bot.slack.context import Deps
from bot.web import WebApp
from tests.support.blockkit import check_ack, check_message, check_unfurls_off, check_view
from tests.support.clock import FrozenClock
from tests.support.fake_slack import FakeSlack
from tests.support.server import AppServer
from tests.support.settings import given_settings
from tests.support.slack_requests import SECRET, SlackDriver

POSTGRES_URL = os.environ.get("MGRBOT_TEST_POSTGRES_URL", "").strip()
BACKENDS = ["sqlite"] + (["postgres"] if POSTGRES_URL else [])
# Monday 23 November 2026, 15:00 UTC.
START = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


def postgres_url() -> str:
    return given_settings({"DATABASE_URL": POSTGRES_URL}).database_url


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    except Exception as exc:  # any driver error: CI must fail loudly, never skip
        pytest.fail(f"MGRBOT_TEST_POSTGRES_URL is set but Postgres is unreachable: {exc}")
    finally:
        engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "postgres":
        url = postgres_url()
        reset_postgres(url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    upgrade_to_head(url)
    return url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    with database.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    database.engine.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    fake.add_user("U1", tz="Europe/Berlin")
    fake.add_user("U2", tz="America/New_York")
    yield fake
    fake.stop()
    _check_payloads(fake)


def _check_payloads(fake: FakeSlack) -> None:
    """Every Block Kit payload the bot sent during the test validates and fits Slack's limits."""
    for call in fake.calls:
        if call.method in ("views.publish", "views.open", "views.update", "views.push"):
            view = call.args["view"]
            check_view(json.loads(view) if isinstance(view, str) else view)
        elif call.method in (
            "chat.postMessage",
            "chat.postEphemeral",
            "chat.update",
            "response_url",
        ):
            check_message(call.args)
            if call.method != "chat.update":
                check_unfurls_off(call.args)


def make_settings(database_url: str, api_url: str) -> Settings:
    return given_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "DATABASE_URL": database_url,
            "SLACK_API_URL": api_url,
        }
    )


@pytest.fixture
def slack(db: Database, fake_slack: FakeSlack, clock: FrozenClock) -> Iterator[SlackDriver]:
    """The real app behind HTTP, driven the way Slack drives it."""
    settings = make_settings(db.url, fake_slack.api_url)
    app = build_app(settings, Deps(db=db, clock=clock))
    server = AppServer(WebApp(app, db)).start()
    driver = SlackDriver(server.host, server.port, fake_slack.response_url())
    yield driver
    server.stop()
    for reply in driver.replies:
        check_ack(reply.status, reply.body)


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
