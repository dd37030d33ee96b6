"""Deliver weekly check-ins: create due rows, claim them, send, record the outcome."""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.orm import Session

from bot.db import Database
from bot.domain.moves import Move, MoveKind
from bot.domain.retry import MAX_BACKOFF
from bot.jobs.clock import Clock, running_from
from bot.jobs.gate import SendGate
from bot.jobs.pacing import Pacer
from bot.models import CheckIn
from bot.services import campaign, checkins, members
from bot.slack.blocks import checkin as checkin_blocks
from bot.slack.blocks.messages import Message
from bot.slack.client import SlackClient

log = logging.getLogger(__name__)

# Errors that mean this person can't get our DMs; retrying would never help. Errors about the
# bot's own token (bot.jobs.gate.TOKEN_ERRORS) are not the member's doing and never mark them.
UNDELIVERABLE_ERRORS = frozenset(
    {
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "channel_not_found",
        "messages_tab_disabled",
        "is_archived",
    }
)
BATCH = 200
# What happened to one claimed check-in: the tick's counters.
SENT, FAILED, HELD = "checkins_sent", "checkins_failed", "checkins_held"


@dataclass
class CheckinDelivery:
    db: Database
    slack: SlackClient
    library: list[Move]
    workers: int = 8
    pacer: Pacer = field(default_factory=lambda: Pacer(None))
    batch: int = BATCH
    create_batch: int = checkins.CREATE_BATCH
    # Stamps claims; None counts from each tick's start (see bot.jobs.clock.running_from).
    clock: Clock | None = None
    # Shared with this process's digest delivery (see tick); lives as long as this object.
    gate: SendGate = field(default_factory=SendGate)
    _by_id: dict[str, Move] = field(init=False)

    def __post_init__(self) -> None:
        self._by_id = {m.id: m for m in self.library}

    def run(self, now: dt.datetime) -> dict[str, int]:
        """One pass: schedule, create this week's rows, send what is due, remind."""
        counts = {"checkins_created": 0, "reminders": 0}
        # Short write transactions: on SQLite each holds the one write lock that a member's
        # form submission waits for.
        while True:
            with self.db.session() as session:
                seen = checkins.schedule_unscheduled(session, now=now, limit=self.create_batch)
            if seen < self.create_batch:
                break
        while True:
            with self.db.session() as session:
                seen, created = checkins.create_due_checkins(
                    session, now=now, library=self.library, limit=self.create_batch
                )
            counts["checkins_created"] += created
            if seen < self.create_batch:
                break
        clock = self.clock or running_from(now)
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            while self.gate.is_open(now):
                with self.db.session() as session:
                    batch = checkins.claim_pending(session, now=now, limit=self.batch, at=clock())
                if not batch:
                    break
                for outcome in self.gate.fan_out(
                    pool, batch, lambda o: self.deliver(o, now, clock)
                ):
                    counts[outcome] = counts.get(outcome, 0) + 1
            while self.gate.is_open(now):
                with self.db.session() as session:
                    due = checkins.claim_reminders(session, now=now, limit=self.batch)
                if not due:
                    break
                counts["reminders"] += sum(
                    self.gate.fan_out(pool, due, lambda o: self.remind(o, now))
                )
        return {name: count for name, count in counts.items() if count}

    def send_now(self, checkin_id: int, now: dt.datetime) -> bool:
        """Deliver one check-in right away (`/mgr-goal checkin`), claimed like any other."""
        with self.db.session() as session:
            claimed = checkins.claim_pending(session, now=now, limit=1, checkin_id=checkin_id)
        if not claimed:
            return False
        return self.deliver(claimed[0], now, self.clock or running_from(now)) == SENT

    def refresh_message(self, checkin_id: int, now: dt.datetime) -> None:
        """Re-render a delivered check-in in place after the member answered it."""
        with self.db.session() as session:
            checkin = checkins.load_checkin(session, checkin_id=checkin_id)
            if checkin is None or not (checkin.channel and checkin.ts):
                return
            channel, ts = checkin.channel, checkin.ts
            message = self.render(session, checkin, now)
        try:
            self.slack.update_message(channel=channel, ts=ts, message=message)
        except SlackApiError as exc:
            log.warning("chat.update failed for check-in %s: %s", checkin_id, exc)

    def move(self, move_id: str) -> Move:
        """The move by id; one an operator has since removed falls back to a regular move."""
        return self._by_id.get(move_id) or next(
            m for m in self.library if m.kind is MoveKind.REGULAR
        )

    def render(
        self, session: Session, checkin: CheckIn, now: dt.datetime, *, delivering: bool = False
    ) -> Message:
        """The DM for a check-in in its current state; used for sends and updates."""
        if checkin.kind == checkins.PAUSE_PROMPT:
            return checkin_blocks.pause_prompt_message(checkin)
        member = checkin.member
        zone = members.zone(member)
        items = campaign.list_items(session, team_id=member.team_id, user_id=member.user_id)
        return checkin_blocks.checkin_message(
            checkin,
            self.move(checkin.move_id),
            list_summary=checkin_blocks.list_line(items, today=now.astimezone(zone).date()),
            zone=zone,
            next_checkin=member.next_checkin_at,
            delivering=delivering,
        )

    def deliver(self, outbound: checkins.Claimed, now: dt.datetime, clock: Clock) -> str:
        """Send one claimed check-in and record the outcome while the claim is still ours;
        returns which counter it adds to."""
        claim = outbound.claim
        with self.db.session() as session:
            checkin = checkins.load_checkin(session, checkin_id=outbound.checkin_id)
            if checkin is None:
                return FAILED
            message = self.render(session, checkin, now, delivering=True)
        self.pacer.wait()
        if not self.gate.is_open(now):  # another sender just found the token rejected
            with self.db.session() as session:
                checkins.release(session, claim=claim)
            return HELD
        if not claim.live(clock()):
            # Another sender may own the row by now: sending could double the DM.
            log.warning("check-in %s: claim expired before sending; left it", claim.id)
            return FAILED
        try:
            channel, ts = self.slack.post_dm(user_id=outbound.user_id, message=message)
        except SlackApiError as exc:
            error = str(exc.response.get("error") or f"http {exc.response.status_code}")
            with self.db.session() as session:
                if self.gate.rejects(error, now):
                    checkins.release(session, claim=claim)
                    return HELD
                if error in UNDELIVERABLE_ERRORS:
                    self.gate.passed()
                    log.warning("check-in for %s undeliverable: %s", outbound.user_id, error)
                    checkins.mark_undeliverable(session, claim=claim, reason=error)
                else:
                    checkins.mark_failed(session, claim=claim, error=error, now=now)
            return FAILED
        except (SlackClientError, OSError) as exc:
            with self.db.session() as session:
                checkins.mark_failed(session, claim=claim, error=repr(exc), now=now)
            return FAILED
        self.gate.passed()
        with self.db.session() as session:
            checkins.mark_sent(session, claim=claim, channel=channel, ts=ts, now=now)
        return SENT

    def remind(self, outbound: checkins.Outbound, now: dt.datetime) -> bool:
        with self.db.session() as session:
            checkin = checkins.load_checkin(session, checkin_id=outbound.checkin_id)
            if checkin is None or not (checkin.channel and checkin.ts):
                return False
            channel, ts, move = checkin.channel, checkin.ts, self.move(checkin.move_id)
        if not self.gate.is_open(now):
            with self.db.session() as session:  # owed still: goes once the gate reopens
                checkins.retry_reminder(
                    session, checkin_id=outbound.checkin_id, now=now, after=None
                )
            return False
        try:
            self.slack.post_in_thread(
                channel=channel, thread_ts=ts, message=checkin_blocks.reminder_message(move)
            )
        except (SlackApiError, SlackClientError, OSError) as exc:
            error = exc.response.get("error") if isinstance(exc, SlackApiError) else None
            token_error = self.gate.rejects(str(error or ""), now)
            if not token_error:
                log.warning("reminder for %s failed: %s", outbound.user_id, exc)
            with self.db.session() as session:
                checkins.retry_reminder(
                    session,
                    checkin_id=outbound.checkin_id,
                    now=now,
                    after=None if token_error else MAX_BACKOFF,
                )
            return False
        self.gate.passed()
        return True
