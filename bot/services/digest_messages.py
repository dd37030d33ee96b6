"""The digest's use cases that talk to Slack, through the Messenger port: turning a digest on
(and telling the channel, once), saying it was turned off, and posting one claimed digest (its
summary, then the details in the summary's thread) and recording the outcome.

Takes the database rather than a session: each Slack call sits between short transactions,
never inside one. The batch loop around it (creating and claiming posts, the send gate) is
`bot.jobs.digests`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from bot.db import Database
from bot.domain.delivery import Outcome, Posted, classify
from bot.domain.digests import StartResult
from bot.models import Digest
from bot.services import digests
from bot.services.members import find_member
from bot.services.messenger import Messenger, MessengerError, SendFailed, Unreachable
from bot.services.queue import Claim
from bot.services.sending import Ledger, record_failure
from bot.slack.blocks import digest as digest_blocks

log = logging.getLogger(__name__)

DIGEST_LEDGER = Ledger(
    release=lambda session, claim: digests.release(session, claim=claim),
    undeliverable=lambda session, claim, reason, now: digests.mark_undeliverable(
        session, claim=claim, reason=reason, now=now
    ),
    failed=lambda session, claim, error, now: digests.mark_failed(
        session, claim=claim, error=error, now=now
    ),
)


def post(
    *,
    db: Database,
    messenger: Messenger,
    claim: Claim,
    outgoing: digests.Outgoing,
    now: dt.datetime,
) -> Posted:
    """Post a claimed digest and settle its row while the claim is still ours.

    The summary's ts is saved in its own short transaction before the thread reply, so a retry
    only adds the thread and never posts the summary twice. A token error gives the row back
    (the summary's ts, if any, stays); a channel the bot can't post in turns the digest off.
    """
    channel, summary_ts, wins = outgoing.channel_id, outgoing.summary_ts, outgoing.wins
    try:
        if summary_ts is None:
            summary_ts = messenger.post_message(
                channel=channel, message=digest_blocks.summary_message(wins)
            )
            with db.session() as session:
                if not digests.mark_summary_posted(
                    session, claim=claim, ts=summary_ts, wins=len(wins)
                ):
                    # Another sender owns the row now; it adds the thread.
                    return Posted(Outcome.FAILED, "claim lost")
        messenger.post_in_thread(
            channel=channel, thread_ts=summary_ts, message=digest_blocks.details_message(wins)
        )
    except MessengerError as exc:
        what = f"digest for {channel}"
        return record_failure(
            db, DIGEST_LEDGER, claim=claim, error=exc, to="channel", what=what, now=now
        )
    with db.session() as session:
        digests.mark_sent(session, claim=claim, now=now)
    return Posted(Outcome.SENT)


@dataclass(frozen=True)
class DigestStart:
    result: StartResult
    digest: Digest | None = None  # ON and UNCHANGED: the digest as it is now


def start_digest(
    db: Database,
    messenger: Messenger,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    weekday: int,
    at: dt.time,
    now: dt.datetime,
) -> DigestStart:
    """`digest on`: turn the channel's digest on (or move it) and tell the channel, once.

    Takes the database, not a session: Slack is asked (the caller's time zone, the
    announcement) between short transactions, never inside one. The digest is on only once the
    channel was told: a refused announcement undoes the change.
    """
    scope = {"team_id": team_id, "channel_id": channel_id}
    timezone = _timezone_of(db, messenger, team_id=team_id, user_id=user_id)
    with db.session() as session:
        switch = digests.switch_on(
            session, user_id=user_id, weekday=weekday, at=at, timezone=timezone, now=now, **scope
        )
    if not switch.changed:
        return DigestStart(StartResult.UNCHANGED, switch.digest)
    announcement = digest_blocks.announcement(
        user_id=user_id,
        channel_id=channel_id,
        weekday=weekday,
        at=at,
        timezone=timezone,
        moved=switch.moved,
    )
    try:
        messenger.post_message(channel=channel_id, message=announcement)
    except SendFailed as exc:
        not_invited = classify(exc.code, to="channel") is Outcome.UNDELIVERABLE
        if not not_invited:
            log.warning("digest announcement in %s failed: %s", channel_id, exc.code)
        result = StartResult.NOT_INVITED if not_invited else StartResult.REFUSED
    except Unreachable:
        result = StartResult.UNREACHABLE
    else:
        return DigestStart(StartResult.ON, switch.digest)
    with db.session() as session:
        digests.undo_switch(session, switch, user_id=user_id, now=now)
    return DigestStart(result)


def _timezone_of(db: Database, messenger: Messenger, *, team_id: str, user_id: str) -> str:
    """The zone of whoever turns the digest on: their stored one, else Slack's, else UTC."""
    with db.session() as session:
        member = find_member(session, team_id=team_id, user_id=user_id)
        stored = member.timezone if member and member.timezone != "UTC" else None
    return stored or messenger.user_timezone(user_id=user_id) or "UTC"


def tell_stopped(messenger: Messenger, *, channel_id: str, user_id: str) -> None:
    """Say in the channel who turned its digest off; a channel the bot can't post in is fine."""
    try:
        messenger.post_message(
            channel=channel_id, message=digest_blocks.turned_off(user_id=user_id)
        )
    except MessengerError as exc:
        log.info("could not announce in %s: %s", channel_id, exc)
