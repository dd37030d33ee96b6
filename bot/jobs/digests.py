"""Post due team digests (create this week's rows, claim them, post summary then thread)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.db import Database
from bot.jobs.clock import Clock, running_from
from bot.jobs.gate import SendGate
from bot.services import digests
from bot.services.digests import UNREACHABLE_CHANNEL_ERRORS
from bot.services.messenger import Messenger, error_code
from bot.services.queue import Claim
from bot.slack.blocks import digest as digest_blocks

log = logging.getLogger(__name__)

BATCH = 50


@dataclass
class DigestDelivery:
    db: Database
    slack: Messenger  # the Slack client in production
    batch: int = BATCH
    # Stamps claims; None counts from each tick's start (see bot.jobs.clock.running_from).
    clock: Clock | None = None
    # Per process; tick shares the check-in delivery's, so a rejected token stops both.
    gate: SendGate = field(default_factory=SendGate)

    def run(self, now: dt.datetime) -> dict[str, int]:
        counts = {"digests_posted": 0, "digests_empty": 0, "digests_failed": 0}
        while True:
            with self.db.session() as session:
                seen, _ = digests.create_due_posts(session, now=now, limit=self.batch)
            if seen < self.batch:
                break
        clock = self.clock or running_from(now)
        while self.gate.is_open(now):
            with self.db.session() as session:
                claimed = digests.claim_posts(session, now=now, limit=self.batch, at=clock())
            if not claimed:
                break
            for claim in claimed:
                outcome = self.deliver(claim, now, clock)
                counts[outcome] = counts.get(outcome, 0) + 1
        return {name: count for name, count in counts.items() if count}

    def deliver(self, claim: Claim, now: dt.datetime, clock: Clock) -> str:
        """Post one claimed digest; returns which counter it adds to."""
        with self.db.session() as session:
            outgoing = digests.outgoing(session, post_id=claim.id)
        if outgoing is None:
            return "digests_failed"
        channel, summary_ts, wins = outgoing.channel_id, outgoing.summary_ts, outgoing.wins
        # Turned off while this post waited for a retry, or nothing was shared: done, silently.
        if not outgoing.enabled or not wins:
            with self.db.session() as session:
                digests.mark_sent(session, claim=claim, now=now, empty=True)
            return "digests_empty"
        if not self.gate.is_open(now):  # the token was rejected: try again when it reopens
            with self.db.session() as session:
                digests.release(session, claim=claim)
            return "digests_held"
        if not claim.live(clock()):
            log.warning("digest post %s: claim expired before posting; left it", claim.id)
            return "digests_failed"
        try:
            if summary_ts is None:
                summary_ts = self.slack.post_message(
                    channel=channel, message=digest_blocks.summary_message(wins)
                )
                with self.db.session() as session:
                    if not digests.mark_summary_posted(
                        session, claim=claim, ts=summary_ts, wins=len(wins)
                    ):
                        return "digests_failed"  # another sender owns it now; it adds the thread
            self.slack.post_in_thread(
                channel=channel, thread_ts=summary_ts, message=digest_blocks.details_message(wins)
            )
        except SlackApiError as exc:
            error = error_code(exc)
            with self.db.session() as session:
                if self.gate.rejects(error, now):
                    digests.release(session, claim=claim)  # the summary's ts, if any, stays
                    return "digests_held"
                if error in UNREACHABLE_CHANNEL_ERRORS:
                    self.gate.passed()
                    log.warning("digest for %s undeliverable: %s", channel, error)
                    digests.mark_undeliverable(session, claim=claim, reason=error, now=now)
                else:
                    digests.mark_failed(session, claim=claim, error=error, now=now)
            return "digests_failed"
        except (SlackClientError, OSError) as exc:
            with self.db.session() as session:
                digests.mark_failed(session, claim=claim, error=repr(exc), now=now)
            return "digests_failed"
        self.gate.passed()
        with self.db.session() as session:
            digests.mark_sent(session, claim=claim, now=now)
        return "digests_posted"
