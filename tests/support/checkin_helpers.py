"""Helpers for the weekly check-in tests: a delivery wired to the fake Slack, readers for the DMs
the bot sent, members seeded straight into the database, and a fake Slack that remembers what it
answered and can hold chat.postMessage replies (to kill a sender mid-request)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from bot.content.library import load_library
from bot.db import Database
from bot.devtools.fake_slack import Call, FakeSlack, ScriptedReply
from bot.domain.moves import Move
from bot.jobs.checkins import CheckinDelivery
from bot.models import CheckIn, Member
from bot.services import members
from bot.slack.client import SlackClient, make_web_client
from tests.support.slack_requests import TEAM

ROOT = Path(__file__).resolve().parents[2]
LIBRARY: list[Move] = load_library()
MOVES: dict[str, Move] = {m.id: m for m in LIBRARY}

# The buttons every check-in DM carries.
ANSWER_BUTTONS = ("checkin_did_it", "checkin_swap", "checkin_snooze", "checkin_skip")
PULSE_BUTTONS = ("checkin_pulse_on_track", "checkin_pulse_stretched", "checkin_pulse_behind")


# --- the fake Slack ----------------------------------------------------------------------------


class RecordingFakeSlack(FakeSlack):
    """FakeSlack that also keeps the reply each call got, and can hold replies to a method.

    `hold("chat.postMessage")` makes every such request wait (the request is recorded first, so
    `wait_for` sees it) until `release()`; used to kill a sender while its request is in flight.
    """

    def __init__(self) -> None:
        self._request = threading.local()  # before FakeSlack builds its handler class
        super().__init__()
        self.answered: list[tuple[Call, ScriptedReply]] = []
        self._held: set[str] = set()
        self._release = threading.Event()

    def hold(self, method: str) -> None:
        self._release.clear()
        self._held.add(method)

    def release(self) -> None:
        self._held.clear()
        self._release.set()

    def unscript(self, method: str) -> None:
        """Drop replies scripted for `method` that weren't used yet."""
        with self._changed:
            self._scripted.pop(method, None)

    def _handler_class(self) -> type[Any]:
        """Also note the request's bot token, so calls from different processes (each run with
        its own token) can be told apart however late the fake reads them."""
        base = super()._handler_class()
        request = self._request

        class Handler(base):  # type: ignore[misc, valid-type]
            def _handle(self, raw: bytes) -> None:
                request.auth = self.headers.get("Authorization", "")
                super()._handle(raw)

        return Handler

    def _record(self, call: Call) -> ScriptedReply:
        auth = getattr(self._request, "auth", "")
        if auth:
            call = Call(
                call.method, {**call.args, "_auth": auth.removeprefix("Bearer ")}, call.path
            )
        held = call.method in self._held
        reply = super()._record(call)
        if held:
            self._release.wait(timeout=60)
        with self._changed:
            self.answered.append((call, reply))
        return reply

    def delivered_dms(self, channel: str | None = None) -> list[Call]:
        """chat.postMessage DMs (not thread replies) that Slack answered with ok: a real DM."""
        with self._changed:
            return [
                call
                for call, reply in self.answered
                if call.method == "chat.postMessage"
                and "thread_ts" not in call.args
                and reply.status == 200
                and reply.body.get("ok")
                and (channel is None or call.args.get("channel") == channel)
            ]


def start_fake(fake: FakeSlack | None = None) -> RecordingFakeSlack:
    started = fake or RecordingFakeSlack()
    assert isinstance(started, RecordingFakeSlack)
    started.start()
    started.add_user("U1", tz="Europe/Berlin")
    started.add_user("U2", tz="America/New_York")
    return started


# One pass of the scheduler at an instant; returns what each job did (`TickReport.done`).
RunTick = Callable[[dt.datetime], dict[str, int]]


def make_delivery(db: Database, fake: FakeSlack, *, workers: int = 8) -> CheckinDelivery:
    web = make_web_client(token="xoxb-test", base_url=fake.api_url)
    return CheckinDelivery(db=db, slack=SlackClient(web), library=LIBRARY, workers=workers)


