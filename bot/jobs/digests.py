"""Post due team digests: create this week's rows, claim them in batches, and post each through
`bot.services.digest_messages` behind the send gate."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from bot.db import Database
from bot.domain.delivery import Outcome
from bot.jobs.clock import Clock, running_from
from bot.jobs.gate import SendGate
from bot.services import digest_messages, digests
from bot.services.messenger import Messenger
from bot.services.queue import Claim

log = logging.getLogger(__name__)

BATCH = 50
# What happened to one claimed post: the tick's counters.
POSTED, EMPTY, FAILED, HELD = "digests_posted", "digests_empty", "digests_failed", "digests_held"


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
        counts = {POSTED: 0, EMPTY: 0, FAILED: 0}
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
        """Post one claimed digest once the gate lets it go; returns which counter it adds to."""
        with self.db.session() as session:
            outgoing = digests.outgoing(session, post_id=claim.id)
        if outgoing is None:
            return FAILED
        # Turned off while this post waited for a retry, or nothing was shared: done, silently.
        if not outgoing.enabled or not outgoing.wins:
            with self.db.session() as session:
                digests.mark_sent(session, claim=claim, now=now, empty=True)
            return EMPTY
        if not self.gate.is_open(now):  # the token was rejected: try again when it reopens
            with self.db.session() as session:
                digests.release(session, claim=claim)
            return HELD
        if not claim.live(clock()):
            log.warning("digest post %s: claim expired before posting; left it", claim.id)
            return FAILED
        posted = digest_messages.post(
            db=self.db, messenger=self.slack, claim=claim, outgoing=outgoing, now=now
        )
        self.gate.heard(posted, now)
        if posted.outcome is Outcome.TOKEN_REJECTED:
            return HELD
        return POSTED if posted.outcome is Outcome.SENT else FAILED
