"""The digest post through the Messenger port: post one claimed digest (its summary, then the
details in the summary's thread) and record the outcome.

Takes the database rather than a session: each Slack call sits between short transactions,
never inside one. The batch loop around it (creating and claiming posts, the send gate) is
`bot.jobs.digests`.
"""

from __future__ import annotations

import datetime as dt
import logging

from bot.db import Database
from bot.domain.delivery import Outcome, Posted
from bot.services import digests
from bot.services.messenger import Messenger, MessengerError
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
