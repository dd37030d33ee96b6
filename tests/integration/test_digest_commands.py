"""`digest on` / `digest off` as use cases: a real database, a fake Messenger."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from dataclasses import dataclass, field

from sqlalchemy import func, select

from bot.db import Database
from bot.domain.digests import StartResult
from bot.models import Digest
from bot.services import digest_messages, digests
from bot.services.messenger import SendFailed, Unreachable
from bot.slack.blocks.messages import Message
from tests.support.fake_messenger import FakeMessenger, Said

# Monday 23 November 2026, 15:00 UTC.
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
FRIDAY, FOUR_PM = 4, dt.time(16, 0)


@dataclass
class ChannelMessenger(FakeMessenger):
    """A FakeMessenger whose channel posts can fail, or wait for a second poster."""

    post_error: Exception | None = None
    meet: threading.Barrier | None = None
    posting: threading.Lock = field(default_factory=threading.Lock)

    def post_message(self, *, channel: str, message: Message) -> str:
        if self.meet is not None:
            # Wait for a second request's announcement, if one ever comes.
            with contextlib.suppress(threading.BrokenBarrierError):
                self.meet.wait()
        if self.post_error is not None:
            raise self.post_error
        with self.posting:
            return super().post_message(channel=channel, message=message)


def start(
    db: Database,
    messenger: FakeMessenger,
    *,
    weekday: int = FRIDAY,
    at: dt.time = FOUR_PM,
    user: str = "U1",
    now: dt.datetime = NOW,
) -> digest_messages.DigestStart:
    return digest_messages.start_digest(
        db,
        messenger,
        team_id="T1",
        channel_id="C1",
        user_id=user,
        weekday=weekday,
        at=at,
        now=now,
    )


def stored(db: Database) -> Digest | None:
    with db.session() as session:
        return digests.find_digest(session, team_id="T1", channel_id="C1")


def shown(said: Said) -> str:
    assert said.message is not None
    return str(said.message.to_dict())


def slack_error(error: str) -> SendFailed:
    return SendFailed(error)


def test_digest_on_turns_it_on_and_tells_the_channel_once(db: Database) -> None:
    messenger = FakeMessenger(profiles={"U1": {"tz": "Europe/Berlin"}})
    started = start(db, messenger)
    assert started.result is StartResult.ON
    [announcement] = messenger.to("C1", "post")
    assert "turned on a weekly digest" in shown(announcement)
    digest = stored(db)
    assert digest is not None and digest.enabled and digest.timezone == "Europe/Berlin"
    assert digest.next_due_at == dt.datetime(2026, 11, 27, 15, 0, tzinfo=dt.UTC)


def test_digest_on_again_with_the_same_schedule_changes_and_says_nothing(db: Database) -> None:
    messenger = FakeMessenger()
    start(db, messenger)
    again = start(db, messenger, user="U2", now=NOW + dt.timedelta(minutes=1))
    assert again.result is StartResult.UNCHANGED
    assert len(messenger.to("C1", "post")) == 1
    digest = stored(db)
    assert digest is not None and digest.turned_on_by == "U1"


def test_moving_the_digest_announces_the_move(db: Database) -> None:
    messenger = FakeMessenger()
    start(db, messenger)
    moved = start(db, messenger, weekday=3, at=dt.time(15, 30), now=NOW + dt.timedelta(minutes=1))
    assert moved.result is StartResult.ON
    _, second = messenger.to("C1", "post")
    assert "moved the weekly digest" in shown(second)


def test_two_digest_on_at_once_in_a_new_channel_announce_once(db: Database) -> None:
    messenger = ChannelMessenger(meet=threading.Barrier(2, timeout=2))
    results: list[StartResult] = []

    def turn_on(user: str) -> None:
        results.append(start(db, messenger, user=user).result)

    threads = [threading.Thread(target=turn_on, args=(user,)) for user in ("U1", "U2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [StartResult.ON, StartResult.UNCHANGED]
    assert len(messenger.to("C1", "post")) == 1
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Digest)) == 1


def test_where_the_bot_isnt_invited_nothing_is_stored(db: Database) -> None:
    messenger = ChannelMessenger(post_error=slack_error("not_in_channel"))
    assert start(db, messenger).result is StartResult.NOT_INVITED
    assert stored(db) is None


def test_a_refused_or_unreachable_announcement_leaves_it_off(db: Database) -> None:
    assert start(db, ChannelMessenger(post_error=slack_error("fatal_error"))).result is (
        StartResult.REFUSED
    )
    unreachable = ChannelMessenger(post_error=Unreachable("connection reset"))
    assert start(db, unreachable).result is StartResult.UNREACHABLE
    assert stored(db) is None


def test_a_failed_move_keeps_the_schedule_it_had(db: Database) -> None:
    start(db, FakeMessenger())
    before = stored(db)
    assert before is not None
    later = NOW + dt.timedelta(hours=1)
    failing = ChannelMessenger(post_error=slack_error("fatal_error"))
    assert start(db, failing, weekday=1, at=dt.time(9, 0), now=later).result is (
        StartResult.REFUSED
    )
    after = stored(db)
    assert after is not None and after.enabled
    assert (after.weekday, after.post_time, after.next_due_at, after.updated_at) == (
        before.weekday,
        before.post_time,
        before.next_due_at,
        before.updated_at,
    )


def test_a_failed_restart_leaves_it_off_with_its_window(db: Database) -> None:
    start(db, FakeMessenger())
    with db.session() as session:
        digest = digests.turn_off(session, team_id="T1", channel_id="C1", now=NOW)
        digest.covered_until = NOW - dt.timedelta(days=1)
    failing = ChannelMessenger(post_error=slack_error("fatal_error"))
    assert start(db, failing, now=NOW + dt.timedelta(days=20)).result is StartResult.REFUSED
    after = stored(db)
    assert after is not None and not after.enabled and after.next_due_at is None
    assert after.covered_until == NOW - dt.timedelta(days=1)


def test_already_on_only_for_the_same_schedule(db: Database) -> None:
    start(db, FakeMessenger())
    with db.session() as session:
        scope = {"team_id": "T1", "channel_id": "C1"}
        assert digests.already_on(session, weekday=FRIDAY, at=FOUR_PM, **scope) is not None
        assert digests.already_on(session, weekday=3, at=FOUR_PM, **scope) is None


def test_telling_the_channel_it_stopped_survives_a_channel_the_bot_left(db: Database) -> None:
    failing = ChannelMessenger(post_error=slack_error("not_in_channel"))
    digest_messages.tell_stopped(failing, channel_id="C1", user_id="U1")
    messenger = FakeMessenger()
    digest_messages.tell_stopped(messenger, channel_id="C1", user_id="U1")
    [said] = messenger.to("C1", "post")
    assert "turned off the weekly digest" in shown(said)
