"""A scripted race between a slow sender and a second one, for claim tests and bench/claim_race.py.

Sender A ticks at DUE and is slow: its clock moves on `per_batch` for every batch of DMs it
posts (the time the batch took to send). Once A's clock has passed the claim time (CLAIM_FOR after
the tick started), just before A posts its next DM, sender B ticks once (in its own thread, with
its own database connection) at A's time plus 30 seconds, and A waits for it. A claim stamped with
the tick's start has expired by then, so B takes over A's batch while A still sends it; a claim
stamped when it was made still holds.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from bot.db import Database
from bot.jobs.checkins import CheckinDelivery
from bot.jobs.tick import tick
from bot.slack.blocks.messages import Message
from bot.slack.client import SlackClient, make_web_client
from tests.support.checkin_helpers import LIBRARY, RecordingFakeSlack, bulk_add_members, dms

DUE = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
CLAIM_FOR = dt.timedelta(minutes=5)
B_LAG = dt.timedelta(seconds=30)


class SteppingClock:
    """A's clock: moves only when A has posted a DM."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> dt.datetime:
        with self._lock:
            return self.now

    def advance(self, step: dt.timedelta) -> None:
        with self._lock:
            self.now += step


# Builds a sender: (database, slack client, batch size, clock or None) -> delivery.
SenderFactory = Callable[[Database, SlackClient, int, SteppingClock | None], CheckinDelivery]


def new_sender(
    db: Database, slack: SlackClient, batch: int, clock: SteppingClock | None
) -> CheckinDelivery:
    return CheckinDelivery(db=db, slack=slack, library=LIBRARY, workers=1, batch=batch, clock=clock)


class SlowSlack(SlackClient):
    """A's Slack client: lets B tick at the scripted moment, then posts and moves A's clock."""

    def __init__(self, web: Any, clock: SteppingClock, step: dt.timedelta, b_tick: Any) -> None:
        super().__init__(web)
        self.clock, self.step, self.b_tick = clock, step, b_tick
        self.b_ran = False
        self._lock = threading.Lock()

    def post_dm(self, *, user_id: str, message: Message) -> tuple[str, str]:
        with self._lock:
            if not self.b_ran and self.clock() >= DUE + CLAIM_FOR:
                self.b_ran = True
                runner = threading.Thread(target=self.b_tick, args=(self.clock() + B_LAG,))
                runner.start()
                runner.join(timeout=120)
        try:
            return super().post_dm(user_id=user_id, message=message)
        finally:
            self.clock.advance(self.step)


def race(
    database_url: str,
    fake: RecordingFakeSlack,
    *,
    members: int,
    batch: int,
    per_batch: dt.timedelta = dt.timedelta(minutes=1),
    make_sender: SenderFactory = new_sender,
) -> Counter[str]:
    """Run the race on an empty database at `database_url`; returns DMs delivered per member."""
    users = [f"U{n:05d}" for n in range(members)]
    a_db, b_db = Database(database_url), Database(database_url)
    try:
        bulk_add_members(a_db, users, due=DUE)
        b_web = make_web_client(token="xoxb-b", base_url=fake.api_url)
        b = make_sender(b_db, SlackClient(b_web), batch, None)
        errors: list[BaseException] = []

        def b_tick(at: dt.datetime) -> None:
            try:
                tick(checkins=b, now=at)
            except BaseException as exc:  # reported by the caller, not lost in the thread
                errors.append(exc)

        clock = SteppingClock(DUE)
        a_web = make_web_client(token="xoxb-a", base_url=fake.api_url)
        a_slack = SlowSlack(a_web, clock, per_batch / batch, b_tick)
        a = make_sender(a_db, a_slack, batch, clock)
        tick(checkins=a, now=DUE)
        if errors:
            raise errors[0]
        if not a_slack.b_ran:
            raise AssertionError("the race never happened: A finished before its claims aged")
    finally:
        a_db.engine.dispose()
        b_db.engine.dispose()
    return Counter(call.args["channel"] for call in dms(fake))
