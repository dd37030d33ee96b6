"""Several tick processes at once post each channel's digest exactly once: real `mgrbot tick`
processes against one Postgres and the fake Slack; on SQLite, two threads."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.devtools.fake_slack import ScriptedReply
from bot.jobs.digests import DigestDelivery
from bot.jobs.tick import tick
from bot.models import Digest, DigestPost
from bot.services import digests, wins
from bot.slack.client import SlackClient, make_web_client
from tests.support.checkin_helpers import RecordingFakeSlack, make_delivery
from tests.support.checkin_helpers import tick_process as start_tick_process

# Friday 27 November 2026, 16:00 UTC: every channel's digest is due at this instant.
DUE = dt.datetime(2026, 11, 27, 16, 0, tzinfo=dt.UTC)
SHARED_AT = DUE - dt.timedelta(days=2)
CHANNELS = [f"C{n:04d}" for n in range(20)]


def seed(db: Database) -> None:
    """Each channel: its digest due at DUE and three members who shared a win each."""
    with db.session() as session:
        for index, channel in enumerate(CHANNELS):
            digests.switch_on(
                session,
                team_id="T1",
                channel_id=channel,
                user_id="U0",
                weekday=4,
                at=dt.time(16, 0),
                timezone="UTC",
                now=DUE - dt.timedelta(days=3),
            )
            for k in range(3):
                user = f"U{index:03d}{k}"
                wins.set_team_channel(
                    session, team_id="T1", user_id=user, channel_id=channel, now=SHARED_AT
                )
                wins.log_win(
                    session,
                    team_id="T1",
                    user_id=user,
                    text=f"Win {k} in {channel}",
                    share=True,
                    now=SHARED_AT,
                )


def assert_each_channel_posted_once(db: Database, fake: RecordingFakeSlack) -> None:
    posts = fake.calls_to("chat.postMessage")
    summaries = Counter(c.args["channel"] for c in posts if "thread_ts" not in c.args)
    threads = Counter(c.args["channel"] for c in posts if "thread_ts" in c.args)
    assert set(summaries) == set(CHANNELS) and max(summaries.values()) == 1, summaries
    assert set(threads) == set(CHANNELS) and max(threads.values()) == 1, threads
    with db.session() as session:
        states = Counter(session.scalars(select(DigestPost.state)).all())
    assert states == {"sent": len(CHANNELS)}


def test_two_tick_processes_at_once_post_each_channels_digest_once(
    database_url: str, db: Database, fake: RecordingFakeSlack, tmp_path: Path
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("two processes on one database: set MGRBOT_TEST_POSTGRES_URL")
    seed(db)
    at = DUE + dt.timedelta(seconds=20)
    first = start_tick_process(database_url, fake, at, tmp_path, token="xoxb-first")
    second = start_tick_process(database_url, fake, at, tmp_path, token="xoxb-second")
    for process in (first, second):
        out, err = process.communicate(timeout=180)
        assert process.returncode == 0, f"{out}\n{err}"
    assert_each_channel_posted_once(db, fake)


def test_two_threads_ticking_at_once_post_each_channels_digest_once(
    db: Database, fake: RecordingFakeSlack
) -> None:
    seed(db)
    web = make_web_client(token="xoxb-test", base_url=fake.api_url)
    at = DUE + dt.timedelta(seconds=20)
    runners = [
        threading.Thread(target=DigestDelivery(db=db, slack=SlackClient(web)).run, args=(at,))
        for _ in range(2)
    ]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join(timeout=120)
    assert_each_channel_posted_once(db, fake)


def test_a_digest_sender_whose_claim_was_taken_over_leaves_the_new_owners_result(
    db: Database,
) -> None:
    seed(db)
    with db.session() as session:
        digests.create_due_posts(session, now=DUE, limit=1)
        [stalled] = digests.claim_posts(session, now=DUE)
    with db.session() as session:
        assert digests.claim_posts(session, now=DUE + dt.timedelta(minutes=4)) == []
        [taker] = digests.claim_posts(session, now=DUE + dt.timedelta(minutes=6))
    with db.session() as session:
        assert digests.mark_summary_posted(session, claim=taker, ts="2.0", wins=3)
        assert digests.mark_sent(session, claim=taker, now=DUE)
    with db.session() as session:
        assert not digests.mark_summary_posted(session, claim=stalled, ts="1.0", wins=3)
        assert not digests.mark_failed(session, claim=stalled, error="x", now=DUE)
        assert not digests.mark_undeliverable(session, claim=stalled, reason="x", now=DUE)
    with db.session() as session:
        [post] = session.scalars(select(DigestPost)).all()
        assert (post.state, post.ts, post.attempts) == ("sent", "2.0", 0)
        assert post.digest.enabled


def test_a_rejected_token_pauses_digests_and_switches_none_off(
    db: Database, fake: RecordingFakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    """Twenty digests due, Slack rejects the token: one attempt and one ERROR; every digest
    stays on and its post pending with no attempt counted; after the pause, all twenty post."""
    seed(db)
    delivery = make_delivery(db, fake)
    fake.outage("chat.postMessage", ScriptedReply(200, {"ok": False, "error": "invalid_auth"}))
    with caplog.at_level(logging.ERROR):
        tick(checkins=delivery, now=DUE)
    assert len(fake.calls_to("chat.postMessage")) == 1
    rejected = [r for r in caplog.records if "SLACK_BOT_TOKEN" in r.getMessage()]
    assert len(rejected) == 1 and rejected[0].levelno == logging.ERROR
    with db.session() as session:
        posts = session.scalars(select(DigestPost)).all()
        assert [(p.state, p.attempts) for p in posts] == [("pending", 0)] * len(CHANNELS)
        assert all(d.enabled for d in session.scalars(select(Digest)))

    fake.recover("chat.postMessage")
    tick(checkins=delivery, now=DUE + dt.timedelta(seconds=30))
    assert len(fake.calls_to("chat.postMessage")) == 1
    tick(checkins=delivery, now=DUE + dt.timedelta(minutes=1))
    accepted = [c for c, r in fake.answered if r.body.get("ok") and c.method == "chat.postMessage"]
    summaries = Counter(c.args["channel"] for c in accepted if "thread_ts" not in c.args)
    threads = Counter(c.args["channel"] for c in accepted if "thread_ts" in c.args)
    assert summaries == threads == Counter(CHANNELS)
    with db.session() as session:
        assert Counter(session.scalars(select(DigestPost.state))) == {"sent": len(CHANNELS)}
