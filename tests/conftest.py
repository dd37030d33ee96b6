"""Shared fixtures: each database-backed test runs on SQLite and, when configured, Postgres."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.config import Settings
from bot.db import Database, upgrade_to_head
from bot.devtools.fake_slack import FakeSlack
from bot.jobs.checkins import CheckinDelivery
from bot.jobs.tick import tick
from bot.models import Base
from bot.slack.app import build_app
from bot.slack.context import Deps
from bot.web import WebApp
from tests.support.blockkit import check_ack, check_payloads
from tests.support.checkin_helpers import RecordingFakeSlack, RunTick, make_delivery, start_fake
from tests.support.clock import START, FrozenClock
from tests.support.server import AppServer, ListenerPool
from tests.support.settings import given_settings
from tests.support.slack_requests import SECRET, SlackDriver

POSTGRES_URL = os.environ.get("MGRBOT_TEST_POSTGRES_URL", "").strip()
BACKENDS = ["sqlite"] + (["postgres"] if POSTGRES_URL else [])


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
    check_payloads(fake)


@pytest.fixture
def fake() -> Iterator[RecordingFakeSlack]:
    """A fake Slack that also keeps its answers and can hold replies, for tests that drive
    the scheduled work without the app (see RecordingFakeSlack)."""
    started = start_fake()
    yield started
    started.release()  # a test that held replies must not leave a sender waiting
    started.stop()
    check_payloads(started)


@pytest.fixture
def delivery(db: Database, fake_slack: FakeSlack) -> CheckinDelivery:
    """The scheduled work's sender, wired to the fake Slack."""
    return make_delivery(db, fake_slack)


@pytest.fixture
def run_tick(delivery: CheckinDelivery) -> RunTick:
    """Run one tick at an instant, as the scheduler would; returns what each job did."""

    def run(at: dt.datetime) -> dict[str, int]:
        return tick(checkins=delivery, now=at).done

    return run


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
    listeners = ListenerPool()
    app = build_app(settings, Deps(db=db, clock=clock), listener_executor=listeners)
    server = AppServer(WebApp(app, db)).start()
    driver = SlackDriver(server.host, server.port, fake_slack.response_url())
    yield driver
    server.stop()
    try:
        listeners.settle()
    finally:
        listeners.shutdown(wait=False)
    for reply in driver.replies:
        check_ack(reply.status, reply.body)


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
