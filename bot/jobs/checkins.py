"""Deliver weekly check-ins: create due rows, claim them in batches, and send each through
`bot.services.checkins.messages` behind the send gate and the pacer, on a thread pool."""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from bot.db import Database
from bot.domain.delivery import Outcome, Posted
from bot.domain.moves import STALE_AFTER, Move
from bot.jobs.clock import Clock, running_from
from bot.jobs.gate import SendGate
from bot.jobs.pacing import Pacer
from bot.services.checkins import messages, outbox, rows
from bot.services.messenger import Messenger
from bot.slack.blocks.messages import Message

log = logging.getLogger(__name__)

T = TypeVar("T")

BATCH = 200
# What happened to one claimed check-in: the tick's counters.
SENT, FAILED, HELD = "checkins_sent", "checkins_failed", "checkins_held"


@dataclass
class CheckinDelivery:
    db: Database
    slack: Messenger  # the Slack client in production
    library: list[Move]
    # STAKEHOLDER_STALE_WEEKS: when a check-in proposes catching up with a stakeholder.
    stale_after: dt.timedelta = STALE_AFTER
    workers: int = 8
    pacer: Pacer = field(default_factory=lambda: Pacer(None))
    batch: int = BATCH
    create_batch: int = rows.CREATE_BATCH
    # Stamps claims; None counts from each tick's start (see bot.jobs.clock.running_from).
    clock: Clock | None = None
    # Shared with this process's digest delivery (see tick); lives as long as this object.
    gate: SendGate = field(default_factory=SendGate)

    def run(self, now: dt.datetime) -> dict[str, int]:
        """One pass: schedule, create this week's rows, send what is due, remind."""
        counts = {"checkins_created": 0, "reminders": 0}
        # Short write transactions: on SQLite each holds the one write lock that a member's
        # form submission waits for.
        while True:
            with self.db.session() as session:
                seen = rows.schedule_unscheduled(session, now=now, limit=self.create_batch)
            if seen < self.create_batch:
                break
        while True:
            with self.db.session() as session:
                seen, created = rows.create_due_checkins(
                    session,
                    now=now,
                    library=self.library,
                    limit=self.create_batch,
                    stale_after=self.stale_after,
                )
            counts["checkins_created"] += created
            if seen < self.create_batch:
                break
        clock = self.clock or running_from(now)
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            while self.gate.is_open(now):
                with self.db.session() as session:
                    batch = outbox.claim_pending(session, now=now, limit=self.batch, at=clock())
                if not batch:
                    break
                for outcome in self.gate.fan_out(
                    pool, batch, lambda o: self.deliver(o, now, clock)
                ):
                    counts[outcome] = counts.get(outcome, 0) + 1
            while self.gate.is_open(now):
                with self.db.session() as session:
                    due = outbox.claim_reminders(session, now=now, limit=self.batch)
                if not due:
                    break
                counts["reminders"] += sum(
                    self.gate.fan_out(pool, due, lambda o: self.remind(o, now))
                )
        return {name: count for name, count in counts.items() if count}

    def render(self, checkin_id: int, now: dt.datetime) -> Message | None:
        """The DM a claimed check-in goes out as (a method so a bench can time it)."""
        return messages.outgoing(self.db, checkin_id=checkin_id, library=self.library, now=now)

    def deliver(self, outbound: outbox.Claimed, now: dt.datetime, clock: Clock) -> str:
        """Send one claimed check-in once the pacer and the gate let it go; returns which
        counter it adds to."""
        claim = outbound.claim
        message = self.render(outbound.checkin_id, now)
        if message is None:
            return FAILED
        self.pacer.wait()
        if not self.gate.is_open(now):  # another sender just found the token rejected
            with self.db.session() as session:
                outbox.release(session, claim=claim)
            return HELD
        if not claim.live(clock()):
            # Another sender may own the row by now: sending could double the DM.
            log.warning("check-in %s: claim expired before sending; left it", claim.id)
            return FAILED
        posted = messages.post(
            db=self.db, messenger=self.slack, claimed=outbound, message=message, now=now
        )
        return self._counted(posted, now, held=HELD, sent=SENT, failed=FAILED)

    def remind(self, outbound: outbox.Outbound, now: dt.datetime) -> bool:
        reminder = messages.reminder_for(
            self.db, checkin_id=outbound.checkin_id, library=self.library
        )
        if reminder is None:
            return False
        if not self.gate.is_open(now):
            with self.db.session() as session:  # owed still: goes once the gate reopens
                outbox.retry_reminder(session, checkin_id=outbound.checkin_id, now=now, after=None)
            return False
        posted = messages.post_reminder(
            db=self.db, messenger=self.slack, outbound=outbound, reminder=reminder, now=now
        )
        return self._counted(posted, now, held=False, sent=True, failed=False)

    def _counted(self, posted: Posted, now: dt.datetime, *, held: T, sent: T, failed: T) -> T:
        """Tell the gate how the send went and pick the counter."""
        self.gate.heard(posted, now)
        if posted.outcome is Outcome.TOKEN_REJECTED:
            return held
        return sent if posted.outcome is Outcome.SENT else failed