# --- reading what the bot sent -----------------------------------------------------------------


def dms(fake: FakeSlack, channel: str | None = None) -> list[Call]:
    """Every chat.postMessage that starts a new message (not a thread reply)."""
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if "thread_ts" not in c.args and (channel is None or c.args.get("channel") == channel)
    ]


def thread_replies(fake: FakeSlack) -> list[Call]:
    return [c for c in fake.calls_to("chat.postMessage") if "thread_ts" in c.args]


# --- the database ------------------------------------------------------------------------------


def checkins_of(db: Database, user: str = "U1") -> list[CheckIn]:
    with db.session() as session:
        return list(
            session.scalars(
                select(CheckIn)
                .join(Member, Member.id == CheckIn.member_id)
                .where(Member.team_id == TEAM, Member.user_id == user)
                .order_by(CheckIn.id)
            )
        )


def snapshot(db: Database, user: str = "U1") -> list[dict[str, Any]]:
    """Every column of every check-in of `user`, to compare before and after a refused click."""
    return [
        {c.name: getattr(row, c.key) for c in CheckIn.__table__.columns}
        for row in checkins_of(db, user)
    ]


def member_of(db: Database, user: str = "U1") -> Member:
    with db.session() as session:
        member = members.find_member(session, team_id=TEAM, user_id=user)
        assert member is not None, f"{user} isn't enrolled"
        return member


def add_member(
    db: Database,
    user: str,
    *,
    tz: str,
    now: dt.datetime,
    weekday: int = 0,
    at: dt.time = dt.time(9, 0),
) -> None:
    """A member with a Slack time zone and a schedule, as enrolment plus users.info leave it."""
    with db.session() as session:
        member = members.enroll(session, team_id=TEAM, user_id=user, now=now)
        member.timezone = tz
        member.checkin_weekday = weekday
        member.checkin_time = at
        members.reschedule(member, now=now)


def bulk_add_members(db: Database, users: Iterable[str], *, due: dt.datetime) -> None:
    """Members due at `due`, inserted with one statement (SQLAlchemy core)."""
    rows = [
        {
            "team_id": TEAM,
            "user_id": user,
            "timezone": "UTC",
            "checkin_weekday": due.weekday(),
            "checkin_time": due.time().replace(tzinfo=None),
            "paused": False,
            "next_item_number": 1,
            "next_checkin_at": due,
            "created_at": due - dt.timedelta(days=3),
            "updated_at": due - dt.timedelta(days=3),
        }
        for user in users
    ]
    with db.session() as session:
        session.execute(insert(Member), rows)


def local(day: dt.date, hour: int, minute: int, tz: str) -> dt.datetime:
    """The UTC instant of a wall-clock time in a zone (the first one, if it happens twice)."""
    naive = dt.datetime.combine(day, dt.time(hour, minute))
    return naive.replace(tzinfo=ZoneInfo(tz)).astimezone(dt.UTC)


def eventually(check: Callable[[], bool], *, timeout: float = 10.0, what: str = "") -> None:
    """Wait until `check()` holds, for work the app does after its ack that Slack can't see."""
    waiter = threading.Event()
    deadline = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=timeout)
    while not check():
        if dt.datetime.now(dt.UTC) > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        waiter.wait(0.02)


# --- real `mgrbot tick` processes --------------------------------------------------------------


def tick_process(
    database_url: str, fake: FakeSlack, at: dt.datetime, cwd: Path, *, token: str = "xoxb-test"
) -> subprocess.Popen[str]:
    """`python -m bot tick --at <at>` as an operator's cron would run it; `token` labels the
    process's requests in RecordingFakeSlack (the `_auth` argument)."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "tick", "--at", at.isoformat()],
        cwd=cwd,
        env={
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", "/tmp"),
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": token,
            "SLACK_API_URL": fake.api_url,
            "LOG_LEVEL": "WARNING",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
