"""The check-in delivery queue: claim due rows, record how each send went, owe and take
reminders, retire rows that will never go out.

Rows are claimed through the one queue (`bot.services.queue`): a claim expires after five
minutes, so a row claimed by a process that died is sent by a later tick.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, case, exists, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, aliased, selectinload

from bot.domain.checkins import REMIND_AFTER, CheckinKind, CheckinState
from bot.domain.retry import MAX_BACKOFF
from bot.domain.schedule import week_key
from bot.models import CheckIn, Member
from bot.services import queue
from bot.services.members import zone

CLAIM_FOR = queue.CLAIM_FOR


@dataclass(frozen=True)
class Outbound:
    """What a sender needs to deliver one claimed check-in, read in the claiming transaction."""

    checkin_id: int
    user_id: str
    team_id: str


@dataclass(frozen=True)
class Claimed(Outbound):
    """A check-in this sender holds: what to deliver, and the claim every write must present."""

    claim: queue.Claim


def claim_pending(
    session: Session,
    *,
    now: dt.datetime,
    limit: int = 100,
    checkin_id: int | None = None,
    at: dt.datetime | None = None,
) -> list[Claimed]:
    """Claim up to `limit` pending rows due at `now` and not claimed by a live sender.

    `at` is the time of claiming (default `now`): the claim holds until `at + CLAIM_FOR`.
    `checkin_id` claims just that row (a member asking for their check-in now).
    """
    claims = queue.claim_due(
        session,
        CheckIn,
        now=now,
        at=at or now,
        limit=limit,
        where=(_deliverable(), *((CheckIn.id == checkin_id,) if checkin_id is not None else ())),
    )
    if not claims:
        return []
    by_id = {claim.id: claim for claim in claims}
    rows = session.execute(
        select(CheckIn.id, Member.user_id, Member.team_id)
        .join(Member, Member.id == CheckIn.member_id)
        .where(CheckIn.id.in_(by_id))
    ).all()
    return [Claimed(checkin_id=r[0], user_id=r[1], team_id=r[2], claim=by_id[r[0]]) for r in rows]


def _deliverable() -> ColumnElement[bool]:
    """The member still wants check-ins: not paused (except the prompt asking whether to pause)
    and not unreachable. A snoozed or retrying row of a member who paused stays pending."""
    return exists().where(
        Member.id == CheckIn.member_id,
        Member.unreachable.is_(None),
        or_(Member.paused.is_(False), CheckIn.kind == CheckinKind.PAUSE_PROMPT),
    )


def retire_pending(session: Session, *, member_id: int, which: ColumnElement[bool]) -> bool:
    """Retire the member's unsent rows that `which` picks: they will never go out."""
    result = cast(
        CursorResult[Any],
        session.execute(
            update(CheckIn)
            .where(CheckIn.member_id == member_id, CheckIn.state == CheckinState.PENDING, which)
            .values(state=CheckinState.EXPIRED, claimed_until=None, remind_at=None)
            .execution_options(synchronize_session=False)
        ),
    )
    return bool(result.rowcount)


def retire_past_weeks(session: Session, *, member: Member, now: dt.datetime) -> None:
    """Retire pending check-ins from before this week (e.g. on resume after a long pause);
    this week's, if still pending, goes out as due."""
    this_week = week_key(now, zone(member))
    retire_pending(session, member_id=member.id, which=CheckIn.week != this_week)


def mark_sent(
    session: Session, *, claim: queue.Claim, channel: str, ts: str, now: dt.datetime
) -> bool:
    """Record the delivered message, if the claim is still ours; the first send owes a reminder."""
    first_checkin_send = and_(CheckIn.kind == CheckinKind.CHECKIN, CheckIn.sent_at.is_(None))
    return queue.settle(
        session,
        CheckIn,
        claim=claim,
        values={
            "state": CheckinState.SENT,
            "channel": channel,
            "ts": ts,
            "sent_at": now,
            "last_error": None,
            "remind_at": case((first_checkin_send, now + REMIND_AFTER), else_=CheckIn.remind_at),
        },
    )


def mark_failed(session: Session, *, claim: queue.Claim, error: str, now: dt.datetime) -> bool:
    """Retry later: 1, 2, 4, 8 minutes, then every 15 minutes; never dropped."""
    return queue.fail(session, CheckIn, claim=claim, error=error, now=now)


def release(session: Session, *, claim: queue.Claim) -> bool:
    """Give the row back unsent and without counting an attempt (the bot, not the member, is
    the problem); it goes out on a later tick."""
    return queue.release(session, CheckIn, claim=claim)


def mark_undeliverable(session: Session, *, claim: queue.Claim, reason: str) -> bool:
    """The member can't get DMs (deactivated, blocked the bot): stop, and don't retry."""
    if not queue.settle(
        session,
        CheckIn,
        claim=claim,
        values={"state": CheckinState.UNDELIVERABLE, "last_error": reason[:200]},
    ):
        return False
    checkin = session.get(CheckIn, claim.id)
    if checkin is not None:
        checkin.member.unreachable = reason[:40]
        checkin.member.next_checkin_at = None  # out of the due range until they resume
    return True


def claim_reminders(session: Session, *, now: dt.datetime, limit: int = 100) -> list[Outbound]:
    """Unanswered check-ins two days old get one reminder; taking it is a single UPDATE."""
    # remind_at is set only while a reminder is still owed (sent, unanswered, not reminded), so
    # this reads just the few rows in that index range, however many check-ins exist.
    newer = aliased(CheckIn)
    eligible = (
        CheckIn.remind_at <= now,
        # Never nag about a week that a newer check-in has replaced.
        ~exists().where(newer.member_id == CheckIn.member_id, newer.id > CheckIn.id),
    )
    taken = queue.take_batch(
        session,
        CheckIn,
        where=eligible,
        limit=limit,
        values={"reminded_at": now, "remind_at": None},
    )
    if not taken:
        return []
    rows = session.execute(
        select(CheckIn.id, Member.user_id, Member.team_id)
        .join(Member, Member.id == CheckIn.member_id)
        .where(CheckIn.id.in_(taken), Member.paused.is_(False))
    ).all()
    return [Outbound(checkin_id=r[0], user_id=r[1], team_id=r[2]) for r in rows]


def retry_reminder(
    session: Session,
    *,
    checkin_id: int,
    now: dt.datetime,
    after: dt.timedelta | None = MAX_BACKOFF,
) -> None:
    """The reminder is owed again, `after` from now; None: as soon as a tick can send it."""
    checkin = session.get(CheckIn, checkin_id)
    if checkin is not None:
        checkin.reminded_at = None
        checkin.remind_at = now + (after or dt.timedelta(0))


def retire_pause_prompt(session: Session, *, member_id: int) -> bool:
    """Drop an unsent "shall I pause?" question: the member answered it with a command."""
    return retire_pending(
        session, member_id=member_id, which=CheckIn.kind == CheckinKind.PAUSE_PROMPT
    )


def load_checkin(session: Session, *, checkin_id: int) -> CheckIn | None:
    """A check-in with its member, for rendering."""
    return session.scalar(
        select(CheckIn).where(CheckIn.id == checkin_id).options(selectinload(CheckIn.member))
    )
