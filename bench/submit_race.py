"""Did it submitted twice at once: how many rounds log two wins for one check-in.

What it measures: the real app (Bolt behind the WSGI server, as in the end-to-end tests) gets
the same "Did it" modal submission twice at the same moment, the way Slack delivers a double
click on Submit; a round counts as doubled when the member ends up with two wins.

How: per round a new member (U100, U101, …) types `/mgr-goal add …` (enrols) and
`/mgr-goal checkin` (this week's check-in DM now, through the local fake Slack), presses Did it
(the bot opens the modal on the fake Slack), and two threads, released by a barrier, post the
same signed view_submission (same view id) into /slack/events. The bot acks a submission after
its database write, so once both replies are back the win count is final. Nothing is timed.

Printed: one line per round (wins stored, both replies), then "doubled: X of N rounds".
Exits 1 when any round doubled.

Run (from the repository root):
    uv run python bench/submit_race.py
    uv run python bench/submit_race.py --rounds 10 \\
        --database-url postgresql://postgres@127.0.0.1:5432/bench_submit
A Postgres database named on the command line must start with "bench": it is created (dropped
first if it exists) and dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import func, select

from bench.common import scratch_database
from bot.config import Settings
from bot.db import Database
from bot.devtools.fake_slack import Call, FakeSlack
from bot.models import Member, Win
from bot.slack import ids
from bot.slack.app import build_app
from bot.slack.context import Deps
from bot.web import WebApp
from tests.support.clock import FrozenClock
from tests.support.readers import buttons
from tests.support.server import AppServer
from tests.support.slack_requests import (
    SECRET,
    TEAM,
    Reply,
    SlackDriver,
    interactive_body,
    view_submission_payload,
)

# Monday 23 November 2026, 15:00 UTC, as in the tests.
START = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


def did_it_payload(view: dict[str, Any], *, user: str, view_id: str) -> str:
    """The signed body Slack posts when `user` submits the Did it modal with an outcome."""
    payload = view_submission_payload(
        view,
        {ids.OUTCOME_BLOCK: "Ran the retro"},
        view_id=view_id,
        trigger_id=f"trigger-{view_id}",
        user=user,
    )
    return interactive_body(payload)


def wait_for(fake: FakeSlack, method: str, count: int, **match: str) -> list[Call]:
    """Block until `count` calls to `method` whose args include `match` arrived: earlier
    rounds' listeners may still be finishing, so counting every call would be off."""

    def found() -> list[Call]:
        return [
            c
            for c in fake.calls
            if c.method == method and all(c.args.get(k) == v for k, v in match.items())
        ]

    with fake._changed:  # the fake's own condition: notified on every call it records
        if not fake._changed.wait_for(lambda: len(found()) >= count, timeout=15):
            raise AssertionError(f"no {method} {match} arrived")
        return found()


def open_did_it(driver: SlackDriver, fake: FakeSlack, user: str) -> dict[str, Any]:
    """Enrol `user`, send this week's check-in now, press Did it; returns the modal."""
    fake.add_user(user, tz="Europe/Berlin")
    assert driver.command("add Mentor the new hire", user=user).status == 200
    wait_for(fake, "views.publish", 1, user_id=user)  # enrolled, time zone stored
    assert driver.command("checkin", user=user).status == 200
    [dm] = wait_for(fake, "chat.postMessage", 1, channel=user)
    wait_for(fake, "views.publish", 2, user_id=user)  # published once it is marked sent
    assert driver.click(
        ids.CHECKIN_DID_IT, value=buttons(dm)[ids.CHECKIN_DID_IT], user=user, container="message"
    ).status
    [opened] = wait_for(fake, "views.open", 1, trigger_id=f"trigger-{driver._trigger}")
    view = opened.args["view"]
    return json.loads(view) if isinstance(view, str) else view


def wins_of(db: Database, user: str) -> int:
    with db.session() as session:
        count = session.scalar(
            select(func.count(Win.id))
            .join(Member, Member.id == Win.member_id)
            .where(Member.team_id == TEAM, Member.user_id == user)
        )
    return int(count or 0)


def race(driver: SlackDriver, body: str) -> list[Reply]:
    start = threading.Barrier(2)

    def post(_: int) -> Reply:
        start.wait(timeout=10)
        return driver.post(body, "application/x-www-form-urlencoded")

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(post, range(2)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    with scratch_database(args.database_url) as url:
        fake = FakeSlack().start()
        db = Database(url)
        settings = Settings.model_validate(
            {
                "SLACK_BOT_TOKEN": "xoxb-bench",
                "SLACK_SIGNING_SECRET": SECRET,
                "DATABASE_URL": url,
                "SLACK_API_URL": fake.api_url,
            }
        )
        server = AppServer(WebApp(build_app(settings, Deps(db=db, clock=FrozenClock(START))), db))
        server.start()
        driver = SlackDriver(server.host, server.port, fake.response_url())
        doubled = 0
        try:
            for n in range(args.rounds):
                user = f"U{100 + n}"
                view = open_did_it(driver, fake, user)
                replies = race(driver, did_it_payload(view, user=user, view_id=f"VRACE{n}"))
                wait_for(fake, "views.publish", 3, user_id=user)  # the answer's Home refresh
                stored = wins_of(db, user)
                doubled += stored > 1
                answers = ", ".join(f"{r.status} {r.body[:60] or '(closes)'}" for r in replies)
                print(f"round {n + 1:2d} ({user}): wins={stored}  replies: {answers}")
        finally:
            server.stop()
            fake.stop()
            db.engine.dispose()
    print(f"database: {url.split('@')[-1]}")
    print(f"doubled: {doubled} of {args.rounds} rounds logged two wins for one Did it")
    return 1 if doubled else 0


if __name__ == "__main__":
    sys.exit(main())
