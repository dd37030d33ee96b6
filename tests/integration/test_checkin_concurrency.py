"""Several senders at once never double a week's check-in, and a sender killed mid-send doesn't
lose one: real `mgrbot tick` processes (and threads) against one database and the fake Slack."""

from __future__ import annotations

import datetime as dt
import subprocess
import threading
from collections import Counter
from pathlib import Path

import pytest

from bot.db import Database
from bot.jobs.tick import tick
from bot.services.checkins import outbox, rows
from tests.support.checkin_helpers import (
    LIBRARY,
    RecordingFakeSlack,
    bulk_add_members,
    checkins_of,
    dms,
    make_delivery,
    tick_process,
)
from tests.support.claim_race import race

# Monday 30 November 2026, 09:00 UTC: every seeded member is due at this instant.
DUE = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


def users(count: int) -> list[str]:
    return [f"U{n:05d}" for n in range(count)]


def finish(process: subprocess.Popen[str], *, timeout: float = 180) -> str:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, f"tick exited {process.returncode}:\n{out}\n{err}"
    return out


def assert_each_member_has_one_sent_checkin(db: Database, members: list[str]) -> None:
    for user in members:
        rows = checkins_of(db, user)
        assert [r.state for r in rows] == ["sent"], (user, [(r.week, r.state) for r in rows])


def test_two_tick_processes_at_the_same_instant_send_each_of_500_members_one_dm(
    database_url: str, db: Database, fake: RecordingFakeSlack, tmp_path: Path
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("two processes on one database: set MGRBOT_TEST_POSTGRES_URL")
    everyone = users(500)
    bulk_add_members(db, everyone, due=DUE)

    first = tick_process(database_url, fake, DUE, tmp_path, token="xoxb-first")
    second = tick_process(database_url, fake, DUE, tmp_path, token="xoxb-second")
    summaries = [finish(first), finish(second)]

    posted = Counter(c.args["channel"] for c in dms(fake))
    assert len(fake.calls_to("chat.postMessage")) == 500, summaries
    assert set(posted) == set(everyone)
    assert max(posted.values()) == 1, [u for u, n in posted.items() if n > 1][:10]
    assert_each_member_has_one_sent_checkin(db, everyone)


def test_two_threads_running_a_tick_at_once_send_no_duplicates(
    database_url: str, db: Database, fake: RecordingFakeSlack
) -> None:
    everyone = users(60)
    bulk_add_members(db, everyone, due=DUE)
    start = threading.Barrier(2)
    errors: list[BaseException] = []
    databases = [Database(database_url), Database(database_url)]

    def run(database: Database) -> None:
        try:
            delivery = make_delivery(database, fake)
            start.wait(timeout=30)
            tick(checkins=delivery, now=DUE)
        except BaseException as exc:  # report it in the test, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(d,)) for d in databases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for database in databases:
        database.engine.dispose()
    assert errors == [], errors

    posted = Counter(c.args["channel"] for c in dms(fake))
    assert set(posted) == set(everyone)
    assert max(posted.values()) == 1, [u for u, n in posted.items() if n > 1][:10]
    assert_each_member_has_one_sent_checkin(db, everyone)


def test_a_tick_killed_mid_send_loses_no_checkin(
    database_url: str, db: Database, fake: RecordingFakeSlack, tmp_path: Path
) -> None:
    """Kill `mgrbot tick` (SIGKILL) while its DMs are in flight, then tick again.

    The killed process had claimed every due row and sent some requests that the fake received
    but never answered. What must hold:
    - a tick 4 minutes later sends nothing (the dead process's claim still stands);
    - a tick 6 minutes later sends every member exactly one DM and marks every check-in sent;
    - so each member gets one DM in all, plus at most one more only if the killed process's
      request for them had reached Slack. That second copy can't be avoided: the sender died
      before learning whether the post succeeded, and Slack has no idempotency key for
      chat.postMessage, so delivery after a crash is at least once, never zero.
    """
    everyone = users(30)
    bulk_add_members(db, everyone, due=DUE)
    fake.hold("chat.postMessage")
    killed = tick_process(database_url, fake, DUE, tmp_path, token="xoxb-killed")
    try:
        fake.wait_for("chat.postMessage", timeout=60)
        killed.kill()
        killed.wait(timeout=30)
    finally:
        fake.release()
        if killed.poll() is None:
            killed.kill()
        killed.communicate()

    early = tick_process(database_url, fake, DUE + 4 * MINUTE, tmp_path, token="xoxb-early")
    finish(early)
    assert [c for c in dms(fake) if c.args["_auth"] == "xoxb-early"] == []

    later = tick_process(database_url, fake, DUE + 6 * MINUTE, tmp_path, token="xoxb-later")
    finish(later)

    from_killed = Counter(c.args["channel"] for c in dms(fake) if c.args["_auth"] == "xoxb-killed")
    from_later = Counter(c.args["channel"] for c in dms(fake) if c.args["_auth"] == "xoxb-later")
    assert from_killed and max(from_killed.values()) == 1
    assert set(from_later) == set(everyone) and max(from_later.values()) == 1
    per_member = Counter(c.args["channel"] for c in dms(fake))
    for user in everyone:
        assert per_member[user] == 1 + from_killed[user], user
    assert_each_member_has_one_sent_checkin(db, everyone)
    # The stored message is the one whose reply the bot read: the later tick's.
    later_ts = {
        call.args["channel"]: reply.body["ts"]
        for call, reply in fake.answered
        if call.method == "chat.postMessage" and call.args.get("_auth") == "xoxb-later"
    }
    for user in everyone:
        assert checkins_of(db, user)[0].ts == later_ts[user]


def test_a_slow_tick_keeps_its_claims_while_another_tick_runs(
    database_url: str, db: Database, fake: RecordingFakeSlack
) -> None:
    """A tick whose batches take a minute each is still sending its sixth batch when a second
    tick starts, 5.5 minutes after the first: that batch was claimed a moment ago, so the second
    tick leaves it alone and each member gets exactly one DM."""
    posted = race(database_url, fake, members=12, batch=2)
    assert set(posted) == set(users(12))
    assert max(posted.values()) == 1, sorted(u for u, n in posted.items() if n > 1)
    assert_each_member_has_one_sent_checkin(db, users(12))


def test_a_claim_takes_at_most_a_batch(db: Database) -> None:
    """On Postgres a LIMIT inside `IN (subquery)` could be re-run per row and claim every due
    row at once; a batch must be a batch, or a long tick sends rows it claimed minutes ago."""
    bulk_add_members(db, users(12), due=DUE)
    with db.session() as session:
        rows.create_due_checkins(session, now=DUE, library=LIBRARY)
    with db.session() as session:
        assert len(outbox.claim_pending(session, now=DUE, limit=2)) == 2
    with db.session() as session:
        assert len(outbox.claim_pending(session, now=DUE, limit=20)) == 10
