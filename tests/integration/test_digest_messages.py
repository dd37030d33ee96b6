"""Posting one claimed digest through the Messenger port: a real database, a fake Messenger
that raises the port's errors the way SlackClient does."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.domain.delivery import Outcome, Posted
from bot.models import Digest, DigestPost
from bot.services import digest_messages, digests, wins
from bot.services.messenger import MessengerError, SendFailed, Unreachable
from bot.services.queue import Claim
from tests.support.fake_messenger import FakeMessenger

# Friday 27 November 2026, 16:00 UTC: the digest is due.
DUE = dt.datetime(2026, 11, 27, 16, 0, tzinfo=dt.UTC)


def claimed(db: Database) -> tuple[Claim, digests.Outgoing]:
    """C1's digest, one shared win, this week's post claimed."""
    with db.session() as session:
        digests.switch_on(
            session,
            team_id="T1",
            channel_id="C1",
            user_id="U1",
            weekday=4,
            at=dt.time(16, 0),
            timezone="UTC",
            now=DUE - dt.timedelta(days=3),
        )
        shared = DUE - dt.timedelta(days=1)
        wins.set_team_channel(session, team_id="T1", user_id="U1", channel_id="C1", now=shared)
        wins.log_win(
            session, team_id="T1", user_id="U1", text="Ran the retro", share=True, now=shared
        )
    with db.session() as session:
        digests.create_due_posts(session, now=DUE)
    with db.session() as session:
        [claim] = digests.claim_posts(session, now=DUE)
        outgoing = digests.outgoing(session, post_id=claim.id)
    assert outgoing is not None and outgoing.wins
    return claim, outgoing


def post(db: Database, messenger: FakeMessenger) -> Posted:
    claim, outgoing = claimed(db)
    return digest_messages.post(db=db, messenger=messenger, claim=claim, outgoing=outgoing, now=DUE)


def stored(db: Database) -> tuple[DigestPost, Digest]:
    with db.session() as session:
        [row] = session.scalars(select(DigestPost)).all()
        digest = row.digest
        session.expunge_all()
        return row, digest


def test_the_summary_then_its_thread_and_the_post_is_sent(db: Database) -> None:
    messenger = FakeMessenger()
    assert post(db, messenger).outcome is Outcome.SENT
    assert len(messenger.to("C1", "post")) == 1
    [thread] = messenger.to("C1", "thread")
    assert thread.to == "C1/1700000000.000001"  # under the summary
    assert thread.message is not None and "Ran the retro" in str(thread.message.to_dict())
    row, _ = stored(db)
    assert (row.state, row.ts, row.wins) == ("sent", "1700000000.000001", 1)


def test_a_rejected_token_gives_the_post_back_untouched(db: Database) -> None:
    messenger = FakeMessenger(failing={"post": SendFailed("token_revoked")})
    assert post(db, messenger) == Posted(Outcome.TOKEN_REJECTED, "token_revoked")
    row, digest = stored(db)
    assert (row.state, row.attempts, row.claimed_until, row.last_error) == (
        "pending",
        0,
        None,
        None,
    )
    assert digest.enabled


def test_a_channel_the_bot_left_turns_the_digest_off(db: Database) -> None:
    messenger = FakeMessenger(failing={"post": SendFailed("not_in_channel")})
    assert post(db, messenger).outcome is Outcome.UNDELIVERABLE
    row, digest = stored(db)
    assert (row.state, row.last_error) == ("undeliverable", "not_in_channel")
    assert not digest.enabled and digest.next_due_at is None


@pytest.mark.parametrize(
    ("error", "stored_as"),
    [
        (SendFailed("user_not_found"), "user_not_found"),  # a person's error, not a channel's
        (SendFailed("http 500"), "http 500"),
        (Unreachable("ConnectionResetError()"), "ConnectionResetError()"),
    ],
)
def test_anything_else_is_retried_and_a_posted_summary_is_kept(
    db: Database, error: MessengerError, stored_as: str
) -> None:
    messenger = FakeMessenger(failing={"thread": error})
    assert post(db, messenger) == Posted(Outcome.FAILED, stored_as)
    row, digest = stored(db)
    assert (row.state, row.attempts, row.last_error) == ("pending", 1, stored_as)
    assert row.ts == "1700000000.000001"  # the retry adds the thread only
    assert digest.enabled
